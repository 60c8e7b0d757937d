"""All imports: filters, sorting, scope (a clerk sees the imports they started) and a fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from imports.enums import ImportKind, ImportStatus
from imports.models import ImportRun

pytestmark = pytest.mark.django_db


def pks(response):
    return [obj.pk for obj in response.context["page"]]


def run(user, name, kind=ImportKind.PEOPLE, status=ImportStatus.DONE, unit=None, days_ago=0):
    r = ImportRun.objects.create(kind=kind, file=f"imports/{name}", original_name=name, scope_unit=unit,
                                 requested_by=user, status=status, row_count=3)
    ImportRun.objects.filter(pk=r.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return r


def test_filters_by_kind_status_unit_name_and_date(client, board, unit, other_unit):
    hit = run(board, "can-bo-2024.xlsx", unit=unit, days_ago=1)
    run(board, "can-bo-2024.xlsx", unit=other_unit, days_ago=1)
    run(board, "can-bo-2024.xlsx", unit=unit, status=ImportStatus.FAILED, days_ago=1)
    run(board, "don-vi.xlsx", kind=ImportKind.UNITS, unit=unit, days_ago=1)
    run(board, "can-bo-2023.xlsx", unit=unit, days_ago=400)
    client.force_login(board)
    since = (timezone.localdate() - datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.get(reverse("imports:runs"), {"kind": "people", "status": "done", "scope_unit": unit.pk,
                                                    "q": "can-bo", "date_from": since})
    assert pks(response) == [hit.pk]


def test_sorts_by_file_name_and_upload_time(client, board):
    b = run(board, "b.xlsx", days_ago=2)
    a = run(board, "a.xlsx", days_ago=1)
    client.force_login(board)
    url = reverse("imports:runs")
    assert pks(client.get(url)) == [a.pk, b.pk]
    assert pks(client.get(url, {"sort": "uploaded"})) == [b.pk, a.pk]
    assert pks(client.get(url, {"sort": "-file"})) == [b.pk, a.pk]


def test_clerk_sees_own_imports_and_cannot_pick_another_unit(client, clerk, other_clerk, unit, other_unit):
    mine = run(clerk, "cua-toi.xlsx", unit=unit)
    run(other_clerk, "cua-nguoi-khac.xlsx", unit=other_unit)
    client.force_login(clerk)
    response = client.get(reverse("imports:runs"), {"scope_unit": other_unit.pk, "sort": "unit"})
    assert pks(response) == [mine.pk]
    assert response.context["filter"].form.errors["scope_unit"]
    assert list(response.context["filter"].form.fields["scope_unit"].queryset) == [unit]


def test_home_links_to_all_imports(client, clerk):
    client.force_login(clerk)
    assert reverse("imports:runs") in client.get(reverse("imports:home")).content.decode()


@pytest.mark.parametrize("query,count", [("", 6), ("?q=xlsx&kind=people&status=done&scope_unit={unit}&sort=-unit", 8)])
@pytest.mark.parametrize("n", [1, 3])
def test_query_count_with_filter_and_sort(client, board, unit, django_assert_num_queries, n, query, count):
    for i in range(n):
        run(board, f"tep-{i}.xlsx", unit=unit)
    client.force_login(board)
    with django_assert_num_queries(count):  # a chosen unit is checked: one more
        response = client.get(reverse("imports:runs") + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n
