"""The eligibility engine: one rule per award type (``AwardType.rule``), run over a batch.

A rule is a function ``rule(recipient, year, ctx) -> Verdict`` registered with ``@register("code")``.
``ctx`` is a ``BatchContext`` that loads the records every rule reads (appraisals, awards, initiatives,
discipline) for the whole batch in a handful of queries, so checking 500 people costs the same number
of queries as checking one.

``check_batch(award_type, recipients, year)`` is the entry point the nomination builder, the eligibility
page and the year view call. An award type without a rule (or with an unknown rule code) is
"not checked automatically": eligible with a warning that a person must judge it.

The rules of the law live in ``awards.eligibility.rules`` (imported by the package, so importing
``awards.eligibility`` registers them). Rules
registered with ``quota=True`` also get the provincial quota warnings (``QuotaSetting``) after the batch.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.models import Person, UnitMembership

from ..enums import DisciplineKind, DisciplineMeasure
from ..models import Appraisal, Award, DisciplineRecord, Initiative, RuleParameter
from .quotas import apply_quotas

RULES = {}
QUOTA_RULES = set()
RULE_LABELS = {}


@dataclass
class Verdict:
    eligible: bool
    reasons: list = field(default_factory=list)  # why not eligible, in Vietnamese, naming the missing evidence
    warnings: list = field(default_factory=list)  # quota and other soft checks
    evidence: dict = field(default_factory=dict)  # e.g. {"initiatives": [ids]} used by the decision


def register(code, *, quota=False, label=None):
    """Register ``fn`` as the rule ``code``. ``quota=True``: apply the provincial quota warnings too."""

    def wrap(fn):
        RULES[code] = fn
        if quota:
            QUOTA_RULES.add(code)
        else:
            QUOTA_RULES.discard(code)
        if label is not None:
            RULE_LABELS[code] = label
        return fn

    return wrap


def rule_choices():
    """(code, label) of every registered rule, for the catalogue form."""
    return [(code, str(RULE_LABELS.get(code, code))) for code in sorted(RULES)]


def _is_person(obj):
    return obj._meta.model_name == "person"



@dataclass
class AwardRow:
    pk: int
    person_id: int | None
    unit_id: int
    code: str
    name: str
    year: int
    decision_number: str


@dataclass
class InitiativeRow:
    pk: int
    title: str
    year: int
    level: str
    used_for: list = field(default_factory=list)  # [AwardRow]


@dataclass
class DisciplineRow:
    kind: str
    measure: str
    start: datetime.date
    end: datetime.date | None
    label: str

    def overlaps(self, first_year, last_year):
        return self.start <= datetime.date(last_year, 12, 31) and (
            self.end is None or self.end >= datetime.date(first_year, 1, 1))


class BatchContext:
    """Records for a batch of recipients, loaded once. Rules read from here, never from the database.

    ``cache`` may be shared between batches of the same recipients and year (the year view checks
    several award types over the same people): record loaders are keyed by the ids they load.
    """

    def __init__(self, award_type, recipients, year, cache=None):
        self.award_type = award_type
        self.recipients = list(recipients)
        self.year = year
        self.cache = cache if cache is not None else {}
        self.ref_date = datetime.date(year, 12, 31)
        self.today = timezone.localdate()
        self.person_ids = tuple(sorted(r.pk for r in self.recipients if _is_person(r)))
        self.unit_ids = tuple(sorted(r.pk for r in self.recipients if not _is_person(r)))

    def get(self, key, loader):
        if key not in self.cache:
            self.cache[key] = loader()
        return self.cache[key]

    # Dated numbers ---------------------------------------------------------------------------

    def param(self, key, default):
        """The rule parameter in force on 31/12 of the year; for a year before the first row, the earliest
        row (the law's figure applied back); the rule's default only when the catalogue has none."""

        def load():
            rows = defaultdict(list)
            for row in RuleParameter.objects.filter(award_type=self.award_type).order_by("valid_from"):
                rows[row.key].append(row)
            return rows

        rows = self.get(("params", self.award_type.pk), load).get(key, [])
        chosen = None
        for row in rows:
            if row.valid_from <= self.ref_date and (row.valid_to is None or row.valid_to >= self.ref_date):
                chosen = row
        if chosen is None and rows and rows[0].valid_from > self.ref_date:
            chosen = rows[0]
        return Decimal(chosen.value) if chosen is not None else Decimal(default)

    # Records of people -------------------------------------------------------------------------

    def appraisals(self, person_ids=None):
        """``{person_id: {year: rating}}``."""
        ids = self.person_ids if person_ids is None else tuple(sorted(person_ids))

        def load():
            out = defaultdict(dict)
            for pid, year, rating in Appraisal.objects.filter(person_id__in=ids).values_list(
                    "person_id", "year", "rating"):
                out[pid][year] = rating
            return out

        return self.get(("appraisals", ids), load)

    def unit_appraisals(self):
        """``{unit_id: {year: rating}}`` of the units of the batch."""
        ids = self.unit_ids

        def load():
            out = defaultdict(dict)
            for uid, year, rating in Appraisal.objects.filter(person__isnull=True, unit_id__in=ids).values_list(
                    "unit_id", "year", "rating"):
                out[uid][year] = rating
            return out

        return self.get(("unit_appraisals", ids), load)

    def awards(self, person_ids=None):
        """``{person_id: [AwardRow]}`` of the people's awards in force (not revoked), oldest first."""
        ids = self.person_ids if person_ids is None else tuple(sorted(person_ids))

        def load():
            out = defaultdict(list)
            rows = Award.objects.filter(person_id__in=ids, revoked=False).order_by("year", "pk").values_list(
                "pk", "person_id", "unit_id", "award_type__code", "award_type__name", "year", "decision_number")
            for row in rows:
                out[row[1]].append(AwardRow(*row))
            return out

        return self.get(("awards", ids), load)

    def unit_awards(self):
        """``{unit_id: [AwardRow]}`` of the collective awards of the batch's units."""
        ids = self.unit_ids

        def load():
            out = defaultdict(list)
            rows = Award.objects.filter(person__isnull=True, unit_id__in=ids, revoked=False).order_by(
                "year", "pk").values_list("pk", "person_id", "unit_id", "award_type__code", "award_type__name",
                                          "year", "decision_number")
            for row in rows:
                out[row[2]].append(AwardRow(*row))
            return out

        return self.get(("unit_awards", ids), load)

    def initiatives(self):
        """``{person_id: [InitiativeRow]}``, each with the awards it was already used for."""
        ids = self.person_ids

        def load():
            by_pk = {}
            out = defaultdict(list)
            rows = Initiative.authors.through.objects.filter(person_id__in=ids).order_by(
                "initiative__year", "initiative_id").values_list(
                "person_id", "initiative_id", "initiative__title", "initiative__year", "initiative__level")
            for author, pk, title, year, level in rows:
                item = by_pk.setdefault(pk, InitiativeRow(pk, title, year, level))
                out[author].append(item)
            if by_pk:
                used = Award.initiatives.through.objects.filter(
                    initiative_id__in=list(by_pk), award__revoked=False).values_list(
                    "initiative_id", "award_id", "award__person_id", "award__unit_id", "award__award_type__code",
                    "award__award_type__name", "award__year", "award__decision_number")
                for initiative_id, *award in used:
                    by_pk[initiative_id].used_for.append(AwardRow(*award))
            return out

        return self.get(("initiatives", ids), load)

    def discipline(self, person_ids=None):
        """``{person_id: [DisciplineRow]}``."""
        ids = self.person_ids if person_ids is None else tuple(sorted(person_ids))

        def load():
            return _discipline_rows(DisciplineRecord.objects.filter(person_id__in=ids), "person_id")

        return self.get(("discipline", ids), load)

    def unit_discipline(self):
        ids = self.unit_ids

        def load():
            return _discipline_rows(DisciplineRecord.objects.filter(unit_id__in=ids), "unit_id")

        return self.get(("unit_discipline", ids), load)

    # Members of the batch's units --------------------------------------------------------------

    def members(self):
        """``{unit_id: [(person_id, full_name)]}``: who belonged to each unit during the year.

        From the membership history; a person without any membership row counts in their current unit.
        """
        ids = self.unit_ids
        year = self.year

        def load():
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            out = defaultdict(dict)
            rows = UnitMembership.objects.filter(unit_id__in=ids).filter(
                Q(start_date__isnull=True) | Q(start_date__lte=last)).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=first)).values_list(
                "unit_id", "person_id", "person__full_name", "person__search_name")
            for uid, pid, name, key in rows:
                out[uid][pid] = (key, name)
            loose = Person.objects.filter(unit_id__in=ids, is_active=True, memberships__isnull=True).values_list(
                "unit_id", "pk", "full_name", "search_name")
            for uid, pid, name, key in loose:
                out[uid][pid] = (key, name)
            return {uid: [(pid, name) for pid, (key, name) in sorted(people.items(), key=lambda kv: kv[1])]
                    for uid, people in out.items()}

        return self.get(("members", ids, year), load)

    def member_ids(self):
        return tuple(sorted({pid for people in self.members().values() for pid, _name in people}))


