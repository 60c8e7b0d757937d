import datetime
from decimal import Decimal as D

import pytest

from blocs import services
from blocs.enums import BlocYearState, ScorecardState
from blocs.models import BlocYear, Criterion, Scorecard, ScoreEntry, Vote
from emulation.errors import DomainError
from emulation.models import ActivityLog, Notification
from tests.blocs.factories import make_card, new_unit
from tests.factories import make_clerk

pytestmark = pytest.mark.django_db


def _log(action):
    return ActivityLog.objects.filter(action=action).order_by("-pk").first()


# Creating bloc years -----------------------------------------------------------------------------


def test_create_bloc_and_year_by_board_logs(board, unit, other_unit):
    bloc = services.create_bloc(board, "Khối thi đua số 9", "K9", council="Hội đồng TĐKT tỉnh")
    by = services.create_bloc_year(board, bloc, 2024, unit, other_unit, members=[],
                                   self_scoring_deadline=datetime.date(2024, 12, 15))
    assert sorted(by.memberships.values_list("unit_id", flat=True)) == sorted([unit.pk, other_unit.pk])
    assert (by.state, by.self_scoring_deadline) == (BlocYearState.PREPARING, datetime.date(2024, 12, 15))
    assert _log("blocs.blocyear.created").actor == board
    assert _log("blocs.bloc.created").data["values"]["code"] == "K9"


def test_create_bloc_by_clerk_is_refused(clerk):
    with pytest.raises(DomainError):
        services.create_bloc(clerk, "Khối", "KX")


def test_create_bloc_year_refuses_same_head_and_deputy(board, unit):
    bloc = services.create_bloc(board, "Khối", "KX")
    with pytest.raises(DomainError):
        services.create_bloc_year(board, bloc, 2024, unit, unit)


def test_create_next_year_carries_members_rotates_head_and_copies_criteria(board, bloc):
    old = bloc.by
    old.criteria_set.title = "Bảng tiêu chí năm 2020"
    old.criteria_set.save()
    new = services.create_next_year(old, board, bloc.unit, bloc.head, self_scoring_deadline=datetime.date(2021, 12, 1))
    assert (new.year, new.head_unit, new.deputy_unit, new.state) == (2021, bloc.unit, bloc.head,
                                                                     BlocYearState.PREPARING)
    assert sorted(new.memberships.values_list("unit_id", flat=True)) == sorted(
        old.memberships.values_list("unit_id", flat=True))
    old_rows = [(c.code, c.kind, c.max_points, c.is_section, c.parent.code if c.parent else None)
                for c in Criterion.objects.filter(criteria_set__bloc_year=old).order_by("code")]
    new_rows = [(c.code, c.kind, c.max_points, c.is_section, c.parent.code if c.parent else None)
                for c in Criterion.objects.filter(criteria_set__bloc_year=new).order_by("code")]
    assert new_rows == old_rows
    assert (new.criteria_set.title, new.criteria_set.bonus_cap) == ("Bảng tiêu chí năm 2021", D(10))
    log = _log("blocs.blocyear.created_from_previous")
    assert (log.actor, log.data["previous"], log.data["criteria_copied"]) == (board, old.pk, 8)
    assert Notification.objects.filter(recipient=bloc.clerk, action="blocs.blocyear.created_from_previous").exists()


def test_create_next_year_adds_a_new_head_as_member(board, bloc):
    outsider = new_unit("Sở Mới")
    new = services.create_next_year(bloc.by, board, outsider)
    assert new.memberships.filter(unit=outsider).exists()


def test_create_next_year_twice_is_refused(board, bloc):
    services.create_next_year(bloc.by, board, bloc.unit)
    with pytest.raises(DomainError):
        services.create_next_year(bloc.by, board, bloc.unit)


def test_create_next_year_by_leader_is_refused(bloc):
    with pytest.raises(DomainError):
        services.create_next_year(bloc.by, bloc.leader, bloc.unit)


# Membership and leadership -----------------------------------------------------------------------


def test_add_member_during_scoring_opens_a_scorecard_and_logs(board, bloc):
    newcomer = new_unit("Sở Gia nhập")
    services.add_member(bloc.by, board, newcomer, "Sáp nhập đơn vị")
    sc = Scorecard.objects.get(bloc_year=bloc.by, unit=newcomer)
    assert ScoreEntry.objects.filter(scorecard=sc).count() == 5
    log = _log("blocs.blocyear.member_added")
    assert (log.actor, log.data["unit"], log.data["reason"]) == (board, newcomer.pk, "Sáp nhập đơn vị")


