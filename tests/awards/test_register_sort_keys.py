"""The register's stored sort keys (Award.type_order, Award.recipient_key, awards.sortkeys) stay equal to the
award types, people and units after every way awards are made and every change of their sources, so the
register's order and name search stay what they were when read through the joins."""

# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)

import datetime

import pytest
from django.urls import reverse

from awards import services
from awards.enums import NominationState
from awards.models import Award
from emulation import services as emulation_services
from imports.pipeline import import_file
from tests.awards.nomination_factories import advance, base_salary, build, decide, ldtt, people  # noqa: F401
from tests.awards.register_factories import award_type, give
from tests.awards.test_lawflow_upward import SENT_ON, at_council, draft, hcld  # noqa: F401
from tests.factories import PersonFactory, UnitFactory
from tests.imports.conftest import award_types, make_xlsx  # noqa: F401
from tests.imports.test_import import award_people, awards_rows  # noqa: F401

pytestmark = pytest.mark.django_db


def out_of_sync():
    """Awards whose stored keys differ from their award type's order and their recipient's search name and name."""
    def expected(a):
        recipient = a.person if a.person_id else a.unit
        return (a.award_type.order, recipient.search_name, recipient.full_name if a.person_id else recipient.name)

    return [(a.pk, a.type_order, a.recipient_key, a.recipient_name)
            for a in Award.objects.select_related("award_type", "person", "unit")
            if (a.type_order, a.recipient_key, a.recipient_name) != expected(a)]


def register(client, **params):
    response = client.get(reverse("awards:register"), params)
    assert response.status_code == 200
    return [a.pk for a in response.context["page"]]


def test_single_saves_and_past_award_services_fill_them(board, unit, other_unit):
    person = PersonFactory(unit=unit, full_name="Trần Thị Cúc")
    give("LDTT", person, 2021)
    give("TTLDTT", unit, 2021)
    award = services.record_past_award(board, award_type=award_type("LDTT"), person=person, unit=unit, year=2020)
    assert (award.type_order, award.recipient_key) == (award_type("LDTT").order, " tran thi cuc")
    assert out_of_sync() == []
    services.update_past_award(award, board, award_type=award_type("CSTDCS"))
    assert Award.objects.get(pk=award.pk).type_order == award_type("CSTDCS").order
    collective = services.record_past_award(board, award_type=award_type("TTLDTT"), unit=unit, year=2020)
    services.update_past_award(collective, board, unit=other_unit)
    assert Award.objects.get(pk=collective.pk).recipient_key == other_unit.search_name
    assert out_of_sync() == []


def test_issued_decision_fills_them(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:2]), clerk, board, NominationState.AT_COUNCIL)
    services.issue_decision(decide(nomination, board), board)  # bulk_create: no save()
    assert Award.objects.count() == 2
    assert out_of_sync() == []


def test_upward_decision_fills_them(clerk, unit, board, hcld, people):
    letter = draft(board, list(at_council(clerk, unit, board, hcld, people[:2]).items.all()))
    services.send_upward(letter, board, SENT_ON)
    services.decide_upward(letter, board, "9/QĐ-CTN", datetime.date(2025, 3, 1), "", "Chủ tịch nước")
    assert Award.objects.count() == 2
    assert out_of_sync() == []


def test_import_fills_them(unit, board, award_types, award_people):
    import_file(make_xlsx(awards_rows()), "awards", actor=board)  # a raw insert
    assert Award.objects.count() == 3
    assert out_of_sync() == []


def test_award_type_order_change_resorts_the_register(client, board, unit):
    person = PersonFactory(unit=unit, full_name="An")
    first, second = give("LDTT", person, 2024), give("CSTDCS", person, 2024)
    client.force_login(board)
    assert register(client) == [first.pk, second.pk]  # catalogue order: LĐTT before CSTĐCS
    services.update_award_type(award_type("LDTT"), board, order=award_type("CSTDCS").order + 1)
    assert out_of_sync() == []
    assert register(client) == [second.pk, first.pk]
    assert register(client, sort="type") == [second.pk, first.pk]


def test_renamed_person_and_unit_resort_the_register(client, board, unit):
    an, binh = PersonFactory(unit=unit, full_name="An"), PersonFactory(unit=unit, full_name="Bình")
    collective = UnitFactory(name="Chi cục C", short_name="", code="CCC")
    a, b, c = give("LDTT", an, 2024), give("LDTT", binh, 2024), give("LDTT", collective, 2024)
    client.force_login(board)
    assert register(client, sort="name") == [a.pk, b.pk, c.pk]
    emulation_services.update_person(an, board, full_name="Yến")
    emulation_services.update_unit(collective, board, name="Ban A")
    assert out_of_sync() == []
    assert register(client, sort="name") == [c.pk, b.pk, a.pk]
    assert register(client, q="yen") == [a.pk]
    assert register(client, q="an") == []  # "An" no more, "Ban A": " ban a"
    assert register(client, q="ban") == [c.pk]


def test_name_search_matches_people_and_collectives_by_word_start(client, board, unit):
    an = PersonFactory(unit=unit, full_name="Nguyễn Văn An")
    mine, theirs = give("LDTT", an, 2024), give("LDTT", PersonFactory(unit=unit, full_name="Lê Văn Nguyên"), 2024)
    collective = give("TTLDTT", UnitFactory(name="Trường Nguyễn Du", code="TND"), 2024)
    client.force_login(board)
    assert set(register(client, q="nguyen")) == {mine.pk, collective.pk, theirs.pk}
    assert register(client, q="an nguyen") == [mine.pk]  # every word, in any order
    assert register(client, q="guyen") == []


def test_register_orders_names_the_vietnamese_way(client, board, unit):
    """D before Đ, a before ă before â, on both databases: the stored name in the "vi" collation, not the search
    form without diacritics (where "Đặng" fell between "Dao" and "Dung")."""
    names = ["Đặng Văn Ba", "Dung Thị Hoa", "Dao Văn Tư", "Ân Thị Mai", "Ăn Văn Lộc", "An Văn Bình"]
    awards = {name: give("LDTT", PersonFactory(unit=unit, full_name=name), 2024).pk for name in names}
    client.force_login(board)
    expected = ["An Văn Bình", "Ăn Văn Lộc", "Ân Thị Mai", "Dao Văn Tư", "Dung Thị Hoa", "Đặng Văn Ba"]
    assert register(client) == [awards[name] for name in expected]  # the default order: year, type, name
    assert register(client, sort="name") == [awards[name] for name in expected]
    assert register(client, sort="-name") == [awards[name] for name in reversed(expected)]

