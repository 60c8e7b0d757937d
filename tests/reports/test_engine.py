"""The engine: jobs, the Celery task (run in-process here), failures, retries, sweeping, reuse and expiry."""

import datetime
import types
import uuid

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from config.celery import app
from emulation.errors import DomainError
from emulation.models import ActivityLog, Notification
from reports import conf, registry, services
from reports.enums import JobStatus
from reports.models import ReportJob
from reports.pdf import render_document
from reports.tasks import render_report
from tests.reports.conftest import file_bytes, pdf_text
from tests.reports.factories import AwardFactory, AwardTypeFactory

pytestmark = pytest.mark.django_db


def _text_data(params, user):
    return {"doc": {"doc_type": "BÁO CÁO", "title": "Báo cáo thử", "issuing_body": "Ban Thi đua – Khen thưởng",
                    "symbol": "BC"}, "paragraphs": ["Nội dung báo cáo thử."]}


class _Form(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture
def test_kind():
    """A small report kind whose steps a test may replace (a real module of the registry, not a mock)."""
    module = types.ModuleType("tests.reports.test_kind")
    module.KIND, module.LABEL, module.DESCRIPTION, module.ORDER = "test_kind", "Báo cáo thử", "", 99
    module.Form = _Form
    module.params_from = lambda cleaned: {}
    module.available_to = lambda user: True
    module.check_access = lambda user, params: True
    module.title = lambda params: "Báo cáo thử"
    module.gather = _text_data
    module.render_pdf = lambda data: render_document("reports/pdf/text.html", data)
    registry.register(module)
    yield module
    registry.unregister("test_kind")


def _request(django_capture_on_commit_callbacks, user, kind, params, execute=True):
    with django_capture_on_commit_callbacks(execute=execute):
        job, created = services.request_report(user, kind, params)
    job.refresh_from_db()
    return job, created


def test_request_report_runs_in_process_and_stores_files(django_capture_on_commit_callbacks, clerk, unit):
    AwardFactory(person=None, unit=unit, award_type=AwardTypeFactory(name="Tập thể lao động xuất sắc"))
    job, created = _request(django_capture_on_commit_callbacks, clerk, "award_history", {"unit": unit.pk})
    assert created is True
    assert (job.status, job.progress, job.attempts, job.error) == (JobStatus.DONE, 100, 1, "")
    assert job.title == "Quá trình khen thưởng của Sở Thử nghiệm"
    assert "Tập thể lao động xuất sắc" in pdf_text(file_bytes(job.file))
    assert file_bytes(job.xlsx_file)[:2] == b"PK"
    assert len(job.fingerprint) == 64
    assert job.expires_at - job.finished_at == datetime.timedelta(days=conf.keep_days())
    actions = list(ActivityLog.objects.filter(object_id=str(job.pk)).order_by("pk").values_list("action", flat=True))
    assert actions == ["reports.job.requested", "reports.job.done"]
    [note] = Notification.objects.filter(recipient=clerk)
    assert (note.action, note.url) == ("reports.job.done", job.get_absolute_url())
    assert "Quá trình khen thưởng của Sở Thử nghiệm" in note.message and "sẵn sàng" in note.message


def test_request_report_while_waiting_returns_the_same_job(django_capture_on_commit_callbacks, clerk, unit):
    first, created1 = _request(django_capture_on_commit_callbacks, clerk, "award_history", {"unit": unit.pk}, False)
    second, created2 = _request(django_capture_on_commit_callbacks, clerk, "award_history", {"unit": unit.pk}, False)
    assert (first.pk, created1, created2, first.status) == (second.pk, True, False, JobStatus.QUEUED)
    assert ReportJob.objects.count() == 1


def test_request_report_out_of_scope_or_role_is_refused(clerk, other_unit):
    with pytest.raises(DomainError, match="không được yêu cầu"):
        services.request_report(clerk, "province_stats", {"year": 2025})
    with pytest.raises(DomainError):
        services.request_report(clerk, "award_history", {"unit": other_unit.pk})
    with pytest.raises(DomainError, match="Không có loại báo cáo"):
        services.request_report(clerk, "no_such_report", {})
    assert ReportJob.objects.count() == 0


def test_renderer_error_fails_job_with_a_safe_message(django_capture_on_commit_callbacks, test_kind, board):
    def broken(data):
        raise ValueError("template exploded")

    test_kind.render_pdf = broken
    job, _created = _request(django_capture_on_commit_callbacks, board, "test_kind", {})
    assert job.status == JobStatus.FAILED
    assert job.error == "Không tạo được báo cáo. Hãy thử lại; nếu vẫn lỗi, xin báo Ban Thi đua – Khen thưởng."
    assert job.error_detail == "ValueError: template exploded"
    assert not job.file
    assert ActivityLog.objects.filter(action="reports.job.failed", object_id=str(job.pk)).exists()
    [note] = Notification.objects.filter(recipient=board, action="reports.job.failed")
    assert job.error in note.message


def test_report_error_message_is_shown_as_written(django_capture_on_commit_callbacks, test_kind, board):
    def refuses(params, user):
        raise services.ReportError("Chưa có dữ liệu của năm này.")

    test_kind.gather = refuses
    job, _created = _request(django_capture_on_commit_callbacks, board, "test_kind", {})
    assert (job.status, job.error) == (JobStatus.FAILED, "Chưa có dữ liệu của năm này.")


def test_time_limit_fails_job_and_retry_works(django_capture_on_commit_callbacks, test_kind, board):
    def too_slow(params, user):
        raise SoftTimeLimitExceeded()  # what Celery raises inside the task at the soft limit

    test_kind.gather = too_slow
    job, _created = _request(django_capture_on_commit_callbacks, board, "test_kind", {})
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Báo cáo chạy quá thời gian cho phép")
    test_kind.gather = _text_data
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_job(job, board)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 2, "")
    assert ActivityLog.objects.filter(action="reports.job.retried", object_id=str(job.pk)).exists()


