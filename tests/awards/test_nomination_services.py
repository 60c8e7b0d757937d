# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)
import datetime

import pytest
from django.utils import timezone

from awards import services
from awards.calendar import add_working_days
from awards.eligibility import Verdict, register
from awards.enums import (
    AwardMethod,
    DecisionState,
    DocumentKind,
    InitiativeLevel,
    ItemOutcome,
    NominationState,
    RecipientKind,
)
from awards.models import AppraisalTimeLimit, Award, CouncilVoteThreshold, Initiative, PublicHoliday, SubmissionDeadline
from emulation.errors import DomainError
from emulation.models import ActivityLog, Notification
from tests.awards.nomination_factories import (  # noqa: F401
    AwardTypeFactory,
    advance,
    base_salary,
    board2,
    build,
    decide,
    flag,
    ldtt,
    money_for,
    pdf,
    people,
)
from tests.factories import PersonFactory, UnitFactory, make_clerk

pytestmark = pytest.mark.django_db


@register("test_never")
def _never(recipient, year, ctx):
    return Verdict(False, reasons=[f"Chưa có kết quả đánh giá năm {year}"])


@register("test_with_initiative")
def _with_initiative(recipient, year, ctx):
    ids = list(Initiative.objects.filter(authors=recipient).values_list("pk", flat=True))
    return Verdict(bool(ids), reasons=[] if ids else ["Không có sáng kiến"], evidence={"initiatives": ids})


def actions(obj=None):
    qs = ActivityLog.objects.order_by("pk")
    if obj is not None:
        qs = qs.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
    return list(qs.values_list("action", flat=True))


# The whole path ----------------------------------------------------------------------------------------


def test_whole_path_from_draft_to_register_rows_with_amounts(clerk, unit, board, ldtt, people):
    AppraisalTimeLimit.objects.create(award_type=None, working_days=10, valid_from=datetime.date(2020, 1, 1))
    nomination = build(clerk, unit, ldtt, people)
    nomination = services.submit_nomination(nomination, clerk)
    assert nomination.state == NominationState.SUBMITTED
    assert Notification.objects.filter(recipient=board, action="awards.nomination.submitted").count() == 1
    nomination = services.receive_nomination(nomination, board)
    due = add_working_days(timezone.localdate(), 10)
    assert nomination.appraisal_due == due
    assert set(nomination.items.values_list("appraisal_due", flat=True)) == {due}
    nomination = services.start_appraisal(nomination, board)
    items = list(nomination.items.order_by("pk"))
    services.set_item_outcome(items[0], board, ItemOutcome.ELIGIBLE)
    services.set_item_outcome(items[1], board, ItemOutcome.ELIGIBLE)
    services.set_item_outcome(items[2], board, ItemOutcome.INELIGIBLE, reason="Bị kỷ luật khiển trách")
    nomination = services.send_to_council(nomination, board)
    decision = services.create_decision(board, "15/QĐ-UBND", datetime.date(2024, 12, 20), "Nguyễn Văn Chủ",
                                        "Chủ tịch", "UBND tỉnh", items=items[:2], signed_file=pdf("qd.pdf"))
    decision = services.issue_decision(decision, board)

    assert decision.state == DecisionState.ISSUED
    awards = list(Award.objects.order_by("pk"))
    assert [(a.person_id, a.amount, a.year, a.decision_number) for a in awards] == [
        (people[0].pk, 710_000, 2024, "15/QĐ-UBND"), (people[1].pk, 710_000, 2024, "15/QĐ-UBND")]
    assert awards[0].decision_date == datetime.date(2024, 12, 20)
    assert awards[0].decision_signer == "Chủ tịch Nguyễn Văn Chủ"
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DECIDED
    assert [i.award_id for i in nomination.items.order_by("pk")] == [awards[0].pk, awards[1].pk, None]
    assert actions(nomination) == [
        "awards.nomination.created", "awards.nomination.items_added", "awards.nomination.document_added",
        "awards.nomination.submitted", "awards.nomination.received", "awards.nomination.appraising",
        "awards.nomination.at_council", "awards.nomination.decided",
    ]
    assert actions(decision) == ["awards.decision.created", "awards.decision.items_added", "awards.decision.issued"]
    assert Notification.objects.filter(recipient=clerk, action="awards.decision.issued").count() == 1


