from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emulation.jobs.models import Job, JobPhase
from emulation.models import Unit
from emulation.uploads import RandomName, UploadValidator

from .enums import ImportKind, ImportStatus

IMPORT_MAX_BYTES = 50 * 1024 * 1024  # settings.IMPORT_MAX_BYTES overrides it for uploads


class ImportRun(Job):
    """One uploaded file: its check (preview) and, once confirmed, its import — two phases of one job.

    The state lives here, not in the Celery result backend: the browser polls this row.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to=RandomName("imports"), max_length=255,
                            validators=[UploadValidator("spreadsheet", IMPORT_MAX_BYTES)])
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    scope_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="import_runs",
                                   verbose_name=_("for unit"),
                                   help_text=_("Rows must belong to this unit or its sub-units; empty: any unit."))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="import_runs", verbose_name=_("requested by"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("confirmed by"))
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    is_large = models.BooleanField(_("run in the background"), default=False)
    preview = models.JSONField(_("check result"), default=dict, blank=True)
    checked_file = models.FileField(_("checked rows"), upload_to=RandomName("imports/checked"), max_length=255,
                                    blank=True, editable=False,
                                    help_text=_("What the check found, kept for the confirmation (imports.stored)."))
    checked_signature = models.CharField(_("signature of the checked rows"), max_length=64, blank=True,
                                         editable=False)
    summary = models.JSONField(_("import result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True, help_text=_("A message safe to show the user."))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    job_queue = "imports"
    job_phases = (
        JobPhase("check", ImportStatus.QUEUED, ImportStatus.VALIDATING, "imports.check_run"),
        JobPhase("write", ImportStatus.CONFIRMED, ImportStatus.IMPORTING, "imports.perform_import"),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.original_name}"

    def get_absolute_url(self):
        return reverse("imports:run", args=[self.pk])

    def job_status_url(self):
        return reverse("imports:run_status", args=[self.pk])

    def job_retry_url(self):
        return reverse("imports:run_retry", args=[self.pk])

    def job_cancel_url(self):
        return reverse("imports:run_cancel", args=[self.pk])

    def time_limit_message(self):
        return gettext("The import took longer than allowed and was stopped; nothing was written. Try again.")

    @property
    def error_count(self):
        return self.preview.get("error_count", 0)

    @property
    def can_confirm(self):
        return self.status == ImportStatus.PREVIEWED and not self.preview.get("file_errors") and not self.error_count


def import_max_bytes():
    """The size limit of an uploaded import file (``settings.IMPORT_MAX_BYTES``, 50 MB when unset)."""
    return getattr(settings, "IMPORT_MAX_BYTES", IMPORT_MAX_BYTES)
