"""A real Celery worker process renders a report requested over HTTP (needs PostgreSQL and Redis).

Skips on a laptop without them; fails in CI (REQUIRE_SERVICES=1) where they must be present.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from reports.enums import JobStatus
from reports.models import ReportJob
from tests.conftest import need_service
from tests.reports.conftest import pdf_text

BASE_DIR = Path(settings.BASE_DIR)


def _database_url():
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    broker = os.environ.get("CELERY_BROKER_URL") or settings.CELERY_BROKER_URL
    if not broker:
        need_service("needs Redis and a Celery worker: set CELERY_BROKER_URL=redis://…")
    if connection.vendor != "postgresql":
        need_service("needs PostgreSQL for a worker process to share the test database (set DATABASE_URL)")
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": broker,
           "MEDIA_ROOT": str(settings.MEDIA_ROOT), "DJANGO_SETTINGS_MODULE": "config.settings"}
    log_path = tmp_path / "worker.log"
    celery = Path(sys.executable).parent / "celery"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(celery), "-A", "config", "worker", "-Q", "reports,default", "--pool", "solo", "-l", "info",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"reports-test-{os.getpid()}@%h"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        yield proc, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_renders_a_report_requested_over_http(worker, client, board, province):
    proc, log_path = worker
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
        assert proc.poll() is None, log_path.read_text(errors="replace")[-3000:]
        time.sleep(0.5)
    assert 'data-status="done"' in partial, (partial, log_path.read_text(errors="replace")[-3000:])
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == (JobStatus.DONE, 100, 1)

    download = client.get(reverse("reports:download", args=[job.pk, "pdf"]))
    assert download.status_code == 200
    text = pdf_text(b"".join(download.streaming_content))
    assert "THỐNG KÊ KẾT QUẢ KHEN THƯỞNG CỦA TỈNH" in text
    assert "1 Khối các sở kinh tế 2 2 0 6 8 19.220.000 đ" in text
    assert "Tổng cộng 11 3 1 7 1 1 1 4 26.240.000 đ" in text
    assert "reports.tasks.render_report" in log_path.read_text(errors="replace")
