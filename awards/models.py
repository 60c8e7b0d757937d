from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from emulation.models import Person, Unit

from .enums import (
    AppraisalRating,
    AwardKind,
    AwardLevel,
    AwardMethod,
    DisciplineKind,
    DisciplineMeasure,
    InitiativeLevel,
    RecipientKind,
    RuleParameterKey,
)


class AwardType(models.Model):
    """A title (danh hiệu thi đua) or form (hình thức khen thưởng) of the catalogue."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=AwardKind.choices)
    for_individuals = models.BooleanField(_("for individuals"), default=False)
    for_collectives = models.BooleanField(_("for collectives"), default=False)
    for_households = models.BooleanField(_("for households"), default=False)
    level = models.CharField(_("level"), max_length=20, choices=AwardLevel.choices)
    authority = models.CharField(_("conferring authority"), max_length=255, blank=True)
    rule = models.CharField(_("eligibility rule"), max_length=50, blank=True,
                            help_text=_("The code of the eligibility rule this award type uses."))
    requires_initiative = models.BooleanField(_("requires an initiative"), default=False)
    requires_posting = models.BooleanField(_("requires public posting before the council"), default=False)
    posting_working_days = models.PositiveSmallIntegerField(_("posting period (working days)"), default=0)
    requires_council_vote = models.BooleanField(_("requires a council secret ballot"), default=False)
    order = models.PositiveSmallIntegerField(_("display order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:type_detail", args=[self.pk])

    @property
    def recipient_kinds(self):
        out = []
        if self.for_individuals:
            out.append(RecipientKind.INDIVIDUAL)
        if self.for_collectives:
            out.append(RecipientKind.COLLECTIVE)
        if self.for_households:
            out.append(RecipientKind.HOUSEHOLD)
        return out


class RuleParameter(models.Model):
    """A number an eligibility rule reads (e.g. 3 consecutive years, 70 %), with the dates it is in force."""

    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="parameters",
                                   verbose_name=_("award type"))
    key = models.CharField(_("parameter"), max_length=40, choices=RuleParameterKey.choices)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("rule parameter")
        verbose_name_plural = _("rule parameters")
        ordering = ["award_type", "key", "-valid_from"]

    def __str__(self):
        return f"{self.award_type} / {self.get_key_display()}: {self.value}"


class QuotaSetting(models.Model):
    """A provincial quota, checked as a warning: the award may go to at most ``max_percent`` % of the
    holders of ``relative_to`` in the same unit and year (or of the unit's people when it is empty)."""

    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="quotas",
                                   verbose_name=_("award type"))
    relative_to = models.ForeignKey(AwardType, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="+", verbose_name=_("counted against"),
                                    help_text=_("Empty: against the number of people of the unit."))
    max_percent = models.DecimalField(_("maximum share (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quota setting")
        verbose_name_plural = _("quota settings")
        ordering = ["award_type", "-valid_from"]

    def __str__(self):
        return f"{self.award_type} ≤ {self.max_percent}%"


class BaseSalary(models.Model):
    """Mức lương cơ sở, with the dates it is in force."""

    amount = models.PositiveIntegerField(_("amount (VND per month)"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.amount:,} ({self.valid_from:%d/%m/%Y})"


class RewardCoefficient(models.Model):
    """Hệ số tiền thưởng of an award type for a recipient kind, with the dates it is in force.

    ``coefficient`` null means the figure is unknown (not found in the legal texts): never guessed.
    """

    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="coefficients",
                                   verbose_name=_("award type"))
    recipient_kind = models.CharField(pgettext_lazy("award recipient", "recipient"), max_length=20,
                                      choices=RecipientKind.choices)
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2, null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("reward coefficient")
        verbose_name_plural = _("reward coefficients")
        ordering = ["award_type", "recipient_kind", "-valid_from"]

    def __str__(self):
        return f"{self.award_type} / {self.get_recipient_kind_display()}: {self.coefficient}"


class Appraisal(models.Model):
    """Đánh giá, xếp loại: a person's or a unit's yearly rating."""

    year = models.PositiveIntegerField(_("year"))
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="appraisals",
                               verbose_name=_("person"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="appraisals",
                             verbose_name=_("unit"))
    rating = models.CharField(_("rating"), max_length=20, choices=AppraisalRating.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) ^ Q(unit__isnull=False),
                                   name="appraisal_person_xor_unit"),
            models.UniqueConstraint(fields=["person", "year"], condition=Q(person__isnull=False),
                                    name="appraisal_person_year_unique"),
            models.UniqueConstraint(fields=["unit", "year"], condition=Q(person__isnull=True),
                                    name="appraisal_unit_year_unique"),
        ]

    def __str__(self):
        return f"{self.person or self.unit} {self.year}: {self.get_rating_display()}"


