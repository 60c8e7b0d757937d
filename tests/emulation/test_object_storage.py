"""Stored files in object storage (an S3-compatible server run for the test) and downloads that leave the
gunicorn worker: a presigned URL for a bucket, X-Accel-Redirect for nginx in front of the local disk."""

import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from blocs.models import Evidence
from emulation.downloads import MissingFile, serve_file
from imports import services as import_services
from pledges.models import FulfilmentLine
from tests.blocs.conftest import bloc  # noqa: F401 (fixture)
from tests.blocs.factories import leaves, make_card, new_unit
from tests.factories import make_clerk
from tests.imports.conftest import PEOPLE_HEADERS, make_xlsx

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def request_(db, board):
    request = RequestFactory().get("/download/")
    request.user = board
    return request


@pytest.fixture
def outsider_clerk(db):
    return make_clerk(new_unit("Đơn vị ngoài khối", "NGOAI"), username="outsider")


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 the test's own S3 server
        return response.read(), response.headers  # case-insensitive


def test_a_stored_file_goes_to_the_bucket_and_downloads_by_a_short_lived_presigned_url(s3_storage, request_):
    client, bucket = s3_storage
    line = FulfilmentLine()
    line.evidence_file.save("biên bản.pdf", ContentFile(PDF), save=False)
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]]
    assert keys == [line.evidence_file.name]  # in the bucket, under the random name

    response = serve_file(request_, line.evidence_file, "Biên bản họp.pdf")
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    url = response["Location"]
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["60"]  # STORAGE_URL_SECONDS
    assert query["response-content-type"] == ["application/pdf"]
    body, headers = _get(url)
    assert body == PDF
    assert headers["Content-Disposition"] == ("attachment; filename=\"Bien ban hop.pdf\"; "
                                              "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf")
    assert headers["Content-Type"] == "application/pdf"


def test_a_presigned_url_is_refused_once_tampered(s3_storage, request_):
    line = FulfilmentLine()
    line.evidence_file.save("a.pdf", ContentFile(PDF), save=False)
    url = serve_file(request_, line.evidence_file)["Location"]
    other = url.replace(line.evidence_file.name.rsplit("/", 1)[-1], "other.pdf")
    with pytest.raises(urllib.error.HTTPError) as refused:
        _get(other)
    assert refused.value.code == 403


def test_the_presigned_url_names_the_public_address_of_the_store(s3_storage, request_, settings):
    settings.STORAGE_S3_PUBLIC_ENDPOINT_URL = "https://files.tdkt.example.vn"
    line = FulfilmentLine()
    line.evidence_file.save("a.pdf", ContentFile(PDF), save=False)
    url = serve_file(request_, line.evidence_file)["Location"]
    assert url.startswith(f"https://files.tdkt.example.vn/{settings.STORAGE_S3_BUCKET}/")


def test_a_file_gone_from_the_bucket_is_the_missing_file_page_not_a_redirect(s3_storage, request_):
    line = FulfilmentLine()
    line.evidence_file.save("a.pdf", ContentFile(PDF), save=False)
    default_storage.delete(line.evidence_file.name)
    with pytest.raises(MissingFile):
        serve_file(request_, line.evidence_file)


def test_the_permission_check_runs_before_any_url_is_signed(s3_storage, request_):
    line = FulfilmentLine()
    line.evidence_file.save("a.pdf", ContentFile(PDF), save=False)
    with pytest.raises(Exception) as refused:
        serve_file(request_, line.evidence_file, check=lambda request: False)
    assert type(refused.value).__name__ == "PermissionDenied"


def test_evidence_uploaded_through_the_page_lands_in_the_bucket_and_outsiders_get_no_url(s3_storage, client, bloc,  # noqa: F811
                                                                                          outsider_clerk):
    storage_client, bucket = s3_storage
    sc = make_card(bloc.by, bloc.unit)
    client.force_login(bloc.clerk)
    client.post(reverse("blocs:evidence_upload", args=[sc.pk]),
                {"criterion": leaves(bloc.by)["A.1"].pk, "file": SimpleUploadedFile("bc.pdf", PDF)})
    ev = Evidence.objects.get()
    assert storage_client.get_object(Bucket=bucket, Key=ev.file.name)["Body"].read() == PDF
    response = client.get(reverse("blocs:evidence_download", args=[ev.pk]))
    assert response.status_code == 302
    assert _get(response["Location"])[0] == PDF
    client.force_login(outsider_clerk)
    assert client.get(reverse("blocs:evidence_download", args=[ev.pk])).status_code == 404


def test_an_import_reads_its_spreadsheet_back_from_the_bucket(s3_storage, clerk, unit):
    rows = [PEOPLE_HEADERS, ["Nguyễn Văn Thử", "001085000001", None, None, "Nam", unit.code]]
    run = import_services.start_import(clerk, "people", SimpleUploadedFile("nhan-su.xlsx", make_xlsx(rows).getvalue()),
                                       unit)
    storage_client, bucket = s3_storage
    assert storage_client.head_object(Bucket=bucket, Key=run.file.name)["ContentLength"] > 0
    run.refresh_from_db()
    assert run.status == "previewed", run.error_detail  # read back through storage.open() and checked


def test_behind_nginx_the_local_disk_file_goes_out_by_x_accel_redirect(request_, settings):
    settings.STORAGE_X_ACCEL_PREFIX = "/protected-media/"
    line = FulfilmentLine()
    line.evidence_file.save("a.pdf", ContentFile(PDF), save=False)
    response = serve_file(request_, line.evidence_file, "Biên bản.pdf")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + line.evidence_file.name
    assert response.content == b""  # nginx sends the bytes
    assert response["Content-Disposition"].startswith('attachment; filename="Bien ban.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    default_storage.delete(line.evidence_file.name)
    with pytest.raises(MissingFile):
        serve_file(request_, line.evidence_file)


def test_without_either_setting_the_app_streams_the_file(request_):
    line = FulfilmentLine()
    line.evidence_file.save("a.pdf", ContentFile(PDF), save=False)
    response = serve_file(request_, line.evidence_file)
    assert b"".join(response.streaming_content) == PDF
    assert "X-Accel-Redirect" not in response
