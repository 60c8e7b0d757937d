"""Appraisals, discipline and initiatives: scope (clerks their unit's people only), 403 for the council, logs."""

import pytest
from django.urls import reverse

from awards import services
from awards.models import Appraisal, Award, DisciplineRecord, Initiative
from awards.selectors import appraisals_for_user, awards_for_user, discipline_for_user, initiatives_for_user
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.awards.register_factories import GOOD, D, discipline, give, initiative, rate
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(unit):
    return PersonFactory(unit=unit, full_name="Nguyễn Văn An")


@pytest.fixture
def theirs(other_unit):
    return PersonFactory(unit=other_unit, full_name="Lê Thị Bình")


# Selectors ---------------------------------------------------------------------------------------


def test_clerk_sees_only_own_units_people_records(clerk, board, unit, other_unit, mine, theirs):
    child = UnitFactory(parent=unit)
    below = PersonFactory(unit=child)
    a1, a2, a3 = rate(mine, 2024, GOOD), rate(theirs, 2024, GOOD), rate(below, 2024, GOOD)
    u1, u2 = rate(unit, 2024, GOOD), rate(other_unit, 2024, GOOD)
    assert set(appraisals_for_user(clerk)) == {a1, a3, u1}
    assert set(appraisals_for_user(board)) == {a1, a2, a3, u1, u2}
    d1, _d2 = discipline(mine, D(2024, 1, 1)), discipline(theirs, D(2024, 1, 1))
    assert list(discipline_for_user(clerk)) == [d1]
    i1, _i2 = initiative(mine, 2024), initiative(theirs, 2024)
    assert list(initiatives_for_user(clerk)) == [i1]


def test_person_who_moved_takes_records_along(clerk, other_clerk, mine, other_unit):
    appraisal = rate(mine, 2023, GOOD)
    mine.unit = other_unit
    mine.save()
    assert list(appraisals_for_user(other_clerk)) == [appraisal]
    assert list(appraisals_for_user(clerk)) == []


# Appraisals --------------------------------------------------------------------------------------


def test_appraisal_create_by_clerk_for_own_person_is_logged(client, clerk, mine):
    client.force_login(clerk)
    response = client.post(reverse("awards:appraisal_create"), {"year": 2024, "person": mine.pk, "rating": "good"})
    assert response.status_code == 302
    appraisal = Appraisal.objects.get()
    assert (appraisal.person, appraisal.rating) == (mine, "good")
    log = ActivityLog.objects.get(action="awards.appraisal.created")
    assert (log.actor, log.data["values"]["rating"]) == (clerk, "good")


def test_appraisal_create_for_another_units_person_is_refused(client, clerk, theirs):
    client.force_login(clerk)
    response = client.post(reverse("awards:appraisal_create"), {"year": 2024, "person": theirs.pk, "rating": "good"})
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Appraisal.objects.exists()


def test_appraisal_service_refuses_out_of_scope_and_read_only(clerk, council, theirs):
    for actor in (clerk, council):
        with pytest.raises(DomainError):
            services.save_appraisal(None, actor, year=2024, person=theirs, unit=None, rating="good", note="")
    assert not ActivityLog.objects.exists()


def test_appraisal_second_for_the_same_year_is_refused(clerk, mine):
    rate(mine, 2024, GOOD)
    with pytest.raises(DomainError, match="Đã có đánh giá, xếp loại năm 2024."):
        services.save_appraisal(None, clerk, year=2024, person=mine, unit=None, rating="excellent", note="")


def test_appraisal_needs_a_person_or_a_unit(board):
    with pytest.raises(DomainError):
        services.save_appraisal(None, board, year=2024, person=None, unit=None, rating="good", note="")


def test_appraisal_of_a_unit_by_its_clerk(clerk, unit):
    appraisal = services.save_appraisal(None, clerk, year=2024, person=None, unit=unit, rating="excellent", note="")
    assert (appraisal.unit, appraisal.person) == (unit, None)


def test_appraisal_edit_logs_the_diff(client, clerk, mine):
    appraisal = rate(mine, 2024, GOOD)
    client.force_login(clerk)
    response = client.post(reverse("awards:appraisal_edit", args=[appraisal.pk]),
                           {"year": 2024, "person": mine.pk, "rating": "excellent", "note": "sửa"})
    assert response.status_code == 302
    assert ActivityLog.objects.get(action="awards.appraisal.updated").data["diff"]["rating"] == ["good", "excellent"]


