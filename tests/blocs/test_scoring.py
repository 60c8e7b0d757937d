from decimal import Decimal as D

import pytest

from blocs.models import ScoreEntry
from blocs.scoring import CriteriaTree, RankedRow, Totals, parse_points, points_of, rank
from blocs.selectors import criteria_tree, scoreboard
from tests.blocs.factories import make_bloc_year, make_card, new_unit

pytestmark = pytest.mark.django_db


def _tree(cap=10):
    head = new_unit("Đơn vị A")
    by = make_bloc_year(head)
    tree = criteria_tree(by)
    tree.criteria_set.bonus_cap = D(cap)
    return by, head, tree


def _entries(tree, values, field="self_points"):
    out = {}
    for c in tree.leaves:
        if c.code in values:
            out[c.pk] = ScoreEntry(criterion=c, **{field: D(values[c.code])})
    return out


def test_totals_add_standard_cap_bonus_and_subtract_penalty():
    _by, _head, tree = _tree(cap=10)
    t = tree.totals(_entries(tree, {"A.1": 55, "A.2": 35, "B.1": 8, "B.2": 6, "C.1": 3}), "self")
    assert (t.standard, t.bonus_raw, t.bonus, t.penalty, t.total) == (D(90), D(14), D(10), D(3), D(97))
    assert t.bonus_capped is True
    assert t.complete is True


def test_totals_bonus_under_cap_counts_in_full():
    _by, _head, tree = _tree(cap=10)
    t = tree.totals(_entries(tree, {"A.1": 60, "A.2": 40, "B.1": 4, "B.2": 5, "C.1": 0}), "self")
    assert (t.bonus, t.total, t.bonus_capped) == (D(9), D(109), False)


def test_totals_by_section_are_signed():
    _by, _head, tree = _tree()
    t = tree.totals(_entries(tree, {"A.1": 50, "A.2": 30, "B.1": 2, "C.1": 4}), "self")
    by_code = {tree.by_id[k].code: v for k, v in t.sections.items()}
    assert by_code == {"A": D(80), "B": D(2), "C": D(-4)}
    assert (t.scored, t.leaves, t.complete) == (4, 5, False)


def test_points_of_falls_back_from_final_to_reviewed_to_self():
    e = ScoreEntry(self_points=D(10))
    assert (points_of(e, "self"), points_of(e, "reviewed"), points_of(e, "final")) == (D(10), D(10), D(10))
    e.reviewed_points = D(8)
    assert (points_of(e, "reviewed"), points_of(e, "final")) == (D(8), D(8))
    e.final_points = D(7)
    assert points_of(e, "final") == D(7)
    assert points_of(None, "final") is None


class _Unit:
    def __init__(self, pk, name):
        self.pk, self.name = pk, name


class _Card:
    def __init__(self, pk, name):
        self.unit = _Unit(pk, name)


def _row(name, total, standard, penalty, pk):
    return RankedRow(_Card(pk, name), Totals(total=D(total), standard=D(standard), penalty=D(penalty)))


def test_rank_ties_broken_by_standard_then_penalty_units_still_equal_share_a_rank():
    rows = rank([
        _row("Đơn vị Bình", 95, 90, 0, 1),
        _row("Đơn vị An", 95, 90, 0, 2),        # same as Bình: name decides (An before Bình)
        _row("Đơn vị Cường", 95, 92, 2, 3),      # higher standard wins the tie
        _row("Đơn vị Dũng", 95, 90, 1, 4),       # same standard, more penalty: below An and Bình
        _row("Đơn vị Em", 99, 80, 0, 5),         # highest total
    ])
    assert [(r.rank, r.scorecard.unit.name, r.decided_by) for r in rows] == [
        (1, "Đơn vị Em", ""),
        (2, "Đơn vị Cường", "total"),
        (3, "Đơn vị An", "standard"),
        (3, "Đơn vị Bình", "name"),  # tied with An on every rule: the same rank, listed after by name
        (5, "Đơn vị Dũng", "penalty"),
    ]


def test_rank_name_order_ignores_diacritics():
    rows = rank([_row("Ân", 90, 90, 0, 1), _row("Ac", 90, 90, 0, 2)])
    assert [r.scorecard.unit.name for r in rows] == ["Ac", "Ân"]


def test_scoreboard_ranks_finalised_cards_with_cap_penalty_and_ties(bloc):
    by = bloc.by
    x = new_unit("Đơn vị Xanh")
    by.memberships.create(unit=x)
    # unit: 80 standard + 10 (capped from 16) − 0 = 90; other_unit: 85 + 5 − 0 = 90 → standard decides
    make_card(by, bloc.unit, final={"A.1": 50, "A.2": 30, "B.1": 8, "B.2": 8, "C.1": 0})
    make_card(by, bloc.other_unit, final={"A.1": 50, "A.2": 35, "B.1": 5, "B.2": 0, "C.1": 0})
    # x: 90 + 2 − 2 = 90, standard 90 > 85: first
    make_card(by, x, final={"A.1": 60, "A.2": 30, "B.1": 2, "B.2": 0, "C.1": 2})
    _tree_, rows = scoreboard(by)
    assert [(r.rank, r.scorecard.unit_id, r.totals.total, r.decided_by) for r in rows] == [
        (1, x.pk, D(90), ""), (2, bloc.other_unit.pk, D(90), "standard"), (3, bloc.unit.pk, D(90), "standard"),
    ]


@pytest.mark.parametrize("text, value", [("12,5", D("12.50")), (" 7 ", D("7.00")), ("", None), ("3.25", D("3.25"))])
def test_parse_points_accepts_comma_and_dot(text, value):
    assert parse_points(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3", "nan", "inf"])
def test_parse_points_refuses_rubbish(text):
    with pytest.raises(ValueError):
        parse_points(text)


def test_tree_section_maxima_and_standard_total():
    _by, _head, tree = _tree()
    assert (tree.standard_max(), tree.bonus_max()) == (D(100), D(16))
    assert [(n.code, n.depth) for n in tree.walk()][:3] == [("A", 0), ("A.1", 1), ("A.2", 1)]
    assert tree.max_of(tree.sections[0]) == D(100)
    assert isinstance(tree, CriteriaTree)
