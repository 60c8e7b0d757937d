"""Campaign documents on the core helpers: one upload check, a random stored name with the original name
kept, downloads through serve_file, a read-only admin."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from campaigns.enums import CampaignScope, CampaignState
from campaigns.models import CampaignDocument
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.factories import make_user

from .campaign_helpers import CampaignFactory

PDF = b"%PDF-1.4\n%test\n"


def _launched(**kwargs):
    return CampaignFactory(state=CampaignState.LAUNCHED, **kwargs)


def _upload_url(campaign):
    return reverse("campaigns:campaign_document_upload", args=[campaign.pk])


def _download_url(doc):
    return reverse("campaigns:campaign_document_download", args=[doc.campaign_id, doc.pk])


def test_document_is_stored_under_a_random_name_and_sent_under_its_own(client, board):
    campaign = _launched()
    client.force_login(board)
    client.post(_upload_url(campaign), {"title": "", "file": SimpleUploadedFile("Kế hoạch phát động.pdf", PDF)})
    doc = campaign.documents.get()
    assert (doc.title, doc.original_name, doc.filename) == (
        "Kế hoạch phát động.pdf", "Kế hoạch phát động.pdf", "Kế hoạch phát động.pdf")
    assert doc.file.name.startswith("campaigns/documents/") and "phat" not in doc.file.name
    assert ActivityLog.objects.get(action="emulation.campaign.document_added").data["file"] == "Kế hoạch phát động.pdf"
    response = client.get(_download_url(doc))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Ke hoach phat dong.pdf\"; "
        "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20ph%C3%A1t%20%C4%91%E1%BB%99ng.pdf")
    assert (response["X-Content-Type-Options"], b"".join(response.streaming_content)) == ("nosniff", PDF)


def test_a_document_attached_before_shows_its_stored_name(db):
    doc = CampaignDocument(file="campaigns/3/ke-hoach.pdf")
    assert doc.filename == "ke-hoach.pdf"


def test_upload_of_a_renamed_program_is_refused_with_the_reason(client, board):
    campaign = _launched()
    client.force_login(board)
    response = client.post(_upload_url(campaign), {"title": "", "file": SimpleUploadedFile("ke-hoach.docx", b"MZ\x90")},
                           follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Tệp này là một chương trình, không phải tài liệu: không được chấp nhận."]
    assert campaign.documents.count() == 0


def test_upload_without_a_file_asks_for_one(client, board):
    campaign = _launched()
    client.force_login(board)
    response = client.post(_upload_url(campaign), {"title": "Kế hoạch"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Hãy chọn tệp để đính kèm."]


def test_attach_document_service_refuses_a_page_named_pdf(board):
    with pytest.raises(DomainError) as exc:
        services.attach_document(CampaignFactory(), board, "", SimpleUploadedFile("a.pdf", b"%PDF-1.4 <html>"))
    assert exc.value.field == "file"


def test_document_model_field_runs_the_upload_check(db):
    doc = CampaignDocument(campaign=CampaignFactory(), title="x", file=SimpleUploadedFile("a.jpg", b"GIF89a"))
    with pytest.raises(ValidationError) as exc:
        doc.full_clean()
    assert exc.value.message_dict["file"] == ["Tệp có đuôi .jpg nhưng nội dung không phải là tệp JPEG."]


def test_document_gone_from_storage_is_a_404_that_says_so(client, board):
    campaign = _launched()
    doc = services.attach_document(campaign, board, "Kế hoạch", SimpleUploadedFile("a.pdf", PDF))
    doc.file.storage.delete(doc.file.name)
    client.force_login(board)
    response = client.get(_download_url(doc))
    assert response.status_code == 404
    assert "Tệp không còn trên máy chủ." in response.content.decode()


def test_document_download_by_a_clerk_out_of_scope_is_404(client, board, other_clerk, unit):
    campaign = _launched(scope=CampaignScope.UNIT, scope_unit=unit)
    doc = services.attach_document(campaign, board, "Kế hoạch", SimpleUploadedFile("a.pdf", PDF))
    client.force_login(other_clerk)
    assert client.get(_download_url(doc)).status_code == 404


@pytest.fixture
def superuser(db):
    return make_user(username="root", is_staff=True, is_superuser=True)


def test_admin_post_to_change_a_campaign_is_refused(client, superuser):
    campaign = CampaignFactory(title="Phong trào 2026")
    client.force_login(superuser)
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Khác", "code": campaign.code})
    campaign.refresh_from_db()
    assert (response.status_code, campaign.title) == (403, "Phong trào 2026")
