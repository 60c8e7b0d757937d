"""Catalogue and legal data: award types, rule parameters, quotas, base salary, reward coefficients,
and the settings the board keeps as data (submission deadlines, appraisal time limits, ballot thresholds,
public holidays)."""


from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from emulation.dated import DatedRule
from emulation.text import format_money

from ..enums import AuthorityLevel, AwardKind, AwardLevel, AwardMethod, RecipientKind, RuleParameterKey


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
    requires_concurrence = models.BooleanField(
        _("requires concurrence (hiệp y) before the council"), default=False)
    concurrence_bodies = models.TextField(
        _("bodies asked to concur by default"), blank=True,
        help_text=_("One per line, e.g. Provincial Police, Provincial Inspectorate."))
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
    def is_central(self):
        """Conferred above the province (orders, medals, state titles, Government and Prime Minister's awards):
        nominated through the khen cao flow, never in a provincial decision."""
        return self.level == AwardLevel.STATE

    @property
    def default_concurrence_bodies(self):
        return [line.strip() for line in self.concurrence_bodies.splitlines() if line.strip()]

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


class RuleParameter(DatedRule):
    """A number an eligibility rule reads (e.g. 3 consecutive years, 70 %), with the dates it is in force."""

    overlap_key = ("award_type", "key")

    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="parameters",
                                   verbose_name=_("award type"))
    key = models.CharField(_("parameter"), max_length=40, choices=RuleParameterKey.choices)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("rule parameter")
        verbose_name_plural = _("rule parameters")
        ordering = ["award_type", "key", "-valid_from"]

    def __str__(self):
        return f"{self.award_type} / {self.get_key_display()}: {self.value}"


class QuotaSetting(DatedRule):
    """A provincial quota, checked as a warning: the award may go to at most ``max_percent`` % of the
    holders of ``relative_to`` in the same unit and year (or of the unit's people when it is empty)."""

    overlap_key = ("award_type", "relative_to")

    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="quotas",
                                   verbose_name=_("award type"))
    relative_to = models.ForeignKey(AwardType, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="+", verbose_name=_("counted against"),
                                    help_text=_("Empty: against the number of people of the unit."))
    max_percent = models.DecimalField(_("maximum share (%)"), max_digits=5, decimal_places=2)
    legal_basis = models.CharField(_("basis"), max_length=255, blank=True)  # the base's field, labelled "basis"

    class Meta:
        verbose_name = _("quota setting")
        verbose_name_plural = _("quota settings")
        ordering = ["award_type", "-valid_from"]

    def __str__(self):
        return f"{self.award_type} ≤ {self.max_percent}%"


