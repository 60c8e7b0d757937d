import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.models import Unit

from .enums import RUNNING, ImportKind, ImportStatus


class ImportRun(models.Model):
    """One uploaded file: its check (preview) and, once confirmed, its import.

    The state lives here, not in the Celery result backend: the browser polls this row.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=255)
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
    summary = models.JSONField(_("import result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.original_name}"

    def get_absolute_url(self):
        return reverse("imports:run", args=[self.pk])

    @property
    def is_running(self):
        return self.status in RUNNING

    @property
    def error_count(self):
        return self.preview.get("error_count", 0)

    @property
    def can_confirm(self):
        return self.status == ImportStatus.PREVIEWED and not self.preview.get("file_errors") and not self.error_count
