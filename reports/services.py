"""Changes of state of report jobs. Views and the Celery task call these; nothing else changes a job.

    request_report(user, kind, params) -> (job, created)   queue a report (or return the same one still waiting)
    retry_job(job, actor)                                  failed → queued
    rerender_missing(job, actor)                           done, file gone → queued
    run_job(job_id)                                        the worker's part: gather, render (or reuse), store
    fail_stale_jobs()                                      running past the hard limit / queued too long → failed
    purge_expired_files()                                  delete files past their expiry that no live job uses
"""

import datetime
import logging
import re
import unicodedata

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.notifications import notify

from . import conf, registry
from .enums import ACTIVE, JobStatus
from .models import ReportJob

logger = logging.getLogger(__name__)

# Failures worth another try with backoff: the disk, the network, the database going away.
TRANSIENT_ERRORS = (OSError, OperationalError)


class ReportError(Exception):
    """A report module refused to produce the report; the message is translated and safe to show."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _dispatch(job_id):
    from .tasks import render_report

    try:
        render_report.apply_async(args=[str(job_id)], queue="reports")
    except Exception as exc:  # the broker is down: say so now rather than leave the job waiting
        logger.exception("could not dispatch report job %s", job_id)
        fail_job(job_id, transient_failure_message(), f"dispatch: {type(exc).__name__}: {exc}")


def dispatch_after_commit(job_id):
    transaction.on_commit(lambda: _dispatch(job_id))


@transaction.atomic
def request_report(user, kind, params):
    """Create a queued job and dispatch it after commit. The same user asking again for the same report
    while it is still waiting gets that job back."""
    try:
        spec = registry.get(kind)
    except registry.UnknownReport:
        raise DomainError(_("There is no such report.")) from None
    params = params or {}
    if not spec.available_to(user) or not spec.check_access(user, params):
        raise DomainError(_("You may not request this report."))
    key = registry.params_key(params)
    waiting = (ReportJob.objects.select_for_update()
               .filter(requested_by=user, kind=kind, params_key=key, status__in=ACTIVE).first())
    if waiting is not None:
        return waiting, False
    job = ReportJob.objects.create(kind=kind, params=params, params_key=key, title=str(spec.title(params))[:500],
                                   requested_by=user, status=JobStatus.QUEUED)
    log_action(user, "reports.job.requested", job, data={"kind": kind, "params": params})
    dispatch_after_commit(job.pk)
    return job, True


def _requeue(job, actor, action, reason):
    job.status = JobStatus.QUEUED
    job.progress = 0
    job.error = ""
    job.error_detail = ""
    job.started_at = None
    job.finished_at = None
    job.file = ""
    job.xlsx_file = ""
    job.save(update_fields=["status", "progress", "error", "error_detail", "started_at", "finished_at", "file",
                            "xlsx_file"])
    log_action(actor, action, job, data={"reason": reason})
    dispatch_after_commit(job.pk)
    return job


@transaction.atomic
def retry_job(job, actor):
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        raise DomainError(_("Only a failed report can be tried again."))
    if actor != job.requested_by and not _manages(actor):
        raise DomainError(_("Only the person who requested this report can try it again."))
    return _requeue(job, actor, "reports.job.retried", job.error)


@transaction.atomic
def rerender_missing(job, actor):
    """A finished job whose file is gone from storage (or expired) is produced again."""
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.DONE:
        raise DomainError(_("This report is not finished."))
    if file_present(job):
        return job
    return _requeue(job, actor, "reports.job.rerendered", "file missing")


def _manages(user):
    from emulation.roles import roles_of

    return roles_of(user).manages_everything


def file_present(job, field="file"):
    name = getattr(job, field).name
    return bool(name) and default_storage.exists(name)


# The worker's part -----------------------------------------------------------------------------


def _start(job_id):
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in ACTIVE:
            return None
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.progress = 5
        job.attempts += 1
        job.error = ""
        job.save(update_fields=["status", "started_at", "progress", "attempts", "error"])
    return job


def _progress(job, value):
    ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(progress=value)


def _find_reusable(job, fingerprint):
    """A finished job of the same report, parameters and data whose files are still in storage."""
    candidates = (ReportJob.objects.filter(kind=job.kind, params_key=job.params_key, fingerprint=fingerprint,
                                           status=JobStatus.DONE).exclude(pk=job.pk).exclude(file="")
                  .order_by("-finished_at")[:3])
    for other in candidates:
        if file_present(other) and (not other.xlsx_file.name or file_present(other, "xlsx_file")):
            return other
    return None


def filename_for(job, ext):
    text = unicodedata.normalize("NFKD", job.title or job.kind).replace("đ", "d").replace("Đ", "D")
    text = text.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:80] or job.kind
    return f"{slug}-{str(job.pk)[:8]}.{ext}"


def gather_data(spec, params, user):
    data = spec.gather(params, user)
    if not data.get("fingerprint"):
        data["fingerprint"] = registry.fingerprint(data)
    return data


@transaction.atomic
def _finish(job_id, fingerprint, pdf_name, xlsx_name, reused_from):
    job = ReportJob.objects.select_for_update(of=("self",)).select_related("requested_by").get(pk=job_id)
    now = timezone.now()
    job.status = JobStatus.DONE
    job.progress = 100
    job.fingerprint = fingerprint
    job.file.name = pdf_name
    job.xlsx_file.name = xlsx_name or ""
    job.finished_at = now
    job.expires_at = now + datetime.timedelta(days=conf.keep_days())
    job.error = ""
    job.save(update_fields=["status", "progress", "fingerprint", "file", "xlsx_file", "finished_at", "expires_at",
                            "error"])
    log_action(None, "reports.job.done", job, data={"reused_from": str(reused_from) if reused_from else None,
                                                    "fingerprint": fingerprint})
    notify([job.requested_by], _("Your report “%(title)s” is ready to download.") % {"title": job},
           url=job.get_absolute_url(), action="reports.job.done")
    return job


def fail_job(job_id, message, detail=""):
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        job.status = JobStatus.FAILED
        job.error = str(message)[:500]
        job.error_detail = detail
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "error_detail", "finished_at"])
        log_action(None, "reports.job.failed", job, data={"error": job.error})
        notify([job.requested_by], _("Your report “%(title)s” could not be produced: %(error)s")
               % {"title": job, "error": job.error}, url=job.get_absolute_url(), action="reports.job.failed")
    return job


def mark_retrying(job_id, detail):
    """A transient failure: back to queued while the task waits for its next try."""
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED, progress=0, error_detail=detail[:2000])


def run_job(job_id):
    """Produce the report of a job. Transient errors propagate (the task retries them); every other
    failure ends the job as failed with a message the user may read."""
    job = _start(job_id)
    if job is None:
        logger.info("report job %s is not waiting; nothing to do", job_id)
        return None
    try:
        spec = registry.get(job.kind)
        if not spec.check_access(job.requested_by, job.params):
            raise ReportError(_("You may no longer see this report."))
        data = gather_data(spec, job.params, job.requested_by)
        fingerprint = data["fingerprint"]
        _progress(job, 40)
        reusable = _find_reusable(job, fingerprint)
        if reusable is not None:
            return _finish(job.pk, fingerprint, reusable.file.name, reusable.xlsx_file.name, reusable.pk)
        pdf = spec.render_pdf(data)
        _progress(job, 80)
        pdf_name = job.file.field.generate_filename(job, filename_for(job, "pdf"))
        pdf_name = default_storage.save(pdf_name, ContentFile(pdf))
        xlsx_name = ""
        if registry.has_xlsx(spec):
            xlsx = spec.render_xlsx(data)
            xlsx_name = default_storage.save(job.xlsx_file.field.generate_filename(job, filename_for(job, "xlsx")),
                                             ContentFile(xlsx))
        return _finish(job.pk, fingerprint, pdf_name, xlsx_name, None)
    except SoftTimeLimitExceeded:
        return fail_job(job_id, _("The report took longer than allowed and was stopped. Try again later, "
                                  "or ask for a smaller report."), "soft time limit exceeded")
    except (ReportError, DomainError) as exc:
        return fail_job(job_id, exc.message, repr(exc))
    except registry.UnknownReport:
        return fail_job(job_id, _("This kind of report no longer exists."), f"unknown kind {job.kind}")
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:  # a bug or bad data: the user gets a plain message, the log gets the trace
        logger.exception("report job %s failed", job_id)
        return fail_job(job_id, _("The report could not be produced. Try again; if it fails again, tell the "
                                  "commendation board."), f"{type(exc).__name__}: {exc}")


def transient_failure_message():
    return _("The report could not be produced because a service was unavailable. Try again later.")


# Housekeeping ----------------------------------------------------------------------------------


def stale_reason(job, now=None):
    """Why an active job counts as dead (a translated message), or None while it may still finish."""
    now = now or timezone.now()
    if job.status == JobStatus.RUNNING and job.started_at is not None:
        limit = datetime.timedelta(seconds=conf.hard_time_limit() + conf.stale_grace_seconds())
        if job.started_at < now - limit:
            return _("The report was stopped: its worker stopped or its time limit passed. Try again.")
    if job.status == JobStatus.QUEUED:
        if job.created_at < now - datetime.timedelta(seconds=conf.queued_timeout_seconds()):
            return _("No worker took up the report in time. Try again.")
    return None


def fail_if_stale(job):
    reason = stale_reason(job) if job.is_active else None
    if reason is None:
        return job
    return fail_job(job.pk, reason, "stale") or job


def fail_stale_jobs():
    """Fail every job running longer than the hard time limit (plus grace) or queued too long.
    Run periodically (Celery beat: ``reports.tasks.sweep_report_jobs``) or by hand. Returns the count."""
    now = timezone.now()
    running_cutoff = now - datetime.timedelta(seconds=conf.hard_time_limit() + conf.stale_grace_seconds())
    queued_cutoff = now - datetime.timedelta(seconds=conf.queued_timeout_seconds())
    stale = list(ReportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=running_cutoff)
                 .values_list("pk", flat=True))
    stale += list(ReportJob.objects.filter(status=JobStatus.QUEUED, created_at__lt=queued_cutoff)
                  .values_list("pk", flat=True))
    count = 0
    for pk in stale:
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=pk)
            reason = stale_reason(job, now)
            if reason is None:
                continue
        fail_job(pk, reason, "stale (sweeper)")
        count += 1
    return count


def purge_expired_files():
    """Delete the files of expired jobs unless a job that has not expired still uses the same file."""
    now = timezone.now()
    expired = list(ReportJob.objects.filter(expires_at__lt=now).exclude(file="", xlsx_file=""))
    live_names = set()
    for pdf, xlsx in ReportJob.objects.filter(expires_at__gte=now).values_list("file", "xlsx_file"):
        live_names.update({pdf, xlsx})
    deleted = 0
    for job in expired:
        for field in ("file", "xlsx_file"):
            name = getattr(job, field).name
            if name and name not in live_names and default_storage.exists(name):
                default_storage.delete(name)
                deleted += 1
        ReportJob.objects.filter(pk=job.pk).update(file="", xlsx_file="")
    return deleted

