import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import JobStatus


def _upload_to(job, filename):
    return f"reports/{job.created_at:%Y/%m}/{filename}"


class ReportJob(models.Model):
    """One requested report. Its state lives here, never only in the Celery result backend."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("report"), max_length=50, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    params_key = models.CharField(max_length=64, db_index=True, editable=False,
                                  help_text="sha256 of the canonical JSON of the parameters.")
    title = models.CharField(_("title"), max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs",
                                     verbose_name=_("requested by"))
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("PDF file"), upload_to=_upload_to, max_length=300, blank=True)
    xlsx_file = models.FileField(_("Excel file"), upload_to=_upload_to, max_length=300, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True, help_text=_("A message safe to show the user."))
    error_detail = models.TextField(_("technical detail"), blank=True,
                                    help_text=_("For administrators only; never shown to the user."))
    fingerprint = models.CharField(_("data fingerprint"), max_length=64, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "params_key", "fingerprint", "status"])]

    def __str__(self):
        return self.title or self.kind

    def get_absolute_url(self):
        return reverse("reports:job", args=[self.pk])

    @property
    def is_active(self):
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def is_done(self):
        return self.status == JobStatus.DONE

    @property
    def is_failed(self):
        return self.status == JobStatus.FAILED


class Letterhead(models.Model):
    """The issuing body and signature block printed on report documents (one row; the newest active wins)."""

    parent_body = models.CharField(_("governing body"), max_length=255, blank=True,
                                   help_text=_("Printed above the issuing body, e.g. UBND TỈNH …"))
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    symbol = models.CharField(_("document symbol"), max_length=50, blank=True,
                              help_text=_("The part after the number, e.g. BC-BTĐKT."))
    place = models.CharField(_("place"), max_length=100, help_text=_("Printed before the date."))
    signer_capacity = models.CharField(_("signing capacity"), max_length=100, blank=True,
                                       help_text=_("e.g. KT. TRƯỞNG BAN"))
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True, help_text=_("One per line."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")
        ordering = ["-pk"]

    def __str__(self):
        return self.issuing_body

