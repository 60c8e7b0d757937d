"""Award statistics: awards per year by award type (selector, page with chart and table, scope, query count)."""

import json
import re

import pytest
from django.urls import reverse

from awards.models import Award, AwardType
from awards.selectors import award_counts_by_year, awards_for_user
from tests.awards.register_factories import give
from tests.factories import PersonFactory, make_user

pytestmark = pytest.mark.django_db
URL = reverse("awards:statistics")


def _chart_data(response):
    match = re.search(r'<script id="award-chart-data" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    assert match, "no chart data on the page"
    return json.loads(match.group(1))


@pytest.fixture
def register(unit, other_unit):
    """2019: 2 LĐTT; 2021: 1 LĐTT, 1 CSTĐCS, 1 TTLĐTT (collective); 2022: 1 LĐTT revoked (not counted);
    another unit: 1 LĐTT in 2021."""
    people = [PersonFactory(unit=unit) for _ in range(3)]
    give("LDTT", people[0], 2019)
    give("LDTT", people[1], 2019)
    give("LDTT", people[0], 2021)
    give("CSTDCS", people[2], 2021)
    give("TTLDTT", unit, 2021)
    give("LDTT", people[1], 2022, revoked=True)
    give("LDTT", PersonFactory(unit=other_unit), 2021)


def test_counts_by_year_and_type(register):
    data = award_counts_by_year(Award.objects.filter(revoked=False))
    assert data["years"] == [2019, 2020, 2021]  # the empty year in between is listed
    assert {t["name"]: t["counts"] for t in data["types"]} == {
        "Lao động tiên tiến": [2, 0, 2], "Chiến sĩ thi đua cơ sở": [0, 0, 1], "Tập thể lao động tiên tiến": [0, 0, 1]}
    assert data["totals"] == [2, 0, 4]
    assert data["total"] == 6
    assert [t["total"] for t in data["types"]] == [sum(t["counts"]) for t in data["types"]]


def test_counts_follow_the_catalogue_order(register):
    data = award_counts_by_year(Award.objects.all())
    ids = [t["id"] for t in data["types"]]
    assert ids == list(AwardType.objects.filter(pk__in=ids).order_by("order", "name").values_list("pk", flat=True))


def test_counts_of_nothing():
    assert award_counts_by_year(Award.objects.none()) == {"years": [], "types": [], "totals": [], "total": 0}


def test_page_shows_chart_and_table_with_the_numbers(client, board, register):
    client.force_login(board)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<canvas id="award-chart"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "awards/award-chart.js" in html
    assert "<script>" not in html
    data = _chart_data(response)
    assert data["years"] == [2019, 2020, 2021]
    assert {t["name"]: t["counts"] for t in data["types"]}["Lao động tiên tiến"] == [2, 0, 2]
    assert data["labels"] == {"axis": "Số khen thưởng", "year": "Năm"}
    assert "Số khen thưởng từng năm theo danh hiệu, hình thức" in html  # the caption
    assert response.context["rows"][2][0] == 2021 and response.context["rows"][2][2] == 4  # the table's total
    assert "6 khen thưởng từ năm 2019 đến năm 2021" in html  # the summary (aria-label), revoked one left out


def test_page_applies_the_lookup_filters(client, board, register, unit):
    client.force_login(board)
    data = _chart_data(client.get(URL, {"unit": unit.pk, "year_from": 2021}))
    assert data["years"] == [2021]
    assert sorted(sum(t["counts"]) for t in data["types"]) == [1, 1, 1]


def test_clerk_counts_only_own_units_awards(client, clerk, register):
    client.force_login(clerk)
    response = client.get(URL)
    assert response.context["counts"]["total"] == awards_for_user(clerk).filter(revoked=False).count() == 5


def test_user_without_role_sees_no_numbers(client, register):
    client.force_login(make_user(username="nobody"))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["counts"]["total"] == 0
    assert "award-chart" not in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_register_links_to_the_statistics_with_the_same_search(client, board):
    client.force_login(board)
    html = client.get(reverse("awards:register"), {"year_from": 2020}).content.decode()
    assert f"{URL}?year_from=2020" in html


@pytest.mark.parametrize("n", [1, 3])
def test_statistics_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    for i in range(n):
        give("LDTT", PersonFactory(unit=unit), 2020 + i)
        give("CSTDCS", PersonFactory(unit=unit), 2020 + i)
    client.force_login(board)
    client.get(URL)  # warm-up (caches)
    # session, user, roles, award types for the form, the summary (the unit chooser loads its units itself),
    # notifications
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert response.context["counts"]["total"] == 2 * n
