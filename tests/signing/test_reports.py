"""Signing a report's PDF (reports.ReportJob): the board only, once, logged; the signed PDF verifies."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from emulation.errors import DomainError
from emulation.models import ActivityLog
from emulation.signing import verify_pdf
from reports import services
from reports.enums import JobStatus
from reports.models import ReportJob
from tests.signing.conftest import make_pdf

pytestmark = pytest.mark.django_db


def done_job(user, title="Thống kê khen thưởng năm 2026", status=JobStatus.DONE):
    job = ReportJob.objects.create(kind="province_stats", params={"year": 2026}, params_key=title, title=title,
                                   requested_by=user, status=status)
    if status == JobStatus.DONE:
        job.file.save("report.pdf", ContentFile(make_pdf()))
    return job


def test_board_signs_report_logged(board, pkcs12_signing, trust_store):
    job = done_job(board)
    services.sign_report(job, board)
    job.refresh_from_db()
    assert job.is_digitally_signed and job.signed_pdf_by == board and job.signed_pdf.name != job.file.name
    assert verify_pdf(job.signed_pdf.read())[0].valid
    entry = ActivityLog.objects.get(action="reports.job.signed")
    assert entry.actor == board and entry.data["serial"] == job.signature_serial


def test_report_through_remote_provider(board, remote_signing, trust_store):
    job = done_job(board)
    services.sign_report(job, board)
    job.refresh_from_db()
    assert verify_pdf(job.signed_pdf.read())[0].valid and len(remote_signing.signed) == 1


def test_sign_report_refused(board, council, clerk, pkcs12_signing):
    job = done_job(board)
    for actor in (council, clerk):
        with pytest.raises(DomainError):
            services.sign_report(job, actor)
    with pytest.raises(DomainError):
        services.sign_report(done_job(board, "Đang chạy", status=JobStatus.RUNNING), board)
    services.sign_report(job, board)
    job.refresh_from_db()
    name = job.signed_pdf.name
    with pytest.raises(DomainError, match="đã được ký số"):
        services.sign_report(job, board)
    job.refresh_from_db()
    assert job.signed_pdf.name == name
    assert ActivityLog.objects.filter(action="reports.job.signed").count() == 1


def test_signed_pdf_survives_the_purge(board, pkcs12_signing):
    job = done_job(board)
    services.sign_report(job, board)
    ReportJob.objects.filter(pk=job.pk).update(expires_at="2000-01-01T00:00Z")
    services.purge_expired_files()
    job.refresh_from_db()
    assert not job.file and job.signed_pdf.storage.exists(job.signed_pdf.name)


def test_sign_view(client, board, pkcs12_signing):
    job = done_job(board)
    client.force_login(board)
    assert reverse("reports:job_sign", args=[job.pk]) in client.get(job.get_absolute_url()).content.decode()
    assert client.post(reverse("reports:job_sign", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.is_digitally_signed
    page = client.get(job.get_absolute_url()).content.decode()
    assert reverse("reports:job_sign", args=[job.pk]) not in page and job.signature_serial in page
    response = client.get(reverse("reports:signed_download", args=[job.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_sign_view_roles(client, board, council, other_clerk, pkcs12_signing):
    job = done_job(board)
    client.force_login(council)  # reads every report, signs none
    assert reverse("reports:job_sign", args=[job.pk]) not in client.get(job.get_absolute_url()).content.decode()
    assert client.post(reverse("reports:job_sign", args=[job.pk])).status_code == 403
    client.force_login(other_clerk)  # not their report
    assert client.post(reverse("reports:job_sign", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:signed_download", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert not job.signed_pdf


@pytest.mark.parametrize("n", [1, 3])
def test_job_page_query_count_signed(client, board, pkcs12_signing, django_assert_num_queries, n):
    jobs = [done_job(board, f"Báo cáo {i}") for i in range(n)]
    for job in jobs:
        services.sign_report(job, board)
    client.force_login(board)
    with django_assert_num_queries(6):  # as for an unsigned report: the signer comes with no extra query
        assert client.get(jobs[0].get_absolute_url()).status_code == 200


def test_signing_reads_and_writes_through_object_storage(board, pkcs12_signing, trust_store, s3_storage):
    """A report rendered on one host and signed on another: the PDF is read from the bucket and the signed
    copy goes to the bucket (no path on a disk anywhere)."""
    storage_client, bucket = s3_storage
    job = done_job(board)
    services.sign_report(job, board)
    job.refresh_from_db()
    stored = storage_client.get_object(Bucket=bucket, Key=job.signed_pdf.name)["Body"].read()
    assert stored.startswith(b"%PDF") and verify_pdf(stored)[0].valid
    assert job.signed_pdf.name.startswith("signed/")
