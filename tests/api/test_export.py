"""The register export for civil-servant databases: CSV and JSON Lines, with the token and for the board."""

import csv
import datetime
import io
import json

import pytest

from tests.api.helpers import award, make_token, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(unit, other_unit):
    """A title and a form for one person, a collective title, and an award outside the token's units."""
    someone = person(unit, 1, full_name="Trần Thị Mai")
    no_cccd = person(unit, 2, cccd="", staff_code="CB-77")
    return {
        "title": award(someone, code="CSTDCS", year=2023, decision_number="12/QĐ-UBND",
                       decision_date=datetime.date(2023, 12, 15)),
        "form": award(someone, code="BK_TINH", year=2024, amount=2_340_000),
        "staff": award(no_cccd, code="LDTT", year=2024),
        "collective": award(unit=unit, code="TTLDTT", year=2024),
        "foreign": award(person(other_unit, 3), code="LDTT", year=2024),
        "someone": someone,
    }


def _csv(response):
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_with_pii_scope(client, board, unit, register):
    _, headers = make_token(board, [unit], include_pii=True)
    response = client.get("/api/v1/register/export.csv", headers=headers)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = {int(r["award_id"]): r for r in _csv(response)}
    assert set(rows) == {register[k].pk for k in ("title", "form", "staff", "collective")}
    title, form = rows[register["title"].pk], rows[register["form"].pk]
    assert (title["title"], title["form"]) == ("Chiến sĩ thi đua cơ sở", "")
    assert (form["title"], form["form"]) == ("", "Bằng khen của Chủ tịch UBND tỉnh")
    assert title["person_key_type"] == "cccd" and title["person_key"] == register["someone"].cccd
    assert title["full_name"] == "Trần Thị Mai" and title["date_of_birth"] == "1985-05-17"
    assert (title["decision_number"], title["decision_date"], title["decision_authority"]) == (
        "12/QĐ-UBND", "2023-12-15", "UBND tỉnh")
    assert form["amount"] == "2340000" and form["revoked"] == "0"
    staff = rows[register["staff"].pk]
    assert (staff["person_key_type"], staff["person_key"]) == ("staff_code", "CB-77")
    collective = rows[register["collective"].pk]
    assert collective["person_key"] == "" and collective["unit_code"] == "STN"
    assert collective["recipient_kind"] == "collective"


def test_jsonl_without_pii_keys_people_by_staff_code(client, scoped, register):
    _, headers = scoped
    response = client.get("/api/v1/register/export.jsonl", {"year_from": 2024}, headers=headers)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    rows = {row["award_id"]: row for row in map(json.loads, lines)}
    assert set(rows) == {register[k].pk for k in ("form", "staff", "collective")}
    form = rows[register["form"].pk]
    assert form["cccd"] == "" and form["date_of_birth"] == ""
    assert (form["person_key_type"], form["person_key"]) == ("staff_code", "CB0001")
    assert form["form"] == "Bằng khen của Chủ tịch UBND tỉnh" and form["title"] == "" and form["amount"] == 2340000


def test_export_needs_a_token(client):
    assert client.get("/api/v1/register/export.csv").status_code == 401


def test_board_downloads_the_whole_register(client, board, register):
    client.force_login(board)
    response = client.get("/integrations/register/csv/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert len(rows) == 5 and {r["person_key_type"] for r in rows} == {"cccd", "staff_code", ""}
    assert client.get("/integrations/register/jsonl/").status_code == 200
    assert client.get("/integrations/register/xml/").status_code == 404


def test_others_may_not_download_the_register(client, clerk, council, register):
    for user in (clerk, council):
        client.force_login(user)
        assert client.get("/integrations/register/csv/").status_code == 403