def test_reward_amount_unknown_leaves_amount_empty(clerk, unit, board, base_salary, people):
    no_money = AwardTypeFactory()
    nomination = advance(build(clerk, unit, no_money, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    services.issue_decision(decide(nomination, board), board)
    assert Award.objects.get().amount is None


def test_collective_flag_amount_uses_decision_date_salary(clerk, unit, board, flag):
    nomination = services.create_nomination(clerk, unit, 2024, "Cờ thi đua")
    services.add_items(nomination, clerk, flag, units=[unit])
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    nomination = advance(nomination, clerk, board, NominationState.AT_COUNCIL)
    meeting = services.create_council_meeting(board, datetime.date(2024, 12, 10), 10, 10)
    services.record_vote(nomination.items.get(), board, meeting, 10)
    services.issue_decision(decide(nomination, board), board)
    assert Award.objects.get().amount == 18_720_000
    assert Award.objects.get().recipient_kind == RecipientKind.COLLECTIVE


# Return and resubmit -------------------------------------------------------------------------------------


def test_return_and_resubmit(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people), clerk, board, NominationState.APPRAISING)
    services.set_item_outcome(nomination.items.first(), board, ItemOutcome.ELIGIBLE)
    nomination = services.return_nomination(nomination, board, "Thiếu biên bản họp xét")
    assert (nomination.state, nomination.returned_reason, nomination.return_count) == (
        NominationState.RETURNED, "Thiếu biên bản họp xét", 1)
    note = Notification.objects.get(recipient=clerk, action="awards.nomination.returned")
    assert "Thiếu biên bản họp xét" in note.message
    log = ActivityLog.objects.get(action="awards.nomination.returned")
    assert log.data["reason"] == "Thiếu biên bản họp xét"
    assert log.actor == board
    services.add_document(nomination, clerk, DocumentKind.MINUTES, pdf("bien-ban.pdf"))
    nomination = services.submit_nomination(nomination, clerk)
    assert nomination.state == NominationState.SUBMITTED
    assert set(nomination.items.values_list("outcome", flat=True)) == {ItemOutcome.PENDING}
    last = ActivityLog.objects.filter(action="awards.nomination.submitted").order_by("pk").last()
    assert last.data["resubmitted"] is True


def test_return_needs_a_reason(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people), clerk, board, NominationState.SUBMITTED)
    with pytest.raises(DomainError):
        services.return_nomination(nomination, board, "  ")
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED


def test_return_from_draft_is_refused(clerk, unit, board, ldtt, people):
    nomination = build(clerk, unit, ldtt, people)
    with pytest.raises(DomainError):
        services.return_nomination(nomination, board, "Sai")


# Per-item outcomes ---------------------------------------------------------------------------------------


def test_item_outcome_changed_to_another_type_rechecks_and_logs(clerk, unit, board, ldtt, people):
    other = AwardTypeFactory(name="Giấy khen (thử)", for_collectives=True)
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.APPRAISING)
    item = services.set_item_outcome(nomination.items.get(), board, ItemOutcome.CHANGED, reason="Chưa đủ tiêu chuẩn",
                                     changed_to=other)
    assert (item.outcome, item.changed_award_type, item.final_award_type) == (ItemOutcome.CHANGED, other, other)
    log = ActivityLog.objects.get(action="awards.nomination_item.appraised")
    assert log.data["reason"] == "Chưa đủ tiêu chuẩn"
    assert log.data["diff"]["outcome"] == ["pending", "changed"]


@pytest.mark.parametrize("outcome", [ItemOutcome.INELIGIBLE, ItemOutcome.CHANGED])
def test_item_outcome_needs_reason(clerk, unit, board, ldtt, people, outcome):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.APPRAISING)
    with pytest.raises(DomainError):
        services.set_item_outcome(nomination.items.get(), board, outcome, reason="")


