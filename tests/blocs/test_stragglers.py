"""Nobody is stuck: reminders to the units that have not submitted, closing out and entering a missing
scorecard after the deadline, locking a bloc's reviewed scorecards at once; the vote after close-outs."""

import datetime
from decimal import Decimal as D

import pytest
from django.core import mail

from blocs import selectors, services
from blocs.enums import BlocYearState, ScorecardState
from blocs.models import BlocYear, Scorecard, ScoreEntry
from emulation.errors import DomainError
from emulation.models import ActivityLog, Notification
from tests.blocs.factories import FULL, leaves, make_card, new_unit

pytestmark = pytest.mark.django_db

S = ScorecardState


def _log(action):
    return ActivityLog.objects.filter(action=action).order_by("-pk").first()


def _values(by, points):
    ls = leaves(by)
    return {ls[code].pk: (None if v is None else D(v), "") for code, v in points.items()}


def _future_deadline(by):
    BlocYear.objects.filter(pk=by.pk).update(self_scoring_deadline=datetime.date.today() + datetime.timedelta(days=5))
    by.refresh_from_db()


@pytest.fixture
def cards(bloc):
    """Every member has a draft; the deadline (15/12/2020) has passed."""
    return {u: make_card(bloc.by, u, points=None) for u in (bloc.head, bloc.deputy, bloc.unit, bloc.other_unit)}


# Remind ------------------------------------------------------------------------------------------------------


def test_remind_notifies_and_emails_every_unit_that_has_not_submitted(bloc, cards, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.EMAIL_ENABLED = True
    make_card(bloc.by, bloc.other_unit, state=S.SUBMITTED, points=FULL)
    make_card(bloc.by, bloc.head, state=S.SUBMITTED, points=FULL)
    with django_capture_on_commit_callbacks(execute=True):
        reached, unreachable = services.remind_missing(bloc.by, bloc.leader)
    assert sorted(u.name for u in reached) == sorted([bloc.deputy.name, bloc.unit.name])
    assert unreachable == []
    assert Notification.objects.filter(recipient=bloc.clerk, action="blocs.blocyear.reminded").count() == 1
    assert Notification.objects.filter(recipient=bloc.other_clerk, action="blocs.blocyear.reminded").count() == 0
    assert Notification.objects.filter(recipient=bloc.leader, action="blocs.blocyear.reminded").count() == 0
    assert bloc.clerk.email in {to for m in mail.outbox for to in m.to}
    log = _log("blocs.blocyear.reminded")
    assert (log.actor, log.object_id) == (bloc.leader, str(bloc.by.pk))
    assert sorted(log.data["units"]) == sorted(u.name for u in reached)


def test_remind_lists_units_without_anyone_to_notify(bloc, cards, board):
    reached, unreachable = services.remind_missing(bloc.by, board)
    # head (leader), deputy (deputy clerk), unit (clerk), other_unit (other clerk) all have clerks
    assert (len(reached), unreachable) == (4, [])


def test_remind_reports_a_unit_without_login(bloc, board):
    lonely = new_unit("Ban Không người dùng", "BKND")
    services.add_member(bloc.by, board, lonely)
    make_card(bloc.by, lonely, points=None)
    reached, unreachable = services.remind_missing(bloc.by, board)
    assert unreachable == [lonely]
    assert _log("blocs.blocyear.reminded").data["without_login"] == [lonely.name]


@pytest.mark.parametrize("who", ["clerk", "deputy_clerk"])
def test_remind_by_a_member_or_the_deputy_is_refused(bloc, cards, who):
    with pytest.raises(DomainError):
        services.remind_missing(bloc.by, getattr(bloc, who))
    assert not ActivityLog.objects.filter(action="blocs.blocyear.reminded").exists()


def test_remind_when_everyone_submitted_or_year_not_open_is_refused(bloc, board):
    for u in (bloc.head, bloc.deputy, bloc.unit, bloc.other_unit):
        make_card(bloc.by, u, state=S.SUBMITTED, points=FULL)
    with pytest.raises(DomainError):
        services.remind_missing(bloc.by, board)
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.VOTING)
    Scorecard.objects.filter(bloc_year=bloc.by, unit=bloc.unit).update(state=S.DRAFT)
    with pytest.raises(DomainError):
        services.remind_missing(bloc.by, board)


