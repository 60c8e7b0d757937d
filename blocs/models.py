from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from emulation.dated import DatedRule
from emulation.models import Unit
from emulation.uploads import RandomName, UploadValidator

from .enums import BlocYearState, CriterionKind, ProposalKind, ScorecardState


class Bloc(models.Model):
    """Khối thi đua: a group of similar units organised by an emulation council."""

    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(_("code"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    council = models.CharField(_("organising council"), max_length=255, blank=True,
                               help_text=_("The emulation and commendation council that organises the bloc."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("emulation bloc")
        verbose_name_plural = _("emulation blocs")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blocs:bloc_detail", args=[self.pk])


class BlocYear(models.Model):
    """One bloc in one year: its members, head unit (Khối trưởng) and deputy unit (Khối phó)."""

    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="years", verbose_name=_("bloc"))
    year = models.PositiveIntegerField(_("year"))
    members = models.ManyToManyField(Unit, through="BlocMembership", related_name="bloc_years",
                                     verbose_name=_("member units"))
    head_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="headed_bloc_years",
                                  verbose_name=_("head unit (Khối trưởng)"))
    deputy_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="deputy_bloc_years", verbose_name=_("deputy unit (Khối phó)"))
    state = models.CharField(_("state"), max_length=20, choices=BlocYearState.choices,
                             default=BlocYearState.PREPARING)
    self_scoring_deadline = models.DateField(_("self-scoring deadline"), null=True, blank=True)
    review_deadline = models.DateField(_("review deadline"), null=True, blank=True)
    meeting_date = models.DateField(_("year-end meeting date"), null=True, blank=True)

    class Meta:
        verbose_name = _("bloc year")
        verbose_name_plural = _("bloc years")
        ordering = ["-year", "bloc__code"]
        constraints = [models.UniqueConstraint(fields=["bloc", "year"], name="bloc_year_unique")]

    def __str__(self):
        return f"{self.bloc.name} – {self.year}"

    def get_absolute_url(self):
        return reverse("blocs:blocyear_detail", args=[self.pk])


class BlocMembership(models.Model):
    bloc_year = models.ForeignKey(BlocYear, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bloc_memberships",
                             verbose_name=_("unit"))

    class Meta:
        verbose_name = _("bloc member")
        verbose_name_plural = _("bloc members")
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "unit"], name="bloc_membership_unique"),
        ]

    def __str__(self):
        return f"{self.unit} ∈ {self.bloc_year}"


class CriteriaSet(models.Model):
    """Bộ tiêu chí: the scoring sheet of one bloc year, a tree of sections and criteria."""

    bloc_year = models.OneToOneField(BlocYear, on_delete=models.CASCADE, related_name="criteria_set",
                                     verbose_name=_("bloc year"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    standard_total = models.DecimalField(
        _("total of standard points"), max_digits=7, decimal_places=2, default=Decimal("100"),
        help_text=_("The maximums of the standard criteria must add up to this before scoring opens."))
    bonus_cap = models.DecimalField(
        _("cap on bonus points"), max_digits=7, decimal_places=2, default=Decimal("10"),
        help_text=_("Bonus points above this cap do not count (the cap applies to the whole bonus part)."))

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")

    def __str__(self):
        return self.title or str(_("Criteria of %(bloc_year)s") % {"bloc_year": self.bloc_year})

    def get_absolute_url(self):
        return reverse("blocs:criteria", args=[self.bloc_year_id])


class Criterion(models.Model):
    """A node of the criteria tree: a section (groups children) or a scored criterion (a leaf)."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria",
                                     verbose_name=_("criteria set"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
                               verbose_name=_("section"))
    is_section = models.BooleanField(_("section"), default=False)
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=500)
    guidance = models.TextField(_("guidance"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.STANDARD)
    max_points = models.DecimalField(_("maximum points"), max_digits=7, decimal_places=2, default=Decimal("0"))
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    position = models.PositiveIntegerField(pgettext_lazy("criterion", "position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_unique"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_max_points_not_negative"),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"


class Scorecard(models.Model):
    """Bảng chấm điểm: one member unit's scores in one bloc year."""

    bloc_year = models.ForeignKey(BlocYear, on_delete=models.CASCADE, related_name="scorecards",
                                  verbose_name=_("bloc year"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scorecards", verbose_name=_("unit"))
    state = models.CharField(_("state"), max_length=20, choices=ScorecardState.choices, default=ScorecardState.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1,
                                          help_text=_("Raised on every save; a stale form is refused."))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    is_late = models.BooleanField(_("submitted late"), default=False)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reviewed by"))
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("finalised by"))
    entered_on_behalf = models.BooleanField(
        _("entered by the board on the unit's behalf"), default=False,
        help_text=_("The unit did not submit in time; the board entered its scores."))
    closed_out_reason = models.TextField(_("reason the scorecard was closed out"), blank=True)
    closed_out_at = models.DateTimeField(_("closed out at"), null=True, blank=True)
    closed_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("closed out by"))

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["bloc_year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["bloc_year", "unit"], name="scorecard_unique")]

    def __str__(self):
        return _("Scorecard of %(unit)s, %(year)s") % {"unit": self.unit, "year": self.bloc_year.year}

    def get_absolute_url(self):
        return reverse("blocs:scorecard", args=[self.pk])


class ScoreEntry(models.Model):
    """The points of one criterion on one scorecard: self, reviewed and final, with notes and answers."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="entries",
                                  verbose_name=_("scorecard"))
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="entries",
                                  verbose_name=_("criterion"))
    self_points = models.DecimalField(_("self points"), max_digits=7, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("unit's note"), blank=True)
    reviewed_points = models.DecimalField(_("reviewed points"), max_digits=7, decimal_places=2, null=True,
                                          blank=True)
    review_reason = models.TextField(_("reason for the reviewed points"), blank=True)
    question = models.TextField(_("request for explanation"), blank=True)
    explanation = models.TextField(_("unit's explanation"), blank=True)
    final_points = models.DecimalField(_("final points"), max_digits=7, decimal_places=2, null=True, blank=True)
    final_reason = models.TextField(_("reason for the final points"), blank=True)

    class Meta:
        verbose_name = _("score entry")
        verbose_name_plural = _("score entries")
        constraints = [models.UniqueConstraint(fields=["scorecard", "criterion"], name="score_entry_unique")]

    def __str__(self):
        return f"{self.scorecard_id}/{self.criterion_id}"


def evidence_path(instance, filename):
    """The former stored path (kept for migration 0002); new files get a random name (``RandomName``)."""
    return f"blocs/evidence/{instance.scorecard.bloc_year_id}/{instance.scorecard_id}/{filename}"


class Evidence(models.Model):
    """A file that supports the points claimed for one criterion (minh chứng)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="evidence",
                                  verbose_name=_("scorecard"))
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="evidence",
                                  verbose_name=_("criterion"))
    file = models.FileField(_("file"), upload_to=RandomName("blocs/evidence"), max_length=500,
                            validators=[UploadValidator("document")])
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["criterion", "pk"]

    def __str__(self):
        return self.original_name


class VoteThreshold(DatedRule):
    """The share of voters present a unit needs in the bloc's secret ballot, valid over a period.

    A dated rule (``emulation.dated``): one threshold in force at a time (``overlap_key = ()``). Its legal
    basis keeps its own column ``basis`` (the base's ``legal_basis`` is dropped) and ``valid_to`` its label
    "valid until", so adopting the base changed no column.
    """

    overlap_key = ()

    percent = models.DecimalField(_("threshold (percentage of voters present)"), max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(0), MaxValueValidator(100)])
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    legal_basis = None

    class Meta:
        verbose_name = _("vote threshold")
        verbose_name_plural = _("vote thresholds")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.percent}% ({self.valid_from:%d/%m/%Y})"


