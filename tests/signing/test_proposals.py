"""Issue 18: a nomination's tờ trình, drafted by the app, signed digitally like decisions (one signing service,
a state change of its own: board only, once per sending, logged, the signed file never overwritten)."""

import datetime

import pytest
from django.urls import reverse

from awards import services as awards
from awards.enums import NominationState
from emulation.errors import DomainError
from emulation.models import ActivityLog
from emulation.signing import verify_pdf
from reports import services
from reports.models import IssuerSetting, SignedProposal
from tests.awards.nomination_factories import advance, base_salary, build, ldtt, people  # noqa: F401
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(clerk, unit, board, ldtt, people):  # noqa: F811
    IssuerSetting.objects.create(issuing_body=unit.name, unit=unit, place="Đồng Xoài", signer_title="Giám đốc",
                                 signer_name="Hoàng Minh Đức", addressee="Ban Thi đua – Khen thưởng tỉnh",
                                 valid_from=datetime.date(2020, 1, 1))
    return advance(build(clerk, unit, ldtt, people), clerk, board, NominationState.SUBMITTED)


def test_board_signs_proposal_logged(sent, board, pkcs12_signing, trust_store, signer_identity):
    row = services.sign_proposal(sent, board)
    assert row.is_digitally_signed and row.signed_pdf_by == board and row.round == 0
    assert row.signature_serial == format(signer_identity.cert.serial_number, "X")
    data = row.signed_pdf.read()
    [report] = verify_pdf(data)
    assert report.valid and not report.modified
    text = pdf_text(data)
    assert "TỜ TRÌNH" in text and "Hoàng Minh Đức" in text and "Nguyễn Văn An" in text
    entry = ActivityLog.objects.get(action="reports.proposal.signed")
    assert entry.actor == board and entry.object_id == str(sent.pk)
    assert entry.data["provider"] == "pkcs12" and entry.data["serial"] == row.signature_serial


def test_sign_proposal_through_remote_provider(sent, board, remote_signing, trust_store):
    row = services.sign_proposal(sent, board)
    assert verify_pdf(row.signed_pdf.read())[0].valid
    assert ActivityLog.objects.get(action="reports.proposal.signed").data["provider"] == "remote"


def test_signed_proposal_never_overwritten_new_one_after_return(sent, board, clerk, pkcs12_signing):
    first = services.sign_proposal(sent, board)
    name, data = first.signed_pdf.name, first.signed_pdf.read()
    with pytest.raises(DomainError):
        services.sign_proposal(sent, board)
    returned = awards.return_nomination(sent, board, "Thiếu biên bản họp xét")
    with pytest.raises(DomainError):  # being corrected: not signed
        services.sign_proposal(returned, board)
    awards.submit_nomination(returned, clerk)
    second = services.sign_proposal(returned, board)
    assert second.round == 1 and second.signed_pdf.name != name
    first.refresh_from_db()
    assert first.signed_pdf.name == name and first.signed_pdf.read() == data
    assert SignedProposal.objects.filter(nomination=sent).count() == 2


def test_clerk_cannot_sign_proposal(sent, clerk, pkcs12_signing, client):
    with pytest.raises(DomainError):
        services.sign_proposal(sent, clerk)
    client.force_login(clerk)
    assert client.post(reverse("reports:proposal_sign", args=[sent.pk])).status_code == 403
    assert not SignedProposal.objects.exists()
    assert not ActivityLog.objects.filter(action="reports.proposal.signed").exists()


def test_draft_proposal_is_not_signed(clerk, unit, board, ldtt, people, pkcs12_signing):  # noqa: F811
    nomination = build(clerk, unit, ldtt, people)
    with pytest.raises(DomainError):
        services.sign_proposal(nomination, board)


def test_proposal_without_signer_is_not_signed(clerk, unit, board, ldtt, people, pkcs12_signing):  # noqa: F811
    nomination = advance(build(clerk, unit, ldtt, people), clerk, board, NominationState.SUBMITTED)
    with pytest.raises(DomainError) as exc:
        services.sign_proposal(nomination, board)
    assert unit.name in exc.value.message
    assert not SignedProposal.objects.exists()


def test_sign_and_download_pages(sent, board, clerk, other_clerk, client, pkcs12_signing):
    client.force_login(board)
    page = client.get(sent.get_absolute_url()).content.decode()
    assert reverse("reports:proposal_sign", args=[sent.pk]) in page
    response = client.post(reverse("reports:proposal_sign", args=[sent.pk]))
    assert response.status_code == 302
    row = SignedProposal.objects.get()
    url = reverse("reports:proposal_signed", args=[sent.pk, row.pk])
    page = client.get(sent.get_absolute_url()).content.decode()
    assert url in page and reverse("reports:proposal_sign", args=[sent.pk]) not in page
    client.force_login(clerk)  # the sending unit downloads its signed tờ trình
    response = client.get(url)
    assert response.status_code == 200 and verify_pdf(b"".join(response.streaming_content))
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404
    assert client.post(reverse("reports:proposal_sign", args=[sent.pk])).status_code == 404


def test_sign_without_provider_says_so(sent, board, client, settings):
    settings.SIGNING_PROVIDER = ""
    settings.SIGNING_PKCS12_PATH = ""
    settings.SIGNING_REMOTE_URL = ""
    client.force_login(board)
    response = client.post(reverse("reports:proposal_sign", args=[sent.pk]), follow=True)
    assert "Chức năng ký số chưa được cấu hình" in response.content.decode()
    assert not SignedProposal.objects.exists()
