"""The campaign list: filters, sorting, scope and a fixed query count."""

import datetime

import pytest
from django.urls import reverse

from campaigns.enums import CampaignScope, CampaignState

from .campaign_helpers import CampaignFactory

pytestmark = pytest.mark.django_db


def pks(response):
    return [obj.pk for obj in response.context["page"]]


def _launched(**kwargs):
    return CampaignFactory(state=CampaignState.LAUNCHED, **kwargs)


def test_campaign_list_filters_by_text_year_and_launching_unit(client, board, unit, other_unit):
    hit = _launched(title="Thi đua chuyển đổi số", launching_unit=unit, start_date=datetime.date(2024, 1, 1),
                    end_date=None)
    _launched(title="Thi đua chuyển đổi số", launching_unit=other_unit)
    _launched(title="Thi đua chuyển đổi số", launching_unit=unit, start_date=datetime.date(2019, 1, 1),
              end_date=datetime.date(2020, 12, 31))
    _launched(title="Phong trào khác", launching_unit=unit)
    client.force_login(board)
    response = client.get(reverse("campaigns:campaign_list"),
                          {"q": "chuyển đổi", "year": 2025, "launching_unit": unit.pk})
    assert pks(response) == [hit.pk]


def test_campaign_list_sorts_by_code(client, board):
    b = _launched(code="PT-B", start_date=datetime.date(2025, 1, 1))
    a = _launched(code="PT-A", start_date=datetime.date(2024, 1, 1))
    client.force_login(board)
    assert pks(client.get(reverse("campaigns:campaign_list"), {"sort": "code"})) == [a.pk, b.pk]
    assert pks(client.get(reverse("campaigns:campaign_list"), {"sort": "-code"})) == [b.pk, a.pk]
    assert pks(client.get(reverse("campaigns:campaign_list"), {"sort": "start"})) == [a.pk, b.pk]


def test_campaign_list_clerk_cannot_pick_another_launching_unit(client, clerk, unit, other_unit):
    mine = _launched(launching_unit=unit, scope=CampaignScope.UNIT, scope_unit=unit)
    _launched(launching_unit=other_unit, scope=CampaignScope.UNIT, scope_unit=other_unit)
    client.force_login(clerk)
    response = client.get(reverse("campaigns:campaign_list"), {"launching_unit": other_unit.pk})
    assert pks(response) == [mine.pk]
    assert response.context["filter"].form.errors["launching_unit"]
    assert list(response.context["filter"].form.fields["launching_unit"].queryset) == [unit]


@pytest.mark.parametrize("query,count",
                         [("", 6), ("?q=phong&year=2021&state=launched&launching_unit={unit}&sort=-thematic", 8)])
@pytest.mark.parametrize("n", [1, 3])
def test_campaign_list_query_count_with_filter_and_sort(client, board, unit, django_assert_num_queries, n, query,
                                                        count):
    for _ in range(n):
        _launched(launching_unit=unit, scope=CampaignScope.UNIT, scope_unit=unit)
    client.force_login(board)
    with django_assert_num_queries(count):  # a chosen unit is checked: one more
        response = client.get(reverse("campaigns:campaign_list") + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n
