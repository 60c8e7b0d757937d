"""What keeps the list pages fast on a province's data: the unit chooser's options loaded from unit_options
(scope, outsiders, a fixed query count), capped row counts ("more than 1,000"), name search by the stored key
(trigram-indexed on PostgreSQL, same results on SQLite)."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from emulation.listing import CappedPaginator
from emulation.models import ActivityLog, Person
from emulation.selectors import search_by_name
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db
OPTIONS = reverse("unit_options")


def names(response):
    return [u["name"] for u in response.json()["units"]]


def test_unit_options_closed_to_outsiders(client):
    response = client.get(OPTIONS)
    assert response.status_code == 302 and "login" in response["Location"]


def test_unit_options_for_the_board_are_every_unit_in_tree_order(client, board, unit, other_unit):
    child = UnitFactory(name="Phòng con", parent=unit)
    client.force_login(board)
    response = client.get(OPTIONS)
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    rows = {u["name"]: u for u in response.json()["units"]}
    assert set(rows) >= {unit.name, other_unit.name, child.name}
    assert rows[child.name]["depth"] == 1 and rows[child.name]["value"] == str(child.pk)
    assert names(response).index(child.name) == names(response).index(unit.name) + 1  # under its parent


def test_unit_options_for_a_clerk_are_their_own_units(client, clerk, unit, other_unit):
    client.force_login(clerk)
    assert names(client.get(OPTIONS)) == [unit.name]


@pytest.mark.parametrize("n", [1, 5])
def test_unit_options_query_count_is_fixed(client, board, django_assert_num_queries, n):
    for _ in range(n):
        UnitFactory()
    client.force_login(board)
    client.get(OPTIONS)  # warm-up (caches)
    with django_assert_num_queries(4):  # session, user, roles, the units
        assert len(client.get(OPTIONS).json()["units"]) >= n


def test_list_page_writes_only_the_chosen_unit(client, board, unit, other_unit):
    client.force_login(board)
    html = client.get(reverse("person_list")).content.decode()
    assert f'data-unit-source="{OPTIONS}"' in html and other_unit.name not in html
    html = client.get(reverse("person_list"), {"unit": unit.pk}).content.decode()
    assert re.search(rf'<option value="{unit.pk}"[^>]* selected>', html) and other_unit.name not in html


def test_capped_count_stops_early_and_says_more_than(client, board):
    ActivityLog.objects.bulk_create([ActivityLog(action="x.y", object_repr=str(i)) for i in range(60)])
    paginator = CappedPaginator(ActivityLog.objects.order_by("pk"), 10, cap=30)
    page = paginator.get_page(1)
    assert paginator.capped and paginator.count == 30 and page.has_next()
    assert not CappedPaginator(ActivityLog.objects.order_by("pk"), 10, cap=100).capped
    deep = CappedPaginator(ActivityLog.objects.order_by("pk"), 10, cap=30).get_page(5)  # counted as far as asked
    assert deep.number == 5 and len(deep) == 10
    ActivityLog.objects.bulk_create([ActivityLog(action="x.y", object_repr=str(i)) for i in range(1000)])
    client.force_login(board)
    html = client.get(reverse("activity_log")).content.decode()
    assert "hơn 1.000 mục" in html and "Trang 1</span>" in html


def test_exact_count_below_the_cap(client, board):
    ActivityLog.objects.bulk_create([ActivityLog(action="x.y", object_repr=str(i)) for i in range(70)])
    client.force_login(board)
    html = client.get(reverse("activity_log")).content.decode()
    assert "Trang 1/2" in html and "70 mục" in html
    assert "hơn 1.000" not in html


def test_name_search_ignores_accents_on_either_database(unit):
    PersonFactory(unit=unit, full_name="Nguyễn Thị Ánh")
    PersonFactory(unit=unit, full_name="Trần Văn Bình")
    found = search_by_name(Person.objects.all(), "anh nguyen")
    assert [p.full_name for p in found] == ["Nguyễn Thị Ánh"]
    assert not search_by_name(Person.objects.all(), "nh").exists()  # words match from their start, as before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_trigram_index_serves_the_name_search(unit):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'emulation_person_search_trgm'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]
        cursor.execute("SET enable_seqscan = off")
        # the filter alone: with its default order an empty table may as well be read through the name order index
        sql, params = search_by_name(Person.objects.order_by(), "anh").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "emulation_person_search_trgm" in plan
