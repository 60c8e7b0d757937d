"""Changes of state of report jobs. Views and the Celery task call these; nothing else changes a job.

    request_report(user, kind, params) -> (job, created)   queue a report (or return the same one still waiting)
    retry_job(job, actor)                                  failed → queued
    cancel_job(job, actor)                                 queued/running (stuck too) → cancelled
    rerender_missing(job, actor)                           done, file gone → queued
    run_job(job_id)                                        the worker's part: gather, render (or reuse), store
    fail_stale_jobs()                                      the job machinery's sweep, for report jobs
    purge_expired_files()                                  delete files past their expiry that no live job uses

State, dispatch, heartbeat, attempts and the sweeper are ``emulation.jobs``'s; this module adds what
is particular to reports (reuse of an unchanged file, expiry, retries with backoff).
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

from awards.enums import NominationState
from awards.models import Nomination
from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.jobs import services as jobs
from emulation.notifications import notify
from emulation.roles import roles_of
from emulation.signing import get_provider, sign_pdf

from . import conf, registry
from .documents import layout
from .documents import nomination as nomination_doc
from .enums import ACTIVE, JobStatus
from .models import ReportJob, SignedProposal

logger = logging.getLogger(__name__)

# Failures worth another try with backoff: the disk, the network, the database going away.
TRANSIENT_ERRORS = (OSError, OperationalError)


class ReportError(Exception):
    """A report module refused to produce the report; the message is translated and safe to show."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def dispatch_after_commit(job):
    jobs.dispatch_after_commit(job)


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
    dispatch_after_commit(job)
    return job, True


def _requeue(job, actor, action, reason):
    jobs.requeue(job, job.phase_named("render"), fields=["file", "xlsx_file"])
    log_action(actor, action, job, data={"reason": reason})
    return job


@transaction.atomic
def retry_job(job, actor):
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        raise DomainError(_("Only a failed report can be tried again."))
    if actor != job.requested_by and not _manages(actor):
        raise DomainError(_("Only the person who requested this report can try it again."))
    return _requeue(job, actor, "reports.job.retried", job.error)


def cancel_job(job, actor):
    """Waiting or running (a stuck one too) → cancelled; a worker still on it writes nothing."""
    if actor != job.requested_by and not _manages(actor):
        raise DomainError(_("Only the person who requested this report can cancel it."))
    return jobs.cancel(job, actor, "reports.job.cancelled")


@transaction.atomic
def rerender_missing(job, actor):
    """A finished job whose file is gone from storage (or expired) is produced again."""
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.DONE:
        raise DomainError(_("This report is not finished."))
    if file_present(job):
        return job
    return _requeue(job, actor, "reports.job.rerendered", "file missing")


@transaction.atomic
def sign_report(job, actor, provider=None):
    """Sign the report's PDF digitally (``emulation.signing``), by the board, once: the signed PDF is a new file
    that is never overwritten; the report's own PDF stays as it was produced."""
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if not roles_of(actor).is_board:
        raise DomainError(_("Only the commendation board may sign reports digitally."))
    if job.signed_pdf:
        raise DomainError(_("This report has already been digitally signed."))
    if job.status != JobStatus.DONE or not file_present(job):
        raise DomainError(_("The report's PDF is not ready: produce it before signing it."))
    with job.file.open("rb") as source:
        data = source.read()
    provider = provider or get_provider()
    signed = sign_pdf(data, provider, reason=job.title or job.kind)
    job.record_signature(signed, actor, filename_for(job, "pdf"))
    job.save(update_fields=job.signature_fields())
    log_action(actor, "reports.job.signed", job, data={
        "provider": provider.name, "subject": job.signature_subject, "serial": job.signature_serial,
        "issuer": job.signature_issuer, "signed_at": job.signed_pdf_at.isoformat()})
    return job