# Close out ---------------------------------------------------------------------------------------------------


def test_board_closes_out_a_missing_scorecard_after_the_deadline(bloc, cards, board):
    sc = services.close_out_scorecard(cards[bloc.unit], board, "Không gửi bảng điểm dù đã nhắc hai lần")
    sc.refresh_from_db()
    assert (sc.state, sc.closed_out_reason, sc.closed_out_by) == (
        S.NOT_SUBMITTED, "Không gửi bảng điểm dù đã nhắc hai lần", board)
    log = _log("blocs.scorecard.closed_out")
    assert (log.actor, log.object_id, log.data["reason"]) == (board, str(sc.pk),
                                                             "Không gửi bảng điểm dù đã nhắc hai lần")
    assert Notification.objects.filter(recipient=bloc.clerk, action="blocs.scorecard.closed_out").exists()
    assert [c.unit for c in selectors.not_submitted(bloc.by)] == [bloc.unit]
    _tree, rows = selectors.scoreboard(bloc.by)
    assert bloc.unit not in [r.scorecard.unit for r in rows]


@pytest.mark.parametrize("who", ["leader", "clerk"])
def test_close_out_by_anyone_but_the_board_is_refused(bloc, cards, who):
    with pytest.raises(DomainError):
        services.close_out_scorecard(cards[bloc.unit], getattr(bloc, who), "lý do")
    assert Scorecard.objects.get(pk=cards[bloc.unit].pk).state == S.DRAFT
    assert not ActivityLog.objects.filter(action="blocs.scorecard.closed_out").exists()


def test_close_out_before_the_deadline_without_reason_or_when_submitted_is_refused(bloc, cards, board):
    with pytest.raises(DomainError) as exc:
        services.close_out_scorecard(cards[bloc.unit], board, "  ")
    assert exc.value.field == "reason"
    make_card(bloc.by, bloc.other_unit, state=S.SUBMITTED, points=FULL)
    with pytest.raises(DomainError):
        services.close_out_scorecard(cards[bloc.other_unit], board, "lý do")
    _future_deadline(bloc.by)
    with pytest.raises(DomainError):
        services.close_out_scorecard(cards[bloc.unit], board, "lý do")
    assert not ActivityLog.objects.filter(action="blocs.scorecard.closed_out").exists()


def test_close_out_before_the_deadline_is_allowed_once_the_review_started(bloc, cards, board):
    _future_deadline(bloc.by)
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.REVIEWING)
    sc = services.close_out_scorecard(cards[bloc.unit], board, "Đơn vị xin rút")
    assert sc.state == S.NOT_SUBMITTED


def test_a_bloc_with_three_units_that_never_submit_reaches_its_vote(bloc, cards, board):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.REVIEWING)
    make_card(bloc.by, bloc.head, state=S.FINALISED, points=FULL, reviewed=FULL, final=FULL)
    with pytest.raises(DomainError):
        services.open_voting(bloc.by, bloc.leader)
    for u in (bloc.deputy, bloc.unit, bloc.other_unit):
        services.close_out_scorecard(cards[u], board, "Không nộp")
    by = services.open_voting(bloc.by, bloc.leader)
    assert by.state == BlocYearState.VOTING
    with pytest.raises(DomainError):  # a unit left out is not on the ballot
        services.record_vote(by, bloc.leader, datetime.date(2021, 1, 20), 10, {bloc.unit.pk: 3})
    vote = services.record_vote(by, bloc.leader, datetime.date(2021, 1, 20), 10, {bloc.head.pk: 8})
    assert [r.unit for r in vote.results.all()] == [bloc.head]


