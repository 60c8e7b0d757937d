# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)
import datetime

import pytest
from django.urls import reverse

from awards import services
from awards.enums import DocumentKind, ItemOutcome, NominationState
from awards.models import AppraisalTimeLimit, Award, Nomination, NominationItem, SubmissionDeadline
from blocs.models import Bloc, BlocMembership, BlocYear
from emulation.models import ActivityLog
from tests.awards.nomination_factories import (  # noqa: F401
    AwardTypeFactory,
    advance,
    base_salary,
    board2,
    build,
    decide,
    flag,
    ldtt,
    pdf,
    people,
)
from tests.factories import PersonFactory, UnitFactory, make_clerk

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"awards:{name}", args=args)


def make_people(unit, n):
    return [PersonFactory(unit=unit) for _ in range(n)]


# My unit's nominations -----------------------------------------------------------------------------------


def test_list_clerk_sees_own_units_nominations_by_state(client, clerk, other_clerk, unit, other_unit, ldtt, people):
    mine = build(clerk, unit, ldtt, people[:1])
    build(other_clerk, other_unit, ldtt, make_people(other_unit, 1))
    client.force_login(clerk)
    response = client.get(url("nomination_list"))
    assert response.status_code == 200
    assert [n.pk for n in response.context["page"]] == [mine.pk]
    assert response.context["total"] == 1
    response = client.get(url("nomination_list") + "?state=submitted")
    assert list(response.context["page"]) == []


