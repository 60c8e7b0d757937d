from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from emulation.enums import Role
from emulation.models import RoleAssignment
from emulation.registry import hook
from pledges import services
from pledges.enums import FulfilmentResult, PledgeState, ReportState
from pledges.hooks import scorecard_panels
from pledges.models import FulfilmentReport, Signature
from tests.pledges.factories import PledgeFactory, make_bloc_year

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


def _by_order(response):
    return {p.order: p for p in response.context["panels"]}


def _items(panel):
    return [(pledge["pk"], [u["display_name"] for u in units]) for pledge, units in panel.context["items"]]


def test_dashboard_pledge_panels_for_a_clerk_of_two_units(client, clerk, board, leader, unit, third_unit, head_unit,
                                                         open_pledge):
    """To sign: each own unit without a live signature (a withdrawn one does not count); to report: each own
    unit without a submitted or confirmed report (a draft or returned one does not count)."""
    RoleAssignment.objects.create(user=clerk, role=Role.CLERK, unit=third_unit)
    third_unit.name, third_unit.short_name = "Ban Thứ ba", "Thứ ba"  # before "Sở Thử nghiệm" in any collation
    third_unit.save()
    signature = services.sign_pledge(open_pledge, board, unit, "A", "Giám đốc")
    services.withdraw_signature(signature, board, "Ký nhầm người")
    services.sign_pledge(open_pledge, board, third_unit, "B", "Giám đốc")
    older = PledgeFactory(bloc_year=make_bloc_year(head_unit, [unit, third_unit], year=2019), state=PledgeState.OPEN)
    signed = PledgeFactory(bloc_year=make_bloc_year(head_unit, [unit, third_unit], year=2020), state=PledgeState.SIGNED)
    FulfilmentReport.objects.create(pledge=signed, unit=third_unit, state=ReportState.RETURNED)
    done = PledgeFactory(bloc_year=make_bloc_year(head_unit, [unit, third_unit], year=2018), state=PledgeState.SIGNED)
    for member, state in [(unit, ReportState.SUBMITTED), (third_unit, ReportState.CONFIRMED)]:
        FulfilmentReport.objects.create(pledge=done, unit=member, state=state)
    other = PledgeFactory(bloc_year=make_bloc_year(head_unit, [head_unit], year=2017), state=PledgeState.OPEN)
    client.force_login(clerk)
    panels = _by_order(client.get(reverse("dashboard")))
    assert _items(panels[12]) == [(open_pledge.pk, [unit.name]), (older.pk, ["Thứ ba", unit.name])]  # newest first
    assert panels[12].count == 3
    assert panels[14].context["links"] == [
        (f"{signed.title} – Thứ ba", reverse("pledges:report", args=[signed.pk, third_unit.pk])),
        (f"{signed.title} – {unit.name}", reverse("pledges:report", args=[signed.pk, unit.pk]))]
    assert 13 not in panels and 16 not in panels  # not a leader
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("pledges:pledge_detail", args=[older.pk]) in html
    assert reverse("pledges:pledge_detail", args=[other.pk]) not in html


def test_dashboard_leader_missing_signatures_and_reports_to_confirm(client, leader, clerk, board, unit, third_unit,
                                                                    head_unit, open_pledge, other_unit):
    third_unit.name = "Ban Thứ ba"  # before "Sở Thử nghiệm" in any collation
    third_unit.save()
    services.sign_pledge(open_pledge, board, head_unit, "A", "Giám đốc")
    everyone = PledgeFactory(bloc_year=make_bloc_year(head_unit, [unit], year=2019), state=PledgeState.OPEN)
    for member in (head_unit, unit):
        Signature.objects.create(pledge=everyone, unit=member, representative_name="C",
                                 representative_position="Giám đốc", signed_at=timezone.now())
    signed = PledgeFactory(bloc_year=make_bloc_year(head_unit, [unit, third_unit, head_unit], year=2020),
                           state=PledgeState.SIGNED)
    FulfilmentReport.objects.create(pledge=signed, unit=unit, state=ReportState.SUBMITTED, submitted_by=clerk)
    FulfilmentReport.objects.create(pledge=signed, unit=head_unit, state=ReportState.SUBMITTED, submitted_by=leader)
    FulfilmentReport.objects.create(pledge=signed, unit=third_unit, state=ReportState.DRAFT)
    elsewhere = PledgeFactory(bloc_year=make_bloc_year(other_unit, [unit], year=2016), state=PledgeState.SIGNED)
    FulfilmentReport.objects.create(pledge=elsewhere, unit=unit, state=ReportState.SUBMITTED, submitted_by=clerk)
    client.force_login(leader)
    panels = _by_order(client.get(reverse("dashboard")))
    # the units by name; a pledge everyone signed is listed with none (the template says "all signed")
    assert _items(panels[13]) == [(open_pledge.pk, [third_unit.name, unit.name]), (everyone.pk, [])]
    assert panels[13].count == 2
    assert panels[16].context["links"] == [(f"{unit.name} – {signed.title}",
                                            reverse("pledges:report", args=[signed.pk, unit.pk]))]
    client.force_login(board)
    links = _by_order(client.get(reverse("dashboard")))[16].context["links"]
    assert sorted(url for _label, url in links) == sorted(reverse("pledges:report", args=[p.pk, u.pk]) for p, u in
                                                          [(signed, unit), (signed, head_unit), (elsewhere, unit)])
