"""The read-only API: tokens (401), scope (nothing outside), personal data, pagination, sync, queries, 429."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import services
from api.models import ApiToken
from campaigns.enums import CampaignScope, CampaignState
from emulation.models import Person
from tests.api.helpers import award, decision_about, make_token, person
from tests.campaigns.campaign_helpers import CampaignFactory
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

LISTS = ["units", "people", "awards", "decisions", "campaigns"]


# Authentication -------------------------------------------------------------------------------------------

def test_schema_and_docs_are_served_without_a_token(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/people" in schema.json()["paths"]
    assert schema.json()["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn." not in docs.content  # the Swagger UI comes from our own static files
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content


@pytest.mark.parametrize("name", LISTS)
def test_missing_token_is_401(client, name):
    assert client.get(f"/api/v1/{name}").status_code == 401


def test_invalid_token_is_401(client, scoped):
    assert client.get("/api/v1/units", headers={"Authorization": "Bearer tdkt_not-a-token"}).status_code == 401
    assert client.get("/api/v1/units", headers={"Authorization": "Token x"}).status_code == 401


def test_expired_token_is_401(client, board, unit):
    token, headers = make_token(board, [unit], expires_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get("/api/v1/units", headers=headers).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/v1/units", headers=headers).status_code == 401


def test_revoked_token_is_401(client, board, scoped):
    token, headers = scoped
    assert client.get("/api/v1/units", headers=headers).status_code == 200
    services.revoke_token(token, board)
    assert client.get("/api/v1/units", headers=headers).status_code == 401


def test_only_a_hash_is_stored(board, unit):
    token, raw = services.create_token(board, name="Cổng", units=[unit])
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in {stored.token_hash, stored.key_prefix}
    assert raw.startswith(stored.key_prefix) and len(stored.token_hash) == 64


# Scope ---------------------------------------------------------------------------------------------------

def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def test_lists_hold_the_token_units_and_below_only(client, scoped, unit, sub_unit, other_unit):
    _, headers = scoped
    mine, below, foreign = person(unit, 1), person(sub_unit, 2), person(other_unit, 3)
    a1, a2, a3 = award(mine), award(below), award(foreign)
    c_unit = award(unit=sub_unit, code="TTLDTT")
    award(unit=other_unit, code="TTLDTT")
    d_mine, d_foreign = decision_about(unit, "1/QĐ-UBND"), decision_about(other_unit, "2/QĐ-UBND")
    reach = CampaignFactory(state=CampaignState.LAUNCHED, scope=CampaignScope.UNIT, scope_unit=sub_unit)
    province = CampaignFactory(state=CampaignState.LAUNCHED)
    CampaignFactory(state=CampaignState.LAUNCHED, scope=CampaignScope.UNIT, scope_unit=other_unit)
    CampaignFactory(state=CampaignState.PLANNED)

    assert _ids(client.get("/api/v1/units", headers=headers)) == {unit.pk, sub_unit.pk}
    assert _ids(client.get("/api/v1/people", headers=headers)) == {mine.pk, below.pk}
    assert _ids(client.get("/api/v1/awards", headers=headers)) == {a1.pk, a2.pk, c_unit.pk}
    assert _ids(client.get("/api/v1/decisions", headers=headers)) == {d_mine.pk}
    assert _ids(client.get("/api/v1/campaigns", headers=headers)) == {reach.pk, province.pk}

    for path in (f"units/{other_unit.pk}", f"people/{foreign.pk}", f"awards/{a3.pk}", f"decisions/{d_foreign.pk}"):
        assert client.get(f"/api/v1/{path}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/people/{mine.pk}", headers=headers).json()["full_name"] == mine.full_name
    assert client.get(f"/api/v1/units/{sub_unit.pk}", headers=headers).json()["code"] == "PTN"


def test_a_token_of_a_foreign_unit_gets_nothing(client, board, unit, other_unit):
    mine = person(unit, 1)
    award(mine)
    _, headers = make_token(board, [other_unit])
    assert _ids(client.get("/api/v1/people", headers=headers)) == set()
    assert _ids(client.get("/api/v1/awards", headers=headers)) == set()
    assert client.get(f"/api/v1/people/{mine.pk}", headers=headers).status_code == 404


# Personal data -------------------------------------------------------------------------------------------

def test_cccd_and_birth_date_hidden_without_the_pii_scope(client, board, unit, scoped):
    someone = person(unit, 7)
    _, plain = scoped
    row = client.get("/api/v1/people", headers=plain).json()["items"][0]
    assert row["cccd"] is None and row["date_of_birth"] is None and row["staff_code"] == "CB0007"
    assert client.get(f"/api/v1/people/{someone.pk}", headers=plain).json()["cccd"] is None

    _, pii = make_token(board, [unit], include_pii=True)
    row = client.get("/api/v1/people", headers=pii).json()["items"][0]
    assert row["cccd"] == someone.cccd and row["date_of_birth"] == "1985-05-17"


# Pagination and incremental sync -------------------------------------------------------------------------

def test_limit_offset_pagination(client, scoped, unit):
    _, headers = scoped
    people = [person(unit, n) for n in range(5)]
    first = client.get("/api/v1/people?limit=2", headers=headers).json()
    second = client.get("/api/v1/people?limit=2&offset=2", headers=headers).json()
    assert first["count"] == second["count"] == 5
    assert [r["id"] for r in first["items"] + second["items"]] == [p.pk for p in people[:4]]
    assert client.get("/api/v1/people?limit=0", headers=headers).status_code == 422


def test_updated_since_returns_changed_rows_oldest_change_first(client, scoped, unit):
    _, headers = scoped
    old, later = person(unit, 1), person(unit, 2)
    cut = timezone.now()
    Person.objects.filter(pk__in=[old.pk, later.pk]).update(updated_at=cut - datetime.timedelta(hours=1))
    old.position = "Trưởng phòng"
    old.save(update_fields=["position"])  # a save with update_fields moves updated_at too
    since = cut.isoformat()
    rows = client.get("/api/v1/people", {"updated_since": since}, headers=headers).json()["items"]
    assert [r["id"] for r in rows] == [old.pk]
    assert rows[0]["updated_at"] >= since[:19]
    assert _ids(client.get("/api/v1/people", {"updated_since": "2000-01-01T00:00:00+07:00"},
                           headers=headers)) == {old.pk, later.pk}


# Query counts ---------------------------------------------------------------------------------------------

def _make(name, unit, i):
    if name == "units":
        UnitFactory(parent=unit)
    elif name == "people":
        person(unit, i)
    elif name == "awards":
        award(person(unit, i))
    elif name == "decisions":
        decision_about(unit, f"{i}/QĐ-UBND")
    else:
        CampaignFactory(state=CampaignState.LAUNCHED)


@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_items(client, board, django_assert_num_queries, name):
    root = UnitFactory()
    _, headers = make_token(board, [root])
    _make(name, root, 1)
    with CaptureQueriesContext(connection) as one:
        first = client.get(f"/api/v1/{name}", headers=headers).json()["items"]
    _make(name, root, 2)
    _make(name, root, 3)
    with django_assert_num_queries(len(one.captured_queries)):
        third = client.get(f"/api/v1/{name}", headers=headers).json()["items"]
    assert len(third) == len(first) + 2


# Rate limit and use ----------------------------------------------------------------------------------------

def test_rate_limit_answers_429_and_counts_use(client, scoped, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    token, headers = scoped
    codes = [client.get("/api/v1/units", headers=headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    token.refresh_from_db()
    assert token.request_count == 3 and token.last_used_at is not None
    assert client.get("/api/v1/units", headers=headers)["Retry-After"] == "60"
