"""The signing service and verification with the test CA, through both providers."""

import io

import pytest
from pypdf import PdfReader

from emulation.signing import Pkcs12Provider, RemoteProvider, SigningError, sign_pdf, verify_pdf
from emulation.signing.verify import EXPIRED, TRUSTED, UNTRUSTED
from tests.signing.conftest import install_pkcs12


def _check_valid(signed, identity):
    reports = verify_pdf(signed.data)
    assert len(reports) == 1
    report = reports[0]
    assert report.intact and not report.modified
    assert report.trust == TRUSTED and report.valid
    assert "Ban Thi đua – Khen thưởng tỉnh" in report.signer
    assert "Test Root CA" in report.issuer
    assert report.serial == format(identity.cert.serial_number, "X")
    assert report.signing_time is not None
    assert signed.serial == report.serial
    return report


def test_pkcs12_round_trip(pkcs12_signing, trust_store, pdf_bytes, signer_identity):
    signed = sign_pdf(pdf_bytes, reason="Ký ban hành")
    assert signed.data.startswith(pdf_bytes)  # an incremental update: the original bytes are kept
    _check_valid(signed, signer_identity)


def test_remote_round_trip(remote_signing, trust_store, pdf_bytes, signer_identity):
    signed = sign_pdf(pdf_bytes)
    _check_valid(signed, signer_identity)
    assert len(remote_signing.signed) == 1 and len(remote_signing.signed[0]) == 32  # only a SHA-256 hash left


def test_visible_block_on_last_page_bottom_right(pkcs12_signing, pdf_bytes, settings):
    signed = sign_pdf(pdf_bytes)
    reader = PdfReader(io.BytesIO(signed.data))
    assert "/Annots" not in reader.pages[0]
    widgets = [a.get_object() for a in reader.pages[-1]["/Annots"]]
    assert [w["/FT"] for w in widgets] == ["/Sig"]
    assert [round(float(v)) for v in widgets[0]["/Rect"]] == list(settings.SIGNING_BOX)
    assert widgets[0]["/V"]["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert widgets[0]["/V"]["/M"].startswith("D:")  # signing time


def test_second_signature_keeps_the_first(pkcs12_signing, trust_store, pdf_bytes):
    once = sign_pdf(pdf_bytes).data
    twice = sign_pdf(once, box=(40, 60, 280, 130)).data
    reports = verify_pdf(twice)
    assert [r.field for r in reports] == ["Signature1", "Signature2"]
    assert all(r.valid for r in reports)


def test_one_changed_byte_is_modified(pkcs12_signing, trust_store, pdf_bytes):
    data = bytearray(sign_pdf(pdf_bytes).data)
    at = data.index(b"Quyet dinh AAAA") + 11
    data[at:at + 1] = b"B"
    [report] = verify_pdf(bytes(data))
    assert not report.intact and report.modified and not report.valid


def test_expired_certificate_said_so(expired_identity, tmp_path, settings, trust_store, pdf_bytes):
    install_pkcs12(expired_identity, tmp_path, settings)
    [report] = verify_pdf(sign_pdf(pdf_bytes).data)
    assert report.intact and report.trust == EXPIRED and not report.valid
    assert "hết hạn" in str(report.trust_label)


def test_untrusted_certificate_said_so(stranger_identity, tmp_path, settings, trust_store, pdf_bytes):
    install_pkcs12(stranger_identity, tmp_path, settings)
    [report] = verify_pdf(sign_pdf(pdf_bytes).data)
    assert report.intact and report.trust == UNTRUSTED and not report.valid


def test_without_trust_store_nothing_is_trusted(pkcs12_signing, pdf_bytes, settings):
    settings.SIGNING_TRUST_ROOTS = ""
    [report] = verify_pdf(sign_pdf(pdf_bytes).data)
    assert report.intact and report.trust == UNTRUSTED


def test_unsigned_pdf_has_no_signature(pdf_bytes):
    assert verify_pdf(pdf_bytes) == []


def test_not_a_pdf():
    with pytest.raises(ValueError):
        verify_pdf(b"hello")


def test_not_configured(settings, pdf_bytes):
    settings.SIGNING_PROVIDER = ""
    with pytest.raises(SigningError, match="chưa được cấu hình|not configured"):
        sign_pdf(pdf_bytes)


def test_wrong_password(pkcs12_signing, pdf_bytes):
    with pytest.raises(SigningError):
        sign_pdf(pdf_bytes, Pkcs12Provider(password="sai"))


def test_remote_wrong_token(remote_signing, pdf_bytes):
    with pytest.raises(SigningError, match="401"):
        sign_pdf(pdf_bytes, RemoteProvider(token="wrong"))


def test_remote_unreachable(pdf_bytes):
    with pytest.raises(SigningError):
        sign_pdf(pdf_bytes, RemoteProvider(url="http://127.0.0.1:9/csc/v1", token="t", credential_id="c", timeout=2))


def test_not_a_pdf_cannot_be_signed(pkcs12_signing):
    with pytest.raises(SigningError):
        sign_pdf(b"%PDF-1.7 nothing else")
