"""The core's list pages: filters, sorting, pagination, scope and fixed query counts; the listing helper."""

import datetime
import html as html_module
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from emulation.enums import PersonCategory, UnitKind
from emulation.listing import sort_fields, valid_sort
from emulation.models import ActivityLog, Notification, Unit
from emulation.notifications import notify
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def pks(response):
    return [obj.pk for obj in response.context["page"]]


def header(html, label):
    """The <th> whose link text starts with ``label``."""
    pattern = (r'<th scope="col"[^>]*><a href="\?([^"]*)"[^>]*>' + re.escape(label)
               + r"[^<]*(<span[^>]*>.</span>)?</a></th>")
    match = re.search(pattern, html)
    assert match, f"no sortable header {label!r}"
    return match.group(0), html_module.unescape(match.group(1))


# The helper ------------------------------------------------------------------------------------------------


def test_sort_fields_reverse_the_first_field_only_and_end_with_pk():
    sorts = {"unit": ("unit__name", "-search_name")}
    assert sort_fields(sorts, "unit") == ["unit__name", "-search_name", "pk"]
    assert sort_fields(sorts, "-unit") == ["-unit__name", "-search_name", "pk"]


def test_valid_sort_falls_back_to_default():
    sorts = {"name": "search_name", "tree": list}
    assert [valid_sort(sorts, key, "name") for key in ("-name", "--name", "pk", "", "tree", "-tree")] == [
        "-name", "name", "name", "name", "tree", "name"]


def _render_header(query, sort):
    request = RequestFactory().get("/people/" + query)
    return Template('{% sort_th "name" "Họ tên" %}{% sort_th "unit" "Đơn vị" "text-end" %}').render(
        Context({"request": request, "sort": sort}))


def test_sort_header_marks_the_column_in_force_and_toggles_it():
    html = _render_header("?sort=name&q=an&page=3", "name")
    name, link = header(html, "Họ tên")
    assert 'aria-sort="ascending"' in name and "▲" in name
    assert sorted(link.split("&")) == ["q=an", "sort=-name"]  # other parameters kept, page dropped
    unit, link = header(html, "Đơn vị")
    assert "aria-sort" not in unit and "▲" not in unit and 'class="text-end"' in unit
    assert sorted(link.split("&")) == ["q=an", "sort=unit"]


def test_sort_header_descending_links_back_to_ascending():
    name, link = header(_render_header("?sort=-name", "-name"), "Họ tên")
    assert 'aria-sort="descending"' in name and "▼" in name
    assert link == "sort=name"


# People ----------------------------------------------------------------------------------------------------


def test_person_list_sorts_by_unit_both_ways(client, board):
    a = PersonFactory(unit=UnitFactory(name="A Sở"), full_name="Zung")
    b = PersonFactory(unit=UnitFactory(name="B Sở"), full_name="An")
    client.force_login(board)
    assert pks(client.get(reverse("person_list"), {"sort": "unit"})) == [a.pk, b.pk]
    assert pks(client.get(reverse("person_list"), {"sort": "-unit"})) == [b.pk, a.pk]
    assert pks(client.get(reverse("person_list"))) == [b.pk, a.pk]  # by name


def test_person_list_filters_by_category(client, board, unit):
    leader = PersonFactory(unit=unit, category=PersonCategory.OTHER_LEADER)
    PersonFactory(unit=unit, category=PersonCategory.WORKER)
    client.force_login(board)
    assert pks(client.get(reverse("person_list"), {"category": "other_leader"})) == [leader.pk]


def test_person_list_shows_active_people_until_asked_otherwise(client, board, unit):
    active = PersonFactory(unit=unit, full_name="An")
    gone = PersonFactory(unit=unit, full_name="Bình", is_active=False)
    client.force_login(board)
    assert pks(client.get(reverse("person_list"), {"sort": "name"})) == [active.pk]
    assert pks(client.get(reverse("person_list"), {"is_active": ""})) == [active.pk, gone.pk]
    assert pks(client.get(reverse("person_list"), {"is_active": "false"})) == [gone.pk]