def test_appraisal_edit_other_clerk_404_council_403(client, other_clerk, council, mine):
    appraisal = rate(mine, 2024, GOOD)
    client.force_login(other_clerk)
    assert client.get(reverse("awards:appraisal_edit", args=[appraisal.pk])).status_code == 404
    client.force_login(council)
    assert client.get(reverse("awards:appraisal_edit", args=[appraisal.pk])).status_code == 403
    assert client.get(reverse("awards:appraisal_create")).status_code == 403


def test_appraisal_list_filters_by_name_and_year(client, board, mine, theirs):
    rate(mine, 2024, GOOD)
    rate(mine, 2023, GOOD)
    rate(theirs, 2024, GOOD)
    client.force_login(board)
    response = client.get(reverse("awards:appraisal_list"), {"q": "nguyen van an", "year": "2024"})
    assert [(a.person, a.year) for a in response.context["page"]] == [(mine, 2024)]


@pytest.mark.parametrize("n", [1, 3])
def test_appraisal_list_query_count_is_fixed(client, clerk, unit, django_assert_num_queries, n):
    for _ in range(n):
        rate(PersonFactory(unit=unit), 2024, GOOD)
    client.force_login(clerk)
    client.get(reverse("awards:appraisal_list"))  # warm-up (caches)
    with django_assert_num_queries(7):  # the unit chooser loads its units itself
        assert client.get(reverse("awards:appraisal_list")).status_code == 200


# Discipline --------------------------------------------------------------------------------------


def test_discipline_create_by_clerk_is_logged(client, clerk, mine):
    client.force_login(clerk)
    response = client.post(reverse("awards:discipline_create"),
                           {"person": mine.pk, "kind": "discipline", "measure": "reprimand",
                            "start_date": "01/03/2024", "end_date": "31/12/2024", "description": "Đi muộn"})
    assert response.status_code == 302
    record = DisciplineRecord.objects.get()
    assert (record.person, record.measure, record.start_date) == (mine, "reprimand", D(2024, 3, 1))
    assert ActivityLog.objects.filter(action="awards.disciplinerecord.created", actor=clerk).count() == 1


def test_discipline_end_before_start_is_refused(clerk, mine):
    with pytest.raises(DomainError, match="Ngày kết thúc trước ngày bắt đầu."):
        services.save_discipline(None, clerk, person=mine, unit=None, kind="investigation", measure="",
                                 start_date=D(2024, 3, 1), end_date=D(2024, 1, 1), description="")


def test_discipline_measure_only_for_discipline(clerk, mine):
    with pytest.raises(DomainError):
        services.save_discipline(None, clerk, person=mine, unit=None, kind="inspection", measure="warning",
                                 start_date=D(2024, 3, 1), end_date=None, description="")


def test_discipline_edit_other_clerk_404_council_403(client, other_clerk, council, mine):
    record = discipline(mine, D(2024, 1, 1))
    client.force_login(other_clerk)
    assert client.get(reverse("awards:discipline_edit", args=[record.pk])).status_code == 404
    client.force_login(council)
    assert client.get(reverse("awards:discipline_edit", args=[record.pk])).status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_discipline_list_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    for _ in range(n):
        discipline(PersonFactory(unit=unit), D(2024, 1, 1))
    client.force_login(board)
    client.get(reverse("awards:discipline_list"))  # warm-up (caches)
    with django_assert_num_queries(6):  # the unit chooser loads its units itself
        assert client.get(reverse("awards:discipline_list")).status_code == 200


# Initiatives -------------------------------------------------------------------------------------


def test_initiative_create_by_clerk_is_logged(client, clerk, unit, mine):
    client.force_login(clerk)
    response = client.post(reverse("awards:initiative_create"),
                           {"title": "Số hóa hồ sơ", "authors": [mine.pk], "unit": unit.pk, "year": 2024,
                            "level": "grassroots", "decision_number": "5/QĐ-STN", "decision_date": "10/12/2024",
                            "decision_body": "Hội đồng sáng kiến"})
    assert response.status_code == 302
    item = Initiative.objects.get()
    assert list(item.authors.all()) == [mine]
    log = ActivityLog.objects.get(action="awards.initiative.created")
    assert log.data["values"]["authors"] == [mine.pk]