def test_list_shows_returned_reason(client, clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    services.return_nomination(nomination, board, "Thiếu báo cáo thành tích")
    client.force_login(clerk)
    response = client.get(url("nomination_list") + "?state=returned")
    assert "Thiếu báo cáo thành tích" in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count(client, clerk, unit, ldtt, django_assert_num_queries, n):
    for _ in range(n):
        build(clerk, unit, ldtt, make_people(unit, 2))
    client.force_login(clerk)
    with django_assert_num_queries(9):  # 8 + the award types of the filter (its units load on demand)
        client.get(url("nomination_list"))


def test_create_by_clerk_then_builder(client, clerk, unit):
    client.force_login(clerk)
    assert client.get(url("nomination_create")).status_code == 200
    response = client.post(url("nomination_create"), {"unit": unit.pk, "title": "Đề nghị LĐTT 2024", "year": 2024,
                                                      "method": "regular", "level": "unit_head"})
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response.url == url("nomination_builder", nomination.pk)
    assert nomination.created_by == clerk


def test_create_council_gets_403(client, council):
    client.force_login(council)
    assert client.get(url("nomination_create")).status_code == 403


def test_create_for_another_unit_is_not_offered(client, clerk, other_unit):
    client.force_login(clerk)
    response = client.post(url("nomination_create"), {"unit": other_unit.pk, "title": "X", "year": 2024,
                                                      "method": "regular", "level": "province"})
    assert response.status_code == 200
    assert Nomination.objects.count() == 0


def test_detail_access(client, clerk, other_clerk, council, board, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people)
    client.force_login(other_clerk)
    assert client.get(nomination.get_absolute_url()).status_code == 404
    client.force_login(council)
    response = client.get(nomination.get_absolute_url())
    assert response.status_code == 200 and response.context["can_change"] is False
    client.force_login(clerk)
    response = client.get(nomination.get_absolute_url())
    assert response.status_code == 200 and response.context["can_change"] is True


@pytest.mark.parametrize("n", [1, 3])
def test_detail_query_count(client, clerk, unit, ldtt, django_assert_num_queries, n):
    nomination = build(clerk, unit, ldtt, make_people(unit, n))
    for item in nomination.items.all():
        services.add_document(nomination, clerk, DocumentKind.ACHIEVEMENT_REPORT, pdf("bc.pdf"), item=item)
    client.force_login(clerk)
    with django_assert_num_queries(16):
        client.get(nomination.get_absolute_url())


def test_edit_access(client, clerk, other_clerk, council, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1])
    client.force_login(other_clerk)
    assert client.get(url("nomination_edit", nomination.pk)).status_code == 404
    client.force_login(council)
    assert client.get(url("nomination_edit", nomination.pk)).status_code == 403
    client.force_login(clerk)
    response = client.post(url("nomination_edit", nomination.pk), {
        "unit": unit.pk, "title": "Tên mới", "year": 2024, "method": "regular", "level": "province"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.title == "Tên mới"
    assert ActivityLog.objects.filter(action="awards.nomination.updated").count() == 1


# The builder ---------------------------------------------------------------------------------------------


def test_builder_preview_shows_verdicts_without_saving(client, clerk, unit, ldtt, people):
    nomination = services.create_nomination(clerk, unit, 2024, "Hồ sơ")
    client.force_login(clerk)
    response = client.post(url("nomination_builder", nomination.pk), {
        "award_type": ldtt.pk, "people": [p.pk for p in people], "action": "check"})
    assert response.status_code == 200
    assert len(response.context["preview"]) == 3
    assert nomination.items.count() == 0


def test_builder_adds_many_people(client, clerk, unit, ldtt, people):
    nomination = services.create_nomination(clerk, unit, 2024, "Hồ sơ")
    client.force_login(clerk)
    response = client.post(url("nomination_builder", nomination.pk), {
        "award_type": ldtt.pk, "people": [p.pk for p in people], "summary": "Tốt", "action": "add"})
    assert response.status_code == 302
    assert sorted(nomination.items.values_list("person_id", flat=True)) == sorted(p.pk for p in people)


def test_builder_access(client, clerk, other_clerk, council, unit, ldtt, people):
    nomination = services.create_nomination(clerk, unit, 2024, "Hồ sơ")
    client.force_login(other_clerk)
    assert client.get(url("nomination_builder", nomination.pk)).status_code == 404
    client.force_login(council)
    assert client.get(url("nomination_builder", nomination.pk)).status_code == 403
    client.force_login(clerk)
    response = client.get(url("nomination_builder", nomination.pk) + "?q=binh")
    assert [p.full_name for p in response.context["form"].fields["people"].queryset] == ["Trần Thị Bình"]


@pytest.mark.parametrize("n", [1, 3])
def test_builder_query_count(client, clerk, unit, ldtt, django_assert_num_queries, n):
    nomination = services.create_nomination(clerk, unit, 2024, "Hồ sơ")
    make_people(unit, n)
    UnitFactory.create_batch(n, parent=unit)
    client.force_login(clerk)
    with django_assert_num_queries(13):  # 12, and the award types of the "eligible only" filter
        client.get(url("nomination_builder", nomination.pk))


def test_item_edit_and_remove_access(client, clerk, other_clerk, council, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:2])
    item = nomination.items.first()
    client.force_login(other_clerk)
    assert client.get(url("nomination_item_edit", item.pk)).status_code == 404
    assert client.post(url("nomination_item_remove", item.pk)).status_code == 404
    client.force_login(council)
    assert client.get(url("nomination_item_edit", item.pk)).status_code == 403
    assert client.post(url("nomination_item_remove", item.pk)).status_code == 403
    client.force_login(clerk)
    client.post(url("nomination_item_edit", item.pk), {"summary": "Mới", "justification": "Lý do"})
    item.refresh_from_db()
    assert (item.summary, item.justification) == ("Mới", "Lý do")
    client.post(url("nomination_item_remove", item.pk))
    assert nomination.items.count() == 1


def test_recheck_access(client, clerk, other_clerk, council, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1])
    client.force_login(other_clerk)
    assert client.post(url("nomination_recheck", nomination.pk)).status_code == 404
    client.force_login(council)
    assert client.post(url("nomination_recheck", nomination.pk)).status_code == 403
    client.force_login(clerk)
    assert client.post(url("nomination_recheck", nomination.pk)).status_code == 302


# Documents -----------------------------------------------------------------------------------------------