class Vote(models.Model):
    """Bỏ phiếu suy tôn: the result of the bloc's secret ballot at the year-end meeting."""

    bloc_year = models.OneToOneField(BlocYear, on_delete=models.CASCADE, related_name="vote",
                                     verbose_name=_("bloc year"))
    held_on = models.DateField(_("held on"))
    voters_present = models.PositiveIntegerField(_("voters present"), validators=[MinValueValidator(1)])
    threshold_percent = models.DecimalField(_("threshold applied (%)"), max_digits=5, decimal_places=2)
    note = models.TextField(_("minutes note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self):
        return _("Vote of %(bloc_year)s") % {"bloc_year": self.bloc_year}


class VoteResult(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="results", verbose_name=_("vote"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    votes_for = models.PositiveIntegerField(_("votes for"), default=0)

    class Meta:
        verbose_name = _("vote result")
        verbose_name_plural = _("vote results")
        ordering = ["-votes_for", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["vote", "unit"], name="vote_result_unique")]

    def __str__(self):
        return f"{self.unit}: {self.votes_for}"

    @property
    def percent(self):
        if not self.vote.voters_present:
            return Decimal("0")
        return (Decimal(self.votes_for) * 100 / self.vote.voters_present).quantize(Decimal("0.01"))

    @property
    def passes(self):
        return self.percent >= self.vote.threshold_percent


class Proposal(models.Model):
    """A unit the bloc proposes for the provincial flag or a Diploma of Merit, from the vote.

    The awards work picks these up through ``blocs.selectors.proposals_for_bloc_year``.
    """

    bloc_year = models.ForeignKey(BlocYear, on_delete=models.CASCADE, related_name="proposals",
                                  verbose_name=_("bloc year"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bloc_proposals", verbose_name=_("unit"))
    kind = models.CharField(_("proposed for"), max_length=10, choices=ProposalKind.choices)
    votes = models.PositiveIntegerField(_("votes for"), default=0)
    voters_present = models.PositiveIntegerField(_("voters present"), default=0)
    rank = models.PositiveIntegerField(_("rank on the scoreboard"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("proposed by"))
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bloc proposal")
        verbose_name_plural = _("bloc proposals")
        ordering = ["bloc_year", "kind", "-votes", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["bloc_year", "unit", "kind"], name="proposal_unique")]

    def __str__(self):
        return f"{self.unit} – {self.get_kind_display()} ({self.bloc_year.year})"


class BlocYearAssessment(models.Model):
    """What the bloc leaders write for the year-end summary of their bloc year (báo cáo tổng kết của khối):
    common activities, strengths, weaknesses, lessons, directions for next year and recommendations."""

    bloc_year = models.OneToOneField(BlocYear, on_delete=models.CASCADE, related_name="assessment",
                                     verbose_name=_("bloc year"))
    activities = models.TextField(_("common activities"), blank=True,
                                  help_text=_("The activities the bloc held together during the year."))
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses and shortcomings"), blank=True)
    lessons = models.TextField(_("lessons learnt"), blank=True)
    directions = models.TextField(_("directions and tasks for next year"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("updated by"))

    TEXT_FIELDS = ("activities", "strengths", "weaknesses", "lessons", "directions", "recommendations")

    class Meta:
        db_table = "reports_blocyearassessment"  # written by the reports app until it moved here
        verbose_name = _("bloc year assessment")
        verbose_name_plural = _("bloc year assessments")

    def __str__(self):
        return str(self.bloc_year)

    def get_absolute_url(self):
        return reverse("blocs:assessment", args=[self.bloc_year_id])