def test_item_outcome_changed_needs_a_different_type(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.APPRAISING)
    with pytest.raises(DomainError):
        services.set_item_outcome(nomination.items.get(), board, ItemOutcome.CHANGED, reason="x", changed_to=ldtt)


def test_item_outcome_outside_appraisal_is_refused(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.RECEIVED)
    with pytest.raises(DomainError):
        services.set_item_outcome(nomination.items.get(), board, ItemOutcome.ELIGIBLE)


def test_send_to_council_needs_every_outcome_and_one_eligible(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:2]), clerk, board, NominationState.APPRAISING)
    first, second = nomination.items.order_by("pk")
    services.set_item_outcome(first, board, ItemOutcome.INELIGIBLE, reason="Không đạt")
    with pytest.raises(DomainError):
        services.send_to_council(nomination, board)
    services.set_item_outcome(second, board, ItemOutcome.INELIGIBLE, reason="Không đạt")
    with pytest.raises(DomainError):
        services.send_to_council(nomination, board)


# Roles and separation of duties --------------------------------------------------------------------------


def test_submitter_never_appraises_or_decides_own_nomination(unit, board, board2, ldtt, people):
    nomination = build(board, unit, ldtt, people[:1])  # the board prepares it for the unit
    nomination = services.submit_nomination(nomination, board)
    with pytest.raises(DomainError, match="không được|may not"):
        services.receive_nomination(nomination, board)
    nomination = services.receive_nomination(nomination, board2)
    nomination = services.start_appraisal(nomination, board2)
    item = nomination.items.get()
    with pytest.raises(DomainError):
        services.set_item_outcome(item, board, ItemOutcome.ELIGIBLE)
    services.set_item_outcome(item, board2, ItemOutcome.ELIGIBLE)
    nomination = services.send_to_council(nomination, board2)
    with pytest.raises(DomainError):
        services.create_decision(board, "1/QĐ", datetime.date(2024, 12, 1), "A", "Chủ tịch", "UBND tỉnh",
                                 items=[item])
    decision = services.create_decision(board2, "1/QĐ", datetime.date(2024, 12, 1), "A", "Chủ tịch", "UBND tỉnh",
                                        items=[item], signed_file=pdf())
    with pytest.raises(DomainError):
        services.issue_decision(decision, board)
    services.issue_decision(decision, board2)
    assert Award.objects.count() == 1


@pytest.mark.parametrize("who", ["clerk", "council"])
def test_board_transitions_refused_for_other_roles(request, clerk, unit, board, ldtt, people, who):
    actor = request.getfixturevalue(who)
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    with pytest.raises(DomainError):
        services.receive_nomination(nomination, actor)
    with pytest.raises(DomainError):
        services.return_nomination(nomination, actor, "x")
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED


def test_other_units_clerk_cannot_edit_or_submit(clerk, other_clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1])
    with pytest.raises(DomainError):
        services.submit_nomination(nomination, other_clerk)
    with pytest.raises(DomainError):
        services.add_items(nomination, other_clerk, ldtt, people=people[1:2])
    with pytest.raises(DomainError):
        services.create_nomination(other_clerk, unit, 2024, "Không phải của tôi")


def test_wrong_state_transitions_are_refused(clerk, unit, board, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1])
    with pytest.raises(DomainError):
        services.receive_nomination(nomination, board)
    with pytest.raises(DomainError):
        services.start_appraisal(nomination, board)
    with pytest.raises(DomainError):
        services.send_to_council(nomination, board)
    nomination = advance(nomination, clerk, board, NominationState.SUBMITTED)
    with pytest.raises(DomainError):
        services.submit_nomination(nomination, clerk)
    with pytest.raises(DomainError):
        services.add_items(nomination, clerk, ldtt, people=people[1:2])


# Building and sending ------------------------------------------------------------------------------------


