import datetime
import unicodedata

import pytest
from django.urls import reverse

from emulation.models import Person
from emulation.selectors import search_people
from emulation.templatetags.tdkt import format_money
from emulation.text import search_key
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_search_ignores_diacritics_and_case(unit):
    an = PersonFactory(unit=unit, full_name="Nguyễn Văn An")
    PersonFactory(unit=unit, full_name="Nguyễn Văn Bình")
    found = search_people(Person.objects.all(), "nguyen van an")
    assert list(found) == [an]
    assert list(search_people(Person.objects.all(), "NGUYỄN VĂN AN")) == [an]


def test_search_finds_d_with_stroke(unit):
    dung = PersonFactory(unit=unit, full_name="Đặng Thị Dung")
    assert list(search_people(Person.objects.all(), "dang thi dung")) == [dung]


def test_search_matches_decomposed_unicode_input(unit):
    person = PersonFactory(unit=unit, full_name=unicodedata.normalize("NFD", "Trần Thị Hương"))
    assert person.full_name == unicodedata.normalize("NFC", "Trần Thị Hương")
    assert list(search_people(Person.objects.all(), "tran thi huong")) == [person]


def test_person_list_search_through_http(client, board, unit):
    an = PersonFactory(unit=unit, full_name="Nguyễn Văn An")
    PersonFactory(unit=unit, full_name="Lê Thị Hoa")
    client.force_login(board)
    response = client.get(reverse("person_list"), {"q": "nguyen van an"})
    assert [p.pk for p in response.context["page"]] == [an.pk]


def test_search_key_folds_spaces():
    assert search_key("  Nguyễn   Văn  An ") == "nguyen van an"


def test_money_format():
    assert format_money(2340000) == "2.340.000 đ"
    assert format_money(710000) == "710.000 đ"


def test_dates_render_dd_mm_yyyy(client, board, unit):

    person = PersonFactory(unit=unit, date_of_birth=datetime.date(1990, 9, 2))
    client.force_login(board)
    page = client.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert "**/**/1990" in page and "02/09/1990" not in page  # masked by default (personal data)
    revealed = client.post(reverse("person_reveal", args=[person.pk]), {"reason": "Kiểm tra hồ sơ khen thưởng"})
    assert "02/09/1990" in revealed.content.decode()
