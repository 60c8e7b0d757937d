"""One subtree-of-units query for every app: ``emulation.selectors.subtree_unit_ids``."""

import pytest

from emulation.roles import roles_of
from emulation.selectors import subtree_unit_ids
from tests.factories import UnitFactory, make_clerk

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    root = UnitFactory(name="Sở Gốc")
    a, b = UnitFactory(parent=root), UnitFactory(parent=root)
    a1 = UnitFactory(parent=a, is_active=False)  # inactive units are still in the tree
    a1x = UnitFactory(parent=a1)
    other = UnitFactory()
    return {"root": root, "a": a, "b": b, "a1": a1, "a1x": a1x, "other": other}


def ids(tree, *names):
    return {tree[n].pk for n in names}


def test_subtree_of_one_unit_holds_it_and_every_unit_below(tree):
    assert subtree_unit_ids(tree["root"].pk) == ids(tree, "root", "a", "b", "a1", "a1x")
    assert subtree_unit_ids(tree["a1x"].pk) == ids(tree, "a1x")


def test_subtree_of_several_units_is_their_union(tree):
    assert subtree_unit_ids([tree["a1"].pk, tree["b"].pk, tree["other"].pk]) == ids(tree, "a1", "a1x", "b", "other")
    assert subtree_unit_ids(frozenset({tree["a"].pk, tree["a1"].pk})) == ids(tree, "a", "a1", "a1x")


def test_subtree_takes_one_query_per_level_and_none_for_nothing(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert subtree_unit_ids([]) == set()
    with django_assert_num_queries(4):  # children of root, of a/b, of a1, of a1x (none)
        subtree_unit_ids(tree["root"].pk)


def test_a_clerks_scope_is_the_subtree_of_their_units(tree):
    user = make_clerk(tree["a"])
    assert roles_of(user).scope_unit_ids == frozenset(ids(tree, "a", "a1", "a1x"))
