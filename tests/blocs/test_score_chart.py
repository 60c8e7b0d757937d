"""The scoreboard's score chart: the selector's numbers, the page's canvas and data, access, query count."""

import json
import re

import pytest
from django.urls import reverse

from blocs.enums import BlocYearState, ScorecardState
from blocs.selectors import score_chart, scoreboard
from tests.blocs.factories import FULL, make_bloc_year, make_card, new_unit
from tests.factories import make_clerk

pytestmark = pytest.mark.django_db
S = ScorecardState


def _url(by):
    return reverse("blocs:scoreboard", args=[by.pk])


def _chart_data(response):
    match = re.search(r'<script id="score-chart-data" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    assert match, "no chart data on the page"
    return json.loads(match.group(1))


@pytest.fixture
def scored(bloc):
    """Three finalised scorecards: self points differ from the final ones, bonus over the cap, a penalty."""
    make_card(bloc.by, bloc.unit, state=S.FINALISED, points={**FULL, "A.1": 60}, final={**FULL, "A.1": 55})
    make_card(bloc.by, bloc.other_unit, state=S.FINALISED, points={**FULL, "B.1": 8, "B.2": 8},
              final={**FULL, "B.1": 8, "B.2": 8, "C.1": 2})
    make_card(bloc.by, bloc.deputy, state=S.FINALISED, points=FULL, final={**FULL, "A.2": 20})
    return bloc


def test_score_chart_totals_in_rank_order(scored):
    tree, rows = scoreboard(scored.by, "final")
    data = score_chart(tree, rows, "final", compare_self=True)
    # final: unit 55+30 = 85; other 50+30 + min(16, 10) - 2 = 88; deputy 50+20 = 70
    assert data["units"] == [scored.other_unit.display_name, scored.unit.display_name, scored.deputy.display_name]
    assert data["ranks"] == [1, 2, 3]
    assert data["totals"] == [88.0, 85.0, 70.0]
    # self: other 50+30+10 = 90; unit 60+30 = 90; deputy 80
    assert data["self"] == [90.0, 90.0, 80.0]
    assert data["max"] == 110.0  # standard 100 + bonus allowed 10 (16 possible, capped)


def test_score_chart_without_comparison_has_no_self_series(scored):
    tree, rows = scoreboard(scored.by, "final")
    assert "self" not in score_chart(tree, rows, "final", compare_self=False)
    assert "self" not in score_chart(tree, rows, "self", compare_self=True)


def test_scoreboard_page_shows_the_chart_with_the_numbers(client, scored, board):
    client.force_login(board)
    response = client.get(_url(scored.by))
    html = response.content.decode()
    assert '<canvas id="score-chart"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "blocs/score-chart.js" in html
    assert "<script>" not in html  # no inline script: only files and JSON data
    data = _chart_data(response)
    assert data["totals"] == [88.0, 85.0, 70.0]
    assert data["self"] == [90.0, 90.0, 80.0]
    assert data["labels"] == {"totals": "Điểm chính thức", "self": "Điểm tự chấm", "axis": "Tổng điểm"}
    assert "Phân bố điểm" in html  # the caption
    assert response.context["chart_summary"] in html  # the screen-reader summary
    assert "3 đơn vị xếp hạng theo điểm chính thức: từ 70 đến 88 điểm" in html


def test_scoreboard_chart_for_a_member_unit_has_final_points_only(client, scored):
    scored.by.state = BlocYearState.VOTING
    scored.by.save(update_fields=["state"])
    client.force_login(scored.other_clerk)
    data = _chart_data(client.get(_url(scored.by)))
    assert data["totals"] == [88.0, 85.0, 70.0]
    assert "self" not in data  # member units do not see each other's self-scoring in the chart


def test_scoreboard_without_scorecards_has_no_chart(client, bloc, board):
    client.force_login(board)
    html = client.get(_url(bloc.by)).content.decode()
    assert "score-chart" not in html and "chart.umd.min.js" not in html


def test_scoreboard_chart_outsider_404(client, scored):
    outsider = make_clerk(new_unit("Đơn vị ngoài khối", "NGOAI"), username="outsider")
    client.force_login(outsider)
    assert client.get(_url(scored.by)).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_scoreboard_chart_query_count(client, board, django_assert_num_queries, n):
    units = [new_unit(f"Đơn vị số {i}") for i in range(n)]
    by = make_bloc_year(units[0], members=units[1:], state=BlocYearState.VOTING)
    for u in units:
        make_card(by, u, state=S.FINALISED, points=FULL, final=FULL)
    client.force_login(board)
    client.get(_url(by))
    with django_assert_num_queries(10):  # the same as the scoreboard without a chart
        response = client.get(_url(by))
    assert _chart_data(response)["totals"] == [80.0] * n
