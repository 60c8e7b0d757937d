"""Changes of state of an import: upload → check (preview) → confirm → import; or cancel.

A small file is checked and imported inside the request; a file of more than
``settings.IMPORT_ASYNC_ROWS`` rows is checked and imported by Celery tasks, dispatched after commit,
while the browser polls the run. The import itself re-checks the file inside its one transaction,
so what is written always matches the database at that moment; any error writes nothing.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.notifications import notify
from emulation.roles import roles_of

from . import tasks
from .enums import ImportKind, ImportStatus
from .models import ImportRun
from .pipeline import ImportRefused, check_file, import_file
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
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise DomainError(_("Upload an Excel file (.xlsx)."), field="file")
    if upload.size > getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024):
        raise DomainError(_("The file is too large."), field="file")
    with transaction.atomic():
        run = ImportRun(kind=kind, original_name=name[:255], scope_unit=scope_unit, requested_by=actor)
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
            run_id = str(run.pk)
            transaction.on_commit(lambda: tasks.check_run.delay(run_id))
    if not run.is_large:
        check_run(run.pk)
        run.refresh_from_db()
    return run


def _update(run_id, **fields):
    ImportRun.objects.filter(pk=run_id).update(**fields)


def _tell_requester(run, message, action):
    """A large file runs in the background: tell whoever uploaded it when a step ends."""
    if run.is_large and run.requested_by_id:
        notify([run.requested_by], message % {"file": run.original_name}, url=run.get_absolute_url(),
               action=action)


def check_run(run_id):
    """Check the run's file and store the preview. Writes nothing else."""
    run = ImportRun.objects.select_related("scope_unit").filter(pk=run_id).first()
    if run is None or run.status not in (ImportStatus.QUEUED, ImportStatus.VALIDATING):
        return
    _update(run.pk, status=ImportStatus.VALIDATING, progress=0)
    last = [0]

    def progress(fraction):
        value = min(99, int(fraction * 100))
        if value >= last[0] + 5:
            last[0] = value
            _update(run.pk, progress=value)

    try:
        with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
            with run.file.open("rb") as fh:
                checked = check_file(fh, run.kind, run.scope_unit, progress)
            preview = checked.as_dict()
        _update(run.pk, status=ImportStatus.PREVIEWED, progress=100, preview=preview,
                row_count=checked.parsed.total_rows, checked_at=timezone.now(), error="")
        _tell_requester(run, _("The file “%(file)s” has been checked: look at the preview and confirm it."),
                        "imports.run.checked")
    except Exception as exc:  # a broken file must end as a failed run, never a run stuck in "checking"
        logger.exception("import check %s failed", run.pk)
        with translation.override(settings.LANGUAGE_CODE):
            message = _("The file could not be checked: %(error)s") % {"error": exc}
        _update(run.pk, status=ImportStatus.FAILED, error=message, finished_at=timezone.now())
        _tell_requester(run, _("The file “%(file)s” could not be checked."), "imports.run.failed")


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
    run.status = ImportStatus.IMPORTING
    run.progress = 0
    run.confirmed_by = actor
    run.error = ""
    run.save(update_fields=["status", "progress", "confirmed_by", "error"])
    log_action(actor, "imports.run.confirmed", run, unit=run.scope_unit, data={"kind": run.kind})
    if run.is_large:
        run_id = str(run.pk)
        transaction.on_commit(lambda: tasks.perform_import.delay(run_id))
    return run


def confirm_import(run, actor):
    """Confirm a checked file without errors: import it now, or queue the job for a large file."""
    run = _confirm(run, actor)
    if not run.is_large:
        perform_import(run.pk)
    run.refresh_from_db()
    return run


def perform_import(run_id):
    """Write every row of a confirmed run in one transaction; on any error nothing is written."""
    run = ImportRun.objects.select_related("scope_unit", "confirmed_by").filter(pk=run_id).first()
    if run is None or run.status != ImportStatus.IMPORTING:
        return
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        try:
            with transaction.atomic():
                with run.file.open("rb") as fh:
                    checked = import_file(fh, run.kind, run.scope_unit, actor=run.confirmed_by, run_id=run.pk)
                counts = checked.counts()
                _update(run.pk, status=ImportStatus.DONE, progress=100, summary=counts, finished_at=timezone.now())
                log_action(run.confirmed_by, "imports.run.completed", run, unit=run.scope_unit,
                           data={"kind": run.kind, "counts": counts})
            _tell_requester(run, _("The file “%(file)s” has been imported."), "imports.run.completed")
        except ImportRefused as refused:
            _update(run.pk, status=ImportStatus.PREVIEWED, progress=100, preview=refused.checked.as_dict(),
                    error=_("The data changed since the check and the file now has errors. Nothing was imported."))
        except Exception as exc:
            logger.exception("import %s failed", run.pk)
            _update(run.pk, status=ImportStatus.FAILED, finished_at=timezone.now(),
                    error=_("The import failed and nothing was imported: %(error)s") % {"error": exc})
            _tell_requester(run, _("The import of “%(file)s” failed and nothing was imported."),
                            "imports.run.failed")


@transaction.atomic
def cancel_run(run, actor):
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    roles = roles_of(actor)
    if not (roles.manages_everything or run.requested_by_id == actor.pk):
        raise DomainError(_("Only the person who uploaded the file or the board may cancel it."))
    if run.status not in (ImportStatus.PREVIEWED, ImportStatus.FAILED):
        raise DomainError(_("Only a checked or failed import can be cancelled."))
    run.status = ImportStatus.CANCELLED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    log_action(actor, "imports.run.cancelled", run, unit=run.scope_unit)
    return run
