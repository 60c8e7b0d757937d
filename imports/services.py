"""Changes of state of an import: upload → check (preview) → confirm → import; cancel; retry.

An ``ImportRun`` is a job of the core machinery (``emulation.jobs``) with two phases, ``check`` and
``write``. A small file runs both inside the request; a file of more than ``settings.IMPORT_ASYNC_ROWS``
rows is checked and imported by Celery tasks on the ``imports`` queue, dispatched after commit (a broker
outage leaves the run waiting with a message, never a 500), with a heartbeat, an attempt counter and the
sweeper behind them. The check keeps what it found in the storage (``imports.stored``); the import writes
those rows without reading the file again, inside one transaction, after making sure that the database rows
the check read are unchanged; if they changed it checks the file again, so what is written always matches the
database at that moment. Any error (a late integrity error too) writes nothing.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.jobs import services as jobs
from emulation.jobs.tasks import run_phase
from emulation.notifications import notify
from emulation.roles import roles_of
from emulation.uploads import validate_upload

from . import stored
from .enums import ImportKind, ImportStatus
from .models import ImportRun, import_max_bytes
from .pipeline import Checked, ImportRefused, ImportWriteError, check_file, import_file, write_checked
from .xlsx import Workbook, XlsxError

logger = logging.getLogger(__name__)


def may_import_for(user, unit):
    """The board imports for any unit (or the whole province); a clerk only for one of their own units."""
    roles = roles_of(user)
    if roles.manages_everything:
        return True
    return unit is not None and unit.pk in roles.clerk_unit_ids


def _guard_role(actor, unit):
    roles = roles_of(actor)
    if not (roles.manages_everything or roles.is_clerk):
        raise DomainError(_("Your role cannot import data."))
    if not may_import_for(actor, unit):
        raise DomainError(_("You may import data only for your own unit."), field="unit")


def start_import(actor, kind, upload, scope_unit=None):
    """Store the uploaded file as a new run and check it (now, or by a task for a large file)."""
    _guard_role(actor, scope_unit)
    if kind not in ImportKind.values:
        raise DomainError(_("Unknown kind of import."), field="kind")
    name = validate_upload(upload, kind="spreadsheet", field="file", max_bytes=import_max_bytes())
    with transaction.atomic():
        run = ImportRun(kind=kind, original_name=name, scope_unit=scope_unit, requested_by=actor)
        run.file.save(name, upload, save=False)
        run.save()
        try:
            with run.file.open("rb") as fh, Workbook(fh) as book:
                run.row_count = book.row_estimate()
        except XlsxError:
            run.row_count = 0
        run.is_large = run.row_count > settings.IMPORT_ASYNC_ROWS
        run.save(update_fields=["row_count", "is_large"])
        log_action(actor, "imports.run.uploaded", run, unit=scope_unit,
                   data={"kind": kind, "file": run.original_name, "rows": run.row_count})
        if run.is_large:
            jobs.dispatch_after_commit(run)
    if not run.is_large:
        check_run(run.pk)
        run.refresh_from_db()
    return run


def _tell_requester(run, message, action):
    """A large file runs in the background: tell whoever uploaded it when a step ends."""
    if run.is_large and run.requested_by_id:
        notify([run.requested_by], message % {"file": run.original_name}, url=run.get_absolute_url(),
               action=action)


def _fail(run, message, detail, notice):
    failed = jobs.fail(ImportRun, run.pk, message, detail, attempt=run.attempts)
    if failed is not None and failed.is_failed:
        _tell_requester(failed, notice, "imports.run.failed")
    return failed


# The check phase ---------------------------------------------------------------------------------


def _check(run):
    last = [0]

    def progress(fraction):
        value = min(99, int(fraction * 100))
        if value >= last[0] + 5:
            last[0] = value
            jobs.progress(run, value)

    try:
        with run.file.open("rb") as fh:
            checked = check_file(fh, run.kind, run.scope_unit, progress)
        preview = checked.as_dict()
        with transaction.atomic():
            held = jobs.lock_running(run)
            held.status = ImportStatus.PREVIEWED
            held.progress = 100
            held.preview = preview
            held.row_count = checked.parsed.total_rows
            held.checked_at = held.finished_at = timezone.now()
            held.error = ""
            _keep_check(held, checked if checked.ok else None)
            held.save(update_fields=["status", "progress", "preview", "row_count", "checked_at", "finished_at",
                                     "error", "checked_file", "checked_signature"])
        _tell_requester(run, _("The file “%(file)s” has been checked: look at the preview and confirm it."),
                        "imports.run.checked")
    except jobs.JobAbandoned:
        raise
    except Exception as exc:  # a broken file must end as a failed run, never a run stuck in "checking"
        logger.exception("import check %s failed", run.pk)
        _fail(run, _("The file could not be checked. Try again; if it fails again, tell the commendation board."),
              f"{type(exc).__name__}: {exc}", _("The file “%(file)s” could not be checked."))


def _keep_check(run, checked):
    """Keep the rows of a check without errors for the confirm (``checked`` None: forget a kept one). The file
    it replaces is deleted at once: should the transaction roll back, the run names a missing file, and a
    confirm then checks the uploaded file again."""
    old = run.checked_file.name if run.checked_file else ""
    storage = run.checked_file.storage
    if checked is not None:
        stored.store(run, checked)
    else:
        run.checked_file, run.checked_signature = "", ""
    if old:
        try:
            storage.delete(old)
        except Exception as exc:  # the storage refused: a stray file, not a failed import
            logger.warning("could not delete the kept check %s: %s", old, exc)


def check_run(run_id, task=None):
    """The check phase (in the request for a small file, by the ``imports.check_run`` task otherwise): read
    the run's file and store the preview. Writes nothing else."""
    return run_phase(task, ImportRun, run_id, "check", _check)  # the claimed run itself: the heartbeat reads it