class ConferringAuthority(models.Model):
    """Who signs a decision that confers awards (Chủ tịch nước, Thủ tướng, Chủ tịch UBND tỉnh, thủ trưởng cơ quan,
    Chủ tịch UBND cấp xã). What each may confer, and from when, is in ``ConferralPower``."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=20, choices=AuthorityLevel.choices)
    aliases = models.CharField(_("other names"), max_length=500, blank=True,
                               help_text=_("Names written on older decisions, separated by “;” (e.g. UBND tỉnh)."))
    order = models.PositiveSmallIntegerField(_("display order"), default=100)

    class Meta:
        verbose_name = _("conferring authority")
        verbose_name_plural = _("conferring authorities")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ConferralPower(DatedRule):
    """An authority may confer an award type from ``valid_from`` to ``valid_to`` (Luật TĐKT Điều 77–80,
    NĐ 129/2025, NĐ 152/2025). ``to_confirm``: the row is not checked against the full legal text yet."""

    overlap_key = ("authority", "award_type")

    authority = models.ForeignKey(ConferringAuthority, on_delete=models.CASCADE, related_name="powers",
                                  verbose_name=_("conferring authority"))
    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="conferral_powers",
                                   verbose_name=_("award type"))
    to_confirm = models.BooleanField(_("to be confirmed"), default=False,
                                     help_text=_("Not yet checked against the full legal text."))

    class Meta:
        verbose_name = _("conferral power")
        verbose_name_plural = _("conferral powers")
        ordering = ["award_type__order", "authority__order", "-valid_from"]

    def __str__(self):
        return f"{self.authority} → {self.award_type}"


class BaseSalary(DatedRule):
    """Mức lương cơ sở, with the dates it is in force."""

    overlap_key = ()  # one base salary at a time

    amount = models.PositiveIntegerField(_("amount (VND per month)"))
    to_confirm = models.BooleanField(_("to be confirmed"), default=False,
                                     help_text=_("Not yet checked against the full legal text."))

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{format_money(self.amount)} ({self.valid_from:%d/%m/%Y})"


class RewardCoefficient(DatedRule):
    """Hệ số tiền thưởng of an award type for a recipient kind, with the dates it is in force.

    ``coefficient`` null means the figure is unknown (not found in the legal texts): never guessed.
    ``is_ceiling``: the figure is a maximum and the giver enters the amount (Kỷ niệm chương).
    ``authority``: a row for decisions of that authority only (e.g. the commune chair's Giấy khen under NĐ 98);
    the row without one applies to every other authority.
    """

    overlap_key = ("award_type", "recipient_kind", "authority")

    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="coefficients",
                                   verbose_name=_("award type"))
    recipient_kind = models.CharField(pgettext_lazy("award recipient", "recipient"), max_length=20,
                                      choices=RecipientKind.choices)
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2, null=True, blank=True)
    authority = models.ForeignKey(ConferringAuthority, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("only for decisions of"),
                                  help_text=_("Leave empty for every authority."))
    is_ceiling = models.BooleanField(_("maximum only (the giver enters the amount)"), default=False)
    to_confirm = models.BooleanField(_("to be confirmed"), default=False,
                                     help_text=_("Not yet checked against the full legal text."))

    class Meta:
        verbose_name = _("reward coefficient")
        verbose_name_plural = _("reward coefficients")
        ordering = ["award_type", "recipient_kind", "-valid_from"]

    def __str__(self):
        return f"{self.award_type} / {self.get_recipient_kind_display()}: {self.coefficient}"


# Settings kept as data: deadlines, time limits, thresholds, holidays -------------------------------------


class SubmissionDeadline(models.Model):
    """The last day units may submit nominations of a year and an award method (set by the board)."""

    year = models.PositiveIntegerField(_("year"))
    method = models.CharField(_("award method"), max_length=20, choices=AwardMethod.choices)
    deadline = models.DateField(_("submission deadline"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("submission deadline")
        verbose_name_plural = _("submission deadlines")
        ordering = ["-year", "method"]
        constraints = [models.UniqueConstraint(fields=["year", "method"], name="submission_deadline_unique")]

    def __str__(self):
        return f"{self.year} – {self.get_method_display()}: {self.deadline:%d/%m/%Y}"


class AppraisalTimeLimit(DatedRule):
    """Thời hạn thẩm định: working days the board has from receipt; per award type, or the default (no type)."""

    overlap_key = ("award_type",)  # no award type: the default row, a rule of its own

    award_type = models.ForeignKey(AwardType, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="appraisal_limits", verbose_name=_("award type"),
                                   help_text=_("Leave empty for the default of every award type."))
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        verbose_name = _("appraisal time limit")
        verbose_name_plural = _("appraisal time limits")
        ordering = ["award_type__order", "-valid_from"]

    def __str__(self):
        return f"{self.award_type or _('Every award type')}: {self.working_days}"


class CouncilVoteThreshold(DatedRule):
    """The share of council members' votes an item needs in the secret ballot (e.g. ≥ 90 %)."""

    overlap_key = ("award_type",)  # no award type: the default row, a rule of its own

    award_type = models.ForeignKey(AwardType, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="vote_thresholds", verbose_name=_("award type"),
                                   help_text=_("Leave empty for the default of every award type voted on."))
    percent = models.DecimalField(_("threshold (%)"), max_digits=5, decimal_places=2)
    to_confirm = models.BooleanField(_("to be confirmed"), default=False,
                                     help_text=_("Not yet checked against the full legal text."))

    class Meta:
        verbose_name = _("council vote threshold")
        verbose_name_plural = _("council vote thresholds")
        ordering = ["award_type__order", "-valid_from"]

    def __str__(self):
        return f"{self.award_type or _('Every award type')}: {self.percent}%"


class CouncilQuorum(DatedRule):
    """The share of all council members who must be present for the council to vote (e.g. ≥ 2/3)."""

    overlap_key = ()  # one rule for every meeting

    percent = models.DecimalField(_("members present at least (%)"), max_digits=5, decimal_places=2)
    to_confirm = models.BooleanField(_("to be confirmed"), default=False,
                                     help_text=_("Not yet checked against the full legal text."))

    class Meta:
        verbose_name = _("council quorum")
        verbose_name_plural = _("council quorums")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.percent}%"


class PublicHoliday(models.Model):
    """A day off that is not a weekend (Tết, national holidays): not counted as a working day."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=255)
    to_confirm = models.BooleanField(_("to be confirmed"), default=False,
                                     help_text=_("The day depends on the Government's yearly notice: check it."))

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"
