from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from emulation.registry import hook
from pledges import services
from pledges.enums import FulfilmentResult
from pledges.hooks import scorecard_panels

pytestmark = pytest.mark.django_db


def _titles(response):
    return [str(p.title) for p in response.context["panels"]]


def test_scorecard_panel_shows_units_fulfilment(signed_pledge, clerk, unit):
    c1, c2 = signed_pledge.commitments.order_by("position")
    services.save_report(signed_pledge, clerk, unit, [
        {"commitment": c1, "result": FulfilmentResult.ACHIEVED},
        {"commitment": c2, "result": FulfilmentResult.PARTLY, "figure": 80},
    ])
    scorecard = SimpleNamespace(bloc_year=signed_pledge.bloc_year, unit=unit)
    [panel] = scorecard_panels(scorecard, clerk)
    assert panel.context["counts"] == {"achieved": 1, "partly": 1, "not_achieved": 0}
    html = render_to_string(panel.template, {"ctx": panel.context})
    assert "80" in html
    assert reverse("pledges:report", args=[signed_pledge.pk, unit.pk]) in html


def test_scorecard_panel_through_the_registry(signed_pledge, clerk, unit):
    scorecard = SimpleNamespace(bloc_year=signed_pledge.bloc_year, unit=unit)
    panels = hook("scorecard_panels", scorecard=scorecard, user=clerk)
    assert [p.template for p in panels if p.template.startswith("pledges/")] == ["pledges/_scorecard_panel.html"]


def test_scorecard_panel_without_pledge_or_fields(bloc_year, clerk, unit):
    [panel] = scorecard_panels(SimpleNamespace(bloc_year=bloc_year, unit=unit), clerk)
    assert (panel.context["pledge"], panel.context["report"]) == (None, None)
    assert scorecard_panels(object(), clerk) == []


def test_dashboard_clerk_sees_pledge_to_sign(client, clerk, open_pledge):
    client.force_login(clerk)
    assert "Giao ước cần ký" in _titles(client.get(reverse("dashboard")))


def test_dashboard_leader_sees_missing_signatures(client, leader, open_pledge, board, unit):
    services.sign_pledge(open_pledge, board, unit, "B", "Giám đốc")
    client.force_login(leader)
    response = client.get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if str(p.title) == "Đơn vị chưa ký giao ước")
    assert panel.count == 2  # the head unit itself and the third unit


def test_dashboard_leader_sees_reports_to_confirm(client, leader, clerk, signed_pledge, unit):
    services.save_report(signed_pledge, clerk, unit, [{"commitment": c, "result": FulfilmentResult.ACHIEVED}
                                                      for c in signed_pledge.commitments.all()])
    services.submit_report(signed_pledge.reports.get(unit=unit), clerk)
    client.force_login(leader)
    assert "Kết quả thực hiện giao ước cần xác nhận" in _titles(client.get(reverse("dashboard")))
