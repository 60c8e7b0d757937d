"""The register: tra cứu (search and Excel), award pages, manual history, revocation, person and unit panels."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards import services
from awards.hooks import person_panels, unit_panels
from awards.models import Award
from awards.selectors import awards_for_user
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.awards.register_factories import D, award_type, give, initiative
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(unit):
    return PersonFactory(unit=unit, full_name="Nguyễn Văn An", cccd="012345678901")


@pytest.fixture
def binh(other_unit):
    return PersonFactory(unit=other_unit, full_name="Đặng Thị Bình")


def _search(client, **params):
    response = client.get(reverse("awards:register"), params)
    assert response.status_code == 200
    return [a.pk for a in response.context["page"]]


def test_search_by_name_ignores_diacritics(client, board, an, binh):
    mine = give("LDTT", an, 2023)
    theirs = give("LDTT", binh, 2023)
    client.force_login(board)
    assert _search(client, q="nguyen van an") == [mine.pk]
    assert _search(client, q="DANG THI") == [theirs.pk]


def test_search_by_cccd_unit_years_type_and_method(client, board, an, binh, unit, other_unit):
    old = give("LDTT", an, 2018)
    fighter = give("CSTDCS", an, 2022)
    thematic = give("BK_TINH", an, 2023, method="thematic")
    collective = give("TTLDTT", other_unit, 2022)
    give("LDTT", binh, 2022)
    client.force_login(board)
    assert _search(client, q="012345678901") == [thematic.pk, fighter.pk, old.pk]
    assert set(_search(client, unit=unit.pk)) == {old.pk, fighter.pk, thematic.pk}
    assert _search(client, q="nguyen", year_from=2020, year_to=2022) == [fighter.pk]
    assert _search(client, award_type=award_type("TTLDTT").pk) == [collective.pk]
    assert _search(client, method="thematic") == [thematic.pk]
    assert _search(client, recipient_kind="collective") == [collective.pk]


def test_search_finds_a_collective_by_unit_name(client, board, other_unit):
    flag = give("CO_TINH", other_unit, 2023)
    client.force_login(board)
    assert _search(client, q="so khac") == [flag.pk]


def test_search_hides_revoked_awards(client, board, an):
    give("LDTT", an, 2023, revoked=True)
    client.force_login(board)
    assert _search(client) == []


def test_clerk_sees_only_own_units_people_in_the_register(client, clerk, an, binh, unit, other_unit):
    mine = give("LDTT", an, 2023)
    give("LDTT", binh, 2023)
    ours = give("TTLDTT", unit, 2023)
    give("TTLDTT", other_unit, 2023)
    client.force_login(clerk)
    assert set(_search(client)) == {mine.pk, ours.pk}
    assert set(awards_for_user(clerk)) == {mine, ours}


def test_register_paginates(client, board, unit):
    for _ in range(55):
        give("LDTT", PersonFactory(unit=unit), 2023)
    client.force_login(board)
    response = client.get(reverse("awards:register"), {"page": 2})
    assert len(response.context["page"].object_list) == 5


@pytest.mark.parametrize("n", [1, 3])
def test_register_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    for _ in range(n):
        give("LDTT", PersonFactory(unit=unit), 2023)
    client.force_login(board)
    client.get(reverse("awards:register"), {"q": "nguyen"})  # warm-up (caches)
    # + the units' former names (names as on the decision date); the unit chooser loads its units itself
    with django_assert_num_queries(8):
        assert client.get(reverse("awards:register"), {"q": "nguyen"}).status_code == 200


def test_export_writes_the_search_result(client, clerk, an, binh):
    give("CSTDCS", an, 2023, decision_number="7/QĐ-STN", decision_date=D(2024, 1, 10), amount=2_340_000)
    give("LDTT", binh, 2023)
    client.force_login(clerk)
    response = client.get(reverse("awards:register_export"), {"q": "an"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("STT", "Đối tượng được khen", "CCCD", "Đơn vị", "Danh hiệu / hình thức", "Năm")
    assert rows[1][:6] == (1, "Nguyễn Văn An", "0123******01", "Sở Thử nghiệm", "Chiến sĩ thi đua cơ sở", 2023)
    assert rows[1][8] == "7/QĐ-STN" and rows[1][12] == 2_340_000
    assert len(rows) == 2


@pytest.mark.parametrize("n", [1, 3])
def test_export_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    for _ in range(n):
        give("LDTT", PersonFactory(unit=unit), 2023)
    client.force_login(board)
    client.get(reverse("awards:register_export"))  # warm-up (caches)
    with django_assert_num_queries(4):
        assert client.get(reverse("awards:register_export")).status_code == 200


# Award page --------------------------------------------------------------------------------------


def test_award_detail_outsider_404(client, other_clerk, an):
    award = give("LDTT", an, 2023)
    client.force_login(other_clerk)
    assert client.get(reverse("awards:award_detail", args=[award.pk])).status_code == 404
    assert client.get(reverse("awards:award_edit", args=[award.pk])).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_award_detail_query_count_is_fixed(client, board, an, django_assert_num_queries, n):
    award = give("CSTDCS", an, 2023)
    for i in range(n):
        award.initiatives.add(initiative(an, 2023, title=f"SK {i}"))
    client.force_login(board)
    client.get(reverse("awards:award_detail", args=[award.pk]))  # warm-up (caches)
    with django_assert_num_queries(8):  # + the unit's former names
        assert client.get(reverse("awards:award_detail", args=[award.pk])).status_code == 200


# Manual history ----------------------------------------------------------------------------------


def _manual(person, **extra):
    values = {"award_type": award_type("CSTDCS").pk, "person": person.pk, "year": 2019, "method": "regular",
              "decision_number": "45/QĐ-STN", "decision_date": "15/01/2020", "decision_signer": "Giám đốc",
              "decision_authority": "Sở Thử nghiệm", "note": "Từ sổ cũ"}
    values.update(extra)
    return values


def test_clerk_enters_a_past_award_for_own_person(client, clerk, an, unit):
    client.force_login(clerk)
    response = client.post(reverse("awards:award_create"), _manual(an))
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.person, award.unit, award.recipient_kind, award.entered_manually) == (an, unit, "individual", True)
    log = ActivityLog.objects.get(action="awards.award.entered")
    assert (log.actor, log.data["values"]["decision_number"]) == (clerk, "45/QĐ-STN")


def test_past_award_for_another_units_person_is_refused(client, clerk, binh):
    client.force_login(clerk)
    response = client.post(reverse("awards:award_create"), _manual(binh))
    assert response.status_code == 200
    assert not Award.objects.exists()


def test_past_award_council_403(client, council, an):
    client.force_login(council)
    assert client.get(reverse("awards:award_create")).status_code == 403
    assert client.post(reverse("awards:award_create"), _manual(an)).status_code == 403


def test_past_award_duplicate_is_refused(client, clerk, an):
    give("CSTDCS", an, 2019)
    client.force_login(clerk)
    response = client.post(reverse("awards:award_create"), _manual(an))
    assert response.status_code == 200
    assert "Đối tượng này đã có Chiến sĩ thi đua cơ sở năm 2019 trong sổ khen thưởng." in response.content.decode()


def test_past_award_cannot_reuse_an_initiative(clerk, an):
    item = initiative(an, 2019, title="Bản đồ số")
    give("LDTT", an, 2019).initiatives.add(item)
    with pytest.raises(DomainError, match="đã được dùng để xét Lao động tiên tiến năm 2019"):
        services.record_past_award(clerk, award_type=award_type("CSTDCS"), person=an, year=2019, initiatives=[item])


def test_past_award_initiative_must_be_the_persons(clerk, an, unit):
    item = initiative(PersonFactory(unit=unit), 2019)
    with pytest.raises(DomainError):
        services.record_past_award(clerk, award_type=award_type("CSTDCS"), person=an, year=2019, initiatives=[item])


def test_past_award_of_a_collective_title_for_a_person_is_refused(clerk, an):
    with pytest.raises(DomainError, match="Cờ thi đua của UBND tỉnh không xét tặng cho cá nhân."):
        services.record_past_award(clerk, award_type=award_type("CO_TINH"), person=an, year=2019)


def test_past_award_of_a_unit(clerk, unit):
    award = services.record_past_award(clerk, award_type=award_type("TTLDTT"), person=None, unit=unit, year=2019)
    assert (award.recipient_kind, award.unit) == ("collective", unit)


def test_past_award_edit_is_logged(client, clerk, an):
    award = services.record_past_award(clerk, award_type=award_type("CSTDCS"), person=an, year=2019)
    client.force_login(clerk)
    response = client.post(reverse("awards:award_edit", args=[award.pk]), _manual(an, year=2018))
    assert response.status_code == 302
    assert ActivityLog.objects.get(action="awards.award.updated").data["diff"]["year"] == [2019, 2018]


def test_award_from_a_decision_cannot_be_edited_by_hand(board, an):
    award = give("CSTDCS", an, 2019)  # entered_manually False: made by a decision
    with pytest.raises(DomainError):
        services.update_past_award(award, board, year=2018)


# Revocation --------------------------------------------------------------------------------------


def test_board_revokes_an_award_and_frees_its_initiative(client, board, an):
    item = initiative(an, 2019)
    award = give("CSTDCS", an, 2019)
    award.initiatives.add(item)
    client.force_login(board)
    response = client.post(reverse("awards:award_revoke", args=[award.pk]), {
        "reason": "Hồ sơ không trung thực", "decision_number": "35/QĐ-SNV", "decision_date": "2020-06-15",
        "authority": "Sở Nội vụ"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.revoked is True
    log = ActivityLog.objects.get(action="awards.award.revoked")
    assert log.data["reason"] == "Hồ sơ không trung thực"
    services.record_past_award(board, award_type=award_type("BK_TINH"), person=an, year=2019, initiatives=[item])


def test_revoke_twice_is_refused(board, an):
    award = give("CSTDCS", an, 2019)
    decision = {"decision_number": "35/QĐ-SNV", "decision_date": datetime.date(2020, 6, 15), "authority": "Sở Nội vụ"}
    services.revoke_award(award, board, "Sai", **decision)
    with pytest.raises(DomainError, match="Khen thưởng này đã bị hủy bỏ."):
        services.revoke_award(award, board, "Sai", **decision)


def test_revoke_clerk_and_council_403(client, clerk, council, an):
    award = give("CSTDCS", an, 2019)
    for user in (clerk, council):
        client.force_login(user)
        assert client.post(reverse("awards:award_revoke", args=[award.pk]), {"reason": "x"}).status_code == 403
    award.refresh_from_db()
    assert award.revoked is False


# Person and unit pages ---------------------------------------------------------------------------


def test_person_page_shows_history_oldest_first_with_decisions(client, clerk, an):
    give("CSTDCS", an, 2021, decision_number="3/QĐ-STN", decision_date=D(2022, 1, 5))
    give("LDTT", an, 2019, decision_number="9/QĐ-STN", decision_date=D(2020, 1, 5))
    client.force_login(clerk)
    response = client.get(reverse("person_detail", args=[an.pk]))
    body = response.content.decode()
    assert body.index("9/QĐ-STN") < body.index("3/QĐ-STN")
    assert "Quá trình khen thưởng" in body


def test_unit_page_shows_collective_awards(client, clerk, unit, an):
    give("TTLDXS", unit, 2022, decision_number="88/QĐ-UBND")
    give("LDTT", an, 2022, decision_number="1/QĐ-STN")
    [panel] = unit_panels(unit, clerk)
    assert [a.decision_number for a in panel.context["awards"]] == ["88/QĐ-UBND"]
    client.force_login(clerk)
    assert "88/QĐ-UBND" in client.get(reverse("unit_detail", args=[unit.pk])).content.decode()


def test_person_panel_links_follow_the_role(clerk, council, an):
    [mine] = person_panels(an, clerk)
    [read_only] = person_panels(an, council)
    assert len(mine.context["links"]) == 3
    assert len(read_only.context["links"]) == 1


@pytest.mark.parametrize("n", [1, 3])
def test_person_page_query_count_is_fixed(client, board, an, django_assert_num_queries, n):
    for year in range(2010, 2010 + n):
        give("LDTT", an, year)
    client.force_login(board)
    client.get(reverse("person_detail", args=[an.pk]))  # warm-up (caches)
    with django_assert_num_queries(10):  # + the view logged (one insert) + the board's "who viewed" list
        assert client.get(reverse("person_detail", args=[an.pk])).status_code == 200


def test_collective_of_a_sub_unit_is_seen_by_the_parent_clerk(clerk, unit):
    child = UnitFactory(parent=unit)
    award = give("TTLDTT", child, 2022)
    assert list(awards_for_user(clerk)) == [award]


def test_export_of_a_clerk_holds_only_own_units_people(client, clerk, an, binh):
    give("LDTT", an, 2023)
    give("LDTT", binh, 2023)
    client.force_login(clerk)
    sheet = load_workbook(BytesIO(client.get(reverse("awards:register_export")).content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Nguyễn Văn An"]
