"""The register's lists (appraisals, discipline, initiatives, tra cứu): filters, sorting, scope, query counts."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.enums import DisciplineKind, InitiativeLevel
from tests.awards.register_factories import EXCELLENT, GOOD, NOT_COMPLETED, D, discipline, give, initiative, rate
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def pks(response):
    return [obj.pk for obj in response.context["page"]]


def assert_unit_choice_refused(response, field, allowed):
    assert response.context["filter"].form.errors[field]
    assert list(response.context["filter"].form.fields[field].queryset) == allowed


@pytest.fixture
def an(unit):
    return PersonFactory(unit=unit, full_name="Nguyễn Văn An")


@pytest.fixture
def binh(other_unit):
    return PersonFactory(unit=other_unit, full_name="Lê Thị Bình")


# Appraisals ------------------------------------------------------------------------------------------------


def test_appraisal_list_filters_by_rating_recipient_and_unit(client, board, unit, other_unit, an, binh):
    hit = rate(an, 2024, EXCELLENT)
    rate(an, 2023, GOOD)
    rate(binh, 2024, EXCELLENT)
    collective = rate(unit, 2024, EXCELLENT)
    client.force_login(board)
    url = reverse("awards:appraisal_list")
    assert pks(client.get(url, {"rating": "excellent", "unit": unit.pk, "recipient": "individual"})) == [hit.pk]
    assert pks(client.get(url, {"unit": unit.pk, "recipient": "collective"})) == [collective.pk]
    assert pks(client.get(url, {"q": "so thu nghiem"})) == [collective.pk]  # a collective by its name


def test_appraisal_list_sorts_by_name_and_rating(client, board, unit, an, binh):
    a = rate(an, 2024, GOOD)
    b = rate(binh, 2024, NOT_COMPLETED)
    old = rate(binh, 2020, EXCELLENT)
    client.force_login(board)
    url = reverse("awards:appraisal_list")
    assert pks(client.get(url)) == [b.pk, a.pk, old.pk]  # newest year, then by name: "le thi binh" < "nguyen"
    assert pks(client.get(url, {"sort": "-name"})) == [a.pk, b.pk, old.pk]
    assert pks(client.get(url, {"sort": "rating"})) == [old.pk, a.pk, b.pk]


def test_appraisal_and_discipline_lists_sort_names_the_vietnamese_way(client, board, unit):
    """D before Đ and a before ă before â (the "vi" collation on both databases), not the diacritic-free form."""
    names = ["Đặng Văn Ba", "Dung Thị Hoa", "Ân Thị Mai", "An Văn Bình"]
    people = {name: PersonFactory(unit=unit, full_name=name) for name in names}
    expected = ["An Văn Bình", "Ân Thị Mai", "Dung Thị Hoa", "Đặng Văn Ba"]
    appraisals = {name: rate(person, 2024, GOOD).pk for name, person in people.items()}
    records = {name: discipline(person, D(2024, 3, 1)).pk for name, person in people.items()}
    client.force_login(board)
    assert pks(client.get(reverse("awards:appraisal_list"))) == [appraisals[n] for n in expected]
    assert pks(client.get(reverse("awards:discipline_list"), {"sort": "name"})) == [records[n] for n in expected]


def test_appraisal_list_clerk_cannot_pick_another_unit(client, clerk, unit, other_unit, an, binh):
    mine = rate(an, 2024, GOOD)
    rate(binh, 2024, GOOD)
    client.force_login(clerk)
    response = client.get(reverse("awards:appraisal_list"), {"unit": other_unit.pk})
    assert pks(response) == [mine.pk]
    assert_unit_choice_refused(response, "unit", [unit])


# The unit filters load their units in the chooser (unit_options); a chosen unit is read and checked.
@pytest.mark.parametrize("query,count", [("", 7), ("?q=nguyen&year=2024&unit={unit}&rating=good&sort=-unit", 9)])
@pytest.mark.parametrize("n", [1, 3])
def test_appraisal_list_query_count_with_filter_and_sort(client, clerk, unit, django_assert_num_queries, n, query,
                                                         count):
    for _ in range(n):
        rate(PersonFactory(unit=unit), 2024, GOOD)
    client.force_login(clerk)
    with django_assert_num_queries(count):  # a chosen unit is checked against the user's units: one more
        response = client.get(reverse("awards:appraisal_list") + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n


# Discipline and reviews ------------------------------------------------------------------------------------


def test_discipline_list_filters_by_year_in_force_and_kind(client, board, an, binh):
    hit = discipline(an, D(2022, 6, 1), D(2024, 5, 31))
    discipline(an, D(2025, 1, 1))
    discipline(binh, D(2023, 1, 1), kind=DisciplineKind.INSPECTION)
    open_ended = discipline(binh, D(2020, 1, 1))
    client.force_login(board)
    url = reverse("awards:discipline_list")
    assert pks(client.get(url, {"year": 2024, "kind": "discipline", "sort": "start"})) == [open_ended.pk, hit.pk]
    assert pks(client.get(url, {"year": 2024, "q": "nguyen van"})) == [hit.pk]


def test_discipline_list_sorts_by_end_date(client, board, an, binh):
    a = discipline(an, D(2024, 1, 1), D(2024, 12, 31))
    b = discipline(binh, D(2023, 1, 1), D(2025, 12, 31))
    client.force_login(board)
    url = reverse("awards:discipline_list")
    assert pks(client.get(url)) == [a.pk, b.pk]  # latest start first
    assert pks(client.get(url, {"sort": "-end"})) == [b.pk, a.pk]
    assert pks(client.get(url, {"sort": "name"})) == [b.pk, a.pk]


def test_discipline_list_clerk_cannot_pick_another_unit(client, clerk, unit, other_unit, an, binh):
    mine = discipline(an, D(2024, 1, 1))
    discipline(binh, D(2024, 1, 1))
    client.force_login(clerk)
    response = client.get(reverse("awards:discipline_list"), {"unit": other_unit.pk, "sort": "unit"})
    assert pks(response) == [mine.pk]
    assert_unit_choice_refused(response, "unit", [unit])


@pytest.mark.parametrize("query,count", [("", 6), ("?q=nguyen&year=2024&unit={unit}&kind=discipline&sort=-end", 8)])
@pytest.mark.parametrize("n", [1, 3])
def test_discipline_list_query_count_with_filter_and_sort(client, board, unit, django_assert_num_queries, n, query,
                                                          count):
    for _ in range(n):
        discipline(PersonFactory(unit=unit), D(2024, 1, 1))
    client.force_login(board)
    with django_assert_num_queries(count):
        response = client.get(reverse("awards:discipline_list") + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n


# Initiatives -----------------------------------------------------------------------------------------------


def test_initiative_list_filters_by_author_level_and_unit(client, board, unit, an, binh):
    hit = initiative(an, 2024, level=InitiativeLevel.PROVINCIAL, title="Số hoá hồ sơ")
    initiative(an, 2024, title="Số hoá kho lưu trữ")
    initiative(binh, 2024, level=InitiativeLevel.PROVINCIAL, title="Số hoá một cửa")
    client.force_login(board)
    url = reverse("awards:initiative_list")
    assert pks(client.get(url, {"q": "nguyen an", "level": "provincial", "unit": unit.pk})) == [hit.pk]
    assert pks(client.get(url, {"q": "hồ sơ"})) == [hit.pk]


def test_initiative_list_sorts_by_title_and_unit(client, board, an, binh):
    b = initiative(an, 2024, title="B sáng kiến")
    a = initiative(binh, 2023, title="A sáng kiến")
    client.force_login(board)
    url = reverse("awards:initiative_list")
    assert pks(client.get(url)) == [b.pk, a.pk]
    assert pks(client.get(url, {"sort": "title"})) == [a.pk, b.pk]
    assert pks(client.get(url, {"sort": "unit"})) == [a.pk, b.pk]  # "Sở Khác" < "Sở Thử nghiệm"


def test_initiative_list_clerk_cannot_pick_another_unit(client, clerk, unit, other_unit, an, binh):
    mine = initiative(an, 2024)
    initiative(binh, 2024)
    client.force_login(clerk)
    response = client.get(reverse("awards:initiative_list"), {"unit": other_unit.pk})
    assert pks(response) == [mine.pk]
    assert_unit_choice_refused(response, "unit", [unit])


@pytest.mark.parametrize("query,count", [("", 8), ("?q=sáng kiến&year=2024&unit={unit}&level=grassroots&sort=-title",
                                                    10)])
@pytest.mark.parametrize("n", [1, 3])
def test_initiative_list_query_count_with_filter_and_sort(client, board, unit, django_assert_num_queries, n, query,
                                                          count):
    for _ in range(n):
        person = PersonFactory(unit=unit)
        give("CSTDCS", person, 2024).initiatives.add(initiative(person, 2024))
    client.force_login(board)
    client.get(reverse("awards:initiative_list"))  # warm-up (caches)
    with django_assert_num_queries(count):
        response = client.get(reverse("awards:initiative_list") + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n


# The register (tra cứu) ------------------------------------------------------------------------------------


def test_register_sorts_by_recipient_amount_and_keeps_the_order_in_the_export(client, board, unit, an, binh):
    a = give("CSTDCS", an, 2023, amount=1_000_000)
    b = give("CSTDCS", binh, 2024, amount=500_000)
    c = give("BK_TINH", unit, 2022, amount=2_000_000)
    client.force_login(board)
    url = reverse("awards:register")
    assert pks(client.get(url)) == [b.pk, a.pk, c.pk]
    assert pks(client.get(url, {"sort": "name"})) == [b.pk, a.pk, c.pk]  # le…, nguyen…, so thu nghiem
    assert pks(client.get(url, {"sort": "-amount"})) == [c.pk, a.pk, b.pk]
    response = client.get(reverse("awards:register_export"), {"sort": "-amount"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    names = [name for name in ("Sở Thử nghiệm", "Nguyễn Văn An", "Lê Thị Bình") if name in cells]
    assert sorted(names, key=cells.index) == ["Sở Thử nghiệm", "Nguyễn Văn An", "Lê Thị Bình"]


def test_register_clerk_cannot_pick_another_unit(client, clerk, unit, other_unit, an, binh):
    mine = give("CSTDCS", an, 2024)
    give("CSTDCS", binh, 2024)
    client.force_login(clerk)
    response = client.get(reverse("awards:register"), {"unit": other_unit.pk, "sort": "unit"})
    assert response.context["form"].errors["unit"]
    assert list(response.context["form"].fields["unit"].queryset) == [unit]
    assert pks(response) == [mine.pk]


# the same for 1 and 3 rows: the page's queries do not grow with the register
@pytest.mark.parametrize("query,count", [("", 8), ("?q=nguyen&unit={unit}&year_from=2020&sort=-type", 11)])
@pytest.mark.parametrize("n", [1, 3])
def test_register_query_count_with_filter_and_sort(client, board, unit, django_assert_num_queries, n, query, count):
    for _ in range(n):
        give("CSTDCS", PersonFactory(unit=unit), 2024)
    UnitFactory()
    client.force_login(board)
    with django_assert_num_queries(count):
        response = client.get(reverse("awards:register") + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n