def test_builder_adds_many_with_verdicts_and_skips_duplicates(clerk, unit, ldtt, people):
    never = AwardTypeFactory(rule="test_never")
    nomination = services.create_nomination(clerk, unit, 2024, "Hồ sơ")
    created, skipped = services.add_items(nomination, clerk, never, people=people, summary="Tốt")
    assert len(created) == 3 and skipped == []
    item = nomination.items.first()
    assert item.verdict_eligible is False
    assert item.verdict_reasons == ["Chưa có kết quả đánh giá năm 2024"]
    created, skipped = services.add_items(nomination, clerk, never, people=people[:2])
    assert created == [] and skipped == people[:2]
    created, _skipped = services.add_items(nomination, clerk, ldtt, people=people[:1])
    assert created[0].verdict_eligible is True
    assert created[0].verdict_warnings  # no automatic rule: a person must judge


def test_builder_refuses_people_of_other_units_and_wrong_kind(clerk, unit, other_unit, ldtt, flag):
    nomination = services.create_nomination(clerk, unit, 2024, "Hồ sơ")
    stranger = PersonFactory(unit=other_unit)
    with pytest.raises(DomainError):
        services.add_items(nomination, clerk, ldtt, people=[stranger])
    with pytest.raises(DomainError):
        services.add_items(nomination, clerk, flag, people=[PersonFactory(unit=unit)])
    sub = UnitFactory(parent=unit)
    created, _ = services.add_items(nomination, clerk, ldtt, people=[PersonFactory(unit=sub)])
    assert created[0].unit_id == sub.pk


def test_sending_an_ineligible_item_needs_a_justification(clerk, unit, board):
    never = AwardTypeFactory(rule="test_never")
    nomination = build(clerk, unit, never, [PersonFactory(unit=unit)])
    with pytest.raises(DomainError, match="giải trình|justification"):
        services.submit_nomination(nomination, clerk)
    services.update_item(nomination.items.get(), clerk, justification="Thành tích đột xuất, đề nghị xem xét")
    assert services.submit_nomination(nomination, clerk).state == NominationState.SUBMITTED


def test_submit_needs_items_and_cover_letter(clerk, unit, ldtt, people):
    empty = services.create_nomination(clerk, unit, 2024, "Trống")
    with pytest.raises(DomainError):
        services.submit_nomination(empty, clerk)
    without_cover = build(clerk, unit, ldtt, people[:1], cover=False)
    with pytest.raises(DomainError):
        services.submit_nomination(without_cover, clerk)


def test_submit_after_the_deadline_is_refused(clerk, unit, ldtt, people):
    SubmissionDeadline.objects.create(year=2024, method=AwardMethod.REGULAR,
                                      deadline=timezone.localdate() - datetime.timedelta(days=1))
    nomination = build(clerk, unit, ldtt, people[:1])
    with pytest.raises(DomainError, match="(?i)hạn gửi|deadline"):
        services.submit_nomination(nomination, clerk)


def test_thematic_nomination_needs_campaign(clerk, unit):
    with pytest.raises(DomainError):
        services.create_nomination(clerk, unit, 2024, "Chuyên đề", method=AwardMethod.THEMATIC)


def test_upload_checks_type_and_size(clerk, unit, ldtt, people, settings):
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    with pytest.raises(DomainError):
        services.add_document(nomination, clerk, DocumentKind.OTHER, pdf("virus.exe"))
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(DomainError):
        services.add_document(nomination, clerk, DocumentKind.OTHER, pdf("big.pdf", size=200))
    assert nomination.documents.count() == 0


# Posting and council -------------------------------------------------------------------------------------


def test_working_days_skip_weekends_and_holidays():
    friday = datetime.date(2024, 8, 30)
    # shipped as data (migration 0013_lawmoney_data): 2/9 and the day after it in 2024
    assert {h.date for h in PublicHoliday.objects.filter(date__range=(datetime.date(2024, 9, 2),
                                                                      datetime.date(2024, 9, 3)))} == {
        datetime.date(2024, 9, 2), datetime.date(2024, 9, 3)}
    assert add_working_days(friday, 1) == datetime.date(2024, 9, 4)
    assert add_working_days(friday, 3) == datetime.date(2024, 9, 6)
    assert add_working_days(friday, 0) == friday


