# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)
"""The board returns one or some items of a nomination for correction, not only the whole dossier."""

import pytest
from django.urls import reverse

from awards import services
from awards.enums import NominationState
from emulation.errors import DomainError
from emulation.models import ActivityLog, Notification
from tests.awards.nomination_factories import (  # noqa: F401
    advance,
    base_salary,
    board2,
    build,
    ldtt,
    people,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"awards:{name}", args=args)


def notes(nomination):
    return list(nomination.items.order_by("pk").values_list("return_note", flat=True))


@pytest.fixture
def appraising(clerk, unit, board, ldtt, people):
    return advance(build(clerk, unit, ldtt, people), clerk, board, NominationState.APPRAISING)


# The service -------------------------------------------------------------------------------------------


def test_return_items_notes_each_chosen_item_and_returns_the_dossier(appraising, board):
    items = list(appraising.items.order_by("pk"))
    nomination = services.return_nomination(appraising, board, "Bổ sung báo cáo thành tích",
                                            items=[items[1], items[2]],
                                            item_notes={items[1].pk: "  Thiếu số liệu năm 2024  "})
    assert (nomination.state, nomination.returned_reason, nomination.return_count) == (
        NominationState.RETURNED, "Bổ sung báo cáo thành tích", 1)
    assert notes(nomination) == ["", "Thiếu số liệu năm 2024", "Bổ sung báo cáo thành tích"]


def test_return_items_is_logged_with_item_ids_and_tells_the_clerks(appraising, board, clerk):
    item = appraising.items.order_by("pk")[1]
    services.return_nomination(appraising, board, "Thiếu số liệu", items=[item])
    log = ActivityLog.objects.get(action="awards.nomination.returned")
    assert log.actor == board
    assert log.data["reason"] == "Thiếu số liệu"
    assert log.data["items"] == [{"item": item.pk, "nominee": "Trần Thị Bình", "note": "Thiếu số liệu"}]
    assert log.data["diff"] == {"state": [NominationState.APPRAISING, NominationState.RETURNED]}
    message = Notification.objects.get(recipient=clerk, action="awards.nomination.returned").message
    assert "Trần Thị Bình" in message and "Thiếu số liệu" in message


def test_resubmission_clears_the_notes_and_the_log_keeps_them(appraising, board, clerk):
    item = appraising.items.order_by("pk")[0]
    services.return_nomination(appraising, board, "Tóm tắt thành tích quá chung chung", items=[item])
    services.update_item(item, clerk, summary="Hoàn thành 120% kế hoạch; 2 sáng kiến cấp cơ sở")
    nomination = services.submit_nomination(appraising, clerk)
    assert nomination.state == NominationState.SUBMITTED
    assert notes(nomination) == ["", "", ""]
    submitted = ActivityLog.objects.filter(action="awards.nomination.submitted").order_by("pk").last()
    assert submitted.data["returned_items"] == [item.pk]
    returned = ActivityLog.objects.get(action="awards.nomination.returned")
    assert returned.data["items"][0]["item"] == item.pk


def test_return_without_items_returns_the_whole_dossier_without_notes(appraising, board):
    nomination = services.return_nomination(appraising, board, "Thiếu tờ trình")
    assert nomination.state == NominationState.RETURNED
    assert notes(nomination) == ["", "", ""]
    assert "items" not in ActivityLog.objects.get(action="awards.nomination.returned").data


def test_return_item_of_another_nomination_is_refused(appraising, board, clerk, unit, ldtt):
    other = build(clerk, unit, ldtt, [PersonFactory(unit=unit)])
    foreign = other.items.get()
    with pytest.raises(DomainError) as error:
        services.return_nomination(appraising, board, "Sai", items=[appraising.items.first(), foreign])
    assert error.value.field == "items"
    appraising.refresh_from_db()
    assert appraising.state == NominationState.APPRAISING
    assert notes(appraising) == ["", "", ""]
    assert not ActivityLog.objects.filter(action="awards.nomination.returned").exists()


