# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)
"""The home page of each role: what awaits the user, with counts and links, and a query count that does not
grow with the data (1 and 3 items in every panel)."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from awards import services as awards_services
from awards.enums import DecisionState, DocumentKind, NominationState
from awards.models import Decision, NominationItem
from blocs.enums import BlocYearState, ScorecardState
from blocs.models import BlocYearAssessment, Vote
from campaigns.enums import CampaignScope, CampaignState, RegistrationState
from campaigns.models import CampaignRegistration
from campaigns.selectors import campaigns_for_user, open_campaigns_to_register, unit_ids_in_scope, units_reached
from emulation.enums import Role
from emulation.models import RoleAssignment
from emulation.roles import roles_of
from pledges.enums import PledgeState
from reports.enums import JobStatus
from reports.models import ReportJob
from reports.registry import params_key
from tests.awards.nomination_factories import advance, base_salary, build, decide, flag, ldtt, pdf  # noqa: F401
from tests.blocs.factories import FULL, make_bloc_year, make_card, new_unit
from tests.campaigns.campaign_helpers import CampaignFactory
from tests.factories import PersonFactory, UnitFactory, make_clerk
from tests.pledges.factories import PledgeFactory

pytestmark = pytest.mark.django_db
HOME = reverse("dashboard")
TODAY = timezone.localdate()


def _panels(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return {str(p.title): p for p in response.context["panels"]}, response.content.decode()


def _urls(panel):
    return [row["url"] for row in panel.context.get("rows", [])]


# Builders: ``n`` items for every panel of a role -------------------------------------------------------------


def clerk_world(n, clerk, unit, board, award_type, year=2030):
    """For the clerk of ``unit``: n open pledges to sign, n scorecards to fill, n nominations returned, n award
    decisions issued, n campaigns to register for (province- and bloc-wide)."""
    made = SimpleNamespace(cards=[], pledges=[], returned=[], decisions=[], campaigns=[])
    for i in range(n):
        by = make_bloc_year(new_unit(f"Trưởng khối {year}-{i}"), members=[unit], year=year,
                            state=BlocYearState.SCORING, deadline=datetime.date(year, 12, 10 + i))
        made.cards.append(make_card(by, unit))
        made.pledges.append(PledgeFactory(bloc_year=by, state=PledgeState.OPEN))
        nomination = advance(build(clerk, unit, award_type, [PersonFactory(unit=unit)]), clerk, board,
                             NominationState.SUBMITTED)
        made.returned.append(awards_services.return_nomination(nomination, board, f"Thiếu báo cáo {i}"))
        nomination = advance(build(clerk, unit, award_type, [PersonFactory(unit=unit)]), clerk, board,
                             NominationState.AT_COUNCIL)
        decision = decide(nomination, board, number=f"{i + 1}/QĐ-UBND", date=TODAY)
        made.decisions.append(awards_services.issue_decision(decision, board))
        made.campaigns.append(CampaignFactory(state=CampaignState.LAUNCHED))
        campaign = CampaignFactory(state=CampaignState.LAUNCHED, scope=CampaignScope.BLOCS, start_date=None,
                                   end_date=None)
        campaign.scope_blocs.set([by.bloc])
        made.campaigns.append(campaign)
    return made


def leader_world(n, head, members, board):
    """For the leaders of ``head``: n scorecards to review, n votes to record, n year-end reports to produce."""
    made = SimpleNamespace(review=[], votes=[], reports=[])
    for i in range(n):
        by = make_bloc_year(head, members=members, year=2040 + i, state=BlocYearState.SCORING)
        made.review.append(make_card(by, members[0], state=ScorecardState.SUBMITTED, points=FULL))
        made.votes.append(make_bloc_year(head, members=members, year=2050 + i, state=BlocYearState.VOTING))
        voted = make_bloc_year(head, members=members, year=2060 + i, state=BlocYearState.VOTING)
        Vote.objects.create(bloc_year=voted, held_on=datetime.date(2060 + i, 12, 20), voters_present=5,
                            threshold_percent=50, recorded_by=board)
        made.reports.append(voted)
    return made


def board_world(n, clerk, unit, board, award_type):
    """For the board: n nominations received and overdue, n at the council ready for a decision, n draft
    decisions, n scorecards to finalise, a council meeting next week."""
    made = SimpleNamespace(overdue=[], ready=[], drafts=[], cards=[])
    for i in range(n):
        nomination = advance(build(clerk, unit, award_type, [PersonFactory(unit=unit)]), clerk, board,
                             NominationState.RECEIVED)
        NominationItem.objects.filter(nomination=nomination).update(appraisal_due=TODAY - datetime.timedelta(days=3))
        made.overdue.append(nomination)
        made.ready.append(advance(build(clerk, unit, award_type, [PersonFactory(unit=unit)]), clerk, board,
                                  NominationState.AT_COUNCIL))
        drafted = advance(build(clerk, unit, award_type, [PersonFactory(unit=unit)]), clerk, board,
                          NominationState.AT_COUNCIL)
        made.drafts.append(decide(drafted, board, number=f"{100 + i}/QĐ-UBND", date=TODAY))
        by = make_bloc_year(new_unit(f"Trưởng khối chốt {i}"), members=[unit], year=2070 + i,
                            state=BlocYearState.REVIEWING)
        made.cards.append(make_card(by, unit, state=ScorecardState.REVIEWED, points=FULL))
    awards_services.create_council_meeting(board, TODAY + datetime.timedelta(days=7), 15, 12, place="Phòng họp số 1")
    return made


# Clerk ----------------------------------------------------------------------------------------------------------


def test_clerk_home_lists_what_awaits_the_unit(client, clerk, unit, board, ldtt):
    made = clerk_world(2, clerk, unit, board, ldtt)
    panels, html = _panels(client, clerk)
    assert panels["Giao ước cần ký"].count == 2
    for pledge in made.pledges:
        assert reverse("pledges:pledge_detail", args=[pledge.pk]) in html
    cards = panels["Bảng chấm điểm cần thực hiện"]
    assert cards.count == 2
    assert "hạn 10/12/2030" in html and "hạn 11/12/2030" in html  # each scorecard's deadline
    nominations = panels["Hồ sơ đề nghị của đơn vị"]
    assert nominations.count == 2
    assert _urls(nominations) == [n.get_absolute_url() for n in made.returned]
    assert "bị trả lại: Thiếu báo cáo 0" in html
    decisions = panels["Quyết định khen thưởng liên quan đến đơn vị"]
    assert decisions.count == 2
    assert _urls(decisions) == [d.get_absolute_url() for d in reversed(made.decisions)]  # newest first
    assert panels["Phong trào cần đăng ký thi đua"].count == 4


def test_clerk_home_leaves_out_other_units_decisions(client, clerk, other_clerk, unit, other_unit, board, ldtt):
    clerk_world(1, other_clerk, other_unit, board, ldtt)
    panels, _html = _panels(client, clerk)
    assert "Quyết định khen thưởng liên quan đến đơn vị" not in panels
    assert panels["Hồ sơ đề nghị của đơn vị"].count == 0
    assert "Giao ước cần ký" not in panels and "Bảng chấm điểm cần thực hiện" not in panels


def test_clerk_home_old_decisions_drop_off(client, clerk, unit, board, ldtt):
    made = clerk_world(1, clerk, unit, board, ldtt)
    type(made.decisions[0]).objects.filter(pk=made.decisions[0].pk).update(
        date=datetime.date(2001, 1, 5), issued_at=timezone.now() - datetime.timedelta(days=90))
    panels, _html = _panels(client, clerk)
    assert "Quyết định khen thưởng liên quan đến đơn vị" not in panels


@pytest.mark.parametrize("n", [1, 3])
def test_clerk_home_query_count(client, clerk, unit, board, ldtt, django_assert_num_queries, n):
    clerk_world(n, clerk, unit, board, ldtt)
    client.force_login(clerk)
    client.get(HOME)  # warm-up (caches)
    with django_assert_num_queries(15):
        response = client.get(HOME)
    counts = {str(p.title): p.count for p in response.context["panels"]}
    assert counts["Giao ước cần ký"] == counts["Hồ sơ đề nghị của đơn vị"] == n
    assert counts["Quyết định khen thưởng liên quan đến đơn vị"] == n


# Bloc leader ----------------------------------------------------------------------------------------------------


@pytest.fixture
def leading(unit, other_unit, board):
    head = new_unit("Sở Đứng đầu", "HEAD")
    return SimpleNamespace(head=head, leader=make_clerk(head, username="leader"), members=[unit, other_unit])


def test_leader_home_lists_reviews_votes_and_the_report_to_produce(client, leading, board):
    made = leader_world(1, leading.head, leading.members, board)
    panels, html = _panels(client, leading.leader)
    review = panels["Khối trưởng: việc cần làm"]
    assert review.count == 2
    assert reverse("blocs:scorecard_review", args=[made.review[0].pk]) in html
    assert reverse("blocs:vote", args=[made.votes[0].pk]) in html
    report = panels["Khối trưởng: báo cáo tổng kết"]
    by = made.reports[0]
    request_url = reverse("reports:request", args=["bloc_summary"]) + "?" + urlencode({"bloc_year": by.pk})
    # the assessment to write and the summary to produce; nothing for the bloc years not voted yet
    assert _urls(report) == [reverse("blocs:assessment", args=[by.pk]), request_url]
    assert report.count == 2


def test_leader_home_report_ready_once_produced(client, leading, board):
    made = leader_world(1, leading.head, leading.members, board)
    by = made.reports[0]
    BlocYearAssessment.objects.create(bloc_year=by, strengths="Đoàn kết")
    params = {"bloc_year": by.pk}
    job = ReportJob.objects.create(kind="bloc_summary", params=params, params_key=params_key(params),
                                   requested_by=leading.leader, status=JobStatus.DONE, finished_at=timezone.now())
    panels, html = _panels(client, leading.leader)
    report = panels["Khối trưởng: báo cáo tổng kết"]
    assert _urls(report) == [job.get_absolute_url()]
    assert report.count == 0
    assert f"Báo cáo tổng kết của {by}: đã có" in html


def test_leader_home_closed_years_of_the_past_drop_off(client, leading, board):
    made = leader_world(1, leading.head, leading.members, board)
    type(made.reports[0]).objects.filter(pk=made.reports[0].pk).update(state=BlocYearState.CLOSED, year=2001)
    panels, _html = _panels(client, leading.leader)
    assert "Khối trưởng: báo cáo tổng kết" not in panels


def test_member_clerk_gets_no_leader_panels(client, leading, clerk, board):
    leader_world(1, leading.head, leading.members, board)
    panels, _html = _panels(client, clerk)
    assert "Khối trưởng: báo cáo tổng kết" not in panels and "Khối trưởng: việc cần làm" not in panels


@pytest.mark.parametrize("n", [1, 3])
def test_leader_home_query_count(client, leading, board, django_assert_num_queries, n):
    leader_world(n, leading.head, leading.members, board)
    client.force_login(leading.leader)
    client.get(HOME)
    with django_assert_num_queries(14):
        response = client.get(HOME)
    counts = {str(p.title): p.count for p in response.context["panels"]}
    assert counts["Khối trưởng: việc cần làm"] == 2 * n
    assert counts["Khối trưởng: báo cáo tổng kết"] == 2 * n


# Board and council ----------------------------------------------------------------------------------------------


def test_board_home_lists_queue_overdue_first_council_and_decisions(client, clerk, unit, board, ldtt):
    submitted = advance(build(clerk, unit, ldtt, [PersonFactory(unit=unit)]), clerk, board, NominationState.SUBMITTED)
    made = board_world(1, clerk, unit, board, ldtt)
    panels, html = _panels(client, board)
    queue = panels["Hồ sơ cần tiếp nhận và thẩm định"]
    assert queue.count == 2
    appraise = [reverse("awards:nomination_appraise", args=[n.pk]) for n in (made.overdue[0], submitted)]
    assert _urls(queue) == appraise  # the overdue one first
    assert queue.context["rows"][0]["danger"] is True and queue.context["rows"][0]["note"].startswith("Quá hạn")
    assert "1 hồ sơ quá hạn." in html
    council = panels["Hội đồng: phiên họp tới"]
    assert council.count == 2  # the one ready for a decision and the one in the draft decision
    next_week = (TODAY + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    assert council.context["text"] == f"Phiên họp tới: {next_week}, Phòng họp số 1"
    decisions = panels["Quyết định cần ban hành"]
    assert decisions.count == 2
    create = reverse("awards:decision_create")
    assert _urls(decisions) == [f"{create}?nomination={made.ready[0].pk}", made.drafts[0].get_absolute_url()]
    assert reverse("blocs:scorecard_review", args=[made.cards[0].pk]) in html


def test_council_home_shows_the_next_meeting_and_ballots(client, clerk, unit, board, council, flag):
    nomination = awards_services.create_nomination(clerk, unit, 2024, "Đề nghị tặng Cờ thi đua")
    awards_services.add_items(nomination, clerk, flag, units=[unit], summary="Dẫn đầu khối")
    awards_services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    nomination = advance(nomination, clerk, board, NominationState.AT_COUNCIL)
    awards_services.create_council_meeting(board, TODAY - datetime.timedelta(days=30), 15, 12)  # past: not "next"
    panels, html = _panels(client, council)
    panel = panels["Hội đồng: phiên họp tới"]
    assert panel.context["text"] == "Chưa có phiên họp nào được ấn định."
    assert _urls(panel) == [nomination.get_absolute_url()]
    assert "1 đối tượng chờ bỏ phiếu" in html
    assert reverse("awards:nomination_council") in html
    assert "Quyết định cần ban hành" not in panels  # the council reads, the board decides


def test_outsider_home_has_no_work_panels(client, board, clerk, unit, ldtt):
    board_world(1, clerk, unit, board, ldtt)
    stranger = make_clerk(UnitFactory(name="Đơn vị lạ"), username="stranger")
    panels, _html = _panels(client, stranger)
    assert set(panels) == {"Đơn vị của tôi", "Hồ sơ đề nghị của đơn vị"}
    assert panels["Hồ sơ đề nghị của đơn vị"].count == 0


@pytest.mark.parametrize("n", [1, 3])
def test_board_home_query_count(client, clerk, unit, board, ldtt, django_assert_num_queries, n):
    board_world(n, clerk, unit, board, ldtt)
    client.force_login(board)
    client.get(HOME)
    with django_assert_num_queries(13):  # the queue panel counts by state and the overdue ones in one query
        response = client.get(HOME)
    counts = {str(p.title): p.count for p in response.context["panels"]}
    assert counts["Hồ sơ cần tiếp nhận và thẩm định"] == n
    assert f"{n} hồ sơ quá hạn." in response.content.decode()
    assert counts["Quyết định cần ban hành"] == 2 * n


@pytest.mark.parametrize("n", [1, 3])
def test_council_home_query_count(client, clerk, unit, board, council, ldtt, django_assert_num_queries, n):
    board_world(n, clerk, unit, board, ldtt)
    client.force_login(council)
    client.get(HOME)
    with django_assert_num_queries(8):  # as the board's: the queue panel's overdue count with its counts by state
        response = client.get(HOME)
    assert {str(p.title): p.count for p in response.context["panels"]}["Hội đồng: phiên họp tới"] == 2 * n


# Campaigns to register: every campaign at once ------------------------------------------------------------------


def test_units_reached_matches_unit_ids_in_scope(unit, other_unit):
    child = UnitFactory(name="Đơn vị cấp dưới", parent=unit)
    retired = UnitFactory(name="Đơn vị đã giải thể", parent=unit, is_active=False)
    old = make_bloc_year(new_unit("Trưởng khối cũ"), members=[unit], year=2019)
    new = make_bloc_year(new_unit("Trưởng khối mới"), members=[other_unit, child], year=2023)
    campaigns = [
        CampaignFactory(scope=CampaignScope.PROVINCE),
        CampaignFactory(scope=CampaignScope.UNIT, scope_unit=unit),
        CampaignFactory(scope=CampaignScope.UNIT, scope_unit=child),
        CampaignFactory(scope=CampaignScope.UNIT, scope_unit=None),
        CampaignFactory(scope=CampaignScope.BLOCS, start_date=datetime.date(2019, 1, 1),
                        end_date=datetime.date(2019, 12, 31)),
        CampaignFactory(scope=CampaignScope.BLOCS, start_date=datetime.date(2030, 1, 1), end_date=None),
        CampaignFactory(scope=CampaignScope.BLOCS, start_date=None, end_date=None),
    ]
    for campaign in campaigns[4:]:
        campaign.scope_blocs.set([old.bloc, new.bloc])
    ids = {unit.pk, other_unit.pk, child.pk, retired.pk}
    assert units_reached(campaigns, ids) == {c.pk: unit_ids_in_scope(c) & ids for c in campaigns}


def _campaigns_to_register_by_hand(user):
    """The rule spelt out campaign by campaign: open, seen by the user, reaching one of the user's own units
    that has no registration on it (a returned one does not count)."""

    own = roles_of(user).clerk_unit_ids
    out = []
    for c in campaigns_for_user(user).filter(state__in=[CampaignState.LAUNCHED, CampaignState.UNDER_WAY,
                                                        CampaignState.MID_TERM]):
        done = {r.unit_id for r in c.registrations.exclude(state=RegistrationState.RETURNED)}
        if (own - done) & unit_ids_in_scope(c):
            out.append(c.pk)
    return out


def test_campaigns_to_register_match_the_rule_for_several_units(unit, other_unit):

    top = UnitFactory(name="Sở cấp trên")
    middle = UnitFactory(name="Chi cục", parent=top)
    deep = UnitFactory(name="Trạm", parent=middle)
    retired = UnitFactory(name="Đơn vị đã giải thể", is_active=False)
    user = make_clerk(deep, username="two_units")
    for extra in (unit, retired):
        RoleAssignment.objects.create(user=user, role=Role.CLERK, unit=extra)
    by = make_bloc_year(new_unit("Trưởng khối"), members=[unit], year=2031)
    open_ = {"state": CampaignState.UNDER_WAY}
    province = CampaignFactory(**open_)
    at_top = CampaignFactory(scope=CampaignScope.UNIT, scope_unit=top, **open_)  # reaches deep through middle
    at_other = CampaignFactory(scope=CampaignScope.UNIT, scope_unit=other_unit, **open_)
    at_retired = CampaignFactory(scope=CampaignScope.UNIT, scope_unit=retired, **open_)
    blocwide = CampaignFactory(scope=CampaignScope.BLOCS, start_date=None, end_date=None, **open_)
    blocwide.scope_blocs.set([by.bloc])
    half_done = CampaignFactory(**open_)  # unit registered, deep not yet
    all_done = CampaignFactory(**open_)
    mine_done = CampaignFactory(scope=CampaignScope.UNIT, scope_unit=unit, **open_)  # deep is not reached
    returned = CampaignFactory(scope=CampaignScope.UNIT, scope_unit=middle, **open_)
    planned = CampaignFactory(state=CampaignState.PLANNED)
    closed = CampaignFactory(state=CampaignState.CONCLUDED)
    for campaign, who, state in [(half_done, unit, RegistrationState.SUBMITTED),
                                 (all_done, unit, RegistrationState.SUBMITTED),
                                 (all_done, deep, RegistrationState.SUBMITTED),
                                 (mine_done, unit, RegistrationState.SUBMITTED),
                                 (returned, deep, RegistrationState.RETURNED),
                                 (blocwide, deep, RegistrationState.SUBMITTED)]:
        CampaignRegistration.objects.create(campaign=campaign, unit=who, targets="Chỉ tiêu", state=state)
    found = [c.pk for c in open_campaigns_to_register(user)]
    assert sorted(found) == sorted([province.pk, at_top.pk, blocwide.pk, half_done.pk, returned.pk])
    assert found == _campaigns_to_register_by_hand(user)  # same campaigns, same order
    assert {at_other.pk, at_retired.pk, all_done.pk, mine_done.pk, planned.pk, closed.pk}.isdisjoint(found)


def test_board_home_counts_drafts_beyond_the_rows_shown(client, board):
    """The panels list five rows and count them all (the count comes with the rows, in the same query)."""
    drafts = [Decision.objects.create(number=f"{i}/QĐ-UBND", date=TODAY - datetime.timedelta(days=i), signer="A",
                                      signer_title="Chủ tịch", authority="UBND tỉnh", state=DecisionState.DRAFT)
              for i in range(7)]
    Decision.objects.create(number="99/QĐ-UBND", date=TODAY, signer="A", signer_title="Chủ tịch",
                            authority="UBND tỉnh", state=DecisionState.ISSUED)
    panels, _html = _panels(client, board)
    panel = panels["Quyết định cần ban hành"]
    assert panel.count == 7
    assert _urls(panel) == [d.get_absolute_url() for d in reversed(drafts)][:5]  # oldest first
    assert panel.context["rows"][0]["label"] == f"Dự thảo quyết định số 6/QĐ-UBND ngày {drafts[6].date:%d/%m/%Y}"
    council = panels["Hội đồng: phiên họp tới"]
    assert council.count == 0 and _urls(council) == []


def test_board_home_counts_nominations_ready_beyond_the_rows_shown(client, clerk, unit, board, ldtt):
    ready = [advance(build(clerk, unit, ldtt, [PersonFactory(unit=unit)]), clerk, board, NominationState.AT_COUNCIL)
             for _ in range(6)]
    panels, _html = _panels(client, board)
    panel = panels["Quyết định cần ban hành"]
    assert panel.count == 6
    create = reverse("awards:decision_create")
    assert _urls(panel) == [f"{create}?nomination={n.pk}" for n in ready[:5]]
