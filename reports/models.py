from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emulation.audit import log_action
from emulation.dated import DatedRule
from emulation.jobs.models import Job, JobPhase
from emulation.notifications import notify
from emulation.signing.models import SignedDocument
from emulation.uploads import RandomName

from . import conf
from .enums import JobStatus


def _upload_to(job, filename):
    """The former stored path (kept for migration 0001); new files get a random name (``RandomName``)."""
    return f"reports/{job.created_at:%Y/%m}/{filename}"


class ReportJob(SignedDocument, Job):
    """One requested report. Its state lives here, never only in the Celery result backend.

    ``signed_pdf`` (``SignedDocument``) is the report's PDF signed digitally by the board: written once, kept past
    ``expires_at`` (the purge deletes only ``file`` and ``xlsx_file``)."""

    kind = models.CharField(_("report"), max_length=50, db_index=True)
    params_key = models.CharField(max_length=64, db_index=True, editable=False,
                                  help_text="sha256 of the canonical JSON of the parameters.")
    title = models.CharField(_("title"), max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs",
                                     verbose_name=_("requested by"))
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    # The application writes these files itself (the renderers): they are not uploads, so no upload check
    # (emulation.uploads.UploadValidator). They are stored under a random name like every file; the download
    # names them after the report (services.filename_for).
    file = models.FileField(_("PDF file"), upload_to=RandomName("reports"), max_length=300, blank=True)
    xlsx_file = models.FileField(_("Excel file"), upload_to=RandomName("reports"), max_length=300, blank=True)
    fingerprint = models.CharField(_("data fingerprint"), max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    job_queue = "reports"
    job_phases = (JobPhase("render", JobStatus.QUEUED, JobStatus.RUNNING, "reports.tasks.render_report"),)

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "params_key", "fingerprint", "status"])]

    def __str__(self):
        return self.title or self.kind

    def get_absolute_url(self):
        return reverse("reports:job", args=[self.pk])

    def job_status_url(self):
        return reverse("reports:job_status", args=[self.pk])

    def job_retry_url(self):
        return reverse("reports:job_retry", args=[self.pk])

    def job_cancel_url(self):
        return reverse("reports:job_cancel", args=[self.pk])

    def job_time_limit(self):
        return conf.hard_time_limit() + conf.stale_grace_seconds()

    def job_queued_timeout(self):
        return conf.queued_timeout_seconds()

    def time_limit_message(self):
        return gettext("The report was stopped: its worker stopped or its time limit passed. Try again.")

    def queued_timeout_message(self):
        return gettext("No worker took up the report in time. Try again.")

    def on_failed(self):
        log_action(None, "reports.job.failed", self, data={"error": self.error})
        notify([self.requested_by], gettext("Your report “%(title)s” could not be produced: %(error)s")
               % {"title": self, "error": self.error}, url=self.get_absolute_url(), action="reports.job.failed")

    def on_requeued(self):
        self.file = ""
        self.xlsx_file = ""


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


ISSUING_BODY_MAX = 85  # the letterhead sets this many characters in three lines at most (reports.documents.layout)


def body_key(text):
    """The key an issuing body is found by: case, spacing and the kind of dash do not matter."""
    text = " ".join(str(text or "").replace("–", "-").replace("—", "-").split())
    return text.casefold()[:255]