@pytest.mark.parametrize("who", ["clerk", "council"])
def test_return_items_refused_for_other_roles(request, appraising, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(DomainError):
        services.return_nomination(appraising, actor, "Sai", items=[appraising.items.first()])
    appraising.refresh_from_db()
    assert (appraising.state, notes(appraising)) == (NominationState.APPRAISING, ["", "", ""])


def test_return_items_refused_to_whoever_submitted(unit, board, board2, ldtt, people):
    nomination = advance(build(board, unit, ldtt, people[:1]), board, board2, NominationState.SUBMITTED)
    with pytest.raises(DomainError):
        services.return_nomination(nomination, board, "Sai", items=[nomination.items.get()])
    assert notes(nomination) == [""]


@pytest.mark.parametrize("state", [NominationState.DRAFT, NominationState.AT_COUNCIL])
def test_return_items_refused_in_the_wrong_state(clerk, unit, board, ldtt, people, state):
    nomination = build(clerk, unit, ldtt, people[:1])
    if state != NominationState.DRAFT:
        nomination = advance(nomination, clerk, board, state)
    with pytest.raises(DomainError):
        services.return_nomination(nomination, board, "Sai", items=[nomination.items.get()])
    nomination.refresh_from_db()
    assert (nomination.state, notes(nomination)) == (state, [""])


# The views ---------------------------------------------------------------------------------------------


def test_return_view_board_ticks_one_item_with_its_note(client, appraising, board):
    items = list(appraising.items.order_by("pk"))
    client.force_login(board)
    response = client.post(url("nomination_return", appraising.pk), {
        "reason": "Hồ sơ cần bổ sung", "items": [items[2].pk], f"note_{items[2].pk}": "Thiếu báo cáo thành tích",
        f"note_{items[0].pk}": "not ticked: ignored"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Đã trả lại đơn vị 1 trường hợp để chỉnh sửa."]
    appraising.refresh_from_db()
    assert appraising.state == NominationState.RETURNED
    assert notes(appraising) == ["", "", "Thiếu báo cáo thành tích"]


def test_return_view_outsider_gets_404_and_read_only_roles_403(client, appraising, clerk, other_clerk, council):
    item = appraising.items.first()
    data = {"reason": "Sai", "items": [item.pk]}
    client.force_login(other_clerk)
    assert client.post(url("nomination_return", appraising.pk), data).status_code == 404
    for user in (clerk, council):
        client.force_login(user)
        assert client.post(url("nomination_return", appraising.pk), data).status_code == 403
    appraising.refresh_from_db()
    assert (appraising.state, notes(appraising)) == (NominationState.APPRAISING, ["", "", ""])


def test_return_view_refuses_an_item_of_another_nomination(client, appraising, board, clerk, unit, ldtt):
    foreign = build(clerk, unit, ldtt, [PersonFactory(unit=unit)]).items.get()
    client.force_login(board)
    response = client.post(url("nomination_return", appraising.pk), {"reason": "Sai", "items": [foreign.pk]},
                           follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Người này không có trong hồ sơ đề nghị."]
    appraising.refresh_from_db()
    assert appraising.state == NominationState.APPRAISING
    foreign.refresh_from_db()
    assert foreign.return_note == ""


def test_return_view_without_reason_is_refused(client, appraising, board):
    client.force_login(board)
    response = client.post(url("nomination_return", appraising.pk), {"reason": " ",
                                                                     "items": [appraising.items.first().pk]},
                           follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Hãy nêu lý do."]
    appraising.refresh_from_db()
    assert appraising.state == NominationState.APPRAISING


def test_board_return_form_offers_every_item_with_a_labelled_note(client, appraising, board):
    client.force_login(board)
    html = client.get(url("nomination_appraise", appraising.pk)).content.decode()
    for item in appraising.items.all():
        assert f'<input class="form-check-input" type="checkbox" name="items" value="{item.pk}"' in html
        assert f'<label class="visually-hidden" for="return-note-{item.pk}">' in html
    assert "Trường hợp cần chỉnh sửa" in html


def test_clerk_sees_the_returned_item_highlighted_with_its_note(client, appraising, board, clerk):
    item = appraising.items.order_by("pk")[1]
    services.return_nomination(appraising, board, "Hồ sơ cần bổ sung", items=[item],
                               item_notes={item.pk: "Tóm tắt thành tích chưa có số liệu"})
    client.force_login(clerk)
    response = client.get(appraising.get_absolute_url())
    assert [i.pk for i in response.context["returned_items"]] == [item.pk]
    html = response.content.decode()
    assert f'<tr id="item-{item.pk}" class="table-warning">' in html
    assert "Tóm tắt thành tích chưa có số liệu" in html
    edit = client.get(url("nomination_item_edit", item.pk)).content.decode()
    assert "Tóm tắt thành tích chưa có số liệu" in edit


@pytest.mark.parametrize("n", [1, 3])
def test_detail_with_returned_items_query_count(client, clerk, unit, board, ldtt, django_assert_num_queries, n):
    nomination = advance(build(clerk, unit, ldtt, [PersonFactory(unit=unit) for _ in range(n)]), clerk, board,
                         NominationState.SUBMITTED)
    services.return_nomination(nomination, board, "Bổ sung", items=list(nomination.items.all()))
    client.force_login(clerk)
    with django_assert_num_queries(17):
        response = client.get(nomination.get_absolute_url())
    assert len(response.context["returned_items"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_board_detail_with_return_form_query_count(client, clerk, unit, board, ldtt, django_assert_num_queries, n):
    nomination = advance(build(clerk, unit, ldtt, [PersonFactory(unit=unit) for _ in range(n)]), clerk, board,
                         NominationState.SUBMITTED)
    client.force_login(board)
    with django_assert_num_queries(12):
        response = client.get(nomination.get_absolute_url())
    assert response.content.decode().count('name="items"') == n


def test_appraisal_row_fields_are_labelled_with_their_nominee(client, appraising, board):
    """Regression: every row's reason and "change to" fields were all labelled just "Lý do"/"Chuyển sang"."""
    client.force_login(board)
    html = client.get(url("nomination_appraise", appraising.pk)).content.decode()
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        assert f'aria-label="Lý do đối với {name}"' in html
        assert f'aria-label="Chuyển hình thức khen thưởng của {name} sang"' in html
    assert '<label class="form-label" for="return-reason">Lý do trả lại hồ sơ</label>' in html


def test_nomination_history_reads_in_vietnamese(client, appraising, board, clerk):
    services.return_nomination(appraising, board, "Bổ sung", items=[appraising.items.first()])
    client.force_login(clerk)
    html = client.get(appraising.get_absolute_url()).content.decode()
    for label in ("Tạo hồ sơ đề nghị khen thưởng", "Thêm trường hợp đề nghị vào hồ sơ", "Gửi hồ sơ đề nghị",
                  "Bắt đầu thẩm định hồ sơ", "Trả lại hồ sơ cho đơn vị"):
        assert label in html
    assert "awards.nomination." not in html
