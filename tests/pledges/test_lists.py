"""The pledge list: filters, sorting, scope and a fixed query count."""

import datetime

import pytest
from django.urls import reverse

from pledges.enums import PledgeState
from tests.factories import UnitFactory

from .factories import BlocFactory, PledgeFactory, make_bloc_year

pytestmark = pytest.mark.django_db


def pks(response):
    return [obj.pk for obj in response.context["page"]]


def _pledge(year=2021, members=(), bloc=None, **kwargs):
    by_kwargs = {"bloc": bloc} if bloc else {}
    return PledgeFactory(bloc_year=make_bloc_year(UnitFactory(), list(members), year=year, **by_kwargs), **kwargs)


def test_filters_by_year_bloc_state_and_text(client, board):
    bloc = BlocFactory(name="Khối các sở kinh tế")
    hit = _pledge(2024, bloc=bloc, state=PledgeState.OPEN, title="Giao ước năm 2024")
    _pledge(2023, bloc=bloc, state=PledgeState.OPEN)
    _pledge(2024, state=PledgeState.OPEN, title="Giao ước năm 2024")
    _pledge(2025, bloc=bloc, state=PledgeState.DRAFT)
    client.force_login(board)
    url = reverse("pledges:pledge_list")
    assert pks(client.get(url, {"year": 2024, "bloc": bloc.pk, "state": "open"})) == [hit.pk]
    assert pks(client.get(url, {"q": "kinh tế", "state": "open", "year": 2024})) == [hit.pk]


def test_sorts_by_title_and_ceremony(client, board):
    b = _pledge(2024, title="B giao ước", ceremony_date=datetime.date(2024, 1, 5))
    a = _pledge(2023, title="A giao ước", ceremony_date=datetime.date(2024, 2, 5))
    client.force_login(board)
    url = reverse("pledges:pledge_list")
    assert pks(client.get(url)) == [b.pk, a.pk]  # newest year first
    assert pks(client.get(url, {"sort": "title"})) == [a.pk, b.pk]
    assert pks(client.get(url, {"sort": "-title"})) == [b.pk, a.pk]
    assert pks(client.get(url, {"sort": "-ceremony"})) == [a.pk, b.pk]


def test_clerk_sees_and_picks_only_the_blocs_of_their_unit(client, clerk, unit, other_unit):
    mine = _pledge(members=[unit])
    theirs = _pledge(members=[other_unit])
    client.force_login(clerk)
    response = client.get(reverse("pledges:pledge_list"), {"bloc": theirs.bloc_year.bloc_id})
    assert pks(response) == [mine.pk]
    assert response.context["filter"].form.errors["bloc"]
    assert list(response.context["filter"].form.fields["bloc"].queryset) == [mine.bloc_year.bloc]


@pytest.mark.parametrize("query,count", [("", 8), ("?state=draft&q=giao&bloc={bloc}&sort=-signatures", 9)])
@pytest.mark.parametrize("n", [1, 3])
def test_query_count_with_filter_and_sort(client, board, django_assert_num_queries, n, query, count):
    bloc = BlocFactory()
    for i in range(n):
        _pledge(2020 + i, members=[UnitFactory()], bloc=bloc)
    client.force_login(board)
    with django_assert_num_queries(count):  # a chosen bloc is checked against the user's blocs: one more
        response = client.get(reverse("pledges:pledge_list") + query.format(bloc=bloc.pk))
    assert len(response.context["page"]) == n
