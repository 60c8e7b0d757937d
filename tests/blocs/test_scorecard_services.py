import datetime
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from blocs import services
from blocs.enums import BlocYearState, ScorecardState
from blocs.models import BlocYear, Criterion, Evidence, Scorecard, ScoreEntry
from emulation.errors import DomainError
from emulation.models import ActivityLog, Notification
from tests.blocs.factories import FULL, leaves, make_card

pytestmark = pytest.mark.django_db

S = ScorecardState
PDF = b"%PDF-1.4\n%test\n"


def _log(action):
    return ActivityLog.objects.filter(action=action).order_by("-pk").first()


def _values(by, points, notes=None):
    ls = leaves(by)
    return {ls[code].pk: (None if v is None else D(v), (notes or {}).get(code, "")) for code, v in points.items()}


def _ids(by, data):
    ls = leaves(by)
    return {ls[code].pk: v for code, v in data.items()}


def _card(bloc, state=S.DRAFT, unit=None, points=FULL, **kw):
    return make_card(bloc.by, unit or bloc.unit, state=state, points=points, **kw)


def _notified(user, action):
    return Notification.objects.filter(recipient=user, action=action).exists()


# Self-scoring -------------------------------------------------------------------------------------


def test_save_self_scores_by_own_clerk_logs_diff_and_bumps_version(bloc):
    sc = _card(bloc, points=None)
    services.save_self_scores(sc, bloc.clerk, _values(bloc.by, {"A.1": "55.5", "B.1": 3}, {"A.1": "Theo báo cáo"}),
                              expected_version=1)
    sc.refresh_from_db()
    entry = ScoreEntry.objects.get(scorecard=sc, criterion__code="A.1")
    assert (entry.self_points, entry.note, sc.version) == (D("55.5"), "Theo báo cáo", 2)
    assert _log("blocs.scorecard.draft_saved").data["diff"] == {"A.1": [None, "55.5"], "B.1": [None, "3"]}


def test_save_self_scores_refuses_points_above_max_or_negative(bloc):
    sc = _card(bloc, points=None)
    with pytest.raises(DomainError) as exc:
        services.save_self_scores(sc, bloc.clerk, _values(bloc.by, {"A.1": 61, "C.1": -1}))
    assert "A.1" in str(exc.value) and "C.1" in str(exc.value)
    assert ScoreEntry.objects.filter(scorecard=sc, self_points__isnull=False).count() == 0


@pytest.mark.parametrize("who", ["other_clerk", "leader"])
def test_save_self_scores_by_someone_else_is_refused(bloc, who):
    sc = _card(bloc, points=None)
    with pytest.raises(DomainError):
        services.save_self_scores(sc, getattr(bloc, who), _values(bloc.by, {"A.1": 10}))


def test_save_self_scores_after_submission_is_refused(bloc):
    sc = _card(bloc, state=S.SUBMITTED)
    with pytest.raises(DomainError):
        services.save_self_scores(sc, bloc.clerk, _values(bloc.by, {"A.1": 10}))


def test_save_self_scores_with_stale_version_is_refused(bloc):
    sc = _card(bloc, points=None)
    services.save_self_scores(sc, bloc.clerk, _values(bloc.by, {"A.1": 10}), expected_version=1)
    with pytest.raises(DomainError) as exc:
        services.save_self_scores(sc, bloc.clerk, _values(bloc.by, {"A.1": 20}), expected_version=1)
    assert "tải lại" in str(exc.value).lower() or "reload" in str(exc.value).lower()
    assert ScoreEntry.objects.get(scorecard=sc, criterion__code="A.1").self_points == D(10)


# Submission ---------------------------------------------------------------------------------------


def test_submit_on_time_logs_and_notifies_the_bloc_leader(bloc):
    sc = _card(bloc)
    services.submit_scorecard(sc, bloc.clerk, today=datetime.date(2020, 12, 15))
    sc.refresh_from_db()
    assert (sc.state, sc.is_late, sc.submitted_by) == (S.SUBMITTED, False, bloc.clerk)
    log = _log("blocs.scorecard.submitted")
    assert (log.actor, log.data["late"], log.data["totals"]["total"]) == (bloc.clerk, False, "80")
    assert _notified(bloc.leader, "blocs.scorecard.submitted")
    assert not _notified(bloc.other_clerk, "blocs.scorecard.submitted")