class DisciplineRecord(models.Model):
    """Discipline, investigation, inspection or complaint verification: blocks nomination in its period."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="discipline_records", verbose_name=_("person"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="discipline_records", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=20, choices=DisciplineKind.choices)
    measure = models.CharField(_("disciplinary measure"), max_length=20, choices=DisciplineMeasure.choices,
                               blank=True, default="")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("discipline or review")
        verbose_name_plural = _("discipline and reviews")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) ^ Q(unit__isnull=False),
                                   name="discipline_person_xor_unit"),
        ]

    def __str__(self):
        return f"{self.person or self.unit}: {self.get_kind_display()}"


class Initiative(models.Model):
    """Sáng kiến, recognised at a level by a decision."""

    title = models.CharField(_("title"), max_length=500)
    authors = models.ManyToManyField(Person, related_name="initiatives", verbose_name=_("authors"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("unit"))
    year = models.PositiveIntegerField(_("year"))
    level = models.CharField(_("recognised level"), max_length=20, choices=InitiativeLevel.choices)
    decision_number = models.CharField(_("recognising decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("recognising decision date"), null=True, blank=True)
    decision_body = models.CharField(_("recognising body"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:initiative_detail", args=[self.pk])


class Award(models.Model):
    """The register: one conferred title or form, for a person or a unit."""

    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="awards",
                                   verbose_name=_("award type"))
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="awards",
                               verbose_name=_("person"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="awards", verbose_name=_("unit"),
                             help_text=_("The collective awarded, or the person's unit at the time."))
    recipient_kind = models.CharField(pgettext_lazy("award recipient", "recipient"), max_length=20,
                                      choices=RecipientKind.choices)
    year = models.PositiveIntegerField(_("year of achievement"), db_index=True)
    method = models.CharField(_("award method"), max_length=20, choices=AwardMethod.choices,
                              default=AwardMethod.REGULAR)
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="awards", verbose_name=_("campaign"))
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=255, blank=True)
    decision_authority = models.CharField(_("issuing authority"), max_length=255, blank=True)
    amount = models.PositiveIntegerField(_("reward amount (VND)"), null=True, blank=True)
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="used_for_awards",
                                         verbose_name=_("initiatives used"))
    revoked = models.BooleanField(_("revoked"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    achievement_date = models.DateField(_("date of achievement"), null=True, blank=True,
                                        help_text=_("For extraordinary or thematic awards; otherwise the year."))
    entered_manually = models.BooleanField(_("entered by hand"), default=False,
                                           help_text=_("History entered from paper records, not from a decision "
                                                       "made in this system."))

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards register")
        ordering = ["year", "decision_date", "pk"]
        indexes = [
            models.Index(fields=["person", "year"]),
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["award_type", "year"]),
        ]

    def __str__(self):
        return f"{self.award_type} – {self.person or self.unit} ({self.year})"

    def get_absolute_url(self):
        return reverse("awards:award_detail", args=[self.pk])

    @property
    def recipient(self):
        return self.person if self.person_id else self.unit


from .nomination_models import *  # noqa: E402,F401,F403
