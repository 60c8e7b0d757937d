"""The unit chooser: tree order with depth, searchable words without diacritics, used by the unit fields."""

import json
import re

import pytest

from awards.forms.register import RegisterSearchForm
from emulation.filters import PersonFilter
from emulation.forms import MovePersonForm, PersonForm, UnitChoiceField, UnitTreeSelect, tree_order
from emulation.models import Unit
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    so = UnitFactory(name="Sở Giao thông vận tải", short_name="Sở GTVT")
    UnitFactory(name="Đoạn quản lý đường bộ", parent=so)
    UnitFactory(name="Ban quản lý dự án", parent=so)
    UnitFactory(name="Ủy ban nhân dân huyện")
    UnitFactory(name="Cục thống kê")
    return so


def options(html):
    return [(json.loads(m.group(1).replace("&quot;", '"')), m.group(2))
            for m in re.finditer(r'data-data="([^"]*)"[^>]*>([^<]*)</option>', html)]


def test_tree_order_puts_children_under_their_parent_in_vietnamese_order(tree):
    rows = [(u.name, u.depth) for u in tree_order(list(Unit.objects.all()))]
    assert rows == [("Cục thống kê", 0), ("Sở Giao thông vận tải", 0), ("Ban quản lý dự án", 1),
                    ("Đoạn quản lý đường bộ", 1), ("Ủy ban nhân dân huyện", 0)]


def test_widget_shows_depth_and_search_words(tree):
    field = UnitChoiceField(queryset=Unit.objects.all())
    html = field.widget.render("unit", None)
    assert 'data-unit-tree="1"' in html
    shown = options(html)
    assert [(d["name"], d["depth"]) for d, _label in shown][:3] == [
        ("Cục thống kê", 0), ("Sở Giao thông vận tải", 0), ("Ban quản lý dự án", 1)]
    so = next(d for d, _label in shown if d["name"] == "Sở Giao thông vận tải")
    assert so["search"] == "so giao thong van tai so gtvt " + tree.code.lower()
    child = next(label for d, label in shown if d["depth"] == 1)
    assert child.startswith("\u00a0\u00a0")  # indented also without scripts


def test_field_choices_cost_one_query(tree, django_assert_num_queries):
    field = UnitChoiceField(queryset=Unit.objects.all())
    with django_assert_num_queries(1):
        assert len([choice for choice in field.choices]) == 6  # the empty choice and five units


def test_unit_fields_use_the_chooser(tree):
    assert isinstance(PersonForm().fields["unit"].widget, UnitTreeSelect)
    assert isinstance(MovePersonForm(units=Unit.objects.all()).fields["unit"].widget, UnitTreeSelect)
    assert isinstance(PersonFilter(queryset=None).form.fields["unit"].widget, UnitTreeSelect)
    assert isinstance(RegisterSearchForm().fields["unit"].widget, UnitTreeSelect)
