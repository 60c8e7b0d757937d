# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)
"""The board's next action and each role's own buttons (issue 15: nobody is stuck)."""

import pytest
from django.urls import reverse

from awards import services
from awards.enums import NominationState
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.awards.nomination_factories import advance, base_salary, build, ldtt, people  # noqa: F401

pytestmark = pytest.mark.django_db

CLERK_BUTTONS = ["nomination_edit", "nomination_builder", "nomination_submit"]
BOARD_BUTTONS = ["nomination_take_up", "nomination_receive", "nomination_start_appraisal"]


def url(name, *args):
    return reverse(f"awards:{name}", args=args)


def buttons(client, nomination):
    page = client.get(nomination.get_absolute_url()).content.decode()
    return {name for name in CLERK_BUTTONS + BOARD_BUTTONS if url(name, nomination.pk) in page}, page


def test_take_up_receives_and_starts_in_one_step(board, clerk, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    nomination = services.take_up_nomination(nomination, board)
    nomination.refresh_from_db()
    assert nomination.state == NominationState.APPRAISING
    assert nomination.received_at is not None
    assert nomination.appraiser == board
    actions = list(ActivityLog.objects.filter(object_id=nomination.pk, action__startswith="awards.nomination.")
                   .values_list("action", flat=True))
    assert "awards.nomination.received" in actions
    assert "awards.nomination.appraising" in actions


def test_take_up_forbidden_for_the_clerk_and_in_the_wrong_state(board, clerk, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    with pytest.raises(DomainError):
        services.take_up_nomination(nomination, clerk)
    draft = build(clerk, unit, ldtt, people[1:2])
    with pytest.raises(DomainError):
        services.take_up_nomination(draft, board)


def test_take_up_view_lands_on_the_appraisal_screen(client, board, clerk, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    client.force_login(board)
    appraise = client.get(url("nomination_appraise", nomination.pk)).content.decode()
    assert url("nomination_take_up", nomination.pk) in appraise  # the next action is on the linked page
    response = client.post(url("nomination_take_up", nomination.pk))
    assert response.status_code == 302
    assert response.url == url("nomination_appraise", nomination.pk)
    nomination.refresh_from_db()
    assert nomination.state == NominationState.APPRAISING


def test_take_up_view_outsider_and_clerk(client, board, clerk, other_clerk, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    client.force_login(other_clerk)
    assert client.post(url("nomination_take_up", nomination.pk)).status_code == 404
    client.force_login(clerk)
    assert client.post(url("nomination_take_up", nomination.pk)).status_code == 403
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED


def test_returned_dossier_each_role_sees_only_its_own_buttons(client, board, clerk, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    services.return_nomination(nomination, board, "Thiếu tờ trình")
    nomination.refresh_from_db()
    client.force_login(board)
    shown, page = buttons(client, nomination)
    assert shown == set()
    assert "nomination_document_remove" not in page and "/remove/" not in page
    client.force_login(clerk)
    shown, _page = buttons(client, nomination)
    assert shown == set(CLERK_BUTTONS)


def test_submitted_dossier_each_role_sees_only_its_own_buttons(client, board, clerk, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    client.force_login(board)
    shown, _page = buttons(client, nomination)
    assert shown == {"nomination_take_up", "nomination_receive"}
    client.force_login(clerk)
    shown, _page = buttons(client, nomination)
    assert shown == set()


def test_board_cannot_edit_a_units_returned_dossier(client, board, clerk, unit, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.SUBMITTED)
    services.return_nomination(nomination, board, "Thiếu tờ trình")
    client.force_login(board)
    assert client.get(url("nomination_edit", nomination.pk)).status_code == 403
    assert client.post(url("nomination_submit", nomination.pk)).status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_appraisal_screen_query_count(client, board, clerk, unit, ldtt, people, n, django_assert_max_num_queries):
    nomination = advance(build(clerk, unit, ldtt, people[:n]), clerk, board, NominationState.SUBMITTED)
    client.force_login(board)
    with django_assert_max_num_queries(40):
        response = client.get(url("nomination_appraise", nomination.pk))
    assert response.status_code == 200
