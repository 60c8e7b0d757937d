"""Signing providers: where the private key lives. Each gives a pyHanko ``Signer``.

- ``Pkcs12Provider``: the organisation's certificate as a PKCS#12 file on the server
  (``SIGNING_PKCS12_PATH``, ``SIGNING_PKCS12_PASSWORD``).
- ``RemoteProvider``: a remote-signing service (SmartCA, Viettel RSSP and the like): the certificate chain is
  fetched, the hash of the signed attributes is sent and the raw signature comes back. The HTTP contract
  (CSC-style ``credentials/info`` and ``signatures/signHash``) is in docs/signing.md.

A USB token (PKCS#11 on the signer's own computer) is out of scope: the server never sees the token.
"""

import base64
import hashlib
import json
import urllib.error
import urllib.request
from pathlib import Path

from asn1crypto import algos, x509
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from emulation.errors import DomainError

# OIDs of the hash algorithms the remote contract names (CSC: hashAlgo).
HASH_OIDS = {"sha256": "2.16.840.1.101.3.4.2.1", "sha384": "2.16.840.1.101.3.4.2.2",
             "sha512": "2.16.840.1.101.3.4.2.3"}


class SigningError(DomainError):
    """Signing could not be done (no provider configured, provider refused or unreachable)."""


class Provider:
    """A source of signatures. ``signer()`` returns a pyHanko ``Signer`` holding the certificate."""

    name = ""

    def signer(self):
        raise NotImplementedError


class Pkcs12Provider(Provider):
    name = "pkcs12"

    def __init__(self, path=None, password=None):
        self.path = path if path is not None else settings.SIGNING_PKCS12_PATH
        self.password = password if password is not None else settings.SIGNING_PKCS12_PASSWORD

    def signer(self):
        if not self.path or not Path(self.path).is_file():
            raise SigningError(_("The organisation's certificate file is not installed: ask the administrator "
                                 "to set SIGNING_PKCS12_PATH."))
        password = self.password.encode() if self.password else None
        try:
            signer = signers.SimpleSigner.load_pkcs12(self.path, passphrase=password)
        except (ValueError, OSError):
            signer = None
        if signer is None:
            raise SigningError(_("The organisation's certificate could not be opened: check its file and "
                                 "password (SIGNING_PKCS12_PASSWORD)."))
        return signer


class RemoteSigner(signers.Signer):
    """A pyHanko signer whose raw signature is made by the remote service from the hash alone."""

    def __init__(self, provider, certificates):
        self.provider = provider
        super().__init__(signing_cert=certificates[0],
                         cert_registry=SimpleCertificateStore.from_certs(certificates))

    async def async_sign_raw(self, data, digest_algorithm, dry_run=False):
        if dry_run:  # only the size matters
            return bytes(self.signing_cert.public_key.byte_size * 2 + 16)
        digest = hashlib.new(digest_algorithm, data).digest()
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        answer = self.provider.call("signatures/signHash", {
            "credentialID": self.provider.credential_id,
            "hash": [base64.b64encode(digest).decode()],
            "hashAlgo": HASH_OIDS[digest_algorithm],
            "signAlgo": algos.SignedDigestAlgorithmId(mechanism["algorithm"].native).dotted,
        })
        try:
            return base64.b64decode(answer["signatures"][0])
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise SigningError(_("The remote signing service gave no signature.")) from exc


class RemoteProvider(Provider):
    name = "remote"

    def __init__(self, url=None, token=None, credential_id=None, timeout=None):
        self.url = (url if url is not None else settings.SIGNING_REMOTE_URL).rstrip("/")
        self.token = token if token is not None else settings.SIGNING_REMOTE_TOKEN
        self.credential_id = credential_id if credential_id is not None else settings.SIGNING_REMOTE_CREDENTIAL_ID
        self.timeout = timeout if timeout is not None else settings.SIGNING_REMOTE_TIMEOUT

    def call(self, endpoint, payload):
        if not self.url:
            raise SigningError(_("The remote signing service is not configured: ask the administrator to set "
                                 "SIGNING_REMOTE_URL."))
        request = urllib.request.Request(f"{self.url}/{endpoint}", data=json.dumps(payload).encode(),
                                         method="POST", headers={"Content-Type": "application/json"})
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 the operator's URL
                return json.loads(response.read().decode())
        except urllib.error.HTTPError as exc:
            raise SigningError(_("The remote signing service refused to sign (HTTP %(status)s).")
                               % {"status": exc.code}) from exc
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise SigningError(_("The remote signing service could not be reached: try again later.")) from exc

    def certificates(self):
        answer = self.call("credentials/info", {"credentialID": self.credential_id, "certificates": "chain"})
        try:
            return [x509.Certificate.load(base64.b64decode(c)) for c in answer["cert"]["certificates"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise SigningError(_("The remote signing service gave no certificate.")) from exc

    def signer(self):
        certificates = self.certificates()
        if not certificates:
            raise SigningError(_("The remote signing service gave no certificate."))
        return RemoteSigner(self, certificates)


PROVIDERS = {"pkcs12": Pkcs12Provider, "remote": RemoteProvider}


def signing_enabled():
    return settings.SIGNING_PROVIDER in PROVIDERS


def get_provider(name=None):
    name = name or settings.SIGNING_PROVIDER
    if name not in PROVIDERS:
        raise SigningError(_("Digital signing is not configured on this server."))
    return PROVIDERS[name]()