# Confirm and the write phase ---------------------------------------------------------------------


@transaction.atomic
def _confirm(run, actor):
    run = ImportRun.objects.select_for_update(of=("self",)).select_related("scope_unit").get(pk=run.pk)
    roles = roles_of(actor)
    if not (roles.manages_everything or (roles.is_clerk and run.requested_by_id == actor.pk)):
        raise DomainError(_("Only the person who uploaded the file or the board may confirm it."))
    _guard_role(actor, run.scope_unit)
    if run.status != ImportStatus.PREVIEWED:
        raise DomainError(_("This import is not awaiting confirmation."))
    if not run.can_confirm:
        raise DomainError(_("The file has errors: correct them and upload it again. Nothing was imported."))
    run.confirmed_by = actor
    run.attempts = 0
    run.finished_at = None
    log_action(actor, "imports.run.confirmed", run, unit=run.scope_unit, data={"kind": run.kind})
    if run.is_large:
        jobs.requeue(run, run.phase_named("write"), fields=["confirmed_by", "attempts"])
    else:
        run.status = ImportStatus.CONFIRMED
        run.progress = 0
        run.error = ""
        run.save(update_fields=["status", "progress", "error", "confirmed_by", "attempts", "finished_at"])
    return run


def confirm_import(run, actor):
    """Confirm a checked file without errors: import it now, or queue the job for a large file (sent after
    commit; with the broker down the run waits with a message and is sent when it is back)."""
    run = _confirm(run, actor)
    if not run.is_large:
        perform_import(run.pk)
    run.refresh_from_db()
    return run