def test_document_upload_checked_and_download_access(client, clerk, other_clerk, council, unit, ldtt, people,
                                                     settings):
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    client.force_login(clerk)
    client.post(url("nomination_document_add", nomination.pk), {"kind": "cover_letter", "file": pdf("tt.pdf")})
    client.post(url("nomination_document_add", nomination.pk), {"kind": "other", "file": pdf("x.exe")})
    settings.UPLOAD_MAX_BYTES = 50
    client.post(url("nomination_document_add", nomination.pk), {"kind": "other", "file": pdf("big.pdf", size=99)})
    doc = nomination.documents.get()
    assert doc.original_name == "tt.pdf"
    response = client.get(url("nomination_document_download", doc.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(other_clerk)
    assert client.get(url("nomination_document_download", doc.pk)).status_code == 404
    assert client.post(url("nomination_document_add", nomination.pk)).status_code == 404
    assert client.post(url("nomination_document_remove", doc.pk)).status_code == 404
    client.force_login(council)
    assert client.get(url("nomination_document_download", doc.pk)).status_code == 200
    assert client.post(url("nomination_document_add", nomination.pk)).status_code == 403
    assert client.post(url("nomination_document_remove", doc.pk)).status_code == 403


def test_submit_view(client, clerk, other_clerk, council, board, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1])
    client.force_login(other_clerk)
    assert client.post(url("nomination_submit", nomination.pk)).status_code == 404
    client.force_login(council)
    assert client.post(url("nomination_submit", nomination.pk)).status_code == 403
    client.force_login(clerk)
    assert client.post(url("nomination_submit", nomination.pk)).status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED


def test_submit_view_refusal_shows_message(client, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    client.force_login(clerk)
    response = client.post(url("nomination_submit", nomination.pk), follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT


# The board's queue ---------------------------------------------------------------------------------------


def test_queue_access(client, clerk, council, board):
    client.force_login(clerk)
    assert client.get(url("nomination_queue")).status_code == 403
    client.force_login(council)
    assert client.get(url("nomination_queue")).status_code == 200


def test_queue_filters_and_overdue(client, clerk, other_clerk, unit, other_unit, board, ldtt, people):
    AppraisalTimeLimit.objects.create(award_type=ldtt, working_days=5, valid_from=datetime.date(2020, 1, 1))
    late = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.RECEIVED)
    NominationItem.objects.filter(nomination=late).update(appraisal_due=datetime.date(2020, 1, 1))
    on_time = advance(build(other_clerk, other_unit, ldtt, make_people(other_unit, 1)), other_clerk, board,
                      NominationState.RECEIVED)
    other_type = AwardTypeFactory()
    submitted = advance(build(clerk, unit, other_type, people[1:2]), clerk, board, NominationState.SUBMITTED)
    build(clerk, unit, ldtt, people[2:3])  # a draft never shows
    client.force_login(board)

    def pks(query=""):
        return [n.pk for n in client.get(url("nomination_queue") + query).context["page"]]

    assert sorted(pks()) == sorted([late.pk, on_time.pk, submitted.pk])
    assert pks("?overdue=true") == [late.pk]
    assert sorted(pks("?overdue=false")) == sorted([on_time.pk, submitted.pk])
    assert pks("?state=submitted") == [submitted.pk]
    assert sorted(pks(f"?unit={unit.pk}")) == sorted([late.pk, submitted.pk])
    assert pks(f"?award_type={other_type.pk}") == [submitted.pk]
    response = client.get(url("nomination_queue") + "?overdue=true")
    assert "table-danger" in response.content.decode()


def test_queue_filter_by_bloc(client, clerk, other_clerk, unit, other_unit, board, ldtt, people):

    bloc = Bloc.objects.create(name="Khối thử", code="K1")
    bloc_year = BlocYear.objects.create(bloc=bloc, year=2024, head_unit=unit)
    BlocMembership.objects.create(bloc_year=bloc_year, unit=unit)
    inside = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    advance(build(other_clerk, other_unit, ldtt, make_people(other_unit, 1)), other_clerk, board,
            NominationState.SUBMITTED)
    client.force_login(board)
    response = client.get(url("nomination_queue") + f"?bloc={bloc.pk}")
    assert [n.pk for n in response.context["page"]] == [inside.pk]


@pytest.mark.parametrize("n", [1, 3])
def test_queue_query_count(client, clerk, unit, board, ldtt, django_assert_num_queries, n):
    for _ in range(n):
        advance(build(clerk, unit, ldtt, make_people(unit, 2)), clerk, board, NominationState.RECEIVED)
    client.force_login(board)
    with django_assert_num_queries(9):  # 8 for the queue (its unit filter loads on demand), 1 for the pipeline chart
        response = client.get(url("nomination_queue"))
    assert len(response.context["page"]) == n
    assert [(s["state"], s["count"]) for s in response.context["stages"] if s["count"]] == [("received", n)]


# Appraisal -----------------------------------------------------------------------------------------------


def test_appraisal_screen_access(client, clerk, other_clerk, council, board, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people), clerk, board, NominationState.APPRAISING)
    client.force_login(other_clerk)
    assert client.get(url("nomination_appraise", nomination.pk)).status_code == 404
    client.force_login(clerk)
    assert client.get(url("nomination_appraise", nomination.pk)).status_code == 403
    client.force_login(council)
    response = client.get(url("nomination_appraise", nomination.pk))
    assert response.status_code == 200 and response.context["can_appraise"] is False
    client.force_login(board)
    assert client.get(url("nomination_appraise", nomination.pk)).context["can_appraise"] is True


def test_appraisal_screen_shows_award_history(client, clerk, unit, board, ldtt, people):
    Award.objects.create(award_type=ldtt, person=people[0], unit=unit, recipient_kind="individual", year=2022)
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.APPRAISING)
    client.force_login(board)
    rows = client.get(url("nomination_appraise", nomination.pk)).context["rows"]
    assert [(item.person_id, [a.year for a in history]) for item, history in rows] == [(people[0].pk, [2022])]


