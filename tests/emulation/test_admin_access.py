"""The Django admin is for administrators: a staff flag on a board officer, a council member or a clerk opens
none of its pages (the permission rules answer the app's own questions, not the admin's)."""

import pytest
from django.urls import reverse

from emulation.enums import Role
from tests.factories import make_user

MODELS = ["emulation.unit", "emulation.person", "emulation.roleassignment", "awards.awardtype", "awards.basesalary",
          "blocs.bloc", "campaigns.campaign", "reports.letterhead", "auth.user"]


def _pages(label):
    app, model = label.split(".")
    return [reverse(f"admin:{app}_{model}_changelist"), reverse(f"admin:{app}_{model}_add")]


@pytest.fixture
def staff_board(unit):
    return make_user(Role.BOARD, is_staff=True)


@pytest.mark.parametrize("label", MODELS)
def test_staff_board_officer_gets_403_on_admin_pages(client, staff_board, unit, label):
    client.force_login(staff_board)
    assert staff_board.has_perm("emulation.add_unit")  # the app's own rule still answers for its own pages
    for url in _pages(label):
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("admin:emulation_unit_change", args=[unit.pk])).status_code == 403
    response = client.post(reverse("admin:emulation_unit_change", args=[unit.pk]), {"name": "Đổi tên"})
    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name != "Đổi tên"


@pytest.mark.parametrize("role", [Role.BOARD, Role.COUNCIL, Role.CLERK])
def test_no_staff_role_but_administrator_reaches_the_admin_index(client, unit, role):
    user = make_user(role, unit if role == Role.CLERK else None, is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 403


def test_administrators_reach_the_admin(client, unit):
    for user in (make_user(is_staff=True, is_superuser=True, username="root"),
                 make_user(Role.ADMIN, is_staff=True, username="quantri")):
        client.force_login(user)
        assert client.get(reverse("admin:index")).status_code == 200
        assert client.get(reverse("admin:emulation_unit_changelist")).status_code == 200


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:emulation_unit_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url
