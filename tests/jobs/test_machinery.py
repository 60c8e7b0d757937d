"""The job machinery in-process (any database): cancel in every state, late workers, the sweeper's bound,
broker outages at confirm time, late integrity errors and progress of the write phase (issue 13)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from emulation.errors import DomainError
from emulation.jobs import services as jobs
from emulation.jobs.signals import job_progress
from emulation.models import ActivityLog, Person
from imports import services
from imports.models import ImportRun
from tests.imports.conftest import PEOPLE_HEADERS, make_xlsx

pytestmark = pytest.mark.django_db


def _people(n, cccds=None):
    rows = [PEOPLE_HEADERS] + [[f"Nguyễn Văn Thử {i}", (cccds or {}).get(i, f"0010850{i:05d}"), None, None, "Nam",
                                "STN"] for i in range(n)]
    return SimpleUploadedFile("nhan-su.xlsx", make_xlsx(rows).getvalue())


def _stuck(run, status, attempts=1):
    """A run whose worker died: running, its last sign of life long ago."""
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    ImportRun.objects.filter(pk=run.pk).update(status=status, attempts=attempts, started_at=long_ago,
                                               heartbeat_at=long_ago)
    run.refresh_from_db()
    return run


@pytest.mark.parametrize("status", ["queued", "validating", "previewed", "confirmed", "importing", "failed"])
def test_cancel_works_in_every_state_before_done(clerk, unit, status):
    run = services.start_import(clerk, "people", _people(2), unit)
    run = _stuck(run, status)
    run = services.cancel_run(run, clerk)
    assert run.status == "cancelled"
    assert ActivityLog.objects.get(action="imports.run.cancelled").data == {"status": status}


def test_cancel_of_a_done_import_is_refused(clerk, unit):
    run = services.confirm_import(services.start_import(clerk, "people", _people(1), unit), clerk)
    assert run.status == "done"
    with pytest.raises(DomainError, match="đã kết thúc"):
        services.cancel_run(run, clerk)


def test_cancel_by_another_clerk_is_refused(clerk, other_clerk, unit):
    run = services.start_import(clerk, "people", _people(1), unit)
    with pytest.raises(DomainError):
        services.cancel_run(run, other_clerk)


def test_a_cancelled_job_s_late_worker_does_nothing(clerk, unit):
    run = services.start_import(clerk, "people", _people(2), unit)
    ImportRun.objects.filter(pk=run.pk).update(status="confirmed", confirmed_by=clerk)
    claimed = jobs.claim(ImportRun, run.pk, "write")
    services.cancel_run(run, clerk)
    with pytest.raises(jobs.JobAbandoned):
        jobs.lock_running(claimed)
    assert services.perform_import(run.pk) is None  # a redelivered task finds it cancelled
    assert Person.objects.count() == 0
    assert ImportRun.objects.get(pk=run.pk).status == "cancelled"


def test_cancel_during_the_write_rolls_the_import_back(clerk, unit):
    """In a worker the heartbeat thread sees the committed cancel and marks the job abandoned; the write's
    next sign of life then stops it and its one transaction rolls back."""
    run = services.start_import(clerk, "people", _people(3), unit)

    def cancel_mid_write(sender, job, value, phase, **kwargs):
        if phase == "write" and value > 50:
            job._abandoned = True  # what Heartbeat sets when the job is no longer this attempt's

    job_progress.connect(cancel_mid_write)
    try:
        services.confirm_import(run, clerk)
    finally:
        job_progress.disconnect(cancel_mid_write)
    assert Person.objects.count() == 0
    assert not ActivityLog.objects.filter(action__in=["imports.person.created", "imports.run.completed"]).exists()


def test_sweeper_sends_a_lost_job_again_then_fails_it_after_the_attempts(clerk, unit, settings,
                                                                        django_capture_on_commit_callbacks):
    settings.JOBS_MAX_ATTEMPTS = 3
    run = services.start_import(clerk, "people", _people(2), unit)
    ImportRun.objects.filter(pk=run.pk).update(confirmed_by=clerk)
    run = _stuck(run, "importing", attempts=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert jobs.sweep()["recovered"] == 1
    run.refresh_from_db()
    assert (run.status, run.attempts, len(callbacks)) == ("confirmed", 1, 1)
    run = _stuck(run, "importing", attempts=3)
    assert jobs.sweep()["failed"] == 1
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error == ("Tiến trình xử lý nền đã dừng 3 lần khi đang làm công việc này nên công việc đã bị dừng. "
                         "Hãy thử lại; nếu vẫn lỗi, xin báo Ban Thi đua – Khen thưởng.")


def test_a_redelivered_task_of_a_dead_attempt_is_bounded(clerk, unit, settings):
    settings.JOBS_MAX_ATTEMPTS = 2
    run = _stuck(services.start_import(clerk, "people", _people(1), unit), "importing", attempts=2)
    assert jobs.claim(ImportRun, run.pk, "write") is None
    assert ImportRun.objects.get(pk=run.pk).status == "failed"


def test_a_live_attempt_ignores_a_duplicate_delivery(clerk, unit):
    run = services.start_import(clerk, "people", _people(1), unit)
    ImportRun.objects.filter(pk=run.pk).update(status="confirmed", attempts=0)
    assert jobs.claim(ImportRun, run.pk, "write").attempts == 1
    assert jobs.claim(ImportRun, run.pk, "write") is None


def test_failed_import_shows_try_again_and_retry_checks_again(client, clerk, unit,
                                                              django_capture_on_commit_callbacks):
    run = services.start_import(clerk, "people", _people(1), unit)
    ImportRun.objects.filter(pk=run.pk).update(status="failed", error="Lỗi.")
    client.force_login(clerk)
    partial = client.get(reverse("imports:run_status", args=[run.pk])).content.decode()
    assert reverse("imports:run_retry", args=[run.pk]) in partial and "Thử lại" in partial
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("imports:run_retry", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.status == "previewed"
    assert ActivityLog.objects.filter(action="imports.run.retried").count() == 1


def test_late_integrity_error_writes_nothing_and_names_the_row(clerk, unit):
    """Someone adds a person with the same CCCD between the import's check and its write."""
    run = services.start_import(clerk, "people", _people(3), unit)

    def collide(sender, job, value, phase, **kwargs):
        if phase == "write" and value == 50 and not Person.objects.filter(cccd="001085000002").exists():
            Person.objects.create(full_name="Người Khác", unit=unit, cccd="001085000002")

    job_progress.connect(collide)
    try:
        run = services.confirm_import(run, clerk)
    finally:
        job_progress.disconnect(collide)
    assert run.status == "failed"
    assert run.error == "Dòng 4: số cccd 0010… đã có trong hệ thống."
    assert "INSERT" not in run.error and "Người Khác" not in run.error
    assert "IntegrityError" in run.error_detail or "UNIQUE" in run.error_detail.upper()
    assert Person.objects.filter(full_name__startswith="Nguyễn Văn Thử").count() == 0