def test_posting_window_blocks_the_council_until_it_ends(clerk, unit, board, base_salary, people):
    posted = AwardTypeFactory(requires_posting=True, posting_working_days=10)
    nomination = advance(build(clerk, unit, posted, people[:1]), clerk, board, NominationState.APPRAISING)
    item = nomination.items.get()
    services.set_item_outcome(item, board, ItemOutcome.ELIGIBLE)
    with pytest.raises(DomainError):
        services.send_to_council(nomination, board)
    today = timezone.localdate()
    services.open_posting(nomination, board)
    item.refresh_from_db()
    assert (item.posting_start, item.posting_end) == (today, add_working_days(today, 10))
    with pytest.raises(DomainError):
        services.send_to_council(nomination, board)
    comment = services.record_posting_comment(item, board, "Đồng ý", commenter="Người dân")
    assert comment.item == item
    past = today - datetime.timedelta(days=30)
    services.open_posting(nomination, board, start=past)
    assert services.send_to_council(nomination, board).state == NominationState.AT_COUNCIL


def test_council_ballot_against_dated_threshold(clerk, unit, board, flag):
    nomination = services.create_nomination(clerk, unit, 2024, "Cờ")
    second = UnitFactory(parent=unit)
    services.add_items(nomination, clerk, flag, units=[unit, second])
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    nomination = advance(nomination, clerk, board, NominationState.AT_COUNCIL)
    first, other = nomination.items.order_by("pk")
    meeting = services.create_council_meeting(board, datetime.date(2024, 12, 10), 10, 10, number="05/BB-HĐ")
    assert services.record_vote(first, board, meeting, 9).vote_passed is True  # 90 % (migration default row)
    assert services.record_vote(other, board, meeting, 8).vote_passed is False
    assert ActivityLog.objects.filter(action="awards.nomination_item.voted").count() == 2
    with pytest.raises(DomainError):
        decide(nomination, board)  # the failed item cannot be decided
    decision = services.create_decision(board, "2/QĐ", datetime.date(2024, 12, 20), "A", "Chủ tịch", "UBND tỉnh",
                                        items=[first], signed_file=pdf())
    services.issue_decision(decision, board)
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DECIDED  # the failed item is closed by its ballot


def test_ballot_without_configured_threshold_is_refused(clerk, unit, board, flag):

    CouncilVoteThreshold.objects.all().delete()
    nomination = services.create_nomination(clerk, unit, 2024, "Cờ")
    services.add_items(nomination, clerk, flag, units=[unit])
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    nomination = advance(nomination, clerk, board, NominationState.AT_COUNCIL)
    meeting = services.create_council_meeting(board, datetime.date(2024, 12, 10), 10, 10)
    with pytest.raises(DomainError):
        services.record_vote(nomination.items.get(), board, meeting, 10)


def test_ballot_for_type_without_vote_is_refused(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    meeting = services.create_council_meeting(board, datetime.date(2024, 12, 10), 10, 10)
    with pytest.raises(DomainError):
        services.record_vote(nomination.items.get(), board, meeting, 10)


# Decisions -----------------------------------------------------------------------------------------------


def test_issued_decision_is_immutable(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people), clerk, board, NominationState.AT_COUNCIL)
    items = list(nomination.items.order_by("pk"))
    decision = services.create_decision(board, "3/QĐ", datetime.date(2024, 12, 20), "A", "Chủ tịch", "UBND tỉnh",
                                        items=items[:2], signed_file=pdf())
    services.issue_decision(decision, board)
    with pytest.raises(DomainError):
        services.update_decision(decision, board, number="4/QĐ")
    with pytest.raises(DomainError):
        services.add_decision_items(decision, board, items[2:])
    with pytest.raises(DomainError):
        services.remove_decision_items(decision, board, items[:1])
    with pytest.raises(DomainError):
        services.issue_decision(decision, board)
    decision.refresh_from_db()
    assert decision.number == "3/QĐ"
    assert Award.objects.count() == 2


