"""The job machinery against a real Celery worker, real Redis and real PostgreSQL (issue 13).

Broker down at dispatch → the job waits, no 500, and runs when the broker is back; a worker SIGKILLed
mid-import and mid-report → the job is sent again and finishes; a job that kills its worker every time
fails after JOBS_MAX_ATTEMPTS with a message. Skips on a laptop without the services; fails in CI.
"""

import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.celery import app
from emulation.jobs import services as jobs
from emulation.models import Person
from imports import services as import_services
from imports.models import ImportRun
from reports import services as report_services
from reports.enums import JobStatus
from reports.models import ReportJob
from tests.imports.conftest import PEOPLE_HEADERS, make_xlsx
from tests.jobs.conftest import STALE, wait_for
from tests.reports.conftest import pdf_text

# Every test that starts real workers lives in this file: ``make test`` (pytest-xdist, ``--dist loadfile``) runs a
# file's tests on one process, one after another, and these share the broker's queues.
pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _people(n):
    rows = [PEOPLE_HEADERS] + [[f"Nguyễn Văn Thử {i}", f"0010850{i:05d}", None, None, "Nam", "STN"] for i in range(n)]
    return SimpleUploadedFile("nhan-su.xlsx", make_xlsx(rows).getvalue())


def _closed_broker(monkeypatch):

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    before = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    app._pool = None
    app.amqp._producer_pool = None

    def restore():
        monkeypatch.undo()
        app.conf.broker_url = before
        app._pool = None
        app.amqp._producer_pool = None

    return restore


def _refresh(obj):
    obj.refresh_from_db()
    return obj


def test_broker_down_at_confirm_waits_then_a_worker_imports_when_it_is_back(workers, client, clerk, unit, settings,
                                                                             monkeypatch):
    settings.IMPORT_ASYNC_ROWS = 100
    run = import_services.start_import(clerk, "people", _people(3), unit)  # small: checked in the request
    ImportRun.objects.filter(pk=run.pk).update(is_large=True)  # its write goes to a worker
    client.force_login(clerk)
    restore = _closed_broker(monkeypatch)
    try:
        response = client.post(reverse("imports:run_confirm", args=[run.pk]))
    finally:
        restore()
    assert response.status_code == 302  # never a 500
    run.refresh_from_db()
    assert run.status == "confirmed"
    assert run.error == "Đang chờ: công việc sẽ chạy khi dịch vụ nền hoạt động trở lại."
    partial = client.get(reverse("imports:run_status", args=[run.pk])).content.decode()  # the poll sends it again
    assert 'data-status="confirmed"' in partial or 'data-status="done"' in partial
    workers.start()
    wait_for(lambda: _refresh(run).status == "done", workers=workers)
    assert Person.objects.filter(unit=unit).count() == 3
    assert (run.attempts, run.error) == (1, "")


def test_broker_down_at_request_then_the_sweeper_dispatches_a_report(workers, client, board, province, monkeypatch):
    client.force_login(board)
    restore = _closed_broker(monkeypatch)
    try:
        response = client.post(reverse("reports:request", args=["province_stats"]), {"year": 2025})
    finally:
        restore()
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert (job.status, job.error) == (JobStatus.QUEUED,
                                       "Đang chờ: công việc sẽ chạy khi dịch vụ nền hoạt động trở lại.")
    assert jobs.sweep()["dispatched"] == 1
    workers.start()
    wait_for(lambda: _refresh(job).status == JobStatus.DONE, workers=workers)
    assert job.attempts == 1


def test_worker_killed_mid_import_is_sent_again_and_finishes(workers, clerk, unit, settings):
    run = import_services.start_import(clerk, "people", _people(5), unit)
    ImportRun.objects.filter(pk=run.pk).update(is_large=True)
    first = workers.start(JOBS_TEST_DELAY_SECONDS=2)  # slow at each progress point
    import_services.confirm_import(run, clerk)
    wait_for(lambda: _refresh(run).status == "importing" and run.progress >= 50, workers=workers)
    workers.kill(first)
    assert _refresh(run).status == "importing"  # stuck: nobody will finish it
    workers.start()
    wait_for(lambda: jobs.sweep()["recovered"] == 1, timeout=STALE + 20, step=1, workers=workers)
    wait_for(lambda: _refresh(run).status == "done", workers=workers)
    assert run.attempts == 2
    assert Person.objects.filter(unit=unit).count() == 5  # written once, by the second attempt


def test_worker_killed_mid_report_is_sent_again_and_finishes(workers, board, province):
    first = workers.start(JOBS_TEST_DELAY_SECONDS=3)

    job, _created = report_services.request_report(board, "province_stats", {"year": 2025})
    wait_for(lambda: _refresh(job).status == JobStatus.RUNNING, workers=workers)
    workers.kill(first)
    workers.start()
    wait_for(lambda: jobs.sweep()["recovered"] == 1, timeout=STALE + 20, step=1, workers=workers)
    wait_for(lambda: _refresh(job).status == JobStatus.DONE, workers=workers)
    assert job.attempts == 2


def test_a_job_that_kills_its_worker_every_time_fails_after_the_attempts(workers, clerk, unit, settings, client):
    settings.JOBS_MAX_ATTEMPTS = 3
    run = import_services.start_import(clerk, "people", _people(2), unit)
    ImportRun.objects.filter(pk=run.pk).update(is_large=True)
    # Prefork: the pool child dies, the parent lives on and Celery delivers the task again at once
    # (acks_late + reject_on_worker_lost); the attempt counter in the database bounds it.
    workers.start(pool="prefork", JOBS_TEST_KILL_WORKER=1, JOBS_MAX_ATTEMPTS=3)
    import_services.confirm_import(run, clerk)

    def ended():
        jobs.sweep()
        return _refresh(run).status == "failed"

    wait_for(ended, timeout=4 * (STALE + 8), step=1, workers=workers)
    assert run.attempts == 3
    assert run.error.startswith("Tiến trình xử lý nền đã dừng 3 lần")
    assert Person.objects.filter(unit=unit).count() == 0
    client.force_login(clerk)
    partial = client.get(reverse("imports:run_status", args=[run.pk])).content.decode()
    assert reverse("imports:run_retry", args=[run.pk]) in partial and "Thử lại" in partial


def test_real_worker_renders_a_report_requested_over_http(workers, client, board, province):
    proc = workers.start()
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    client.force_login(board)
    response = client.post(reverse("reports:request", args=["province_stats"]), {"year": 2025})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == JobStatus.QUEUED  # nothing ran in this process

    status_url = reverse("reports:job_status", args=[job.pk])
    deadline = time.monotonic() + 120
    partial = ""
    while time.monotonic() < deadline:
        partial = client.get(status_url).content.decode()
        if 'data-status="done"' in partial or 'data-status="failed"' in partial:
            break
        assert proc.poll() is None, workers.logs()
        time.sleep(0.5)
    assert 'data-status="done"' in partial, (partial, workers.logs())
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == (JobStatus.DONE, 100, 1)

    download = client.get(reverse("reports:download", args=[job.pk, "pdf"]))
    assert download.status_code == 200
    text = pdf_text(b"".join(download.streaming_content))
    assert "THỐNG KÊ KẾT QUẢ KHEN THƯỞNG CỦA TỈNH" in text
    assert "1 Khối các sở kinh tế 2 2 0 6 8 19.220.000 đ" in text
    assert "Tổng cộng 11 3 1 7 1 1 1 4 26.240.000 đ" in text
    assert "reports.tasks.render_report" in workers.logs()