def test_add_member_by_leader_is_refused(bloc):
    with pytest.raises(DomainError):
        services.add_member(bloc.by, bloc.leader, new_unit("Sở X"))


def test_remove_member_deletes_its_scorecard_and_logs_reason(board, bloc):
    make_card(bloc.by, bloc.other_unit, points={"A.1": 10})
    services.remove_member(bloc.by, board, bloc.other_unit, "Giải thể")
    assert not bloc.by.memberships.filter(unit=bloc.other_unit).exists()
    assert not Scorecard.objects.filter(bloc_year=bloc.by, unit=bloc.other_unit).exists()
    log = _log("blocs.blocyear.member_removed")
    assert (log.data["reason"], log.data["scorecard_state"]) == ("Giải thể", "draft")


def test_remove_member_needs_reason_and_refuses_head(board, bloc):
    with pytest.raises(DomainError):
        services.remove_member(bloc.by, board, bloc.unit, "")
    with pytest.raises(DomainError):
        services.remove_member(bloc.by, board, bloc.head, "Lý do")


def test_membership_frozen_at_vote(board, bloc):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.VOTING)
    with pytest.raises(DomainError):
        services.add_member(bloc.by, board, new_unit("Sở Y"))


def test_set_leadership_by_board_logs_and_needs_members(board, bloc):
    services.set_leadership(bloc.by, board, bloc.unit, bloc.head, "Bầu lại")
    bloc.by.refresh_from_db()
    assert (bloc.by.head_unit, bloc.by.deputy_unit) == (bloc.unit, bloc.head)
    assert _log("blocs.blocyear.leadership_changed").data["reason"] == "Bầu lại"
    with pytest.raises(DomainError):
        services.set_leadership(bloc.by, board, new_unit("Không phải thành viên"))


def test_set_leadership_by_leader_is_refused(bloc):
    with pytest.raises(DomainError):
        services.set_leadership(bloc.by, bloc.leader, bloc.unit)


def test_update_dates_by_leader_logs_diff(bloc):
    services.update_bloc_year_dates(bloc.by, bloc.leader, meeting_date=datetime.date(2021, 1, 20))
    assert _log("blocs.blocyear.dates_changed").data["diff"] == {"meeting_date": [None, "2021-01-20"]}


def test_update_dates_by_member_clerk_is_refused(bloc):
    with pytest.raises(DomainError):
        services.update_bloc_year_dates(bloc.by, bloc.clerk, meeting_date=datetime.date(2021, 1, 20))


# Bloc-year states ---------------------------------------------------------------------------------


def _preparing(bloc):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.PREPARING)
    bloc.by.refresh_from_db()
    return bloc.by


def test_open_scoring_creates_scorecards_logs_and_notifies(board, bloc):
    by = _preparing(bloc)
    services.open_scoring(by, board)
    by.refresh_from_db()
    assert by.state == BlocYearState.SCORING
    assert Scorecard.objects.filter(bloc_year=by, state=ScorecardState.DRAFT).count() == 4
    assert ScoreEntry.objects.filter(scorecard__bloc_year=by).count() == 20
    assert _log("blocs.blocyear.scoring_opened").data["scorecards"] == 4
    assert Notification.objects.filter(recipient=bloc.clerk, action="blocs.blocyear.scoring_opened").exists()


def test_open_scoring_refuses_when_standard_total_differs(board, bloc):
    by = _preparing(bloc)
    Criterion.objects.filter(criteria_set__bloc_year=by, code="A.2").update(max_points=D(30))
    with pytest.raises(DomainError) as exc:
        services.open_scoring(by, board)
    assert "90" in str(exc.value)
    by.refresh_from_db()
    assert by.state == BlocYearState.PREPARING


def test_open_scoring_refuses_empty_section(board, bloc):
    by = _preparing(bloc)
    Criterion.objects.create(criteria_set=by.criteria_set, code="D", title="Trống", is_section=True)
    with pytest.raises(DomainError):
        services.open_scoring(by, board)


def test_open_scoring_by_leader_or_twice_is_refused(board, bloc):
    by = _preparing(bloc)
    with pytest.raises(DomainError):
        services.open_scoring(by, bloc.leader)
    services.open_scoring(by, board)
    with pytest.raises(DomainError):
        services.open_scoring(by, board)