def test_submit_after_deadline_is_marked_late(bloc):
    sc = _card(bloc)
    services.submit_scorecard(sc, bloc.clerk, today=datetime.date(2020, 12, 16))
    sc.refresh_from_db()
    assert sc.is_late is True
    assert _log("blocs.scorecard.submitted").data["late"] is True


def test_submit_during_review_state_is_accepted_and_late(bloc):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.REVIEWING)
    sc = _card(bloc)
    services.submit_scorecard(sc, bloc.clerk, today=datetime.date(2021, 1, 3))
    sc.refresh_from_db()
    assert (sc.state, sc.is_late) == (S.SUBMITTED, True)


def test_submit_refuses_unscored_criteria(bloc):
    sc = _card(bloc, points={"A.1": 50})
    with pytest.raises(DomainError) as exc:
        services.submit_scorecard(sc, bloc.clerk)
    assert "A.2" in str(exc.value)
    sc.refresh_from_db()
    assert sc.state == S.DRAFT


def test_submit_refuses_missing_required_evidence(bloc):
    Criterion.objects.filter(criteria_set__bloc_year=bloc.by, code="A.1").update(evidence_required=True)
    sc = _card(bloc)
    with pytest.raises(DomainError) as exc:
        services.submit_scorecard(sc, bloc.clerk)
    assert "A.1" in str(exc.value)
    services.add_evidence(sc, bloc.clerk, leaves(bloc.by)["A.1"], SimpleUploadedFile("bao-cao.pdf", PDF))
    services.submit_scorecard(sc, bloc.clerk)


def test_head_unit_submission_notifies_the_deputy(bloc):
    sc = _card(bloc, unit=bloc.head)
    services.submit_scorecard(sc, bloc.leader)
    assert _notified(bloc.deputy_clerk, "blocs.scorecard.submitted")
    assert not _notified(bloc.leader, "blocs.scorecard.submitted")


@pytest.mark.parametrize("who", ["other_clerk", "leader"])
def test_submit_by_someone_else_is_refused(bloc, who):
    with pytest.raises(DomainError):
        services.submit_scorecard(_card(bloc), getattr(bloc, who))


def test_submit_when_bloc_year_not_open_is_refused(bloc):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.VOTING)
    with pytest.raises(DomainError):
        services.submit_scorecard(_card(bloc), bloc.clerk)


# Review -------------------------------------------------------------------------------------------


def test_start_review_by_leader_logs_and_notifies_unit(bloc):
    sc = _card(bloc, state=S.SUBMITTED)
    services.start_review(sc, bloc.leader)
    sc.refresh_from_db()
    assert sc.state == S.UNDER_REVIEW
    assert _log("blocs.scorecard.review_started").actor == bloc.leader
    assert _notified(bloc.clerk, "blocs.scorecard.review_started")


@pytest.mark.parametrize("who", ["clerk", "other_clerk", "deputy_clerk"])
def test_start_review_by_non_reviewer_is_refused(bloc, who):
    with pytest.raises(DomainError):
        services.start_review(_card(bloc, state=S.SUBMITTED), getattr(bloc, who))


def test_start_review_in_wrong_state_is_refused(bloc):
    with pytest.raises(DomainError):
        services.start_review(_card(bloc, state=S.DRAFT), bloc.leader)


def test_leader_cannot_review_own_unit_but_deputy_can(bloc):
    sc = _card(bloc, unit=bloc.head, state=S.SUBMITTED)
    with pytest.raises(DomainError):
        services.start_review(sc, bloc.leader)
    services.start_review(sc, bloc.deputy_clerk)
    sc.refresh_from_db()
    assert sc.state == S.UNDER_REVIEW


def test_board_reviews_any_scorecard(bloc, board):
    sc = _card(bloc, state=S.SUBMITTED)
    services.save_review(sc, board, _ids(bloc.by, {"A.1": {"points": D(45), "reason": "Thiếu minh chứng"}}), 1)
    sc.refresh_from_db()
    assert sc.state == S.UNDER_REVIEW


def test_save_review_needs_reason_for_changed_points(bloc):
    sc = _card(bloc, state=S.UNDER_REVIEW)
    with pytest.raises(DomainError) as exc:
        services.save_review(sc, bloc.leader, _ids(bloc.by, {"A.1": {"points": D(45), "reason": ""}}), 1)
    assert "A.1" in str(exc.value)
    services.save_review(sc, bloc.leader, _ids(bloc.by, {"A.1": {"points": D(45), "reason": "Chưa đạt 2 chỉ tiêu"},
                                                         "A.2": {"points": D(30), "reason": ""}}), 1)
    e1 = ScoreEntry.objects.get(scorecard=sc, criterion__code="A.1")
    e2 = ScoreEntry.objects.get(scorecard=sc, criterion__code="A.2")
    assert (e1.reviewed_points, e1.review_reason, e2.reviewed_points) == (D(45), "Chưa đạt 2 chỉ tiêu", D(30))
    log = _log("blocs.scorecard.review_saved")
    assert (log.data["diff"]["A.1"], log.data["reasons"]["A.1"]) == ([None, "45"], "Chưa đạt 2 chỉ tiêu")


