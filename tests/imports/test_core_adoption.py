"""The import app on the core helpers: the upload check of every file field, downloads through
``serve_file`` (access re-checked, a missing file a 404 that says so), and a read-only admin."""

import io
import zipfile

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.admin_base import ServiceModelAdmin
from emulation.errors import DomainError
from emulation.models import ActivityLog
from imports import services
from imports.forms import UploadForm
from imports.models import ImportRun
from tests.factories import make_clerk, make_user
from tests.imports.conftest import PEOPLE_HEADERS, make_xlsx

pytestmark = pytest.mark.django_db

FAKE_XLSX = "Tệp có đuôi .xlsx nhưng nội dung không phải là tệp Excel."


def people_file(name="nhan-su.xlsx"):
    return SimpleUploadedFile(name, make_xlsx([PEOPLE_HEADERS, ["Nguyễn Văn An", None, None, None, "Nam",
                                                                "STN"]]).getvalue())


def zip_of_something_else():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    return buffer.getvalue()


# Upload ------------------------------------------------------------------------------------------


def test_fake_xlsx_is_refused_at_upload_with_a_vietnamese_message(client, clerk, unit):
    client.force_login(clerk)
    fake = SimpleUploadedFile("nhan-su.xlsx", b"Ho va ten;CCCD\nNguyen Van An;001085000001\n")
    response = client.post(reverse("imports:upload"), {"kind": "people", "unit": unit.pk, "file": fake})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [FAKE_XLSX]
    assert not ImportRun.objects.exists()


def test_zip_named_xlsx_and_renamed_program_are_refused_by_the_service(board):
    with pytest.raises(DomainError) as refused:
        services.start_import(board, "people", SimpleUploadedFile("a.xlsx", zip_of_something_else()), None)
    assert (refused.value.field, refused.value.message) == (
        "file", "Tệp có đuôi .xlsx nhưng là tệp nén ZIP chứa nội dung khác, không phải văn bản Excel.")
    with pytest.raises(DomainError) as refused:
        services.start_import(board, "people", SimpleUploadedFile("a.xlsx", b"MZ\x90\x00program"), None)
    assert refused.value.message == "Tệp này là một chương trình, không phải tài liệu: không được chấp nhận."
    assert not ImportRun.objects.exists()


def test_upload_form_offers_xlsx_only_and_checks_the_content():
    form = UploadForm({"kind": "people"}, {"file": SimpleUploadedFile("a.xlsx", b"not a zip")}, board=True)
    assert not form.is_valid()
    assert form.errors["file"] == [FAKE_XLSX]
    assert 'accept=".xlsx"' in str(form["file"])
    form = UploadForm({"kind": "people"}, {"file": SimpleUploadedFile("a.csv", b"a;b")}, board=True)
    assert not form.is_valid()
    assert form.errors["file"] == ["Không nhận tệp loại “csv”. Các loại được nhận: xlsx."]


def test_model_field_runs_the_same_check():
    field = ImportRun._meta.get_field("file")
    with pytest.raises(ValidationError) as refused:
        field.run_validators(SimpleUploadedFile("a.xlsx", b"not a zip"))
    assert refused.value.messages == [FAKE_XLSX]
    field.run_validators(people_file())  # a real workbook passes


def test_stored_name_is_random_and_the_original_name_is_kept(board):
    run = services.start_import(board, "people", people_file("Nhân sự 2024.xlsx"), None)
    assert run.original_name == "Nhân sự 2024.xlsx"
    assert run.file.name.startswith("imports/") and run.file.name.endswith(".xlsx")
    assert "Nhân" not in run.file.name and "2024.xlsx" not in run.file.name


# Downloads ---------------------------------------------------------------------------------------


def test_uploaded_file_downloads_as_an_attachment_with_its_name(client, clerk, unit):
    run = services.start_import(clerk, "people", people_file("Nhân sự.xlsx"), unit)
    client.force_login(clerk)
    response = client.get(reverse("imports:run_file", args=[run.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="Nhan su.xlsx"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"PK\x03\x04")


def test_uploaded_file_gone_from_storage_is_a_404_that_says_so(client, clerk, unit):
    run = services.start_import(clerk, "people", people_file(), unit)
    run.file.storage.delete(run.file.name)
    client.force_login(clerk)
    response = client.get(reverse("imports:run_file", args=[run.pk]))
    assert response.status_code == 404
    assert "Tệp không còn trên máy chủ." in response.content.decode()


def test_outsider_cannot_download_the_uploaded_file(client, clerk, unit, other_unit):
    run = services.start_import(clerk, "people", people_file(), unit)
    client.force_login(make_user(username="ngoai"))
    assert client.get(reverse("imports:run_file", args=[run.pk])).status_code == 404

    client.force_login(make_clerk(other_unit, username="clerk2"))
    assert client.get(reverse("imports:run_file", args=[run.pk])).status_code == 404


def test_template_download_has_the_safe_download_headers(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("imports:template", args=["people"]))
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-people.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"PK\x03\x04")


# Admin -------------------------------------------------------------------------------------------


def test_import_runs_are_read_only_in_the_admin(client, rf, board):
    superuser = make_user(username="root", is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[ImportRun]
    assert isinstance(model_admin, ServiceModelAdmin)
    request = rf.get("/")
    request.user = superuser
    assert (model_admin.has_add_permission(request), model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request), model_admin.has_view_permission(request)) \
        == (False, False, False, True)
    run = services.start_import(board, "people", people_file(), None)
    client.force_login(superuser)
    url = reverse("admin:imports_importrun_change", args=[run.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "done", "kind": "units"})
    run.refresh_from_db()
    assert (response.status_code, run.status, run.kind) == (403, "previewed", "people")
    assert client.post(reverse("admin:imports_importrun_delete", args=[run.pk]), {"post": "yes"}).status_code == 403
    assert ImportRun.objects.filter(pk=run.pk).exists()
    assert not ActivityLog.objects.filter(action__startswith="imports.importrun.admin").exists()
