"""Builders for bloc tests: a bloc year with a small criteria tree, scorecards in any state."""

import datetime
from decimal import Decimal

from blocs.enums import BlocYearState, CriterionKind, ScorecardState
from blocs.models import Bloc, BlocMembership, BlocYear, CriteriaSet, Criterion, Scorecard, ScoreEntry
from tests.factories import UnitFactory

D = Decimal

# code, parent, kind, max (None = section)
SMALL_TREE = [
    ("A", None, CriterionKind.STANDARD, None),
    ("A.1", "A", CriterionKind.STANDARD, 60),
    ("A.2", "A", CriterionKind.STANDARD, 40),
    ("B", None, CriterionKind.BONUS, None),
    ("B.1", "B", CriterionKind.BONUS, 8),
    ("B.2", "B", CriterionKind.BONUS, 8),
    ("C", None, CriterionKind.PENALTY, None),
    ("C.1", "C", CriterionKind.PENALTY, 5),
]


def make_criteria(by, tree=SMALL_TREE, bonus_cap=10, standard_total=100):
    cs, _ = CriteriaSet.objects.get_or_create(bloc_year=by)
    cs.bonus_cap, cs.standard_total = D(bonus_cap), D(standard_total)
    cs.save()
    made = {}
    for i, (code, parent, kind, max_points) in enumerate(tree, start=1):
        made[code] = Criterion.objects.create(
            criteria_set=cs, parent=made.get(parent), is_section=max_points is None, code=code,
            title=f"Tiêu chí {code}", kind=kind, max_points=D(max_points or 0), position=i)
    return cs, made


_seq = [0]


def make_bloc_year(head, members=(), deputy=None, year=2020, state=BlocYearState.PREPARING, bloc=None,
                   criteria=True, deadline=datetime.date(2020, 12, 15)):
    if bloc is None:
        _seq[0] += 1
        bloc = Bloc.objects.create(name=f"Khối thử {_seq[0]}", code=f"KT{_seq[0]}")
    by = BlocYear.objects.create(bloc=bloc, year=year, head_unit=head, deputy_unit=deputy, state=state,
                                 self_scoring_deadline=deadline)
    units = {u.pk: u for u in [head, *( [deputy] if deputy else []), *members]}
    BlocMembership.objects.bulk_create([BlocMembership(bloc_year=by, unit=u) for u in units.values()])
    if criteria:
        make_criteria(by)
    else:
        CriteriaSet.objects.create(bloc_year=by)
    return by


def leaves(by):
    return {c.code: c for c in Criterion.objects.filter(criteria_set__bloc_year=by, is_section=False)}


def make_card(by, unit, state=ScorecardState.DRAFT, points=None, reviewed=None, final=None):
    """A scorecard with entries. ``points``/``reviewed``/``final``: {code: value}."""
    sc, _ = Scorecard.objects.get_or_create(bloc_year=by, unit=unit)
    sc.state = state
    sc.save()
    for code, c in leaves(by).items():
        ScoreEntry.objects.update_or_create(scorecard=sc, criterion=c, defaults={
            "self_points": None if points is None or code not in points else D(points[code]),
            "reviewed_points": None if reviewed is None or code not in reviewed else D(reviewed[code]),
            "final_points": None if final is None or code not in final else D(final[code]),
        })
    return sc


FULL = {"A.1": 50, "A.2": 30, "B.1": 0, "B.2": 0, "C.1": 0}


def new_unit(name, code=None):
    return UnitFactory(name=name, **({"code": code} if code else {}))
