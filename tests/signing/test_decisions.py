"""Signing award decisions and checking the signatures of uploaded files (decisions, dossier documents)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.enums import DecisionKind, DecisionState, DocumentKind
from awards.models import Decision
from emulation.errors import DomainError
from emulation.models import ActivityLog
from emulation.signing import RemoteProvider, sign_pdf, verify_pdf
from tests.awards.nomination_factories import base_salary, build, ldtt, people  # noqa: F401
from tests.signing.conftest import install_pkcs12, make_pdf

pytestmark = pytest.mark.django_db


def make_decision(number="15/QĐ-UBND", state=DecisionState.DRAFT, data=None, name="qd.pdf"):
    decision = Decision.objects.create(number=number, date=datetime.date(2026, 11, 20), signer="Nguyễn Văn Chủ",
                                       signer_title="Chủ tịch", authority="UBND tỉnh", state=state)
    if data is not False:
        decision.signed_file.save(name, ContentFile(make_pdf() if data is None else data))
    return decision


def test_board_signs_decision_logged(board, pkcs12_signing, trust_store, signer_identity):
    decision = make_decision()
    original = decision.signed_file.read()
    services.sign_decision(decision, board)
    decision.refresh_from_db()
    assert decision.is_digitally_signed and decision.signed_pdf_by == board and decision.signed_pdf_at
    assert decision.signature_serial == format(signer_identity.cert.serial_number, "X")
    assert "Ban Thi đua" in decision.signature_subject and "Test Root CA" in decision.signature_issuer
    [report] = verify_pdf(decision.signed_pdf.read())
    assert report.valid
    decision.signed_file.open("rb")
    assert decision.signed_file.read() == original  # the uploaded file is kept as it was
    entry = ActivityLog.objects.get(action="awards.decision.signed")
    assert entry.actor == board and entry.object_id == str(decision.pk)
    assert entry.data["serial"] == decision.signature_serial and entry.data["provider"] == "pkcs12"
    assert "Ban Thi đua" in entry.data["subject"]


def test_sign_through_remote_provider(board, remote_signing, trust_store):
    decision = make_decision()
    services.sign_decision(decision, board)
    decision.refresh_from_db()
    assert verify_pdf(decision.signed_pdf.read())[0].valid
    assert ActivityLog.objects.get(action="awards.decision.signed").data["provider"] == "remote"


def test_signed_file_never_overwritten(board, pkcs12_signing):
    decision = make_decision()
    services.sign_decision(decision, board)
    decision.refresh_from_db()
    first = decision.signed_pdf.name
    with pytest.raises(DomainError, match="đã được ký số|already been digitally signed"):
        services.sign_decision(decision, board)
    decision.refresh_from_db()
    assert decision.signed_pdf.name == first
    assert ActivityLog.objects.filter(action="awards.decision.signed").count() == 1


def test_only_board_signs(clerk, council, pkcs12_signing):
    decision = make_decision()
    for actor in (clerk, council):
        with pytest.raises(DomainError):
            services.sign_decision(decision, actor)
    decision.refresh_from_db()
    assert not decision.signed_pdf
    assert not ActivityLog.objects.filter(action="awards.decision.signed").exists()


def test_needs_a_pdf(board, pkcs12_signing):
    with pytest.raises(DomainError):
        services.sign_decision(make_decision("1/QĐ", data=False), board)
    with pytest.raises(DomainError):
        services.sign_decision(make_decision("2/QĐ", data=b"PK\x03\x04", name="qd.docx"), board)


def test_provider_failure_changes_nothing(board, remote_signing, settings):
    decision = make_decision()
    with pytest.raises(DomainError, match="401"):
        services.sign_decision(decision, board, provider=RemoteProvider(token="wrong"))
    decision.refresh_from_db()
    assert not decision.signed_pdf and not ActivityLog.objects.filter(action="awards.decision.signed").exists()


def test_signed_decision_refuses_edits(board, pkcs12_signing):
    decision = make_decision()
    services.sign_decision(decision, board)
    message = "đã ký số|digitally signed decision cannot be changed"
    with pytest.raises(DomainError, match=message):
        services.update_decision(decision, board, note="sửa")
    with pytest.raises(DomainError, match=message):
        services.update_decision(decision, board, signed_file=SimpleUploadedFile("x.pdf", make_pdf()))
    with pytest.raises(DomainError, match=message):
        services.add_decision_items(decision, board, [])
    with pytest.raises(DomainError, match=message):
        services.remove_decision_items(decision, board, [])
    decision.refresh_from_db()
    assert decision.note == ""


def test_signed_issued_decision_replaced_by_a_correction(board, pkcs12_signing):
    decision = make_decision(state=DecisionState.ISSUED)
    services.sign_decision(decision, board)
    correction = services.create_correction(decision, board, "20/QĐ-UBND", datetime.date(2026, 12, 1),
                                            "Nguyễn Văn Chủ", "Chủ tịch", "UBND tỉnh")
    assert correction.kind == DecisionKind.CORRECTION and correction.corrects == decision
    decision.refresh_from_db()
    assert decision.is_digitally_signed  # the signed original stays as it is


# Views ---------------------------------------------------------------------------------------------------


def url(name, *args):
    return reverse(f"awards:{name}", args=args)


def test_sign_view_board(client, board, pkcs12_signing):
    decision = make_decision()
    client.force_login(board)
    page = client.get(url("decision_detail", decision.pk)).content.decode()
    assert url("decision_sign", decision.pk) in page
    response = client.post(url("decision_sign", decision.pk))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.is_digitally_signed
    page = client.get(url("decision_detail", decision.pk)).content.decode()
    assert url("decision_sign", decision.pk) not in page and url("decision_edit", decision.pk) not in page
    assert decision.signature_serial in page
    response = client.get(url("decision_signed_pdf", decision.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_sign_view_refusal_shown(client, board, settings):
    settings.SIGNING_PROVIDER = ""
    decision = make_decision()
    client.force_login(board)
    response = client.post(url("decision_sign", decision.pk), follow=True)
    assert "chưa được cấu hình" in response.content.decode()
    decision.refresh_from_db()
    assert not decision.signed_pdf


def test_sign_view_roles(client, council, clerk, unit, pkcs12_signing):
    decision = make_decision(state=DecisionState.ISSUED)
    client.force_login(council)
    assert client.post(url("decision_sign", decision.pk)).status_code == 403
    client.force_login(clerk)  # an outsider: the decision is not about their unit
    assert client.post(url("decision_sign", decision.pk)).status_code == 404
    assert client.get(url("decision_verify", decision.pk)).status_code == 404
    assert client.get(url("decision_signed_pdf", decision.pk)).status_code == 404
    decision.refresh_from_db()
    assert not decision.signed_pdf


def test_sign_view_get_not_allowed(client, board):
    client.force_login(board)
    assert client.get(url("decision_sign", make_decision().pk)).status_code == 405


def test_verify_view_uploaded_signed_decision(client, council, pkcs12_signing, trust_store):
    signed = sign_pdf(make_pdf()).data
    decision = make_decision(data=signed)
    client.force_login(council)
    page = client.get(url("decision_verify", decision.pk)).content.decode()
    assert "Ban Thi đua – Khen thưởng tỉnh" in page and "Test Root CA" in page
    assert "tin cậy" in page


def test_verify_view_tampered(client, board, pkcs12_signing, trust_store):
    data = bytearray(sign_pdf(make_pdf()).data)
    at = data.index(b"Quyet dinh AAAA") + 11
    data[at:at + 1] = b"B"
    decision = make_decision(data=bytes(data))
    client.force_login(board)
    page = client.get(url("decision_verify", decision.pk)).content.decode()
    assert "bị thay đổi sau khi ký" in page


@pytest.mark.parametrize("n", [1, 3])
def test_verify_view_query_count(client, board, pkcs12_signing, trust_store, django_assert_num_queries, n):
    data = make_pdf()
    for _ in range(n):
        data = sign_pdf(data).data
    decision = make_decision(data=data)
    client.force_login(board)
    with django_assert_num_queries(5):  # the same for 1 and 3 signatures: verification reads no rows
        response = client.get(url("decision_verify", decision.pk))
    assert response.content.decode().count("table-success") == n


# A dossier's signed document, uploaded by a unit ---------------------------------------------------------


def test_dossier_document_verify(client, clerk, other_clerk, council, unit, ldtt, people,  # noqa: F811
                                 trust_store, tmp_path, settings, stranger_identity):
    """A lower level's document signed by a certificate outside the trust store: said so."""
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    install_pkcs12(stranger_identity, tmp_path, settings)
    data = sign_pdf(make_pdf()).data
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER,
                          SimpleUploadedFile("to-trinh.pdf", data, content_type="application/pdf"))
    document = nomination.documents.get()
    client.force_login(clerk)
    page = client.get(url("nomination_detail", nomination.pk)).content.decode()
    assert url("nomination_document_verify", document.pk) in page
    page = client.get(url("nomination_document_verify", document.pk)).content.decode()
    assert "Người ngoài" in page and "Unknown Root CA" in page
    assert "không dẫn tới chứng thư số gốc tin cậy" in page
    client.force_login(council)
    assert client.get(url("nomination_document_verify", document.pk)).status_code == 200
    client.force_login(other_clerk)
    assert client.get(url("nomination_document_verify", document.pk)).status_code == 404


def test_dossier_document_without_signature(client, clerk, unit, ldtt, people):  # noqa: F811
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER,
                          SimpleUploadedFile("to-trinh.pdf", make_pdf(), content_type="application/pdf"))
    client.force_login(clerk)
    page = client.get(url("nomination_document_verify", nomination.documents.get().pk)).content.decode()
    assert "không có chữ ký số" in page
