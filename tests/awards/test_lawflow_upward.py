"""Khen cao (awards conferred above the province) and hiệp y (concurrence before the council)."""
# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)

import datetime

import pytest
from django.urls import reverse

from awards import services
from awards.enums import AwardKind, AwardLevel, ConcurrenceAnswer, NominationState, UpwardState
from awards.models import Award, NominationItem, UpwardSubmission
from awards.selectors import decidable_items
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.awards.nomination_factories import (  # noqa: F401
    AwardTypeFactory,
    advance,
    base_salary,
    build,
    decide,
    ldtt,
    money_for,
    people,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SENT_ON = datetime.date(2025, 1, 10)


@pytest.fixture
def hcld(db, base_salary):
    """Huân chương Lao động hạng Ba: conferred by the President (level "state")."""
    award_type = AwardTypeFactory(code="T_HCLD3", name="Huân chương Lao động hạng Ba", kind=AwardKind.FORM,
                                  level=AwardLevel.STATE, authority="Chủ tịch nước")
    money_for(award_type, coefficient="4.50")
    return award_type


def at_council(clerk, unit, board, award_type, nominees):
    return advance(build(clerk, unit, award_type, nominees), clerk, board, NominationState.AT_COUNCIL)


def draft(board, items, number="41/TTr-UBND"):
    return services.create_upward(board, "Tờ trình đề nghị tặng Huân chương Lao động", datetime.date(2025, 1, 6),
                                  items=items, number=number)


def logged(action):
    return ActivityLog.objects.filter(action=action).count()


# Routing: the provincial decision builder never offers khen cao ---------------------------------------------


def test_builder_does_not_offer_central_awards(clerk, unit, board, hcld, ldtt, people):
    mixed = at_council(clerk, unit, board, hcld, people[:1])
    plain = at_council(clerk, unit, board, ldtt, people[1:2])
    offered = set(decidable_items().values_list("pk", flat=True))
    assert offered == set(plain.items.values_list("pk", flat=True))
    assert not offered & set(mixed.items.values_list("pk", flat=True))


def test_provincial_decision_refuses_central_award_with_reason(clerk, unit, board, hcld, people):
    nomination = at_council(clerk, unit, board, hcld, people[:1])
    with pytest.raises(DomainError) as exc:
        decide(nomination, board)
    assert "do cấp Trung ương quyết định" in exc.value.message
    assert "Điều 78" in exc.value.message


def test_decision_create_page_lists_no_central_item(client, clerk, unit, board, hcld, people):
    nomination = at_council(clerk, unit, board, hcld, people[:1])
    client.force_login(board)
    page = client.get(reverse("awards:decision_create") + f"?nomination={nomination.pk}").content.decode()
    assert people[0].full_name not in page


# The flow ------------------------------------------------------------------------------------------------


def test_same_nominee_refused_in_province_goes_up_and_enters_register(clerk, unit, board, hcld, people):
    nominee = people[0]
    nomination = at_council(clerk, unit, board, hcld, [nominee])
    with pytest.raises(DomainError):
        decide(nomination, board)  # a province may not confer Huân chương Lao động
    item = nomination.items.get()
    letter = draft(board, [item])
    assert letter.state == UpwardState.DRAFT
    services.send_upward(letter, board, SENT_ON, "12/VP-TĐKT")
    services.decide_upward(letter, board, "1234/QĐ-CTN", datetime.date(2025, 3, 1), "Lương Cường", "Chủ tịch nước")
    award = Award.objects.get(person=nominee, award_type=hcld)
    assert (award.decision_number, award.decision_authority, award.amount, award.paid_by_conferring_level,
            award.year) == ("1234/QĐ-CTN", "Chủ tịch nước", None, True, 2024)
    item.refresh_from_db()
    nomination.refresh_from_db()
    letter.refresh_from_db()
    assert (item.award_id, nomination.state, letter.state) == (award.pk, NominationState.DECIDED, UpwardState.DECIDED)
    assert award.person_category == nominee.category


def test_register_shows_paid_by_conferring_level(client, clerk, unit, board, hcld, people):
    letter = draft(board, list(at_council(clerk, unit, board, hcld, people[:1]).items.all()))
    services.send_upward(letter, board, SENT_ON)
    services.decide_upward(letter, board, "9/QĐ-CTN", datetime.date(2025, 3, 1), "", "Chủ tịch nước")
    client.force_login(board)
    award = Award.objects.get()
    assert "do cấp trên chi trả" in client.get(award.get_absolute_url()).content.decode()
    assert "do cấp trên chi trả" in client.get(reverse("awards:register")).content.decode()


def test_return_then_send_again_then_refuse(clerk, unit, board, hcld, people):
    nomination = at_council(clerk, unit, board, hcld, people[:1])
    letter = draft(board, list(nomination.items.all()))
    services.send_upward(letter, board, SENT_ON)
    services.return_upward(letter, board, datetime.date(2025, 2, 1), "Bổ sung xác nhận của cơ quan chủ quản")
    letter.refresh_from_db()
    assert (letter.state, letter.answer_reason) == (UpwardState.RETURNED, "Bổ sung xác nhận của cơ quan chủ quản")
    services.send_upward(letter, board, datetime.date(2025, 2, 5))
    services.refuse_upward(letter, board, datetime.date(2025, 3, 1), "Chưa đủ thời gian cống hiến")
    letter.refresh_from_db()
    nomination.refresh_from_db()
    assert letter.state == UpwardState.REFUSED
    assert not Award.objects.exists()
    assert nomination.state == NominationState.DECIDED  # closed: nothing left to decide
    assert [logged(a) for a in ("awards.upward.created", "awards.upward.sent", "awards.upward.returned",
                                "awards.upward.refused")] == [1, 2, 1, 1]


def test_every_transition_is_logged(clerk, unit, board, hcld, people):
    letter = draft(board, list(at_council(clerk, unit, board, hcld, people[:1]).items.all()))
    services.send_upward(letter, board, SENT_ON)
    services.decide_upward(letter, board, "9/QĐ-CTN", datetime.date(2025, 3, 1), "", "Chủ tịch nước")
    entry = ActivityLog.objects.get(action="awards.upward.decided")
    assert entry.data["diff"]["state"] == ["sent", "decided"]
    assert entry.data["number"] == "9/QĐ-CTN"


@pytest.mark.parametrize("transition", ["decide", "return", "refuse"])
def test_answer_refused_before_sending(clerk, unit, board, hcld, people, transition):
    letter = draft(board, list(at_council(clerk, unit, board, hcld, people[:1]).items.all()))
    calls = {
        "decide": lambda: services.decide_upward(letter, board, "9/QĐ-CTN", SENT_ON, "", "Chủ tịch nước"),
        "return": lambda: services.return_upward(letter, board, SENT_ON, "lý do"),
        "refuse": lambda: services.refuse_upward(letter, board, SENT_ON, "lý do"),
    }
    with pytest.raises(DomainError) as exc:
        calls[transition]()
    assert exc.value.message == "Không thể thực hiện khi tờ trình đang ở trạng thái “Dự thảo”."


def test_send_needs_number_and_a_date_not_before_the_letter(clerk, unit, board, hcld, people):
    letter = draft(board, list(at_council(clerk, unit, board, hcld, people[:1]).items.all()), number="")
    with pytest.raises(DomainError) as exc:
        services.send_upward(letter, board, SENT_ON)
    assert exc.value.message == "Nhập số tờ trình trước khi gửi."
    services.update_upward_number(letter, board, "41/TTr-UBND")
    with pytest.raises(DomainError) as exc:
        services.send_upward(letter, board, datetime.date(2025, 1, 1))
    assert exc.value.message == "Ngày gửi không thể trước ngày tờ trình (06/01/2025)."


def test_decided_letter_cannot_be_decided_again(clerk, unit, board, hcld, people):
    letter = draft(board, list(at_council(clerk, unit, board, hcld, people[:1]).items.all()))
    services.send_upward(letter, board, SENT_ON)
    services.decide_upward(letter, board, "9/QĐ-CTN", datetime.date(2025, 3, 1), "", "Chủ tịch nước")
    with pytest.raises(DomainError):
        services.decide_upward(letter, board, "10/QĐ-CTN", datetime.date(2025, 3, 2), "", "Chủ tịch nước")
    assert Award.objects.count() == 1


def test_provincial_award_cannot_go_up(clerk, unit, board, ldtt, people):
    nomination = at_council(clerk, unit, board, ldtt, people[:1])
    with pytest.raises(DomainError) as exc:
        draft(board, list(nomination.items.all()))
    assert "thuộc thẩm quyền của tỉnh" in exc.value.message


def test_item_before_council_cannot_go_up(clerk, unit, board, hcld, people):
    nomination = advance(build(clerk, unit, hcld, people[:1]), clerk, board, NominationState.APPRAISING)
    with pytest.raises(DomainError) as exc:
        draft(board, list(nomination.items.all()))
    assert "cần được Hội đồng TĐKT tỉnh thông qua" in exc.value.message


def test_item_in_one_letter_only(clerk, unit, board, hcld, people):
    items = list(at_council(clerk, unit, board, hcld, people[:1]).items.all())
    draft(board, items)
    with pytest.raises(DomainError):
        draft(board, [NominationItem.objects.get(pk=items[0].pk)], number="42/TTr-UBND")


def test_clerk_cannot_draft_a_letter(clerk, unit, board, hcld, people):
    items = list(at_council(clerk, unit, board, hcld, people[:1]).items.all())
    with pytest.raises(DomainError) as exc:
        draft(clerk, items)
    assert exc.value.message == "Chỉ Ban Thi đua – Khen thưởng được thực hiện thao tác này."


# Views -------------------------------------------------------------------------------------------------


def test_views_board_flow(client, clerk, unit, board, hcld, people):
    nomination = at_council(clerk, unit, board, hcld, people[:2])
    client.force_login(board)
    assert client.get(reverse("awards:upward_create")).status_code == 200
    response = client.post(reverse("awards:upward_create"), {
        "title": "Tờ trình khen cao", "number": "5/TTr-UBND", "date": "2025-01-06",
        "items": list(nomination.items.values_list("pk", flat=True))})
    letter = UpwardSubmission.objects.get()
    assert response.status_code == 302
    page = client.get(letter.get_absolute_url()).content.decode()
    assert people[0].full_name in page and "to-trinh.pdf" in page  # the dossier's cover letter is listed
    client.post(reverse("awards:upward_send", args=[letter.pk]), {"sent_on": "2025-01-10", "sent_reference": "1"})
    client.post(reverse("awards:upward_decide", args=[letter.pk]), {
        "number": "77/QĐ-CTN", "date": "2025-03-01", "signer": "", "authority": "Chủ tịch nước"})
    letter.refresh_from_db()
    assert (letter.state, Award.objects.filter(decision_number="77/QĐ-CTN").count()) == (UpwardState.DECIDED, 2)


def test_views_refuse_clerk_and_council(client, clerk, council, unit, board, hcld, people):
    letter = draft(board, list(at_council(clerk, unit, board, hcld, people[:1]).items.all()))
    client.force_login(clerk)
    assert client.get(reverse("awards:upward_list")).status_code == 403
    assert client.get(letter.get_absolute_url()).status_code == 404
    assert client.post(reverse("awards:upward_send", args=[letter.pk]), {"sent_on": "2025-01-10"}).status_code == 404
    client.force_login(council)
    assert client.get(letter.get_absolute_url()).status_code == 403
    letter.refresh_from_db()
    assert letter.state == UpwardState.DRAFT


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count(client, clerk, unit, board, hcld, django_assert_max_num_queries, n):
    for k in range(n):
        person = PersonFactory(unit=unit)
        draft(board, list(at_council(clerk, unit, board, hcld, [person]).items.all()), number=f"{k}/TTr")
    client.force_login(board)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("awards:upward_list")).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_detail_query_count(client, clerk, unit, board, hcld, django_assert_max_num_queries, n):
    nominees = [PersonFactory(unit=unit) for _ in range(n)]
    letter = draft(board, list(at_council(clerk, unit, board, hcld, nominees).items.all()))
    client.force_login(board)
    with django_assert_max_num_queries(22):
        assert client.get(letter.get_absolute_url()).status_code == 200


