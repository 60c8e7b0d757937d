"""Vietnamese order: names family-name first, sorting D before Đ and a before ă before â.

Runs on SQLite (the collation function) and on PostgreSQL (the ICU collation of migration
0006_yearnav_vi_collation): ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_nav pytest this_file``.
"""

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template

from emulation.collation import vi_order, vi_sort_key
from emulation.models import Notification, Person, Unit
from emulation.tasks import send_notification_emails
from emulation.text import full_name
from tests.factories import PersonFactory, UnitFactory, UserFactory

ORDERED = ["An", "Ăn", "Ân", "Bình", "Dũng", "Đào", "Em", "Ê", "Oanh", "Ôn", "Ơn", "Uyên", "Ưng", "Yến"]


def test_sort_key_orders_the_vietnamese_alphabet():
    assert sorted(reversed(ORDERED), key=vi_sort_key) == ORDERED


def test_sort_key_puts_tones_after_the_letters():
    names = ["Hà", "Hạ", "Ha", "Hả", "Hải", "Hã", "Há"]
    assert sorted(names, key=vi_sort_key) == ["Ha", "Hà", "Hả", "Hã", "Há", "Hạ", "Hải"]


@pytest.mark.django_db
def test_people_sort_in_vietnamese_order_in_the_database():
    unit = UnitFactory()
    for given in reversed(ORDERED):
        PersonFactory(full_name=f"Trần {given}", unit=unit)
    people = Person.objects.filter(unit=unit)
    by_collation = list(people.order_by(vi_order("full_name")).values_list("full_name", flat=True))
    by_default = list(Person.objects.filter(unit=unit).values_list("full_name", flat=True))
    assert by_collation == [f"Trần {g}" for g in ORDERED]
    assert by_default == by_collation


@pytest.mark.django_db
def test_units_sort_d_before_dj_by_default():
    for name in ["Đội quản lý", "Ủy ban", "Di tích", "Ban dân tộc", "Âm nhạc", "Ăn uống"]:
        UnitFactory(name=name)
    names = list(Unit.objects.values_list("name", flat=True))
    assert names == ["Ăn uống", "Âm nhạc", "Ban dân tộc", "Di tích", "Đội quản lý", "Ủy ban"]


@pytest.mark.django_db
def test_full_name_puts_the_family_name_first():
    user = UserFactory(username="lan", first_name="Lan", last_name="Phạm Thị")
    assert full_name(user) == "Phạm Thị Lan"
    assert user.get_full_name() == "Phạm Thị Lan"
    assert full_name(UserFactory(username="nobody")) == "nobody"
    assert full_name(None) == ""


@pytest.mark.django_db
def test_fullname_filter_in_templates():
    user = UserFactory(username="lan", first_name="Lan", last_name="Phạm Thị")
    out = Template("{{ u|fullname }}|{{ none|fullname|default:'–' }}").render(Context({"u": user, "none": None}))
    assert out == "Phạm Thị Lan|–"


@pytest.mark.django_db
def test_header_history_and_admin_show_vietnamese_order(client, board):
    board.first_name, board.last_name = "Lan", "Phạm Thị"
    board.save()
    client.force_login(board)
    page = client.get("/").content.decode()
    assert "Phạm Thị Lan" in page
    assert "Lan Phạm Thị" not in page
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456",
                                                       first_name="An", last_name="Nguyễn Văn")
    client.force_login(admin)
    listing = client.get("/admin/auth/user/").content.decode()
    assert "Nguyễn Văn An" in listing


def test_with_unit_writes_per_cent_without_a_space_and_decimals_with_a_comma():
    out = Template("{{ a|with_unit:'%' }}|{{ b|with_unit:'công trình' }}|{{ b|with_unit:'' }}").render(
        Context({"a": 100, "b": 4.5}))
    assert out == "100%|4,5 công trình|4,5"


@pytest.mark.django_db
def test_notification_email_greets_family_name_first(settings, mailoutbox):
    user = UserFactory(username="lan", first_name="Lan", last_name="Phạm Thị")
    n = Notification.objects.create(recipient=user, message="Hồ sơ đã được tiếp nhận.", url="/")
    send_notification_emails([n.pk])
    assert mailoutbox[0].body.startswith("Kính gửi Phạm Thị Lan,\n\nHồ sơ đã được tiếp nhận.")