def _write(run):
    def progress(fraction):
        jobs.progress(run, min(99, int(fraction * 100)))

    try:
        with transaction.atomic():
            # The preview's rows, if the database rows its check read are as they were (the file is not read)
            checked = stored.reuse(run, Checked, progress)
            if checked is not None:
                progress(0.5)
                write_checked(checked, actor=run.confirmed_by, run_id=run.pk,
                              progress=lambda f: progress(0.5 + 0.49 * f))
            else:  # no kept check, or the data changed since: check the file again
                with run.file.open("rb") as fh:
                    checked = import_file(fh, run.kind, run.scope_unit, actor=run.confirmed_by, run_id=run.pk,
                                          progress=progress)
            counts = checked.counts()
            held = jobs.lock_running(run)  # cancelled meanwhile: JobAbandoned rolls everything back
            held.status = ImportStatus.DONE
            held.progress = 100
            held.summary = counts
            held.finished_at = timezone.now()
            _keep_check(held, None)
            held.save(update_fields=["status", "progress", "summary", "finished_at", "checked_file",
                                     "checked_signature"])
            log_action(run.confirmed_by, "imports.run.completed", held, unit=run.scope_unit,
                       data={"kind": run.kind, "counts": counts})
        _tell_requester(run, _("The file “%(file)s” has been imported."), "imports.run.completed")
    except jobs.JobAbandoned:
        raise
    except ImportRefused as refused:
        with transaction.atomic():
            held = jobs.lock_running(run)
            held.status = ImportStatus.PREVIEWED
            held.progress = 100
            held.preview = refused.checked.as_dict()
            held.error = _("The data changed since the check and the file now has errors. Nothing was imported.")
            _keep_check(held, None)
            held.save(update_fields=["status", "progress", "preview", "error", "checked_file", "checked_signature"])
    except ImportWriteError as refused:
        _fail(run, refused.message, refused.detail, _("The import of “%(file)s” failed and nothing was imported."))
    except Exception as exc:
        logger.exception("import %s failed", run.pk)
        _fail(run, _("The import failed and nothing was imported. Try again; if it fails again, tell the "
                     "commendation board."), f"{type(exc).__name__}: {exc}",
              _("The import of “%(file)s” failed and nothing was imported."))


def perform_import(run_id, task=None):
    """The write phase: write every row of a confirmed run in one transaction; on any error nothing is
    written, and the run says why in Vietnamese (a row-level message for a late integrity error)."""
    return run_phase(task, ImportRun, run_id, "write", _write)  # the claimed run itself: the heartbeat reads it


# Cancel and retry --------------------------------------------------------------------------------


def _may_act(run, actor):
    return roles_of(actor).manages_everything or run.requested_by_id == actor.pk


def cancel_run(run, actor):
    """Any state before done → cancelled: waiting, checked, failed, and a stuck one (its worker gone). A
    worker still on it stops at its next sign of life; an import in its write phase rolls back."""
    if not _may_act(run, actor):
        raise DomainError(_("Only the person who uploaded the file or the board may cancel it."))
    run = ImportRun.objects.get(pk=run.pk)
    if run.status in (ImportStatus.DONE, ImportStatus.CANCELLED):
        raise DomainError(_("This import has already ended and cannot be cancelled."))
    return jobs.cancel(run, actor, "imports.run.cancelled")


@transaction.atomic
def retry_run(run, actor):
    """failed → checked again (the data may have changed since), in the request or by a worker."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if not _may_act(run, actor):
        raise DomainError(_("Only the person who uploaded the file or the board may try it again."))
    if run.status != ImportStatus.FAILED:
        raise DomainError(_("Only a failed import can be tried again."))
    reason = run.error
    run.attempts = 0
    if run.is_large:
        jobs.requeue(run, run.phase_named("check"), fields=["attempts"])
    else:
        run.status = ImportStatus.QUEUED
        run.error = run.error_detail = ""
        run.progress = 0
        run.finished_at = None
        run.save(update_fields=["status", "error", "error_detail", "progress", "finished_at", "attempts"])
        transaction.on_commit(lambda: check_run(run.pk))
    log_action(actor, "imports.run.retried", run, unit=run.scope_unit, data={"reason": reason})
    return run
