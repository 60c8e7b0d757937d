"""The bloc list: filters, sorting, pagination, scope and a fixed query count."""

import pytest
from django.urls import reverse

from blocs.models import Bloc
from tests.blocs.factories import make_bloc_year, new_unit

pytestmark = pytest.mark.django_db


def pks(response):
    return [obj.pk for obj in response.context["page"]]


def _url():
    return reverse("blocs:bloc_list")


def test_filters_by_text_year_member_and_activity(client, board, unit):
    hit = make_bloc_year(new_unit("Trưởng 1"), members=[unit], year=2024,
                         bloc=Bloc.objects.create(name="Khối các sở kinh tế", code="KT-A")).bloc
    make_bloc_year(new_unit("Trưởng 2"), members=[unit], year=2023,
                   bloc=Bloc.objects.create(name="Khối các sở kinh tế tổng hợp", code="KT-B"))
    make_bloc_year(new_unit("Trưởng 3"), year=2024, bloc=Bloc.objects.create(name="Khối kinh tế khác", code="KT-C"))
    Bloc.objects.create(name="Khối kinh tế cũ", code="KT-D", is_active=False)
    client.force_login(board)
    assert pks(client.get(_url(), {"q": "kinh tế", "year": 2024, "member": unit.pk})) == [hit.pk]
    assert [b.code for b in client.get(_url(), {"is_active": "false"}).context["page"]] == ["KT-D"]


def test_sorts_by_name_and_code(client, board):
    b = Bloc.objects.create(name="A khối", code="K2")
    a = Bloc.objects.create(name="B khối", code="K1")
    client.force_login(board)
    assert pks(client.get(_url())) == [a.pk, b.pk]
    assert pks(client.get(_url(), {"sort": "-code"})) == [b.pk, a.pk]
    assert pks(client.get(_url(), {"sort": "name"})) == [b.pk, a.pk]


def test_clerk_year_and_member_filters_stay_in_scope(client, clerk, unit, other_unit):
    mine = make_bloc_year(new_unit("Trưởng"), members=[unit], year=2024)
    make_bloc_year(new_unit("Trưởng khác"), members=[other_unit], year=2024)
    # The clerk's bloc also runs in 2025 without the clerk's unit: that year is not theirs to find it by.
    make_bloc_year(new_unit("Trưởng 2025"), members=[other_unit], year=2025, bloc=mine.bloc)
    client.force_login(clerk)
    assert pks(client.get(_url(), {"year": 2024})) == [mine.bloc_id]
    assert pks(client.get(_url(), {"year": 2025})) == []
    response = client.get(_url(), {"member": other_unit.pk})
    assert pks(response) == [mine.bloc_id]
    assert response.context["filter"].form.errors["member"]
    assert list(response.context["filter"].form.fields["member"].queryset) == [unit]


@pytest.mark.parametrize("query,count", [("", 7), ("?q=khối&year=2020&member={unit}&is_active=true&sort=-name", 9)])
@pytest.mark.parametrize("n", [1, 3])
def test_query_count_with_filter_and_sort(client, board, unit, django_assert_num_queries, n, query, count):
    for i in range(n):
        make_bloc_year(new_unit(f"Trưởng {i}"), members=[unit], criteria=False)
    client.force_login(board)
    with django_assert_num_queries(count):  # a chosen unit is checked against the user's units: one more
        response = client.get(_url() + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n


def test_each_bloc_links_its_years_newest_first_with_their_state(client, board):
    bloc = Bloc.objects.create(name="Khối văn hóa", code="VH")
    old = make_bloc_year(new_unit("Trưởng 2023"), year=2023, bloc=bloc)
    new = make_bloc_year(new_unit("Trưởng 2024"), year=2024, bloc=bloc)
    client.force_login(board)
    response = client.get(_url())
    html = response.content.decode()
    assert [year for _url, year, _state in response.context["page"][0].year_links] == [2024, 2023]
    for by in (new, old):
        assert (f'href="{by.get_absolute_url()}">{by.year} <small class="text-muted">({by.get_state_display()})'
                f'</small>') in html
