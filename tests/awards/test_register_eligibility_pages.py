"""The eligibility check page and the year view "who in my unit qualifies for what"."""

import pytest
from django.urls import reverse

from awards.nav import register_items as items
from emulation.roles import roles_of
from tests.awards.register_factories import EXCELLENT, GOOD, award_type, give, rate
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def an(unit):
    return PersonFactory(unit=unit, full_name="Nguyễn Văn An")


def _check(client, **params):
    return client.get(reverse("awards:eligibility"), params)


def test_clerk_checks_own_person_and_sees_the_reasons(client, clerk, an):
    give("CSTDCS", an, 2023)
    give("CSTDCS", an, 2024)
    client.force_login(clerk)
    response = _check(client, award_type=award_type("CSTD_TINH").pk, person=an.pk, year=2024)
    assert response.status_code == 200
    verdict = response.context["result"]["verdict"]
    assert verdict.eligible is False
    body = response.content.decode()
    assert "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (có 2023, 2024; thiếu 2022)" in body
    assert "Chưa có sáng kiến được công nhận trong kỳ" in body


def test_check_shows_the_reward(client, board, an):
    rate(an, 2024, GOOD)
    client.force_login(board)
    response = _check(client, award_type=award_type("LDTT").pk, person=an.pk, year=2024)
    money = response.context["result"]["money"]
    assert money["base"] == 2_340_000 and money["amount"] == 710_000


def test_check_a_unit(client, clerk, unit):
    rate(unit, 2024, EXCELLENT)
    client.force_login(clerk)
    response = _check(client, award_type=award_type("TTLDXS").pk, unit=unit.pk, year=2024)
    assert response.context["result"]["verdict"].reasons == [
        "Đơn vị không có cá nhân nào trong năm 2024 để tính tỷ lệ"]


def test_check_person_of_another_unit_is_404(client, other_clerk, an):
    client.force_login(other_clerk)
    assert _check(client, award_type=award_type("LDTT").pk, person=an.pk, year=2024).status_code == 404


def test_check_needs_exactly_one_recipient(client, board, an, unit):
    client.force_login(board)
    response = _check(client, award_type=award_type("LDTT").pk, person=an.pk, unit=unit.pk, year=2024)
    assert response.context["result"] is None
    assert response.context["form"].non_field_errors()


def test_check_council_reads(client, council, an):
    client.force_login(council)
    assert _check(client, award_type=award_type("LDTT").pk, person=an.pk, year=2024).status_code == 200


def test_check_anonymous_is_sent_to_login(client):
    assert client.get(reverse("awards:eligibility")).status_code == 302


@pytest.mark.parametrize("n", [1, 3])
def test_check_query_count_is_fixed(client, board, an, django_assert_num_queries, n):
    for year in range(2010, 2010 + n):
        give("CSTDCS", an, year)
    client.force_login(board)
    params = {"award_type": award_type("CSTD_TINH").pk, "person": an.pk, "year": 2024}
    _check(client, **params)  # warm-up (caches)
    with django_assert_num_queries(18):
        assert _check(client, **params).status_code == 200


# Year view ---------------------------------------------------------------------------------------


def test_year_view_defaults_to_the_clerks_unit(client, clerk, unit, an):
    rate(an, 2024, EXCELLENT)
    client.force_login(clerk)
    response = client.get(reverse("awards:year_view"), {"year": 2024})
    assert response.status_code == 200
    assert response.context["unit"] == unit
    [(person, cells)] = response.context["rows"]
    verdicts = {t.code: v for t, v in cells}
    assert person == an
    assert verdicts["LDTT"].eligible and verdicts["CSTDCS"].eligible
    assert not verdicts["CSTD_TINH"].eligible
    assert [t.code for t, _v in response.context["unit_verdicts"]] == ["TTLDTT", "TTLDXS"]


def test_year_view_other_unit_is_404(client, clerk, other_unit):
    client.force_login(clerk)
    assert client.get(reverse("awards:year_view"), {"unit": other_unit.pk, "year": 2024}).status_code == 404


def test_year_view_board_without_unit_shows_the_form(client, board):
    client.force_login(board)
    response = client.get(reverse("awards:year_view"))
    assert response.status_code == 200
    assert "rows" not in response.context


@pytest.mark.parametrize("n", [1, 3])
def test_year_view_query_count_is_fixed(client, clerk, unit, django_assert_num_queries, n):
    for _ in range(n):
        p = PersonFactory(unit=unit)
        rate(p, 2024, EXCELLENT)
        give("CSTDCS", p, 2023)
    client.force_login(clerk)
    url = reverse("awards:year_view")
    client.get(url, {"year": 2024})  # warm-up (caches)
    with django_assert_num_queries(31):
        assert client.get(url, {"year": 2024}).status_code == 200


def test_nav_entries_follow_the_role(clerk, council):
    [menu] = items(clerk, roles_of(clerk))
    labels = [str(c.label) for c in menu.children]
    assert "Kiểm tra điều kiện" in labels and "Tra cứu khen thưởng" in labels
    [menu] = items(council, roles_of(council))
    assert "Xét điều kiện theo năm" in [str(c.label) for c in menu.children]