@pytest.mark.parametrize("n", [1, 3])
def test_appraisal_screen_query_count(client, clerk, unit, board, ldtt, django_assert_num_queries, n):
    nomination = advance(build(clerk, unit, ldtt, make_people(unit, n)), clerk, board, NominationState.APPRAISING)
    client.force_login(board)
    with django_assert_num_queries(10):
        client.get(url("nomination_appraise", nomination.pk))


def test_one_click_outcome_htmx_returns_row(client, clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.APPRAISING)
    item = nomination.items.get()
    client.force_login(board)
    response = client.post(url("nomination_item_outcome", item.pk),
                           {"outcome": "ineligible", "reason": "Chưa đủ năm công tác"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="item-{item.pk}"' in response.content.decode()
    item.refresh_from_db()
    assert (item.outcome, item.outcome_reason) == (ItemOutcome.INELIGIBLE, "Chưa đủ năm công tác")


def test_outcome_access(client, clerk, other_clerk, council, board, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.APPRAISING)
    item = nomination.items.get()
    client.force_login(other_clerk)
    assert client.post(url("nomination_item_outcome", item.pk), {"outcome": "eligible"}).status_code == 404
    for user in (clerk, council):
        client.force_login(user)
        assert client.post(url("nomination_item_outcome", item.pk), {"outcome": "eligible"}).status_code == 403
    item.refresh_from_db()
    assert item.outcome == ItemOutcome.PENDING


@pytest.mark.parametrize("name,state", [
    ("nomination_receive", NominationState.SUBMITTED),
    ("nomination_start_appraisal", NominationState.RECEIVED),
    ("nomination_return", NominationState.SUBMITTED),
    ("nomination_send_to_council", NominationState.APPRAISING),
    ("nomination_open_posting", NominationState.APPRAISING),
])
def test_board_transition_views_access(client, clerk, other_clerk, council, board, unit, ldtt, people, name, state):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, state)
    client.force_login(other_clerk)
    assert client.post(url(name, nomination.pk), {"reason": "x"}).status_code == 404
    for user in (clerk, council):
        client.force_login(user)
        assert client.post(url(name, nomination.pk), {"reason": "x"}).status_code == 403
    nomination.refresh_from_db()
    assert nomination.state == state


def test_board_transition_views_submitter_gets_403(client, unit, board, board2, ldtt, people):
    nomination = advance(build(board, unit, ldtt, people[:1]), board, board2, NominationState.SUBMITTED)
    client.force_login(board)
    assert client.post(url("nomination_receive", nomination.pk)).status_code == 403
    client.force_login(board2)
    assert client.post(url("nomination_receive", nomination.pk)).status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.RECEIVED


def test_board_walks_the_nomination_through_views(client, clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    client.force_login(board)
    client.post(url("nomination_receive", nomination.pk))
    client.post(url("nomination_start_appraisal", nomination.pk))
    client.post(url("nomination_item_outcome", nomination.items.get().pk), {"outcome": "eligible"})
    client.post(url("nomination_send_to_council", nomination.pk))
    nomination.refresh_from_db()
    assert nomination.state == NominationState.AT_COUNCIL
    client.post(url("nomination_return", nomination.pk), {"reason": "x"})  # refused: at council
    nomination.refresh_from_db()
    assert nomination.state == NominationState.AT_COUNCIL


# Posting -------------------------------------------------------------------------------------------------


def test_public_posting_page_without_login(client, clerk, unit, board, base_salary, people):
    posted = AwardTypeFactory(name="Danh hiệu công khai", requires_posting=True, posting_working_days=10)
    nomination = advance(build(clerk, unit, posted, people[:1]), clerk, board, NominationState.APPRAISING)
    services.set_item_outcome(nomination.items.get(), board, ItemOutcome.ELIGIBLE)
    services.open_posting(nomination, board)
    response = client.get(url("nomination_posting_public"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Văn An" in body and "Danh hiệu công khai" in body


@pytest.mark.parametrize("n", [1, 3])
def test_public_posting_query_count(client, clerk, unit, board, base_salary, django_assert_num_queries, n):
    posted = AwardTypeFactory(requires_posting=True, posting_working_days=10)
    nomination = advance(build(clerk, unit, posted, make_people(unit, n)), clerk, board, NominationState.APPRAISING)
    for item in nomination.items.all():
        services.set_item_outcome(item, board, ItemOutcome.ELIGIBLE)
    services.open_posting(nomination, board)
    with django_assert_num_queries(1):
        client.get(url("nomination_posting_public"))


def test_posting_manage_and_comment_access(client, clerk, other_clerk, council, board, unit, base_salary, people):
    posted = AwardTypeFactory(requires_posting=True, posting_working_days=10)
    nomination = advance(build(clerk, unit, posted, people[:1]), clerk, board, NominationState.APPRAISING)
    item = nomination.items.get()
    services.set_item_outcome(item, board, ItemOutcome.ELIGIBLE)
    services.open_posting(nomination, board)
    client.force_login(clerk)
    assert client.get(url("nomination_posting_manage")).status_code == 403
    client.force_login(other_clerk)
    assert client.post(url("nomination_posting_comment", item.pk), {}).status_code == 404
    client.force_login(council)
    assert client.get(url("nomination_posting_manage")).status_code == 200
    assert client.post(url("nomination_posting_comment", item.pk), {}).status_code == 403
    client.force_login(board)
    client.post(url("nomination_posting_comment", item.pk),
                {"received_on": "05/12/2024", "commenter": "Ông B", "content": "Đề nghị xem lại"})
    assert item.posting_comments.get().content == "Đề nghị xem lại"


@pytest.mark.parametrize("n", [1, 3])
def test_posting_manage_query_count(client, clerk, unit, board, base_salary, django_assert_num_queries, n):
    posted = AwardTypeFactory(requires_posting=True, posting_working_days=10)
    nomination = advance(build(clerk, unit, posted, make_people(unit, n)), clerk, board, NominationState.APPRAISING)
    for item in nomination.items.all():
        services.set_item_outcome(item, board, ItemOutcome.ELIGIBLE)
    services.open_posting(nomination, board)
    client.force_login(board)
    with django_assert_num_queries(7):
        client.get(url("nomination_posting_manage"))


# Council -------------------------------------------------------------------------------------------------


def _flag_at_council(clerk, board, units, flag):
    nomination = services.create_nomination(clerk, units[0], 2024, "Cờ thi đua")
    services.add_items(nomination, clerk, flag, units=units)
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    return advance(nomination, clerk, board, NominationState.AT_COUNCIL)


def test_council_page_and_vote(client, clerk, other_clerk, council, board, unit, flag):
    nomination = _flag_at_council(clerk, board, [unit], flag)
    item = nomination.items.get()
    client.force_login(clerk)
    assert client.get(url("nomination_council")).status_code == 403
    client.force_login(council)
    response = client.get(url("nomination_council"))
    assert response.status_code == 200 and list(response.context["items"]) == [item]
    assert client.post(url("nomination_council_meeting_create"), {}).status_code == 403
    client.force_login(board)
    client.post(url("nomination_council_meeting_create"), {"date": "10/12/2024", "members_total": 15,
                                                           "members_present": 14, "number": "01/BB"})
    meeting = response.context["meetings"].model.objects.get()
    client.force_login(council)
    assert client.post(url("nomination_vote", item.pk), {"meeting": meeting.pk, "votes_for": 14}).status_code == 403
    client.force_login(other_clerk)
    assert client.post(url("nomination_vote", item.pk), {"meeting": meeting.pk, "votes_for": 14}).status_code == 404
    client.force_login(board)
    client.post(url("nomination_vote", item.pk), {"meeting": meeting.pk, "votes_for": 14, "votes_total": 14})
    item.refresh_from_db()
    assert (item.votes_for, item.votes_total, item.vote_passed) == (14, 14, True)


@pytest.mark.parametrize("n", [1, 3])
def test_council_query_count(client, clerk, unit, board, flag, django_assert_num_queries, n):
    units = [unit] + [UnitFactory(parent=unit) for _ in range(n - 1)]
    _flag_at_council(clerk, board, units, flag)
    services.create_council_meeting(board, datetime.date(2024, 12, 1), 10, 10)
    client.force_login(board)
    with django_assert_num_queries(6):
        client.get(url("nomination_council"))


# Settings ------------------------------------------------------------------------------------------------


def test_settings_access_and_save(client, clerk, council, board):
    for user in (clerk, council):
        client.force_login(user)
        assert client.get(url("nomination_settings")).status_code == 403
    client.force_login(board)
    assert client.get(url("nomination_settings")).status_code == 200
    response = client.post(url("nomination_settings"), {
        "kind": "deadline", "deadline-year": 2024, "deadline-method": "regular", "deadline-deadline": "15/01/2025"})
    assert response.status_code == 302
    assert SubmissionDeadline.objects.get().deadline == datetime.date(2025, 1, 15)
    assert ActivityLog.objects.filter(action="awards.submissiondeadline.created").count() == 1


@pytest.mark.parametrize("n", [1, 3])
def test_settings_query_count(client, board, django_assert_num_queries, n):
    for i in range(n):
        SubmissionDeadline.objects.create(year=2020 + i, method="regular", deadline=datetime.date(2021 + i, 1, 15))
    client.force_login(board)
    with django_assert_num_queries(22):
        client.get(url("nomination_settings"))


# Decisions -----------------------------------------------------------------------------------------------


def test_decision_create_view_and_issue(client, clerk, council, board, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:2]), clerk, board, NominationState.AT_COUNCIL)
    client.force_login(council)
    assert client.get(url("decision_create")).status_code == 403
    client.force_login(clerk)
    assert client.get(url("decision_create")).status_code == 403
    client.force_login(board)
    response = client.get(url("decision_create") + f"?nomination={nomination.pk}")
    assert len(response.context["form"].initial["items"]) == 2
    response = client.post(url("decision_create"), {
        "number": "25/QĐ-UBND", "date": "20/12/2024", "signer": "Nguyễn Văn Chủ", "signer_title": "Chủ tịch",
        "authority": "UBND tỉnh", "items": [i.pk for i in nomination.items.all()], "signed_file": pdf("qd.pdf")})
    assert response.status_code == 302
    decision = nomination.items.first().decision
    response = client.get(decision.get_absolute_url())
    assert response.context["total"] == 1_420_000
    client.force_login(council)
    assert client.post(url("decision_issue", decision.pk)).status_code == 403
    client.force_login(board)
    client.post(url("decision_issue", decision.pk))
    decision.refresh_from_db()
    assert decision.is_issued
    assert Award.objects.count() == 2


def test_decision_detail_access(client, clerk, other_clerk, council, board, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    decision = decide(nomination, board)
    client.force_login(clerk)
    assert client.get(decision.get_absolute_url()).status_code == 404  # drafts stay with the board
    services.issue_decision(decision, board)
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 200 and response.context["can_change"] is False
    assert response.context["total"] == 710_000
    assert client.get(url("decision_file", decision.pk)).status_code == 200
    assert client.get(url("decision_correction", decision.pk)).status_code == 403
    client.force_login(other_clerk)
    assert client.get(decision.get_absolute_url()).status_code == 404
    assert client.get(url("decision_file", decision.pk)).status_code == 404
    client.force_login(council)
    assert client.get(decision.get_absolute_url()).status_code == 200
    assert client.get(url("decision_edit", decision.pk)).status_code == 403


def test_decision_list_scoped(client, clerk, other_clerk, board, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    decision = services.issue_decision(decide(nomination, board), board)
    client.force_login(clerk)
    assert [d.pk for d in client.get(url("decision_list")).context["page"]] == [decision.pk]
    client.force_login(other_clerk)
    assert list(client.get(url("decision_list")).context["page"]) == []


@pytest.mark.parametrize("n", [1, 3])
def test_decision_list_query_count(client, clerk, unit, board, ldtt, django_assert_num_queries, n):
    for i in range(n):
        nomination = advance(build(clerk, unit, ldtt, make_people(unit, 2)), clerk, board,
                             NominationState.AT_COUNCIL)
        services.issue_decision(decide(nomination, board, number=f"{i}/QĐ"), board)
    client.force_login(board)
    with django_assert_num_queries(6):  # the unit filter loads its units on demand
        client.get(url("decision_list"))


@pytest.mark.parametrize("n", [1, 3])
def test_decision_detail_query_count(client, clerk, unit, board, ldtt, django_assert_num_queries, n):
    nomination = advance(build(clerk, unit, ldtt, make_people(unit, n)), clerk, board, NominationState.AT_COUNCIL)
    decision = services.issue_decision(decide(nomination, board), board)
    client.force_login(board)
    with django_assert_num_queries(9):
        client.get(decision.get_absolute_url())


def test_decision_edit_refused_once_issued(client, clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    decision = services.issue_decision(decide(nomination, board), board)
    client.force_login(board)
    response = client.post(url("decision_edit", decision.pk), {
        "number": "khác", "date": "01/01/2025", "signer": "B", "signer_title": "C", "authority": "D"})
    assert response.status_code == 200
    decision.refresh_from_db()
    assert decision.number == "15/QĐ-UBND"


def test_correction_through_views(client, clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    decision = services.issue_decision(decide(nomination, board), board)
    award = Award.objects.get()
    client.force_login(board)
    response = client.post(url("decision_correction", decision.pk), {
        "number": "30/QĐ", "date": "10/01/2025", "signer": "A", "signer_title": "Chủ tịch", "authority": "UBND tỉnh",
        "signed_file": pdf("qd2.pdf")})
    correction = decision.corrections.get()
    assert response.url == correction.get_absolute_url()
    client.post(url("decision_revoke", correction.pk), {"award": award.pk, "reason": "Khai man thành tích"})
    client.post(url("decision_issue", correction.pk))
    award.refresh_from_db()
    assert award.revoked is True


def test_decision_item_remove_view(client, clerk, unit, board, council, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:2]), clerk, board, NominationState.AT_COUNCIL)
    decision = decide(nomination, board)
    item = decision.items.first()
    client.force_login(council)
    assert client.post(url("decision_item_remove", decision.pk, item.pk)).status_code == 403
    client.force_login(board)
    client.post(url("decision_item_remove", decision.pk, item.pk))
    assert decision.items.count() == 1


def test_nav_and_dashboard_panels(client, clerk, board, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    services.return_nomination(nomination, board, "Thiếu")
    client.force_login(clerk)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    titles = [p.title for p in response.context["panels"]]
    assert "Hồ sơ đề nghị của đơn vị" in titles or "My unit's nominations" in titles
    client.force_login(board)
    assert client.get(reverse("dashboard")).status_code == 200


def test_other_clerk_of_same_unit_sees_nomination(client, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1])
    colleague = make_clerk(unit, username="colleague")
    client.force_login(colleague)
    assert client.get(nomination.get_absolute_url()).status_code == 200