class IssuerSetting(DatedRule):
    """Who signs the documents of one issuing body, where, and on what legal bases (dated: a new row from the
    day the signer changes closes the old one).

    Found by the issuing body's text (``Decision.authority``, the sending unit's name for a tờ trình) through
    ``key`` (case, spaces and dashes ignored), or by ``unit`` when set. It depends on nothing else of a decision,
    so an authority model added to decisions later can point here by the same text. Used by the drafted
    documents (decision, tờ trình, báo cáo thành tích, ``reports.documents``) and by the reports' letterhead."""

    overlap_key = ("key",)

    issuing_body = models.CharField(
        _("issuing body"), max_length=255, validators=[MaxLengthValidator(ISSUING_BODY_MAX)],
        help_text=_("As printed (at most 85 characters: three lines) and as written on decisions, e.g. UBND tỉnh "
                    "Bình Phước."))
    key = models.CharField(max_length=255, editable=False, db_index=True)
    unit = models.ForeignKey("emulation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"),
                             help_text=_("For a unit's own documents (tờ trình, báo cáo thành tích)."))
    parent_body = models.CharField(_("governing body"), max_length=255, blank=True,
                                   help_text=_("Printed above the issuing body, e.g. UBND TỈNH …"))
    place = models.CharField(_("place name"), max_length=100,
                             help_text=_("The locality printed before the date (e.g. Bình Phước), never a venue."))
    on_behalf = models.CharField(_("on behalf of"), max_length=100, blank=True,
                                 help_text=_("First line of the signature block, e.g. TM. ỦY BAN NHÂN DÂN."))
    enacting = models.CharField(
        _("deciding authority line"), max_length=255, blank=True,
        help_text=_("Printed above the bases of a decision, e.g. CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH. "
                    "Empty: the issuing body."))
    capacity = models.CharField(_("signing capacity"), max_length=100, blank=True,
                                help_text=_("e.g. KT. CHỦ TỊCH"))
    signer_title = models.CharField(_("signer's title"), max_length=100, help_text=_("e.g. PHÓ CHỦ TỊCH"))
    signer_name = models.CharField(_("signer's name"), max_length=100)
    bases = models.TextField(_("legal bases (Căn cứ)"), blank=True,
                             help_text=_("One per line, printed at the head of a decision or tờ trình."))
    addressee = models.CharField(_("addressed to (Kính gửi)"), max_length=255, blank=True,
                                 help_text=_("Whom this body's tờ trình is addressed to."))
    executors = models.TextField(_("who carries out the decision"), blank=True,
                                 help_text=_("The last article of a decision, e.g. Chánh Văn phòng UBND tỉnh, Trưởng "
                                             "ban Ban Thi đua – Khen thưởng tỉnh."))
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True, help_text=_("One per line."))

    class Meta:
        verbose_name = _("issuing body's signer")
        verbose_name_plural = _("issuing bodies' signers")
        ordering = ["key", "-valid_from"]

    def __str__(self):
        return f"{self.issuing_body} – {self.signer_title} {self.signer_name}"

    def save(self, *args, **kwargs):
        self.key = body_key(self.issuing_body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "issuing_body" in update_fields:
            kwargs["update_fields"] = [*update_fields, "key"]
        super().save(*args, **kwargs)

    def clean(self):
        self.key = body_key(self.issuing_body)
        super().clean()

    def get_absolute_url(self):
        return reverse("reports:issuer_edit", args=[self.pk])

    def lines(self, field):
        return [line.strip() for line in getattr(self, field).splitlines() if line.strip()]


class SignedProposal(SignedDocument):
    """A nomination's tờ trình as drafted by the app (``reports.documents.nomination.proposal``) and signed
    digitally, once per sending of the dossier (``round`` is the dossier's ``return_count`` when it was signed): a
    dossier returned and sent again can get a new signed tờ trình; the earlier ones stay (never overwritten)."""

    nomination = models.ForeignKey("awards.Nomination", on_delete=models.PROTECT, related_name="signed_proposals",
                                   verbose_name=_("nomination"))
    round = models.PositiveSmallIntegerField(_("sending"), default=0,
                                             help_text=_("How many times the dossier had been returned."))

    class Meta:
        verbose_name = _("signed tờ trình")
        verbose_name_plural = _("signed tờ trình")
        ordering = ["nomination", "-round"]
        constraints = [models.UniqueConstraint(fields=["nomination", "round"], name="signed_proposal_once_per_round")]

    def __str__(self):
        return f"{self.nomination} ({self.round})"


def _mm(verbose, default, help_text=""):
    return models.DecimalField(verbose, max_digits=6, decimal_places=1, default=default, help_text=help_text)


class CertificateBlank(models.Model):
    """A pre-printed certificate blank (phôi bằng khen, giấy khen): its page size and where each piece of
    variable text goes, in millimetres from the top-left corner of the sheet. ``x`` is where the line starts
    (or its centre when ``centred``), ``y`` is the line the text sits on (its baseline). The offset moves every
    field at once, to correct a printer that feeds the sheet a little off (``reports.certificates``)."""

    FIELDS = ("recipient", "achievement", "decision", "place_date", "signer", "qr")

    name = models.CharField(_("name"), max_length=200, unique=True)
    page_width = _mm(_("page width (mm)"), 297)
    page_height = _mm(_("page height (mm)"), 210)
    font_size = models.PositiveSmallIntegerField(_("font size (pt)"), default=14)
    recipient_font_size = models.PositiveSmallIntegerField(_("recipient's font size (pt)"), default=22)
    centred = models.BooleanField(_("centre the lines on x"), default=True,
                                  help_text=_("Otherwise each line starts at x."))
    recipient_x = _mm(_("recipient: x (mm)"), "148.5")
    recipient_y = _mm(_("recipient: y (mm)"), 95)
    achievement_x = _mm(_("achievement: x (mm)"), "148.5")
    achievement_y = _mm(_("achievement: y (mm)"), 120)
    decision_x = _mm(_("decision number and date: x (mm)"), 60)
    decision_y = _mm(_("decision number and date: y (mm)"), 175)
    place_date_x = _mm(_("place and date: x (mm)"), 210)
    place_date_y = _mm(_("place and date: y (mm)"), 150)
    signer_x = _mm(_("signer: x (mm)"), 210)
    signer_y = _mm(_("signer: y (mm)"), 190)
    qr_x = _mm(_("QR code: x (mm)"), 20, _("The top-left corner of the QR code."))
    qr_y = _mm(_("QR code: y (mm)"), 170)
    qr_size = _mm(_("QR code size (mm)"), 22)
    offset_x = _mm(_("offset to the right (mm)"), 0,
                   _("Moves every field: positive to the right, negative to the left."))
    offset_y = _mm(_("offset downwards (mm)"), 0, _("Moves every field: positive down, negative up."))
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("certificate blank")
        verbose_name_plural = _("certificate blanks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:blank_edit", args=[self.pk])


class StatisticalForm(DatedRule):
    """One form of the state's statistical reporting on emulation and commendation (the 06xx series of the Ministry
    of Home Affairs' circular), with the dates it is in force: the report ``state_forms`` prints the code and the
    circular of the form in force on 31/12 of the reported year. ``confirmed`` off: the number or code was not
    checked against the published text yet (printed as "cần xác nhận")."""

    overlap_key = ("key",)

    class Key(models.TextChoices):
        CAMPAIGNS = "campaigns", _("Emulation campaigns")
        STATE = "state", _("State-level awards")
        PROVINCIAL = "provincial", _("Ministry- and provincial-level awards")

    key = models.CharField(_("statistical form"), max_length=20, choices=Key.choices)
    code = models.CharField(_("form code"), max_length=40, help_text=_("e.g. 0602.N/BNV-TĐKT"))
    title = models.CharField(_("form title"), max_length=255)
    confirmed = models.BooleanField(_("checked against the published text"), default=False)

    class Meta:
        verbose_name = _("statistical form")
        verbose_name_plural = _("statistical forms")
        ordering = ["key", "-valid_from"]

    def __str__(self):
        return f"{self.code} ({self.legal_basis})"