def test_board_reopens_a_closed_out_scorecard_before_the_vote(bloc, cards, board,
                                                               django_capture_on_commit_callbacks):
    services.close_out_scorecard(cards[bloc.unit], board, "Không nộp")
    with django_capture_on_commit_callbacks(execute=True):
        sc = services.reopen_closed_out(cards[bloc.unit], board, "Đơn vị đã gửi bảng giấy đúng hạn")
    sc.refresh_from_db()
    assert (sc.state, sc.closed_out_reason, sc.closed_out_at, sc.closed_out_by) == (S.DRAFT, "", None, None)
    log = _log("blocs.scorecard.close_out_undone")
    assert (log.actor, log.object_id, log.data["reason"], log.data["diff"]["state"],
            log.data["closed_out"]["reason"]) == (board, str(sc.pk), "Đơn vị đã gửi bảng giấy đúng hạn",
                                                  [S.NOT_SUBMITTED, S.DRAFT], "Không nộp")
    assert Notification.objects.filter(recipient=bloc.clerk, action="blocs.scorecard.close_out_undone").exists()
    assert selectors.not_submitted(bloc.by) == []
    # back in the missing list: the board may now enter it on the unit's behalf
    assert bloc.unit in [c.unit for c in selectors.missing_scorecards(bloc.by)]
    services.enter_on_behalf(sc, board, _values(bloc.by, FULL), "Bảng giấy")
    assert Scorecard.objects.get(pk=sc.pk).state == S.SUBMITTED


@pytest.mark.parametrize("who", ["leader", "clerk"])
def test_reopen_closed_out_by_anyone_but_the_board_is_refused(bloc, cards, board, who):
    services.close_out_scorecard(cards[bloc.unit], board, "Không nộp")
    with pytest.raises(DomainError):
        services.reopen_closed_out(cards[bloc.unit], getattr(bloc, who), "lý do")
    assert Scorecard.objects.get(pk=cards[bloc.unit].pk).state == S.NOT_SUBMITTED
    assert not ActivityLog.objects.filter(action="blocs.scorecard.close_out_undone").exists()


def test_reopen_closed_out_without_reason_when_not_closed_out_or_after_the_vote_is_refused(bloc, cards, board):
    with pytest.raises(DomainError):  # still a draft
        services.reopen_closed_out(cards[bloc.unit], board, "lý do")
    services.close_out_scorecard(cards[bloc.unit], board, "Không nộp")
    with pytest.raises(DomainError) as exc:
        services.reopen_closed_out(cards[bloc.unit], board, " ")
    assert exc.value.field == "reason"
    # the vote recorded: the ranking it rested on stands
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.REVIEWING)
    make_card(bloc.by, bloc.head, state=S.FINALISED, points=FULL, reviewed=FULL, final=FULL)
    for u in (bloc.deputy, bloc.other_unit):
        services.close_out_scorecard(cards[u], board, "Không nộp")
    by = services.open_voting(bloc.by, bloc.leader)
    assert selectors.closed_out_reopenable(by) is False  # voting: step back to the review first
    services.record_vote(by, bloc.leader, datetime.date(2021, 1, 20), 10, {bloc.head.pk: 8})
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.REVIEWING)
    by.refresh_from_db()
    assert selectors.closed_out_reopenable(by) is False
    with pytest.raises(DomainError):
        services.reopen_closed_out(cards[bloc.unit], board, "lý do")
    assert Scorecard.objects.get(pk=cards[bloc.unit].pk).state == S.NOT_SUBMITTED
    assert not ActivityLog.objects.filter(action="blocs.scorecard.close_out_undone").exists()


def test_open_voting_needs_at_least_one_final_scorecard(bloc, cards, board):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.REVIEWING)
    for card in cards.values():
        services.close_out_scorecard(card, board, "Không nộp")
    with pytest.raises(DomainError):
        services.open_voting(bloc.by, board)


# Enter on the unit's behalf ------------------------------------------------------------------------------------


def test_board_enters_a_scorecard_on_the_units_behalf(bloc, cards, board):
    sc = services.enter_on_behalf(cards[bloc.unit], board, _values(bloc.by, FULL), "Đơn vị gửi bản giấy")
    sc.refresh_from_db()
    assert (sc.state, sc.entered_on_behalf, sc.submitted_by, sc.is_late) == (S.SUBMITTED, True, board, True)
    assert ScoreEntry.objects.get(scorecard=sc, criterion__code="A.1").self_points == D("50")
    log = _log("blocs.scorecard.entered_on_behalf")
    assert (log.actor, log.data["reason"], log.data["scores"]["A.1"]) == (board, "Đơn vị gửi bản giấy", "50")
    assert log.data["totals"]["total"] == "80"
    assert Notification.objects.filter(recipient=bloc.leader, action="blocs.scorecard.entered_on_behalf").exists()
    assert Notification.objects.filter(recipient=bloc.clerk, action="blocs.scorecard.entered_on_behalf").exists()
    # the bloc's review goes on as for any submitted scorecard
    assert services.start_review(sc, bloc.leader).state == S.UNDER_REVIEW