# Hiệp y ------------------------------------------------------------------------------------------------


@pytest.fixture
def hcld_concur(hcld):
    hcld.requires_concurrence = True
    hcld.concurrence_bodies = "Công an tỉnh\nThanh tra tỉnh"
    hcld.save()
    return hcld


def appraising(clerk, unit, board, award_type, nominees):
    nomination = advance(build(clerk, unit, award_type, nominees), clerk, board, NominationState.APPRAISING)
    for item in nomination.items.all():
        services.set_item_outcome(item, board, "eligible")
    return nomination


def test_council_refused_without_concurrence(clerk, unit, board, hcld_concur, people):
    nomination = appraising(clerk, unit, board, hcld_concur, people[:1])
    with pytest.raises(DomainError) as exc:
        services.send_to_council(nomination, board)
    assert exc.value.message.startswith("Chưa đủ ý kiến hiệp y, chưa thể trình Hội đồng xét:")
    assert "chưa lấy ý kiến hiệp y của Công an tỉnh" in exc.value.message


def test_council_after_every_body_agrees(clerk, unit, board, hcld_concur, people):
    nomination = appraising(clerk, unit, board, hcld_concur, people[:1])
    item = nomination.items.get()
    asked = services.ask_concurrence(item, board, asked_on=datetime.date(2025, 1, 2))
    assert [c.body for c in asked] == ["Công an tỉnh", "Thanh tra tỉnh"]
    services.record_concurrence(asked[0], board, ConcurrenceAnswer.AGREE, datetime.date(2025, 1, 8))
    with pytest.raises(DomainError) as exc:
        services.send_to_council(nomination, board)
    assert "Thanh tra tỉnh chưa trả lời" in exc.value.message
    services.record_concurrence(asked[1], board, ConcurrenceAnswer.AGREE_WITH_NOTE, datetime.date(2025, 1, 9),
                                note="Đề nghị xác minh thêm")
    assert services.send_to_council(nomination, board).state == NominationState.AT_COUNCIL
    assert logged("awards.nomination_item.concurrence_asked") == 1
    assert logged("awards.nomination_item.concurrence_answered") == 2