def test_save_review_refuses_points_over_max(bloc):
    sc = _card(bloc, state=S.UNDER_REVIEW)
    with pytest.raises(DomainError):
        services.save_review(sc, bloc.leader, _ids(bloc.by, {"B.1": {"points": D(9), "reason": "x"}}), 1)


def test_save_review_with_stale_version_is_refused(bloc):
    sc = _card(bloc, state=S.UNDER_REVIEW)
    services.save_review(sc, bloc.leader, _ids(bloc.by, {"A.1": {"points": D(40), "reason": "a"}}), 1)
    with pytest.raises(DomainError):
        services.save_review(sc, bloc.leader, _ids(bloc.by, {"A.1": {"points": D(30), "reason": "b"}}), 1)
    assert ScoreEntry.objects.get(scorecard=sc, criterion__code="A.1").reviewed_points == D(40)


def test_return_for_explanation_needs_a_question_and_notifies_unit(bloc):
    sc = _card(bloc, state=S.UNDER_REVIEW)
    with pytest.raises(DomainError):
        services.return_for_explanation(sc, bloc.leader)
    services.save_review(sc, bloc.leader, _ids(bloc.by, {"A.2": {"points": None, "question": "Minh chứng?"}}), 1)
    services.return_for_explanation(sc, bloc.leader)
    sc.refresh_from_db()
    assert sc.state == S.RETURNED
    assert _log("blocs.scorecard.returned").data["questions"] == {"A.2": "Minh chứng?"}
    assert _notified(bloc.clerk, "blocs.scorecard.returned")


def test_return_by_member_clerk_is_refused(bloc):
    sc = _card(bloc, state=S.UNDER_REVIEW)
    ScoreEntry.objects.filter(scorecard=sc).update(question="?")
    with pytest.raises(DomainError):
        services.return_for_explanation(sc, bloc.other_clerk)


def test_answer_explanation_requires_every_answer_then_back_to_review(bloc):
    sc = _card(bloc, state=S.RETURNED)
    ls = leaves(bloc.by)
    ScoreEntry.objects.filter(scorecard=sc, criterion__code__in=["A.1", "A.2"]).update(question="Vì sao?")
    with pytest.raises(DomainError) as exc:
        services.answer_explanation(sc, bloc.clerk, {ls["A.1"].pk: "Đã đạt"})
    assert "A.2" in str(exc.value)
    services.answer_explanation(sc, bloc.clerk, {ls["A.1"].pk: "Đã đạt", ls["A.2"].pk: "Có quyết định"})
    sc.refresh_from_db()
    assert sc.state == S.UNDER_REVIEW
    assert _log("blocs.scorecard.explained").data["answers"] == {"A.1": "Đã đạt", "A.2": "Có quyết định"}
    assert _notified(bloc.leader, "blocs.scorecard.explained")


def test_answer_explanation_by_leader_or_in_wrong_state_is_refused(bloc):
    sc = _card(bloc, state=S.RETURNED)
    with pytest.raises(DomainError):
        services.answer_explanation(sc, bloc.leader, {})
    sc2 = _card(bloc, unit=bloc.other_unit, state=S.UNDER_REVIEW)
    with pytest.raises(DomainError):
        services.answer_explanation(sc2, bloc.other_clerk, {})


def test_changing_a_question_reopens_it(bloc):
    sc = _card(bloc, state=S.UNDER_REVIEW)
    ScoreEntry.objects.filter(scorecard=sc, criterion__code="A.1").update(question="Cũ", explanation="Đã trả lời")
    services.save_review(sc, bloc.leader, _ids(bloc.by, {"A.1": {"points": None, "question": "Hỏi thêm"}}), 1)
    assert ScoreEntry.objects.get(scorecard=sc, criterion__code="A.1").explanation == ""


