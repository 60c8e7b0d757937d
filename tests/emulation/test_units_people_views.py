import datetime

import pytest
from django.urls import reverse

from emulation.models import ActivityLog, Person, Unit
from emulation.services import create_person, update_person
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


# Units -----------------------------------------------------------------------------------------


def test_unit_list_board_sees_all(client, board, unit, other_unit):
    client.force_login(board)
    response = client.get(reverse("unit_list"))
    assert response.status_code == 200
    names = [u.name for u in response.context["page"]]
    assert names == ["Sở Khác", "Sở Thử nghiệm"]


def test_unit_list_clerk_sees_own_unit_and_sub_units(client, clerk, unit, other_unit):
    child = UnitFactory(name="Phòng con", parent=unit)
    client.force_login(clerk)
    response = client.get(reverse("unit_list"))
    assert [(u.pk, u.depth) for u in response.context["page"]] == [(unit.pk, 0), (child.pk, 1)]


def test_unit_list_anonymous_redirects_to_login(client):
    response = client.get(reverse("unit_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_unit_detail_outsider_gets_404(client, other_clerk, unit):
    client.force_login(other_clerk)
    assert client.get(reverse("unit_detail", args=[unit.pk])).status_code == 404


def test_unit_detail_own_clerk_reads(client, clerk, unit):
    client.force_login(clerk)
    response = client.get(reverse("unit_detail", args=[unit.pk]))
    assert response.status_code == 200
    assert response.context["can_change"] is False


def test_unit_edit_clerk_of_unit_gets_403(client, clerk, unit):
    client.force_login(clerk)
    response = client.get(reverse("unit_edit", args=[unit.pk]))
    assert response.status_code == 403
    assert "không được" in response.content.decode() or "quyền" in response.content.decode()


def test_unit_edit_other_clerk_gets_404(client, other_clerk, unit):
    client.force_login(other_clerk)
    assert client.get(reverse("unit_edit", args=[unit.pk])).status_code == 404


def test_unit_edit_council_gets_403(client, council, unit):
    client.force_login(council)
    assert client.get(reverse("unit_edit", args=[unit.pk])).status_code == 403


def test_unit_create_clerk_gets_403(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("unit_create")).status_code == 403


def test_unit_create_board_creates_and_logs(client, board, unit):
    client.force_login(board)
    response = client.post(
        reverse("unit_create"),
        {"name": "Sở Mới", "short_name": "", "code": "SMOI", "kind": "department", "parent": unit.pk,
         "is_active": "on"},
    )
    created = Unit.objects.get(code="SMOI")
    assert response.status_code == 302
    assert created.parent == unit
    log = ActivityLog.objects.get(action="emulation.unit.created")
    assert (log.actor, log.object_id, log.data["values"]["code"]) == (board, str(created.pk), "SMOI")


def test_unit_edit_board_logs_diff(client, board, unit):
    client.force_login(board)
    client.post(reverse("unit_edit", args=[unit.pk]),
                {"name": "Sở Đổi tên", "short_name": "", "code": unit.code, "kind": unit.kind, "is_active": "on"})
    log = ActivityLog.objects.get(action="emulation.unit.updated")
    assert log.actor == board
    assert log.data["diff"] == {"name": ["Sở Thử nghiệm", "Sở Đổi tên"]}


def test_unit_edit_refuses_cycle_with_message(client, board, unit):
    child = UnitFactory(parent=unit)
    client.force_login(board)
    response = client.post(reverse("unit_edit", args=[unit.pk]),
                           {"name": unit.name, "code": unit.code, "kind": unit.kind, "parent": child.pk})
    assert response.status_code == 200
    assert "không thể" in response.content.decode().lower()
    unit.refresh_from_db()
    assert unit.parent is None


def _units(n):
    parent = UnitFactory(name="Gốc")
    return [UnitFactory(parent=parent) for _ in range(n)]


@pytest.mark.parametrize("n", [1, 3])
def test_unit_list_query_count_is_fixed(client, board, django_assert_num_queries, n):
    _units(n)
    client.force_login(board)
    with django_assert_num_queries(6):  # the tree order from the ids, then the page's units
        assert client.get(reverse("unit_list")).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_unit_detail_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    for _ in range(n):
        PersonFactory(unit=unit)
        UnitFactory(parent=unit)
    client.force_login(board)
    with django_assert_num_queries(13):  # 9 + award history + reorganisations, former names, succession line
        assert client.get(reverse("unit_detail", args=[unit.pk])).status_code == 200


# People ----------------------------------------------------------------------------------------


def test_person_list_clerk_sees_only_own_unit(client, clerk, unit, other_unit):
    mine = PersonFactory(unit=unit)
    PersonFactory(unit=other_unit)
    client.force_login(clerk)
    response = client.get(reverse("person_list"))
    assert [p.pk for p in response.context["page"]] == [mine.pk]


def test_person_list_board_sees_everyone(client, board, unit, other_unit):
    PersonFactory(unit=unit)
    PersonFactory(unit=other_unit)
    client.force_login(board)
    assert client.get(reverse("person_list")).context["page"].paginator.count == 2


def test_person_detail_other_clerk_gets_404(client, other_clerk, unit):
    person = PersonFactory(unit=unit)
    client.force_login(other_clerk)
    assert client.get(reverse("person_detail", args=[person.pk])).status_code == 404


def test_person_edit_other_clerk_gets_404(client, other_clerk, unit):
    person = PersonFactory(unit=unit)
    client.force_login(other_clerk)
    assert client.get(reverse("person_edit", args=[person.pk])).status_code == 404
    assert client.get(reverse("person_move", args=[person.pk])).status_code == 404


def test_person_edit_council_reads_but_gets_403(client, council, unit):
    person = PersonFactory(unit=unit)
    client.force_login(council)
    assert client.get(reverse("person_detail", args=[person.pk])).status_code == 200
    assert client.get(reverse("person_edit", args=[person.pk])).status_code == 403


def test_person_create_by_clerk_only_into_own_unit(client, clerk, unit, other_unit):
    client.force_login(clerk)
    data = {"full_name": "Trần Thị Bích", "gender": "female", "date_of_birth": "02/09/1990", "cccd": "",
            "staff_code": "", "position": "Chuyên viên", "category": "worker", "is_active": "on"}
    refused = client.post(reverse("person_create"), {**data, "unit": other_unit.pk})
    assert refused.status_code == 200
    assert Person.objects.count() == 0
    client.post(reverse("person_create"), {**data, "unit": unit.pk})
    person = Person.objects.get()
    assert (person.unit, person.date_of_birth.isoformat()) == (unit, "1990-09-02")
    log = ActivityLog.objects.get(action="emulation.person.created")
    assert (log.actor, log.unit) == (clerk, unit)


def test_person_edit_logs_diff_with_actor(client, clerk, unit):
    person = PersonFactory(unit=unit, full_name="Lê Văn Tám", position="Chuyên viên")
    client.force_login(clerk)
    client.post(reverse("person_edit", args=[person.pk]),
                {"full_name": "Lê Văn Tám", "gender": "male", "date_of_birth": "17/05/1985", "cccd": "",
                 "staff_code": "", "position": "Trưởng phòng", "category": "other_leader", "is_active": "on"})
    log = ActivityLog.objects.get(action="emulation.person.updated")
    assert log.actor == clerk
    assert log.data["diff"] == {"position": ["Chuyên viên", "Trưởng phòng"],
                                "category": ["worker", "other_leader"]}


def test_person_cccd_must_be_unique_with_message(client, board, unit):
    PersonFactory(unit=unit, cccd="079085001234")
    client.force_login(board)
    response = client.post(reverse("person_create"),
                           {"full_name": "Người Trùng", "cccd": "079085001234", "unit": unit.pk,
                            "category": "worker", "is_active": "on"})
    assert response.status_code == 200
    assert Person.objects.filter(cccd="079085001234").count() == 1
    assert response.context["form"].errors["cccd"]


def test_person_move_board_keeps_history_and_logs(client, board, unit, other_unit):

    person = create_person(board, full_name="Hoàng Văn Nam", unit=unit)
    person.memberships.update(start_date=datetime.date(2020, 1, 1))
    client.force_login(board)
    response = client.post(reverse("person_move", args=[person.pk]),
                           {"unit": other_unit.pk, "date": "01/07/2025", "position": "Phó phòng",
                            "reason": "Điều động"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.unit == other_unit
    history = list(person.memberships.order_by("pk").values_list("unit_id", "end_date", "note"))
    assert [h[0] for h in history] == [unit.pk, other_unit.pk]
    assert history[0][1] is not None and history[1][1] is None
    log = ActivityLog.objects.get(action="emulation.person.moved")
    assert (log.actor, log.data["diff"]["unit"], log.data["reason"]) == (board, [unit.pk, other_unit.pk], "Điều động")


def test_person_move_clerk_cannot_move_out_of_scope(client, clerk, unit, other_unit):
    person = PersonFactory(unit=unit)
    client.force_login(clerk)
    response = client.post(reverse("person_move", args=[person.pk]), {"unit": other_unit.pk, "date": "01/07/2025"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.unit == unit


@pytest.mark.parametrize("n", [1, 3])
def test_person_list_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    for _ in range(n):
        PersonFactory(unit=unit)
    client.force_login(board)
    with django_assert_num_queries(6):  # the unit chooser loads its units itself
        assert client.get(reverse("person_list")).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_person_detail_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):

    person = create_person(board, full_name="Đặng Thu Hà", unit=unit)
    for i in range(n):
        update_person(person, board, position=f"Chức vụ {i}")
    client.force_login(board)
    # 7 + the award history panel (awards.hooks) + the view logged (one insert) + the board's "who viewed" list
    with django_assert_num_queries(10):
        assert client.get(reverse("person_detail", args=[person.pk])).status_code == 200


def test_person_move_before_current_membership_is_refused_with_message(client, board, unit, other_unit):

    person = create_person(board, full_name="Hoàng Văn Nam", unit=unit)
    person.memberships.update(start_date=datetime.date(2024, 1, 1))
    client.force_login(board)
    response = client.post(reverse("person_move", args=[person.pk]), {"unit": other_unit.pk, "date": "01/07/2023"})
    assert response.status_code == 200
    assert "01/01/2024" in response.content.decode()
    person.refresh_from_db()
    assert person.unit == unit
