import io

import pytest
from pypdf import PdfWriter

from tests.signing.ca import FakeRemoteSigning, make_root, make_signer

PASSWORD = "mật-khẩu-thử"


@pytest.fixture(scope="session")
def root_ca():
    return make_root()


@pytest.fixture(scope="session")
def signer_identity(root_ca):
    return make_signer(root_ca)


@pytest.fixture(scope="session")
def expired_identity(root_ca):
    return make_signer(root_ca, "Chứng thư hết hạn", days_from=-400, days_to=-30)


@pytest.fixture(scope="session")
def stranger_identity():
    return make_signer(make_root("Unknown Root CA"), "Người ngoài")


@pytest.fixture
def trust_store(tmp_path, root_ca, settings):
    folder = tmp_path / "roots"
    folder.mkdir()
    (folder / "test-root.pem").write_bytes(root_ca.pem())
    (folder / "README.txt").write_text("not a certificate")
    settings.SIGNING_TRUST_ROOTS = str(folder)
    return folder


def install_pkcs12(identity, tmp_path, settings):
    path = tmp_path / "org.p12"
    path.write_bytes(identity.pkcs12(PASSWORD))
    settings.SIGNING_PROVIDER = "pkcs12"
    settings.SIGNING_PKCS12_PATH = str(path)
    settings.SIGNING_PKCS12_PASSWORD = PASSWORD
    return path


@pytest.fixture
def pkcs12_signing(signer_identity, tmp_path, settings):
    return install_pkcs12(signer_identity, tmp_path, settings)


@pytest.fixture
def remote_signing(signer_identity, settings):
    with FakeRemoteSigning(signer_identity) as fake:
        settings.SIGNING_PROVIDER = "remote"
        settings.SIGNING_REMOTE_URL = fake.url
        settings.SIGNING_REMOTE_TOKEN = fake.token
        settings.SIGNING_REMOTE_CREDENTIAL_ID = fake.credential_id
        yield fake


def make_pdf(pages=2, title="Quyet dinh AAAA"):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def pdf_bytes():
    return make_pdf()