def _discipline_rows(qs, key):
    out = defaultdict(list)
    for owner, kind, measure, start, end in qs.values_list(key, "kind", "measure", "start_date", "end_date"):
        label = str(DisciplineKind(kind).label)
        if measure:
            label = f"{label} ({DisciplineMeasure(measure).label})"
        out[owner].append(DisciplineRow(kind, measure, start, end, label))
    return out


def check_batch(award_type, recipients, year, cache=None):
    """``{recipient.pk: Verdict}`` for people or units (all of one kind)."""
    recipients = list(recipients)
    ctx = BatchContext(award_type, recipients, year, cache=cache)
    rule = RULES.get(award_type.rule)
    out = {}
    if year > ctx.today.year:  # whatever the rule: an achievement is judged once it is made
        reason = _("The year of achievement %(year)s has not come yet: an achievement is judged after it is "
                   "made") % {"year": year}
        return {r.pk: Verdict(False, [reason]) for r in recipients}
    for r in recipients:
        if rule is None:
            note = _("No automatic rule for this award type: check the conditions by hand.")
            out[r.pk] = Verdict(True, warnings=[note])
        else:
            out[r.pk] = rule(r, year, ctx)
    if rule is not None and award_type.rule in QUOTA_RULES and ctx.person_ids:
        apply_quotas(ctx, out)
    return out


def check(award_type, recipient, year):
    return check_batch(award_type, [recipient], year)[recipient.pk]
