"""Totals and ranking: the ONE place where points are added up.

Rules: standard points count as scored; bonus points (điểm thưởng) are added up and then capped by
the criteria set's ``bonus_cap`` for the whole bonus part; penalty points (điểm trừ) are entered as
positive numbers (0..max) and subtracted. Total = standard + capped bonus − penalty.

Ranking: higher total first; ties are broken by the higher standard score, then fewer penalty
points, then the unit's name (Vietnamese alphabetical order, diacritics ignored).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from emulation.text import search_key

from .enums import CriterionKind

ZERO = Decimal("0")
BASES = ("self", "reviewed", "final")

TIE_BREAK_RULE = _(
    "Units are ranked by total points. Equal totals are decided by the higher standard score, "
    "then by fewer penalty points. Units still equal share a rank (listed by name)."
)


def points_of(entry, basis):
    """The points of an entry on a basis. Reviewed points default to the self points, final points
    to the reviewed ones: a reviewer who changes nothing accepts what is there."""
    if entry is None:
        return None
    if basis == "self":
        return entry.self_points
    reviewed = entry.reviewed_points if entry.reviewed_points is not None else entry.self_points
    if basis == "reviewed":
        return reviewed
    return entry.final_points if entry.final_points is not None else reviewed


@dataclass
class Totals:
    standard: Decimal = ZERO
    bonus_raw: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    total: Decimal = ZERO
    sections: dict = field(default_factory=dict)  # top-level section id -> signed points
    scored: int = 0
    leaves: int = 0

    @property
    def complete(self):
        return self.scored == self.leaves

    @property
    def bonus_capped(self):
        return self.bonus < self.bonus_raw


class CriteriaTree:
    """The criteria of a set as a tree, built once from a flat list (no further queries)."""

    def __init__(self, criteria_set, criteria):
        self.criteria_set = criteria_set
        self.nodes = sorted(criteria, key=lambda c: (c.position, c.pk or 0))
        self.by_id = {c.pk: c for c in self.nodes}
        self.children = {}
        for c in self.nodes:
            self.children.setdefault(c.parent_id, []).append(c)
        self.leaves = [c for c in self.walk() if not c.is_section]
        self.top = {}
        for c in self.nodes:
            node = c
            while node.parent_id is not None and node.parent_id in self.by_id:
                node = self.by_id[node.parent_id]
            self.top[c.pk] = node.pk
        self.sections = self.children.get(None, [])

    def walk(self, parent_id=None, depth=0):
        """Depth-first, in position order."""
        for c in self.children.get(parent_id, []):
            c.depth = depth
            yield c
            yield from self.walk(c.pk, depth + 1)

    def rows(self):
        return list(self.walk())

    def max_of(self, node):
        if not node.is_section:
            return node.max_points
        return sum((self.max_of(c) for c in self.children.get(node.pk, []) if c.kind == node.kind), ZERO)

    def standard_max(self):
        return sum((c.max_points for c in self.leaves if c.kind == CriterionKind.STANDARD), ZERO)

    def bonus_max(self):
        return sum((c.max_points for c in self.leaves if c.kind == CriterionKind.BONUS), ZERO)

    def totals(self, entries_by_criterion, basis):
        """Totals of one scorecard on one basis (self / reviewed / final)."""
        t = Totals(leaves=len(self.leaves))
        for c in self.leaves:
            value = points_of(entries_by_criterion.get(c.pk), basis)
            if value is None:
                continue
            t.scored += 1
            signed = -value if c.kind == CriterionKind.PENALTY else value
            top = self.top[c.pk]
            t.sections[top] = t.sections.get(top, ZERO) + signed
            if c.kind == CriterionKind.STANDARD:
                t.standard += value
            elif c.kind == CriterionKind.BONUS:
                t.bonus_raw += value
            else:
                t.penalty += value
        cap = self.criteria_set.bonus_cap
        t.bonus = min(t.bonus_raw, cap) if cap is not None else t.bonus_raw
        t.total = t.standard + t.bonus - t.penalty
        return t


def validate_points(criterion, value):
    """None when fine, else a translated message."""
    if value is None:
        return None
    if value < 0 or value > criterion.max_points:
        return _("%(code)s: points must be between 0 and %(max)s.") % {
            "code": criterion.code, "max": fmt_points(criterion.max_points)}
    return None


def fmt_points(value):
    """12.50 -> '12,5' (as shown to users)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class RankedRow:
    scorecard: object
    totals: Totals
    rank: int = 0
    decided_by: str = ""  # which rule placed this row below the previous one


def rank(rows):
    """Sort ``RankedRow`` items by the stated rule and number them 1..n, units tied on every rule sharing a rank
    (1, 2, 2, 4: standard competition ranking).

    ``decided_by`` says which rule separated a row from the one above it: "total", "standard",
    "penalty" or "name" (the latter three mark ties on the total; "name" only orders the list: same rank).
    """
    def key(r):
        return (-r.totals.total, -r.totals.standard, r.totals.penalty, search_key(r.scorecard.unit.name),
                r.scorecard.unit.pk)

    ordered = sorted(rows, key=key)
    previous = None
    for i, row in enumerate(ordered, start=1):
        row.rank = i
        if previous is None:
            row.decided_by = ""
        elif row.totals.total != previous.totals.total:
            row.decided_by = "total"
        elif row.totals.standard != previous.totals.standard:
            row.decided_by = "standard"
        elif row.totals.penalty != previous.totals.penalty:
            row.decided_by = "penalty"
        else:
            row.decided_by = "name"
            row.rank = previous.rank
        previous = row
    return ordered


def parse_points(text):
    """'12,5' or '12.5' -> Decimal('12.5'); '' -> None; raises ValueError on rubbish."""
    if text is None:
        return None
    text = str(text).strip().replace(" ", "").replace(",", ".")
    if text == "":
        return None
    try:
        value = Decimal(text)
    except ArithmeticError as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))
