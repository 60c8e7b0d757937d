"""My reports: filters, sorting, only my own jobs, a fixed query count."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.enums import JobStatus
from reports.models import ReportJob

pytestmark = pytest.mark.django_db


def pks(response):
    return [obj.pk for obj in response.context["page"]]


def job(user, title, kind="province_stats", status=JobStatus.DONE, days_ago=0):
    j = ReportJob.objects.create(kind=kind, params={"title": title}, params_key=title, title=title, requested_by=user,
                                 status=status)
    ReportJob.objects.filter(pk=j.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return j


def test_filters_by_kind_status_and_title(client, board):
    hit = job(board, "Thống kê khen thưởng năm 2024", status=JobStatus.FAILED)
    job(board, "Thống kê khen thưởng năm 2023")
    job(board, "Lịch sử khen thưởng 2024", kind="award_history", status=JobStatus.FAILED)
    client.force_login(board)
    url = reverse("reports:mine")
    assert pks(client.get(url, {"kind": "province_stats", "status": "failed"})) == [hit.pk]
    assert pks(client.get(url, {"q": "thống kê 2024"})) == [hit.pk]


def test_sorts_by_title_and_request_time(client, board):
    b = job(board, "B báo cáo", days_ago=2)
    a = job(board, "A báo cáo", days_ago=1)
    client.force_login(board)
    url = reverse("reports:mine")
    assert pks(client.get(url)) == [a.pk, b.pk]  # newest first
    assert pks(client.get(url, {"sort": "requested"})) == [b.pk, a.pk]
    assert pks(client.get(url, {"sort": "-title"})) == [b.pk, a.pk]


def test_shows_only_my_own_jobs_whatever_the_filter(client, board, council):
    mine = job(council, "Của tôi")
    job(board, "Của người khác")
    client.force_login(council)
    assert pks(client.get(reverse("reports:mine"), {"kind": "province_stats", "sort": "title"})) == [mine.pk]


def test_a_filter_that_finds_nothing_keeps_the_form(client, board):
    job(board, "Thống kê")
    client.force_login(board)
    response = client.get(reverse("reports:mine"), {"status": "failed"})
    assert pks(response) == []
    assert 'name="status"' in response.content.decode()


@pytest.mark.parametrize("query", ["", "?q=thống&kind=province_stats&status=done&sort=-title"])
@pytest.mark.parametrize("n", [1, 3])
def test_query_count_with_filter_and_sort(client, board, django_assert_num_queries, n, query):
    for i in range(n):
        job(board, f"Thống kê {i}")
    client.force_login(board)
    with django_assert_num_queries(6):
        response = client.get(reverse("reports:mine") + query)
    assert len(response.context["page"]) == n
