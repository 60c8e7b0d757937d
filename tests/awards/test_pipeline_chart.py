# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)
"""The board queue's pipeline chart: nominations by state, overdue ones apart."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.enums import NominationState
from awards.models import Nomination, NominationItem
from awards.selectors import pipeline
from tests.awards.nomination_factories import advance, base_salary, build, ldtt  # noqa: F401
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = reverse("awards:nomination_queue")
YEAR = timezone.localdate().year


def _chart_data(response):
    match = re.search(r'<script id="pipeline-chart-data" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    assert match, "no chart data on the page"
    return json.loads(match.group(1))


def _nomination(clerk, unit, board, award_type, state):
    return advance(build(clerk, unit, award_type, [PersonFactory(unit=unit)]), clerk, board, state)


def _make_overdue(nomination):
    NominationItem.objects.filter(nomination=nomination).update(appraisal_due=datetime.date(2000, 1, 3))


@pytest.fixture
def queue(clerk, unit, board, ldtt):
    """Submitted 2, received 1 (overdue), appraising 1 (overdue), at the council 1, decided this year 1 and in
    2000 1 (left out), returned 1; a draft (never counted)."""
    for _ in range(2):
        _nomination(clerk, unit, board, ldtt, NominationState.SUBMITTED)
    _make_overdue(_nomination(clerk, unit, board, ldtt, NominationState.RECEIVED))
    _make_overdue(_nomination(clerk, unit, board, ldtt, NominationState.APPRAISING))
    _nomination(clerk, unit, board, ldtt, NominationState.AT_COUNCIL)
    done = [_nomination(clerk, unit, board, ldtt, NominationState.AT_COUNCIL) for _ in range(2)]
    Nomination.objects.filter(pk=done[0].pk).update(state=NominationState.DECIDED, decided_at=timezone.now())
    Nomination.objects.filter(pk=done[1].pk).update(
        state=NominationState.DECIDED, decided_at=datetime.datetime(2000, 6, 1, tzinfo=datetime.UTC))
    returned = _nomination(clerk, unit, board, ldtt, NominationState.SUBMITTED)
    Nomination.objects.filter(pk=returned.pk).update(state=NominationState.RETURNED)
    build(clerk, unit, ldtt, [PersonFactory(unit=unit)])


EXPECTED = [("submitted", 2, 0), ("received", 1, 1), ("appraising", 1, 1), ("at_council", 1, 0),
            ("decided", 1, 0), ("returned", 1, 0)]


def test_pipeline_counts_by_state_and_overdue(queue, board):
    assert [(s["state"], s["count"], s["overdue"]) for s in pipeline(board, YEAR)] == EXPECTED


def test_pipeline_counts_decided_in_the_year_asked(queue, board):
    assert [s["count"] for s in pipeline(board, 2000) if s["state"] == "decided"] == [1]


def test_pipeline_of_a_clerk_is_their_units_only(queue, other_clerk, clerk):
    assert sum(s["count"] for s in pipeline(other_clerk, YEAR)) == 0
    assert sum(s["count"] for s in pipeline(clerk, YEAR)) == 7


def test_queue_page_shows_the_pipeline_chart_and_table(client, queue, board):
    client.force_login(board)
    response = client.get(URL)
    html = response.content.decode()
    assert '<canvas id="pipeline-chart"' in html and 'id="pipeline-table"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "awards/pipeline-chart.js" in html
    assert "<script>" not in html
    data = _chart_data(response)
    assert data["on_time"] == [2, 0, 0, 1, 1, 1]
    assert data["overdue"] == [0, 1, 1, 0, 0, 0]
    assert data["states"] == ["Đã gửi", "Ban đã tiếp nhận", "Đang thẩm định", "Trình Hội đồng",
                              f"Đã khen thưởng năm {YEAR}", "Trả lại đơn vị"]
    assert data["urls"][1] == f"{URL}?state=received"
    assert data["labels"] == {"on_time": "Chưa quá hạn", "overdue": "Quá hạn", "axis": "Hồ sơ đề nghị"}
    assert "Tiến độ xử lý hồ sơ đề nghị theo trạng thái" in html  # the heading
    assert f'href="{URL}?state=received&amp;overdue=true"' in html  # the table links the overdue ones
    assert response.context["pipeline_total"] == 7 and response.context["pipeline_overdue"] == 2


def test_queue_page_without_nominations_has_no_chart(client, board):
    client.force_login(board)
    html = client.get(URL).content.decode()
    assert "pipeline-chart" not in html and "chart.umd.min.js" not in html


def test_council_reads_the_pipeline_clerk_is_refused(client, queue, council, clerk):
    client.force_login(council)
    assert _chart_data(client.get(URL))["overdue"] == [0, 1, 1, 0, 0, 0]
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