def test_start_reviewing_by_leader_logs(bloc):
    services.start_reviewing(bloc.by, bloc.leader)
    bloc.by.refresh_from_db()
    assert bloc.by.state == BlocYearState.REVIEWING
    assert _log("blocs.blocyear.review_started").actor == bloc.leader


def test_start_reviewing_by_member_clerk_is_refused(bloc):
    with pytest.raises(DomainError):
        services.start_reviewing(bloc.by, bloc.clerk)


def test_open_voting_needs_every_scorecard_final(bloc):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.REVIEWING)
    for u in (bloc.head, bloc.deputy, bloc.unit):
        make_card(bloc.by, u, state=ScorecardState.FINALISED)
    make_card(bloc.by, bloc.other_unit, state=ScorecardState.REVIEWED)
    with pytest.raises(DomainError) as exc:
        services.open_voting(bloc.by, bloc.leader)
    assert bloc.other_unit.name in str(exc.value)
    Scorecard.objects.filter(unit=bloc.other_unit).update(state=ScorecardState.FINALISED)
    services.open_voting(bloc.by, bloc.leader)
    bloc.by.refresh_from_db()
    assert bloc.by.state == BlocYearState.VOTING
    assert _log("blocs.blocyear.voting_opened").actor == bloc.leader


def test_close_needs_the_vote_and_the_board(board, bloc):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.VOTING)
    with pytest.raises(DomainError):
        services.close_bloc_year(bloc.by, board)
    Vote.objects.create(bloc_year=bloc.by, held_on=datetime.date(2021, 1, 5), voters_present=4,
                        threshold_percent=D(50))
    with pytest.raises(DomainError):
        services.close_bloc_year(bloc.by, bloc.leader)
    services.close_bloc_year(bloc.by, board)
    bloc.by.refresh_from_db()
    assert bloc.by.state == BlocYearState.CLOSED
    assert _log("blocs.blocyear.closed").actor == board


def test_step_back_needs_reason_and_no_submitted_scorecards(board, bloc):
    with pytest.raises(DomainError):
        services.step_back(bloc.by, board, "")
    make_card(bloc.by, bloc.unit, state=ScorecardState.SUBMITTED)
    with pytest.raises(DomainError):
        services.step_back(bloc.by, board, "Sửa tiêu chí")
    Scorecard.objects.update(state=ScorecardState.DRAFT)
    services.step_back(bloc.by, board, "Sửa tiêu chí")
    bloc.by.refresh_from_db()
    assert bloc.by.state == BlocYearState.PREPARING
    log = _log("blocs.blocyear.stepped_back")
    assert (log.data["reason"], log.data["diff"]["state"]) == ("Sửa tiêu chí", ["scoring", "preparing"])


def test_step_back_by_leader_is_refused(bloc):
    with pytest.raises(DomainError):
        services.step_back(bloc.by, bloc.leader, "Lý do")


def test_reopening_scoring_after_step_back_adds_missing_entries(board, bloc):
    services.open_scoring(_preparing(bloc), board)
    services.step_back(bloc.by, board, "Thêm tiêu chí")
    services.add_criterion(bloc.by.criteria_set, board, parent=Criterion.objects.get(
        criteria_set__bloc_year=bloc.by, code="B"), code="B.3", title="Mới", kind="bonus", max_points=D(2))
    services.open_scoring(bloc.by, board)
    assert ScoreEntry.objects.filter(scorecard__bloc_year=bloc.by, criterion__code="B.3").count() == 4


def test_leader_rights_follow_the_head_unit_of_each_year(board, bloc):
    """The 2020 head's clerk leads 2020 only; in 2021 the new head's clerk leads."""
    new = services.create_next_year(bloc.by, board, bloc.unit, bloc.deputy)
    assert bloc.leader.has_perm("blocs.advance_blocyear", bloc.by) is True
    assert bloc.leader.has_perm("blocs.advance_blocyear", new) is False
    assert bloc.clerk.has_perm("blocs.advance_blocyear", new) is True
    assert bloc.clerk.has_perm("blocs.advance_blocyear", bloc.by) is False
    # a unit that heads 2021 too keeps its rights there
    both = services.create_next_year(new, board, bloc.head, year=2022)
    fresh = make_clerk(bloc.head, username="head2")
    assert fresh.has_perm("blocs.record_vote", both) is True