def test_transient_error_is_retried_with_backoff_then_succeeds(django_capture_on_commit_callbacks, test_kind, board):
    calls = []

    def flaky(params, user):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk busy")
        return _text_data(params, user)

    test_kind.gather = flaky
    job, _created = _request(django_capture_on_commit_callbacks, board, "test_kind", {})
    assert (job.status, job.attempts, len(calls)) == (JobStatus.DONE, 2, 2)


def test_transient_error_that_persists_fails_after_the_retries(django_capture_on_commit_callbacks, test_kind, board):
    def down(params, user):
        raise OSError("disk gone")

    test_kind.gather = down
    job, _created = _request(django_capture_on_commit_callbacks, board, "test_kind", {})
    assert job.status == JobStatus.FAILED
    assert job.attempts == conf.max_retries() + 1
    assert job.error == "Không tạo được báo cáo vì một dịch vụ tạm thời không hoạt động. Hãy thử lại sau."


def test_sweeper_fails_jobs_past_the_hard_limit_and_retry_works(django_capture_on_commit_callbacks, test_kind,
                                                                board):
    now = timezone.now()
    dead = ReportJob.objects.create(kind="test_kind", params_key="x", requested_by=board, status=JobStatus.RUNNING,
                                    started_at=now - datetime.timedelta(seconds=conf.hard_time_limit() + 120))
    alive = ReportJob.objects.create(kind="test_kind", params_key="y", requested_by=board, status=JobStatus.RUNNING,
                                     started_at=now - datetime.timedelta(seconds=5))
    lost = ReportJob.objects.create(kind="test_kind", params_key="z", requested_by=board, status=JobStatus.QUEUED)
    ReportJob.objects.filter(pk=lost.pk).update(created_at=now - datetime.timedelta(days=1))
    assert services.fail_stale_jobs() == 2
    dead.refresh_from_db(), alive.refresh_from_db(), lost.refresh_from_db()
    assert (dead.status, alive.status, lost.status) == (JobStatus.FAILED, JobStatus.RUNNING, JobStatus.FAILED)
    assert dead.error == ("Báo cáo đã bị dừng: tiến trình xử lý ngừng hoạt động hoặc quá thời gian cho phép. "
                          "Hãy thử lại.")
    assert lost.error == "Không có tiến trình nào nhận xử lý báo cáo kịp thời. Hãy thử lại."
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_job(dead, board)
    dead.refresh_from_db()
    assert dead.status == JobStatus.DONE


def test_redelivered_task_of_a_failed_job_does_nothing(test_kind, board):
    job = ReportJob.objects.create(kind="test_kind", params_key="x", requested_by=board, status=JobStatus.FAILED,
                                   error="dừng")
    render_report.apply(args=[str(job.pk)])
    render_report.apply(args=[str(uuid.uuid4())])  # a job that no longer exists
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 0)