@pytest.mark.parametrize("who", ["leader", "clerk"])
def test_enter_on_behalf_by_anyone_but_the_board_is_refused(bloc, cards, who):
    with pytest.raises(DomainError):
        services.enter_on_behalf(cards[bloc.unit], getattr(bloc, who), _values(bloc.by, FULL), "lý do")
    assert not ActivityLog.objects.filter(action="blocs.scorecard.entered_on_behalf").exists()


def test_enter_on_behalf_needs_every_criterion_a_reason_and_the_deadline_passed(bloc, cards, board):
    with pytest.raises(DomainError) as exc:
        services.enter_on_behalf(cards[bloc.unit], board, _values(bloc.by, {"A.1": 50}), "lý do")
    assert "A.2" in str(exc.value)
    with pytest.raises(DomainError):
        services.enter_on_behalf(cards[bloc.unit], board, _values(bloc.by, FULL), "")
    with pytest.raises(DomainError):
        services.enter_on_behalf(cards[bloc.unit], board, _values(bloc.by, {**FULL, "A.1": 61}), "lý do")
    _future_deadline(bloc.by)
    with pytest.raises(DomainError):
        services.enter_on_behalf(cards[bloc.unit], board, _values(bloc.by, FULL), "lý do")
    assert Scorecard.objects.get(pk=cards[bloc.unit].pk).state == S.DRAFT
    assert ScoreEntry.objects.filter(scorecard=cards[bloc.unit], self_points__isnull=False).count() == 0


# Lock the reviewed scorecards at once ----------------------------------------------------------------------------


def _reviewed(bloc):
    return [make_card(bloc.by, u, state=S.REVIEWED, points=FULL, reviewed=FULL)
            for u in (bloc.deputy, bloc.unit, bloc.other_unit)]


def test_board_finalises_the_reviewed_scorecards_in_one_action(bloc, board):
    reviewed = _reviewed(bloc)
    draft = make_card(bloc.by, bloc.head, points=None)
    done = services.finalise_reviewed(bloc.by, board, [c.pk for c in reviewed])
    assert len(done) == 3
    assert set(Scorecard.objects.filter(bloc_year=bloc.by, state=S.FINALISED).values_list("pk", flat=True)) == {
        c.pk for c in reviewed}
    assert Scorecard.objects.get(pk=draft.pk).state == S.DRAFT
    assert ScoreEntry.objects.get(scorecard=reviewed[0], criterion__code="A.1").final_points == D("50")
    assert ActivityLog.objects.filter(action="blocs.scorecard.finalised").count() == 3
    log = _log("blocs.blocyear.reviewed_finalised")
    assert (log.actor, sorted(log.data["units"])) == (board, sorted(c.unit.name for c in reviewed))
    assert Notification.objects.filter(recipient=bloc.leader, action="blocs.blocyear.reviewed_finalised").count() == 1


def test_finalise_reviewed_by_the_leader_is_refused(bloc):
    reviewed = _reviewed(bloc)
    with pytest.raises(DomainError):
        services.finalise_reviewed(bloc.by, bloc.leader, [c.pk for c in reviewed])
    assert not Scorecard.objects.filter(state=S.FINALISED).exists()
    assert not ActivityLog.objects.filter(action="blocs.blocyear.reviewed_finalised").exists()


def test_finalise_reviewed_locks_nothing_when_the_list_changed(bloc, board, other_unit):
    reviewed = _reviewed(bloc)
    Scorecard.objects.filter(pk=reviewed[1].pk).update(state=S.UNDER_REVIEW)
    with pytest.raises(DomainError) as exc:
        services.finalise_reviewed(bloc.by, board, [c.pk for c in reviewed])
    assert bloc.unit.name in str(exc.value)
    assert not Scorecard.objects.filter(state=S.FINALISED).exists()
    with pytest.raises(DomainError):
        services.finalise_reviewed(bloc.by, board, [])