def test_issue_needs_signed_file(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    decision = services.create_decision(board, "3/QĐ", datetime.date(2024, 12, 20), "A", "Chủ tịch", "UBND tỉnh",
                                        items=list(nomination.items.all()))
    with pytest.raises(DomainError):
        services.issue_decision(decision, board)
    services.update_decision(decision, board, signed_file=pdf())
    assert services.issue_decision(decision, board).is_issued


def test_item_cannot_be_in_two_decisions(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    decide(nomination, board)
    with pytest.raises(DomainError):
        decide(nomination, board, number="99/QĐ")


def test_correction_revokes_and_amends(clerk, unit, board, ldtt, people):
    other = AwardTypeFactory(name="Giấy khen (thử)")
    money_for(other, coefficient="0.15")
    nomination = advance(build(clerk, unit, ldtt, people[:2]), clerk, board, NominationState.AT_COUNCIL)
    original = services.issue_decision(decide(nomination, board), board)
    first, second = Award.objects.order_by("pk")
    with pytest.raises(DomainError):
        services.add_revocation(original, board, first, "Sai")  # not a correction
    correction = services.create_correction(original, board, "20/QĐ", datetime.date(2025, 1, 10), "A", "Chủ tịch",
                                            "UBND tỉnh")
    services.add_revocation(correction, board, first, "Hồ sơ không trung thực")
    services.amend_award(correction, board, second, other, "Nhầm danh hiệu")
    services.update_decision(correction, board, signed_file=pdf())
    services.issue_decision(correction, board)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revoked and second.revoked
    assert "20/QĐ" in first.note
    replacement = Award.objects.exclude(pk__in=[first.pk, second.pk]).get()
    assert (replacement.award_type, replacement.person_id, replacement.amount, replacement.revoked) == (
        other, second.person_id, 360_000, False)
    assert actions(correction)[-1] == "awards.decision.issued"


def test_issuing_marks_initiatives_used(clerk, unit, board, base_salary):
    fighter = AwardTypeFactory(rule="test_with_initiative", requires_initiative=True)
    person = PersonFactory(unit=unit)
    initiative = Initiative.objects.create(title="Sáng kiến A", unit=unit, year=2024,
                                           level=InitiativeLevel.GRASSROOTS)
    initiative.authors.add(person)
    nomination = build(clerk, unit, fighter, [person])
    assert nomination.items.get().verdict_evidence == {"initiatives": [initiative.pk]}
    nomination = advance(nomination, clerk, board, NominationState.AT_COUNCIL)
    services.issue_decision(decide(nomination, board), board)
    assert list(Award.objects.get().initiatives.all()) == [initiative]


def test_decision_refuses_items_not_at_council(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.APPRAISING)
    with pytest.raises(DomainError):
        decide(nomination, board)


def test_clerk_cannot_create_or_issue_decisions(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    with pytest.raises(DomainError):
        services.create_decision(clerk, "1", datetime.date(2024, 1, 1), "A", "B", "C")
    decision = decide(nomination, board)
    with pytest.raises(DomainError):
        services.issue_decision(decision, clerk)


def test_other_clerk_is_not_notified(clerk, other_clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.RECEIVED)
    assert Notification.objects.filter(recipient=clerk, action="awards.nomination.received").count() == 1
    assert Notification.objects.filter(recipient=other_clerk).count() == 0
    assert nomination.state == NominationState.RECEIVED


def test_second_clerk_of_same_unit_can_continue(clerk, unit, board, ldtt, people):
    colleague = make_clerk(unit, username="colleague")
    nomination = build(clerk, unit, ldtt, people[:1])
    assert services.submit_nomination(nomination, colleague).submitted_by == colleague