def test_complete_review_fills_unchanged_points_logs_and_notifies_board(bloc, board):
    sc = _card(bloc, state=S.UNDER_REVIEW, reviewed={"A.1": 45})
    services.complete_review(sc, bloc.leader)
    sc.refresh_from_db()
    assert (sc.state, sc.reviewed_by) == (S.REVIEWED, bloc.leader)
    assert dict(ScoreEntry.objects.filter(scorecard=sc).values_list("criterion__code", "reviewed_points")) == {
        "A.1": D(45), "A.2": D(30), "B.1": D(0), "B.2": D(0), "C.1": D(0)}
    assert _log("blocs.scorecard.reviewed").data["totals"]["total"] == "75"
    assert _notified(board, "blocs.scorecard.reviewed")
    assert _notified(bloc.clerk, "blocs.scorecard.reviewed")


def test_complete_review_refuses_open_questions(bloc):
    sc = _card(bloc, state=S.UNDER_REVIEW)
    ScoreEntry.objects.filter(scorecard=sc, criterion__code="A.1").update(question="?")
    with pytest.raises(DomainError):
        services.complete_review(sc, bloc.leader)


def test_complete_review_in_wrong_state_or_role_is_refused(bloc):
    with pytest.raises(DomainError):
        services.complete_review(_card(bloc, state=S.SUBMITTED), bloc.leader)
    with pytest.raises(DomainError):
        services.complete_review(_card(bloc, unit=bloc.other_unit, state=S.UNDER_REVIEW), bloc.clerk)


# Board: final points, finalise, send back, reopen ---------------------------------------------------


def test_board_adjusts_final_points_with_reason(bloc, board):
    sc = _card(bloc, state=S.REVIEWED, reviewed=FULL)
    with pytest.raises(DomainError):
        services.save_final_points(sc, board, _ids(bloc.by, {"A.1": {"points": D(40), "reason": ""}}), 1)
    services.save_final_points(sc, board, _ids(bloc.by, {"A.1": {"points": D(40), "reason": "Hội nghị khối"}}), 1)
    assert _log("blocs.scorecard.final_points_saved").data["diff"] == {"A.1": [None, "40"]}


def test_final_points_by_leader_is_refused(bloc):
    sc = _card(bloc, state=S.REVIEWED, reviewed=FULL)
    with pytest.raises(DomainError):
        services.save_final_points(sc, bloc.leader, _ids(bloc.by, {"A.1": {"points": D(40), "reason": "x"}}), 1)


def test_finalise_by_board_locks_fills_final_points_and_notifies(bloc, board):
    sc = _card(bloc, state=S.REVIEWED, reviewed={**FULL, "A.1": 45}, final={"A.2": 25})
    services.finalise_scorecard(sc, board)
    sc.refresh_from_db()
    assert (sc.state, sc.finalised_by) == (S.FINALISED, board)
    finals = dict(ScoreEntry.objects.filter(scorecard=sc).values_list("criterion__code", "final_points"))
    assert (finals["A.1"], finals["A.2"]) == (D(45), D(25))
    assert _log("blocs.scorecard.finalised").data["totals"]["total"] == "70"
    assert _notified(bloc.clerk, "blocs.scorecard.finalised")
    assert _notified(bloc.leader, "blocs.scorecard.finalised")
    with pytest.raises(DomainError):
        services.save_self_scores(sc, bloc.clerk, _values(bloc.by, {"A.1": 1}))
    with pytest.raises(DomainError):
        services.save_review(sc, bloc.leader, {}, None)


def test_finalise_by_leader_or_before_review_is_refused(bloc, board):
    with pytest.raises(DomainError):
        services.finalise_scorecard(_card(bloc, state=S.REVIEWED), bloc.leader)
    with pytest.raises(DomainError):
        services.finalise_scorecard(_card(bloc, unit=bloc.other_unit, state=S.UNDER_REVIEW), board)


def test_send_back_to_review_by_board_with_reason(bloc, board):
    sc = _card(bloc, state=S.REVIEWED)
    with pytest.raises(DomainError):
        services.send_back_to_review(sc, board, " ")
    services.send_back_to_review(sc, board, "Chấm lại mục A")
    sc.refresh_from_db()
    assert sc.state == S.UNDER_REVIEW
    assert _log("blocs.scorecard.sent_back").data["reason"] == "Chấm lại mục A"
    assert _notified(bloc.leader, "blocs.scorecard.sent_back")


def test_send_back_by_leader_is_refused(bloc):
    with pytest.raises(DomainError):
        services.send_back_to_review(_card(bloc, state=S.REVIEWED), bloc.leader, "x")


