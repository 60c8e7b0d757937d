"""A test certificate authority made in the test suite (never shipped): roots, signers, PKCS#12 files,
and a fake remote-signing service speaking the contract of docs/signing.md."""

import base64
import datetime
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

HASHES = {"2.16.840.1.101.3.4.2.1": hashes.SHA256(), "2.16.840.1.101.3.4.2.2": hashes.SHA384(),
          "2.16.840.1.101.3.4.2.3": hashes.SHA512()}


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Thử nghiệm"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@dataclass
class Identity:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: list = field(default_factory=list)  # issuers above cert, up to the root

    def pem(self):
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def der_chain(self):
        return [c.public_bytes(serialization.Encoding.DER) for c in [self.cert, *self.chain]]

    def pkcs12(self, password):
        return pkcs12.serialize_key_and_certificates(
            b"signer", self.key, self.cert, self.chain or None,
            serialization.BestAvailableEncryption(password.encode()))


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_root(common_name="Test Root CA"):
    key = _key()
    now = datetime.datetime.now(datetime.UTC)
    name = _name(common_name)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return Identity(key, cert)


def make_signer(root, common_name="Ban Thi đua – Khen thưởng tỉnh", *, days_from=-1, days_to=365):
    key = _key()
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common_name)).issuer_name(root.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now + datetime.timedelta(days=days_from))
            .not_valid_after(now + datetime.timedelta(days=days_to))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()), critical=False)
            .sign(root.key, hashes.SHA256()))
    return Identity(key, cert, [root.cert])


class FakeRemoteSigning:
    """A remote-signing service in a thread on a free local port: ``credentials/info`` and
    ``signatures/signHash`` as in docs/signing.md, with a bearer token. It records the hashes it signed."""

    def __init__(self, identity, token="test-token", credential_id="cred-1"):
        self.identity, self.token, self.credential_id = identity, token, credential_id
        self.signed = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.headers.get("Authorization") != f"Bearer {owner.token}":
                    return self._answer(401, {"error": "invalid_token"})
                if body.get("credentialID") != owner.credential_id:
                    return self._answer(400, {"error": "invalid_request"})
                if self.path == "/csc/v1/credentials/info":
                    chain = [base64.b64encode(c).decode() for c in owner.identity.der_chain()]
                    return self._answer(200, {"cert": {"certificates": chain}})
                if self.path == "/csc/v1/signatures/signHash":
                    algorithm = HASHES[body["hashAlgo"]]
                    signatures = []
                    for digest in body["hash"]:
                        raw = base64.b64decode(digest)
                        owner.signed.append(raw)
                        signatures.append(base64.b64encode(owner.identity.key.sign(
                            raw, padding.PKCS1v15(), utils.Prehashed(algorithm))).decode())
                    return self._answer(200, {"signatures": signatures})
                return self._answer(404, {"error": "not_found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/csc/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
