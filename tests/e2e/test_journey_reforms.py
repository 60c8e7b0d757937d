"""The board records a merger in the browser: the form, the preview listing who moves, the commit, and the
register of the new unit showing the predecessors' awards marked as such."""

import pytest

from emulation.models import Person, Unit, UnitEvent, UnitMembership
from tests.awards.register_factories import give
from tests.e2e.conftest import login
from tests.factories import PersonFactory, UnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_board_previews_and_commits_a_merger(page, shot, board):
    a = UnitFactory(name="Sở Giao thông vận tải", code="SGTVT")
    b = UnitFactory(name="Sở Xây dựng", code="SXD")
    for unit, name in ((a, "Nguyễn Văn An"), (b, "Trần Thị Bình")):
        person = PersonFactory(unit=unit, full_name=name)
        UnitMembership.objects.create(person=person, unit=unit)
    give("TTLDXS", a, 2024)
    login(page, "board")
    page.goto(page.base + "/units/reforms/")
    page.get_by_role("link", name="Hợp nhất, sáp nhập").click()
    page.get_by_label("Ngày có hiệu lực").fill("01/07/2025")
    page.get_by_label("Căn cứ pháp lý").fill("Nghị quyết thử 01/NQ-HĐND")
    page.get_by_label("Các đơn vị hợp nhất, sáp nhập").select_option([str(a.pk), str(b.pk)])
    page.get_by_label("Mã đơn vị mới").fill("SXDGT")
    page.get_by_label("Tên đơn vị mới").fill("Sở Xây dựng và Giao thông")
    page.get_by_role("button", name="Xem trước").click()
    shot(page, "preview")
    people = page.locator("#preview-people")
    assert "Nguyễn Văn An" in people.inner_text() and "Trần Thị Bình" in people.inner_text()
    assert not UnitEvent.objects.exists()
    page.get_by_role("button", name="Xác nhận sắp xếp").click()
    page.wait_for_url("**/units/reforms/*/")
    shot(page, "committed")
    new = Unit.objects.get(code="SXDGT")
    assert Person.objects.filter(unit=new).count() == 2
    page.goto(page.base + f"/units/{new.pk}/")
    assert "đơn vị tiền thân" in page.content()
    shot(page, "unit")
