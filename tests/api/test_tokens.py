"""The board's token page: create (shown once, logged), revoke (logged); nobody else."""

import datetime

import pytest
from django.utils import timezone

from api import services
from api.models import ApiToken
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.api.helpers import make_token

pytestmark = pytest.mark.django_db


def test_board_creates_a_token_shown_once_and_logged(client, board, unit):
    client.force_login(board)
    response = client.post("/integrations/new/", {"name": "CSDL cán bộ công chức", "units": [unit.pk],
                                                  "include_pii": "on", "expires_at": "31/12/2099"})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    token = ApiToken.objects.get()
    assert raw.startswith("tdkt_") and token.include_pii and list(token.units.all()) == [unit]
    assert raw.encode() in response.content and response["Cache-Control"] == "no-store"
    assert raw.encode() not in client.get("/integrations/").content
    entry = ActivityLog.objects.get(action="api.token.created")
    assert entry.actor == board and entry.object_id == str(token.pk) and raw not in str(entry.data)
    assert client.get("/api/v1/units", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_a_token_needs_units_and_a_future_expiry(client, board, unit):
    client.force_login(board)
    assert client.post("/integrations/new/", {"name": "X"}).status_code == 400
    with pytest.raises(DomainError):
        services.create_token(board, name="X", units=[unit], expires_at=timezone.now() - datetime.timedelta(days=1))
    assert not ApiToken.objects.exists()


def test_board_revokes_a_token_logged(client, board, unit):
    token, _ = make_token(board, [unit])
    client.force_login(board)
    assert client.post(f"/integrations/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert not token.is_active and token.revoked_by == board
    assert ActivityLog.objects.filter(action="api.token.revoked", object_id=str(token.pk), actor=board).exists()
    with pytest.raises(DomainError):
        services.revoke_token(token, board)


def test_others_may_not_manage_tokens(client, board, clerk, council, unit):
    token, _ = make_token(board, [unit])
    for user in (clerk, council):
        client.force_login(user)
        assert client.get("/integrations/").status_code == 403
        assert client.post("/integrations/new/", {"name": "X", "units": [unit.pk]}).status_code == 403
        assert client.post(f"/integrations/{token.pk}/revoke/").status_code == 403
        with pytest.raises(DomainError):
            services.create_token(user, name="X", units=[unit])
        with pytest.raises(DomainError):
            services.revoke_token(token, user)
    token.refresh_from_db()
    assert token.is_active and ApiToken.objects.count() == 1


def test_outsider_is_sent_to_login(client):
    response = client.get("/integrations/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("n", [1, 3])
def test_token_page_queries_do_not_grow(client, board, unit, other_unit, django_assert_num_queries, n):
    for i in range(n):
        make_token(board, [unit, other_unit], name=f"Hệ thống {i}")
    client.force_login(board)
    client.get("/integrations/")  # warm the per-session caches
    with django_assert_num_queries(QUERIES):
        response = client.get("/integrations/")
    assert len(response.context["tokens"]) == n


QUERIES = 7  # fixed: the session, the user and roles, the menu, the tokens, their units
