from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.models import Unit
from emulation.uploads import RandomName, UploadValidator

from .enums import CommitmentKind, FulfilmentResult, PledgeState, ReportState


class Pledge(models.Model):
    """Giao ước thi đua: the annual pledge of a bloc year, signed by every member unit."""

    bloc_year = models.OneToOneField("blocs.BlocYear", on_delete=models.PROTECT, related_name="pledge",
                                     verbose_name=_("bloc year"))
    title = models.CharField(_("title"), max_length=500)
    preamble = models.TextField(_("preamble"), blank=True)
    ceremony_date = models.DateField(_("signing ceremony date"), null=True, blank=True)
    ceremony_place = models.CharField(_("signing ceremony place"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=PledgeState.choices, default=PledgeState.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened for signing at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed by all at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("emulation pledge")
        verbose_name_plural = _("emulation pledges")
        ordering = ["-bloc_year__year", "bloc_year__bloc__code"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pledges:pledge_detail", args=[self.pk])


class Commitment(models.Model):
    """Nội dung giao ước: one pledged target, measurable (figure and unit) or a yes/no undertaking."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="commitments",
                               verbose_name=_("pledge"))
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("content"))
    kind = models.CharField(_("kind"), max_length=20, choices=CommitmentKind.choices,
                            default=CommitmentKind.UNDERTAKING)
    target_figure = models.DecimalField(_("target figure"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField(_("unit of measure"), max_length=50, blank=True,
                                   help_text=_("For example: %, documents, million VND."))
    criterion_code = models.CharField(
        _("scoring criterion"), max_length=50, blank=True,
        help_text=_("The code of the scoring criterion this commitment feeds, if any."),
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["pledge", "position", "pk"]

    def __str__(self):
        return f"{self.position}. {self.text[:80]}"

    @property
    def is_measurable(self):
        return self.kind == CommitmentKind.MEASURABLE


class Signature(models.Model):
    """A member unit's signature, entered by its clerk, naming who signed at the ceremony.

    A withdrawn signature stays as history (``withdrawn_at`` set); at most one live signature per unit.
    """

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="signatures",
                               verbose_name=_("pledge"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="pledge_signatures",
                             verbose_name=_("unit"))
    representative_name = models.CharField(_("representative"), max_length=200)
    representative_position = models.CharField(_("representative's position"), max_length=200)
    signed_at = models.DateTimeField(_("signed at"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("recorded by"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("withdrawn by"))
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["pledge", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "unit"], condition=Q(withdrawn_at__isnull=True),
                                    name="pledge_one_live_signature_per_unit"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.representative_name}"


def fulfilment_evidence_path(instance, filename):
    """The former stored path (kept for migration 0001); new files get a random name (``RandomName``)."""
    return f"pledges/{instance.report.pledge_id}/{instance.report.unit_id}/{filename}"


class FulfilmentReport(models.Model):
    """A member unit's year-end report on its pledge, confirmed by the bloc leaders."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="reports", verbose_name=_("pledge"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="pledge_reports", verbose_name=_("unit"))
    state = models.CharField(_("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)

    class Meta:
        verbose_name = _("fulfilment report")
        verbose_name_plural = _("fulfilment reports")
        ordering = ["pledge", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["pledge", "unit"], name="pledge_report_unique")]

    def __str__(self):
        return f"{self.unit} – {self.pledge}"

    def get_absolute_url(self):
        return reverse("pledges:report", args=[self.pledge_id, self.unit_id])


class FulfilmentLine(models.Model):
    """One commitment's result in a unit's report: achieved / partly / not achieved, figure, evidence."""

    report = models.ForeignKey(FulfilmentReport, on_delete=models.CASCADE, related_name="lines",
                               verbose_name=_("report"))
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="lines",
                                   verbose_name=_("commitment"))
    result = models.CharField(_("result"), max_length=20, choices=FulfilmentResult.choices)
    figure = models.DecimalField(_("figure achieved"), max_digits=14, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to=RandomName("pledges/evidence"), max_length=300,
                                     blank=True, validators=[UploadValidator("document")])
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True,
                                     help_text=_("The name of the file as the unit uploaded it."))

    class Meta:
        verbose_name = _("fulfilment line")
        verbose_name_plural = _("fulfilment lines")
        ordering = ["report", "commitment__position", "commitment__pk"]
        constraints = [models.UniqueConstraint(fields=["report", "commitment"], name="fulfilment_line_unique")]

    def __str__(self):
        return f"{self.commitment} – {self.get_result_display()}"