def test_person_list_clerk_cannot_pick_another_unit(client, clerk, unit, other_unit):
    mine = PersonFactory(unit=unit)
    PersonFactory(unit=other_unit)
    client.force_login(clerk)
    response = client.get(reverse("person_list"), {"unit": other_unit.pk})
    assert pks(response) == [mine.pk]
    assert response.context["filter"].form.errors["unit"]
    assert list(response.context["filter"].form.fields["unit"].queryset) == [unit]


# The unit filter's units are loaded by the chooser (unit_options), not written into the page; a chosen unit is
# read to show it and checked against the user's units.
@pytest.mark.parametrize("query,count", [("", 6), ("?q=nguyen&category=worker&unit={unit}&sort=-unit", 8)])
@pytest.mark.parametrize("n", [1, 3])
def test_person_list_query_count_with_filter_and_sort(client, board, unit, django_assert_num_queries, n, query, count):
    for _ in range(n):
        PersonFactory(unit=unit)
    client.force_login(board)
    with django_assert_num_queries(count):  # a chosen unit is read and checked against the user's units: two more
        response = client.get(reverse("person_list") + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n


# Units -----------------------------------------------------------------------------------------------------


def test_unit_list_filters_by_kind_and_by_name_without_diacritics(client, board, unit):
    commune = UnitFactory(name="Xã Hòa Bình", kind=UnitKind.COMMUNE)
    client.force_login(board)
    assert pks(client.get(reverse("unit_list"), {"kind": "commune"})) == [commune.pk]
    assert pks(client.get(reverse("unit_list"), {"q": "so thu"})) == [unit.pk]


def test_unit_list_sorts_by_code(client, board):
    b = UnitFactory(name="A", code="B1")
    a = UnitFactory(name="B", code="A1")
    client.force_login(board)
    assert pks(client.get(reverse("unit_list"), {"sort": "code"})) == [a.pk, b.pk]
    assert pks(client.get(reverse("unit_list"), {"sort": "-code"})) == [b.pk, a.pk]
    assert pks(client.get(reverse("unit_list"))) == [b.pk, a.pk]  # the tree: by name


def test_unit_list_tree_is_paginated_in_tree_order(client, board):
    root = UnitFactory(name="Gốc")
    Unit.objects.bulk_create([Unit(name=f"Con {i:02d}", code=f"C{i:02d}", parent=root) for i in range(55)])
    UnitFactory(name="A trước")
    client.force_login(board)
    first = client.get(reverse("unit_list")).context["page"]
    assert [(u.name, u.depth) for u in first][:3] == [("A trước", 0), ("Gốc", 0), ("Con 00", 1)]
    second = client.get(reverse("unit_list"), {"page": 2}).context["page"]
    assert [(u.name, u.depth) for u in second] == [(f"Con {i:02d}", 1) for i in range(48, 55)]


def test_unit_list_clerk_filter_stays_in_scope(client, clerk, unit, other_unit):
    child = UnitFactory(name="Phòng con", parent=unit, kind=UnitKind.OTHER)
    UnitFactory(parent=other_unit, kind=UnitKind.OTHER)
    client.force_login(clerk)
    assert pks(client.get(reverse("unit_list"), {"kind": "other"})) == [child.pk]
    assert pks(client.get(reverse("unit_list"), {"sort": "name"})) == [child.pk, unit.pk]


@pytest.mark.parametrize("query", ["", "?kind=department&q=don vi&sort=-code"])
@pytest.mark.parametrize("n", [1, 3])
def test_unit_list_query_count_with_filter_and_sort(client, board, django_assert_num_queries, n, query):
    for _ in range(n):
        UnitFactory()
    client.force_login(board)
    with django_assert_num_queries(6):  # tree: the ids, then the page's units; flat: the count, then the page
        response = client.get(reverse("unit_list") + query)
    assert len(response.context["page"]) == n


# Activity log ----------------------------------------------------------------------------------------------


def _log(action, unit=None, actor=None, when=None):
    entry = ActivityLog.objects.create(action=action, unit=unit, actor=actor, object_repr=action)
    if when:
        ActivityLog.objects.filter(pk=entry.pk).update(created_at=when)
    return entry


def test_activity_log_filters_by_unit_action_and_dates(client, board, unit, other_unit):
    hit = _log("awards.nomination.returned", unit, when=timezone.make_aware(datetime.datetime(2025, 3, 2, 9)))
    _log("awards.nomination.returned", other_unit, when=timezone.make_aware(datetime.datetime(2025, 3, 2, 9)))
    _log("blocs.scorecard.submitted", unit, when=timezone.make_aware(datetime.datetime(2025, 3, 2, 9)))
    _log("awards.nomination.returned", unit, when=timezone.make_aware(datetime.datetime(2025, 1, 2, 9)))
    client.force_login(board)
    response = client.get(reverse("activity_log"), {"unit": unit.pk, "action": "awards.", "date_from": "01/03/2025",
                                                    "date_to": "31/03/2025"})
    assert pks(response) == [hit.pk]


def test_activity_log_sorts_by_action(client, board):
    b = _log("b.thing.done")
    a = _log("a.thing.done")
    client.force_login(board)
    assert pks(client.get(reverse("activity_log"), {"sort": "action"})) == [a.pk, b.pk]
    assert pks(client.get(reverse("activity_log"), {"sort": "-action"})) == [b.pk, a.pk]
    assert pks(client.get(reverse("activity_log"))) == [a.pk, b.pk]  # newest first


def test_activity_log_is_closed_to_clerks_and_council(client, clerk, council):
    for user in (clerk, council):
        client.force_login(user)
        assert client.get(reverse("activity_log"), {"sort": "action"}).status_code == 403


@pytest.mark.parametrize("query,count", [("", 6), ("?action=x&unit={unit}&date_from=01/01/2020&sort=unit", 8)])
@pytest.mark.parametrize("n", [1, 3])
def test_activity_log_query_count_with_filter_and_sort(client, board, unit, django_assert_num_queries, n, query,
                                                       count):
    for i in range(n):
        _log(f"x.y.{i}", unit, actor=board)
    client.force_login(board)
    with django_assert_num_queries(count):  # a chosen unit is read and checked: two more
        response = client.get(reverse("activity_log") + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n


# Notifications ---------------------------------------------------------------------------------------------


def test_notification_list_filters_read_and_unread(client, clerk):
    (read,) = notify([clerk], "Đã đọc")
    (unread,) = notify([clerk], "Chưa đọc")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    client.force_login(clerk)
    assert pks(client.get(reverse("notification_list"), {"status": "unread"})) == [unread.pk]
    assert pks(client.get(reverse("notification_list"), {"status": "read"})) == [read.pk]


def test_notification_list_sorts_oldest_first_on_request(client, clerk):
    (old,) = notify([clerk], "Cũ")
    (new,) = notify([clerk], "Mới")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    client.force_login(clerk)
    assert pks(client.get(reverse("notification_list"))) == [new.pk, old.pk]
    assert pks(client.get(reverse("notification_list"), {"sort": "time"})) == [old.pk, new.pk]


def test_notification_list_shows_only_my_own(client, clerk, other_clerk):
    notify([other_clerk], "Của người khác")
    (mine,) = notify([clerk], "Của tôi")
    client.force_login(clerk)
    assert pks(client.get(reverse("notification_list"), {"status": "unread", "sort": "time"})) == [mine.pk]


@pytest.mark.parametrize("query", ["", "?status=unread&sort=time"])
@pytest.mark.parametrize("n", [1, 3])
def test_notification_list_query_count_with_filter_and_sort(client, clerk, django_assert_num_queries, n, query):
    for i in range(n):
        notify([clerk], f"Thông báo {i}")
    client.force_login(clerk)
    with django_assert_num_queries(6):
        response = client.get(reverse("notification_list") + query)
    assert len(response.context["page"]) == n