@transaction.atomic
def sign_proposal(nomination, actor, provider=None):
    """Draft the nomination's tờ trình (``reports.documents.nomination.proposal``) and sign it digitally, by the
    board, once per sending of the dossier: the signed PDF is a new ``SignedProposal`` that is never overwritten.
    A dossier still being written (draft, returned) is not signed: what is signed is what was sent."""
    nomination = Nomination.objects.select_for_update().select_related("unit").get(pk=nomination.pk)
    if not roles_of(actor).is_board:
        raise DomainError(_("Only the commendation board may sign a tờ trình digitally."))
    if nomination.state in (NominationState.DRAFT, NominationState.RETURNED):
        raise DomainError(_("The dossier has not been sent: a tờ trình is signed as it was sent."))
    if SignedProposal.objects.filter(nomination=nomination, round=nomination.return_count).exists():
        raise DomainError(_("The tờ trình of this dossier has already been digitally signed."))
    title = nomination_doc.title_proposal(nomination)
    data = layout.render_pdf(nomination_doc.proposal(nomination), title)
    provider = provider or get_provider()
    signed = sign_pdf(data, provider, reason=title)
    row = SignedProposal(nomination=nomination, round=nomination.return_count)
    row.record_signature(signed, actor, "to-trinh.pdf")
    row.save()
    log_action(actor, "reports.proposal.signed", nomination, data={
        "signed_proposal": row.pk, "round": row.round, "provider": provider.name, "subject": row.signature_subject,
        "serial": row.signature_serial, "issuer": row.signature_issuer, "signed_at": row.signed_pdf_at.isoformat()})
    return row


def _manages(user):

    return roles_of(user).manages_everything


def file_present(job, field="file"):
    name = getattr(job, field).name
    return bool(name) and default_storage.exists(name)


# The worker's part -----------------------------------------------------------------------------


def _progress(job, value):
    jobs.progress(job, value)


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
def _finish(held, fingerprint, pdf_name, xlsx_name, reused_from):
    job = jobs.lock_running(held)  # a cancelled job (or one handed to another worker) is left alone
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


def fail_job(job_id, message, detail="", attempt=None):
    return jobs.fail(ReportJob, job_id, message, detail, attempt=attempt)


def mark_retrying(job, detail, countdown=0):
    """A transient failure: back to queued while the task waits for its next try (the sweeper leaves it
    alone until then)."""
    eta = timezone.now() + datetime.timedelta(seconds=countdown)
    ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
        status=JobStatus.QUEUED, progress=0, error_detail=detail[:2000], dispatched_at=eta, heartbeat_at=None)


def run_job(job):
    """Produce the report of a claimed job. Transient errors propagate (the task retries them); every other
    failure ends the job as failed with a message the user may read."""
    job_id = job.pk
    _progress(job, 5)
    try:
        spec = registry.get(job.kind)
        if not spec.check_access(job.requested_by, job.params):
            raise ReportError(_("You may no longer see this report."))
        data = gather_data(spec, job.params, job.requested_by)
        fingerprint = data["fingerprint"]
        _progress(job, 40)
        reusable = _find_reusable(job, fingerprint)
        if reusable is not None:
            return _finish(job, fingerprint, reusable.file.name, reusable.xlsx_file.name, reusable.pk)
        pdf = spec.render_pdf(data)
        _progress(job, 80)
        pdf_name = job.file.field.generate_filename(job, filename_for(job, "pdf"))
        pdf_name = default_storage.save(pdf_name, ContentFile(pdf))
        xlsx_name = ""
        if registry.has_xlsx(spec):
            xlsx = spec.render_xlsx(data)
            xlsx_name = default_storage.save(job.xlsx_file.field.generate_filename(job, filename_for(job, "xlsx")),
                                             ContentFile(xlsx))
        return _finish(job, fingerprint, pdf_name, xlsx_name, None)
    except jobs.JobAbandoned:
        raise
    except SoftTimeLimitExceeded:
        return fail_job(job_id, _("The report took longer than allowed and was stopped. Try again later, "
                                  "or ask for a smaller report."), "soft time limit exceeded")
    except (ReportError, DomainError) as exc:
        return fail_job(job_id, exc.message, repr(exc), attempt=job.attempts)
    except registry.UnknownReport:
        return fail_job(job_id, _("This kind of report no longer exists."), f"unknown kind {job.kind}",
                        attempt=job.attempts)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:  # a bug or bad data: the user gets a plain message, the log gets the trace
        logger.exception("report job %s failed", job_id)
        return fail_job(job_id, _("The report could not be produced. Try again; if it fails again, tell the "
                                  "commendation board."), f"{type(exc).__name__}: {exc}", attempt=job.attempts)


def transient_failure_message():
    return _("The report could not be produced because a service was unavailable. Try again later.")


# Housekeeping ----------------------------------------------------------------------------------


def fail_if_stale(job):
    """For the job's pages: the machinery's checks for this one job (lost worker, time limit, undelivered)."""
    return jobs.redispatch_if_due(job)


def fail_stale_jobs():
    """The machinery's sweep (all job models); returns how many report jobs it failed."""
    before = set(ReportJob.objects.filter(status=JobStatus.FAILED).values_list("pk", flat=True))
    jobs.sweep()
    return ReportJob.objects.filter(status=JobStatus.FAILED).exclude(pk__in=before).count()


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