def test_initiative_edit_changes_authors_and_logs(clerk, unit, mine):
    item = initiative(mine, 2024)
    other = PersonFactory(unit=unit)
    services.save_initiative(item, clerk, authors=[mine, other], title=item.title)
    assert set(item.authors.all()) == {mine, other}
    assert ActivityLog.objects.get(action="awards.initiative.updated").data["diff"]["authors"] == [
        [mine.pk], sorted([mine.pk, other.pk])]


def test_initiative_without_authors_is_refused(clerk, unit):
    with pytest.raises(DomainError):
        services.save_initiative(None, clerk, authors=[], title="x", unit=unit, year=2024, level="grassroots")


def test_initiative_detail_shows_the_award_that_used_it(client, clerk, mine):
    item = initiative(mine, 2024)
    award = give("CSTDCS", mine, 2024)
    award.initiatives.add(item)
    client.force_login(clerk)
    response = client.get(reverse("awards:initiative_detail", args=[item.pk]))
    assert response.status_code == 200
    assert "Chiến sĩ thi đua cơ sở 2024" in response.content.decode()


def test_initiative_outsider_404_council_403(client, other_clerk, council, mine):
    item = initiative(mine, 2024)
    client.force_login(other_clerk)
    assert client.get(reverse("awards:initiative_detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("awards:initiative_edit", args=[item.pk])).status_code == 404
    client.force_login(council)
    assert client.get(reverse("awards:initiative_detail", args=[item.pk])).status_code == 200
    assert client.get(reverse("awards:initiative_edit", args=[item.pk])).status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_initiative_list_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    for _ in range(n):
        person = PersonFactory(unit=unit)
        give("CSTDCS", person, 2024).initiatives.add(initiative(person, 2024))
    client.force_login(board)
    client.get(reverse("awards:initiative_list"))  # warm-up (caches)
    with django_assert_num_queries(8):  # the unit chooser loads its units itself
        assert client.get(reverse("awards:initiative_list")).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_initiative_detail_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    people = [PersonFactory(unit=unit) for _ in range(n)]
    item = initiative(people[0], 2024)
    item.authors.set(people)
    client.force_login(board)
    client.get(reverse("awards:initiative_detail", args=[item.pk]))  # warm-up (caches)
    with django_assert_num_queries(8):
        assert client.get(reverse("awards:initiative_detail", args=[item.pk])).status_code == 200


@pytest.mark.parametrize("name", ["awards:appraisal_create", "awards:discipline_create", "awards:initiative_create",
                                  "awards:award_create"])
def test_council_cannot_open_any_record_form(client, council, name):
    client.force_login(council)
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(name), {}).status_code == 403


def test_award_scope_by_persons_current_unit_and_collectives(clerk, other_clerk, board, unit, other_unit, mine,
                                                               theirs):
    """The clerk's register: awards of the people now in the scope (sub-units included), wherever the award
    was recorded, and the awards of the scope's collectives; a person who moves takes their awards along."""
    child = UnitFactory(parent=unit)
    below = PersonFactory(unit=child)
    a_mine, a_theirs, a_below = give("LDTT", mine, 2023), give("LDTT", theirs, 2023), give("LDTT", below, 2023)
    c_unit, c_child, c_other = give("TTLDTT", unit, 2023), give("TTLDTT", child, 2023), give("TTLDTT", other_unit, 2023)
    # recorded under another unit (the person's unit at the time), shown under the person's current unit
    earlier = give("CSTDCS", mine, 2020)
    Award.objects.filter(pk=earlier.pk).update(unit=other_unit)
    assert set(awards_for_user(clerk)) == {a_mine, a_below, c_unit, c_child, earlier}
    assert set(awards_for_user(other_clerk)) == {a_theirs, c_other}
    assert awards_for_user(board).count() == 7
    mine.unit = other_unit
    mine.save()
    assert set(awards_for_user(clerk)) == {a_below, c_unit, c_child}
    assert set(awards_for_user(other_clerk)) == {a_mine, earlier, a_theirs, c_other}