def test_reopen_by_board_needs_reason_logs_and_notifies(bloc, board):
    sc = _card(bloc, state=S.FINALISED)
    with pytest.raises(DomainError):
        services.reopen_scorecard(sc, board, "")
    services.reopen_scorecard(sc, board, "Phát hiện sai sót")
    sc.refresh_from_db()
    assert (sc.state, sc.finalised_at) == (S.UNDER_REVIEW, None)
    log = _log("blocs.scorecard.reopened")
    assert (log.actor, log.data["reason"], log.data["diff"]["state"]) == (
        board, "Phát hiện sai sót", ["finalised", "under_review"])
    assert _notified(bloc.clerk, "blocs.scorecard.reopened")


def test_reopen_by_leader_or_not_final_is_refused(bloc, board):
    with pytest.raises(DomainError):
        services.reopen_scorecard(_card(bloc, state=S.FINALISED), bloc.leader, "x")
    with pytest.raises(DomainError):
        services.reopen_scorecard(_card(bloc, unit=bloc.other_unit, state=S.REVIEWED), board, "x")


def test_reopen_at_the_vote_is_refused(bloc, board):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.VOTING)
    with pytest.raises(DomainError):
        services.reopen_scorecard(_card(bloc, state=S.FINALISED), board, "x")


def test_every_scorecard_transition_is_logged_in_order(bloc, board):
    sc = _card(bloc, points=None)
    ls = leaves(bloc.by)
    services.save_self_scores(sc, bloc.clerk, _values(bloc.by, FULL))
    services.submit_scorecard(sc, bloc.clerk, today=datetime.date(2020, 12, 1))
    services.save_review(sc, bloc.leader, {ls["A.1"].pk: {"points": D(45), "reason": "r", "question": "q"}},
                         None)
    services.return_for_explanation(sc, bloc.leader)
    services.answer_explanation(sc, bloc.clerk, {ls["A.1"].pk: "a"})
    services.complete_review(sc, bloc.leader)
    services.finalise_scorecard(sc, board)
    services.reopen_scorecard(sc, board, "sai")
    actions = list(ActivityLog.objects.filter(object_id=str(sc.pk), action__startswith="blocs.scorecard.")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["blocs.scorecard.draft_saved", "blocs.scorecard.submitted", "blocs.scorecard.review_started",
                       "blocs.scorecard.review_saved", "blocs.scorecard.returned", "blocs.scorecard.explained",
                       "blocs.scorecard.reviewed", "blocs.scorecard.finalised", "blocs.scorecard.reopened"]


# Evidence -------------------------------------------------------------------------------------------


def test_add_evidence_checks_type_size_and_content(bloc, settings):
    sc = _card(bloc)
    a1 = leaves(bloc.by)["A.1"]
    ev = services.add_evidence(sc, bloc.clerk, a1, SimpleUploadedFile("Báo cáo.pdf", PDF))
    assert (ev.original_name, ev.size) == ("Báo cáo.pdf", len(PDF))
    assert _log("blocs.scorecard.evidence_added").data["file"] == "Báo cáo.pdf"
    with pytest.raises(DomainError):
        services.add_evidence(sc, bloc.clerk, a1, SimpleUploadedFile("virus.exe", b"MZ\x90"))
    with pytest.raises(DomainError):
        services.add_evidence(sc, bloc.clerk, a1, SimpleUploadedFile("gia.pdf", b"<html>not a pdf"))
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(DomainError):
        services.add_evidence(sc, bloc.clerk, a1, SimpleUploadedFile("lon.pdf", PDF))
    assert Evidence.objects.filter(scorecard=sc).count() == 1


def test_add_evidence_by_other_clerk_or_after_submission_is_refused(bloc):
    sc = _card(bloc)
    a1 = leaves(bloc.by)["A.1"]
    with pytest.raises(DomainError):
        services.add_evidence(sc, bloc.other_clerk, a1, SimpleUploadedFile("a.pdf", PDF))
    Scorecard.objects.filter(pk=sc.pk).update(state=S.SUBMITTED)
    with pytest.raises(DomainError):
        services.add_evidence(sc, bloc.clerk, a1, SimpleUploadedFile("a.pdf", PDF))


def test_delete_evidence_logs(bloc):
    sc = _card(bloc)
    ev = services.add_evidence(sc, bloc.clerk, leaves(bloc.by)["A.1"], SimpleUploadedFile("a.pdf", PDF))
    services.delete_evidence(ev, bloc.clerk)
    assert not Evidence.objects.exists()
    assert _log("blocs.scorecard.evidence_deleted").data["file"] == "a.pdf"
