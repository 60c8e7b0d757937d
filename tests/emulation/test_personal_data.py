"""Issue 16, "Personal data": CCCD numbers and dates of birth masked by default, reveal with a reason (logged),
exports that carry them in full logged, who viewed a record shown to the board."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.export import register_workbook
from emulation.models import ActivityLog
from emulation.security import mask_cccd, mask_date
from emulation.services import update_person
from tests.factories import PersonFactory
from tests.reports.factories import AwardFactory

CCCD = "001085012345"
DOB = datetime.date(1980, 3, 14)


@pytest.fixture
def person(unit):
    return PersonFactory(unit=unit, full_name="Trần Thị Bình", cccd=CCCD, date_of_birth=DOB)


def test_masking_helpers():
    assert mask_cccd(CCCD) == "0010******45"
    assert mask_cccd("123456789") == "1234***89"
    assert mask_cccd("") == ""
    assert mask_date(DOB) == "**/**/1980"
    assert mask_date(None) == ""


def test_detail_and_list_show_them_masked(client, board, person):
    client.force_login(board)
    page = client.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert "0010******45" in page and CCCD not in page
    assert "**/**/1980" in page and "14/03/1980" not in page
    listing = client.get(reverse("person_list")).content.decode()
    assert "Trần Thị Bình" in listing and "**/**/1980" in listing and "14/03/1980" not in listing


@pytest.mark.parametrize("who", ["board", "clerk", "council"])
def test_reveal_needs_a_reason_and_is_logged(client, request, person, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("person_reveal", args=[person.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and CCCD not in refused.content.decode()
    assert not ActivityLog.objects.filter(action="emulation.person.data_revealed").exists()
    response = client.post(url, {"reason": "Đối chiếu hồ sơ đề nghị khen thưởng"})
    page = response.content.decode()
    assert response.status_code == 200 and CCCD in page and "14/03/1980" in page
    entry = ActivityLog.objects.get(action="emulation.person.data_revealed")
    assert entry.actor == user and entry.object_id == str(person.pk)
    assert entry.data["reason"] == "Đối chiếu hồ sơ đề nghị khen thưởng"
    # the next visit is masked again
    assert CCCD not in client.get(reverse("person_detail", args=[person.pk])).content.decode()


def test_reveal_outside_the_scope_is_a_404_and_not_logged(client, other_clerk, person):
    client.force_login(other_clerk)
    response = client.post(reverse("person_reveal", args=[person.pk]), {"reason": "Tò mò muốn xem thử"})
    assert response.status_code == 404
    assert not ActivityLog.objects.filter(action="emulation.person.data_revealed").exists()


def test_reveal_needs_login_and_post(client, clerk, person):
    url = reverse("person_reveal", args=[person.pk])
    assert client.post(url, {"reason": "Lý do đầy đủ"}).status_code == 302
    client.force_login(clerk)
    assert client.get(url).status_code == 405


def test_every_view_of_a_record_is_logged_and_only_the_board_sees_who(client, board, clerk, council, person):
    for user in (clerk, council):
        client.force_login(user)
        page = client.get(reverse("person_detail", args=[person.pk])).content.decode()
        assert "Ai đã xem hồ sơ này" not in page
    assert ActivityLog.objects.filter(action="emulation.person.viewed", object_id=str(person.pk)).count() == 2
    client.force_login(board)
    response = client.get(reverse("person_detail", args=[person.pk]))
    page = response.content.decode()
    assert "Ai đã xem hồ sơ này" in page
    viewers = list(response.context["viewers"])
    assert {v.actor for v in viewers} == {clerk, council, board}
    # the views are not part of the record's history every reader sees
    assert "Xem hồ sơ cá nhân" not in page.split("Ai đã xem hồ sơ này")[0]


@pytest.mark.parametrize("n", [1, 3])
def test_person_page_query_count_does_not_grow_with_viewers(client, board, clerk, person, n,
                                                           django_assert_num_queries):
    for _ in range(n):
        client.force_login(clerk)
        client.get(reverse("person_detail", args=[person.pk]))
    client.force_login(board)
    with django_assert_num_queries(10):
        client.get(reverse("person_detail", args=[person.pk]))


def test_award_register_export_masks_the_cccd(person, unit):
    award = AwardFactory(person=person, unit=unit)
    book = load_workbook(io.BytesIO(register_workbook([award])))
    values = [cell.value for cell in book.active[2]]
    assert "0010******45" in values and CCCD not in values


def test_full_data_export_is_marked_and_logged(client, board, person):
    client.force_login(board)
    home = client.get(reverse("imports:home")).content.decode()
    assert "dữ liệu cá nhân đầy đủ" in home
    response = client.get(reverse("imports:export", args=["people"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert CCCD in [str(c.value) for row in book.active.iter_rows() for c in row]  # imports back: in full
    entry = ActivityLog.objects.get(action="emulation.personal_data.exported")
    assert entry.actor == board and entry.data["export"] == "imports.people"
    client.get(reverse("imports:export", args=["units"]))
    assert ActivityLog.objects.filter(action="emulation.personal_data.exported").count() == 1


def test_history_of_an_edit_shows_them_masked(client, board, person):
    update_person(person, board, cccd="001090099988", date_of_birth=datetime.date(1981, 1, 2))
    client.force_login(board)
    page = client.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert "0010******45" in page and "0010******88" in page and "**/**/1981" in page
    assert CCCD not in page and "001090099988" not in page and "02/01/1981" not in page
    log = client.get(reverse("activity_log")).content.decode()
    assert "001090099988" not in log and "0010******88" in log
