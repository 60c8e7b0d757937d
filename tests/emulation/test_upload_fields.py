"""Every file field refuses what is not what its name says: a renamed program, a web page zipped and named
.docx/.xlsx, a PDF that is also a web page. Checked on every upload field of every model and on the upload
pages themselves."""

import io
import zipfile

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from awards.models import NominationDocument
from campaigns.enums import CampaignScope, CampaignState
from campaigns.models import CampaignDocument
from emulation.uploads import UploadValidator
from imports.models import ImportRun
from tests.awards.nomination_factories import NominationFactory
from tests.campaigns.campaign_helpers import CampaignFactory

GENERATED = {("reports", "reportjob")}  # files the application renders itself, never uploaded
# the PDFs the app signs digitally (emulation.signing)
GENERATED_FIELDS = {("awards", "decision", "signed_pdf"), ("reports", "signedproposal", "signed_pdf"),
                    ("imports", "importrun", "checked_file")}  # written by the app (imports.stored), never uploaded


def _zipped_html():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<html><script>alert(1)</script></html>")
    return buffer.getvalue()


def bad_files(kind):
    ext = "xlsx" if kind == "spreadsheet" else "docx"
    files = {"renamed-exe": (f"bao-cao.{ext}", b"MZ\x90\x00\x03" + b"\x00" * 100),
             "zipped-html": (f"bao-cao.{ext}", _zipped_html())}
    if kind == "document":
        files["pdf-html-polyglot"] = ("bao-cao.pdf", b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>")
        files["renamed-exe-pdf"] = ("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    return files


def upload_fields():
    fields = []
    for model in apps.get_app_configs():
        for m in model.get_models():
            for f in m._meta.get_fields():
                if isinstance(f, models.FileField) and (m._meta.app_label, m._meta.model_name) not in GENERATED \
                        and (m._meta.app_label, m._meta.model_name, f.name) not in GENERATED_FIELDS:
                    fields.append(f)
    return fields


FIELDS = upload_fields()


def test_every_uploaded_file_field_is_known():
    assert {f"{f.model._meta.label}.{f.name}" for f in FIELDS} == {
        "blocs.Evidence.file", "pledges.FulfilmentLine.evidence_file", "campaigns.CampaignDocument.file",
        "awards.NominationDocument.file", "awards.Decision.signed_file", "imports.ImportRun.file",
        "awards.UpwardSubmission.file"}


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f"{f.model._meta.label}.{f.name}")
def test_every_upload_field_checks_content(field):
    validators = [v for v in field.validators if isinstance(v, UploadValidator)]
    assert len(validators) == 1
    for label, (name, data) in bad_files(validators[0].kind).items():
        with pytest.raises(ValidationError):
            validators[0](SimpleUploadedFile(name, data))
        assert label


@pytest.mark.parametrize("bad", ["renamed-exe", "zipped-html", "pdf-html-polyglot", "renamed-exe-pdf"])
def test_campaign_document_page_refuses(client, board, unit, bad):
    campaign = CampaignFactory(state=CampaignState.LAUNCHED, scope=CampaignScope.UNIT, scope_unit=unit)
    name, data = bad_files("document")[bad]
    client.force_login(board)
    client.post(reverse("campaigns:campaign_document_upload", args=[campaign.pk]),
                {"title": "x", "file": SimpleUploadedFile(name, data)})
    assert not CampaignDocument.objects.exists()


@pytest.mark.parametrize("bad", ["renamed-exe", "zipped-html", "pdf-html-polyglot", "renamed-exe-pdf"])
def test_nomination_document_page_refuses(client, clerk, unit, bad):
    nomination = NominationFactory(unit=unit, created_by=clerk)
    name, data = bad_files("document")[bad]
    client.force_login(clerk)
    client.post(reverse("awards:nomination_document_add", args=[nomination.pk]),
                {"kind": "other", "file": SimpleUploadedFile(name, data)})
    assert not NominationDocument.objects.exists()


@pytest.mark.parametrize("bad", ["renamed-exe", "zipped-html"])
def test_import_page_refuses(client, board, bad):
    name, data = bad_files("spreadsheet")[bad]
    client.force_login(board)
    response = client.post(reverse("imports:upload"), {"kind": "people", "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


def test_the_pages_accept_a_real_document(client, board, clerk, unit):
    """The refusals above are the content check's, not some other: a real PDF goes in on the same pages."""
    campaign = CampaignFactory(state=CampaignState.LAUNCHED, scope=CampaignScope.UNIT, scope_unit=unit)
    client.force_login(board)
    client.post(reverse("campaigns:campaign_document_upload", args=[campaign.pk]),
                {"title": "x", "file": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert CampaignDocument.objects.count() == 1
    nomination = NominationFactory(unit=unit, created_by=clerk)
    client.force_login(clerk)
    client.post(reverse("awards:nomination_document_add", args=[nomination.pk]),
                {"kind": "other", "file": SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert NominationDocument.objects.count() == 1