def test_retry_is_refused_unless_failed_or_by_another_clerk(django_capture_on_commit_callbacks, test_kind, board,
                                                           clerk, other_clerk):
    job, _created = _request(django_capture_on_commit_callbacks, clerk, "test_kind", {})
    with pytest.raises(DomainError, match="Chỉ báo cáo không thành công"):
        services.retry_job(job, clerk)
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED)
    with pytest.raises(DomainError, match="Chỉ người đã yêu cầu"):
        services.retry_job(job, other_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_job(job, board)  # the board may retry anyone's report
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_same_report_and_unchanged_data_reuse_the_file(django_capture_on_commit_callbacks, province, board, council):
    first, _c = _request(django_capture_on_commit_callbacks, board, "province_stats", {"year": 2025})
    second, _c = _request(django_capture_on_commit_callbacks, council, "province_stats", {"year": 2025})
    assert second.status == JobStatus.DONE
    assert (second.file.name, second.xlsx_file.name) == (first.file.name, first.xlsx_file.name)
    assert second.fingerprint == first.fingerprint
    done = ActivityLog.objects.get(action="reports.job.done", object_id=str(second.pk))
    assert done.data["reused_from"] == str(first.pk)
    AwardFactory(award_type=province.types["LDTT"], person=None, unit=province.units["A"])
    third, _c = _request(django_capture_on_commit_callbacks, board, "province_stats", {"year": 2025})
    assert third.fingerprint != first.fingerprint
    assert third.file.name != first.file.name
    other_year, _c = _request(django_capture_on_commit_callbacks, board, "province_stats", {"year": 2024})
    assert other_year.file.name not in (first.file.name, third.file.name)


def test_missing_file_is_rendered_again(django_capture_on_commit_callbacks, test_kind, board):
    job, _created = _request(django_capture_on_commit_callbacks, board, "test_kind", {})
    default_storage.delete(job.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        services.rerender_missing(job, board)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and services.file_present(job)
    assert "Nội dung báo cáo thử." in pdf_text(file_bytes(job.file))
    assert ActivityLog.objects.filter(action="reports.job.rerendered", object_id=str(job.pk)).exists()


def test_purge_deletes_expired_files_but_keeps_shared_ones(django_capture_on_commit_callbacks, test_kind, board,
                                                           council):
    old, _c = _request(django_capture_on_commit_callbacks, board, "test_kind", {})
    ReportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    shared, _c = _request(django_capture_on_commit_callbacks, council, "test_kind", {})
    assert shared.file.name == old.file.name  # reused
    assert services.purge_expired_files() == 0  # still used by a live job
    ReportJob.objects.filter(pk=shared.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    assert services.purge_expired_files() == 1
    assert not default_storage.exists(old.file.name)
    assert ReportJob.objects.get(pk=shared.pk).file.name == ""


def test_task_goes_to_the_reports_queue_with_time_limits():

    route = app.amqp.router.route({}, render_report.name, args=(), kwargs={})
    assert render_report.name == "reports.tasks.render_report"
    assert route["queue"].name == "reports"
    assert (render_report.soft_time_limit, render_report.time_limit) == (
        settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT)
    assert render_report.soft_time_limit < render_report.time_limit
    assert "reports-sweep" in app.conf.beat_schedule


def _reset_broker_pools(app):
    app._pool = None
    app.amqp._producer_pool = None


def test_dispatch_without_a_reachable_broker_leaves_the_job_waiting_with_a_message(
        django_capture_on_commit_callbacks, test_kind, board, monkeypatch):
    """Issue 13 changed this: a broker outage no longer fails the job; it waits and is sent again later."""

    before = app.conf.broker_url
    app.conf.task_always_eager = False
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # Celery reads the environment first
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    _reset_broker_pools(app)
    try:
        job, _created = _request(django_capture_on_commit_callbacks, board, "test_kind", {})
    finally:
        monkeypatch.undo()
        app.conf.broker_url = before
        app.conf.task_always_eager = True
        _reset_broker_pools(app)
    assert job.status == JobStatus.QUEUED
    assert job.error == "Đang chờ: công việc sẽ chạy khi dịch vụ nền hoạt động trở lại."
    assert job.error_detail.startswith("dispatch: ")