def test_disagreement_blocks_the_council_and_needs_reasons(clerk, unit, board, hcld_concur, people):
    nomination = appraising(clerk, unit, board, hcld_concur, people[:1])
    police, inspectorate = services.ask_concurrence(nomination.items.get(), board)
    with pytest.raises(DomainError) as exc:
        services.record_concurrence(police, board, ConcurrenceAnswer.DISAGREE)
    assert exc.value.message == "Ghi lưu ý hoặc lý do của cơ quan."
    services.record_concurrence(police, board, ConcurrenceAnswer.DISAGREE, note="Đang bị xác minh đơn thư")
    services.record_concurrence(inspectorate, board, ConcurrenceAnswer.AGREE)
    with pytest.raises(DomainError) as exc:
        services.send_to_council(nomination, board)
    assert "Công an tỉnh không thống nhất" in exc.value.message


def test_award_type_without_concurrence_goes_straight_to_council(clerk, unit, board, hcld, people):
    nomination = appraising(clerk, unit, board, hcld, people[:1])
    assert services.send_to_council(nomination, board).state == NominationState.AT_COUNCIL


def test_clerk_cannot_record_concurrence(clerk, unit, board, hcld_concur, people):
    nomination = appraising(clerk, unit, board, hcld_concur, people[:1])
    with pytest.raises(DomainError):
        services.ask_concurrence(nomination.items.get(), clerk)


def test_concurrence_page(client, clerk, other_clerk, unit, board, hcld_concur, people, django_assert_max_num_queries):
    nomination = appraising(clerk, unit, board, hcld_concur, people[:1])
    item = nomination.items.get()
    client.force_login(board)
    url = reverse("awards:nomination_concurrence", args=[nomination.pk])
    response = client.post(reverse("awards:concurrence_ask", args=[nomination.pk, item.pk]), {
        f"ask{item.pk}-bodies": "Công an tỉnh\nThanh tra tỉnh", f"ask{item.pk}-asked_on": "2025-01-02"})
    assert response.status_code == 302
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "Công an tỉnh" in page and "Chờ trả lời" in page
    concurrence = item.concurrences.get(body="Công an tỉnh")
    client.post(reverse("awards:concurrence_answer", args=[nomination.pk, concurrence.pk]),
                {"answer": "agree", "answered_on": "2025-01-05", "note": ""})
    concurrence.refresh_from_db()
    assert concurrence.answer == ConcurrenceAnswer.AGREE
    client.force_login(other_clerk)
    assert client.get(url).status_code == 403
    client.force_login(clerk)
    assert client.get(url).status_code == 403