def test_progress_moves_during_the_write_phase(clerk, unit):
    seen = []

    def record(sender, job, value, phase, **kwargs):
        seen.append((phase, value))

    run = services.start_import(clerk, "people", _people(5), unit)
    job_progress.connect(record)
    try:
        services.confirm_import(run, clerk)
    finally:
        job_progress.disconnect(record)
    writes = [v for phase, v in seen if phase == "write"]
    assert writes[0] < 50 and len([v for v in writes if v > 50]) >= 2
    assert writes == sorted(writes) and len(set(writes)) >= 3


def test_import_logs_through_log_action_in_bulk(clerk, unit):
    run = services.confirm_import(services.start_import(clerk, "people", _people(3), unit), clerk)
    entries = ActivityLog.objects.filter(action="imports.person.created")
    assert entries.count() == 3
    assert {e.data["import"] for e in entries} == {str(run.pk)}
    assert {e.object_repr for e in entries} == {"Nguyễn Văn Thử 0", "Nguyễn Văn Thử 1", "Nguyễn Văn Thử 2"}


def test_broker_down_at_confirm_is_no_500_and_the_poll_sends_it_when_back(client, clerk, unit, monkeypatch):

    run = services.start_import(clerk, "people", _people(2), unit)
    ImportRun.objects.filter(pk=run.pk).update(is_large=True)
    client.force_login(clerk)
    before = app.conf.broker_url
    app.conf.task_always_eager = False
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._pool = app.amqp._producer_pool = None
    try:
        with_callbacks = client.post(reverse("imports:run_confirm", args=[run.pk]))
    finally:
        monkeypatch.undo()
        app.conf.broker_url = before
        app.conf.task_always_eager = True
        app._pool = app.amqp._producer_pool = None
    assert with_callbacks.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.error) == ("confirmed", "")  # in a test transaction on_commit never ran
    jobs.dispatch(run)  # what the on_commit does: with the broker back (eager here) it runs
    run.refresh_from_db()
    assert run.status == "done"
