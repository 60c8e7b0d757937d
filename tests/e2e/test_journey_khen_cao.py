"""Journey: khen cao. A Huân chương Lao động nominee passed by the provincial council is not offered in the
provincial decision; the board puts her in a cover letter to the central level, records the sending and the
President's decision, and the register shows the award paid by the conferring level."""


import pytest
from playwright.sync_api import expect

from awards import services
from awards.enums import AwardKind, AwardLevel, DocumentKind, ItemOutcome
from awards.models import AwardType
from tests.awards.nomination_factories import pdf
from tests.e2e.conftest import login
from tests.factories import PersonFactory, UnitFactory, make_board, make_clerk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def set_up():
    order, _created = AwardType.objects.update_or_create(code="HCLD_3", defaults={
        "name": "Huân chương Lao động hạng Ba", "kind": AwardKind.FORM, "for_individuals": True,
        "for_collectives": True, "level": AwardLevel.STATE, "rule": "basic", "requires_posting": False,
        "requires_council_vote": False, "requires_concurrence": False, "is_active": True})
    unit = UnitFactory(name="Sở Hành trình", code="SHT")
    clerk, board = make_clerk(unit, username="vanthu"), make_board(username="bantdkt")
    person = PersonFactory(unit=unit, full_name="Đặng Thị Thu")
    nomination = services.create_nomination(clerk, unit, 2024, "Đề nghị Huân chương Lao động")
    services.add_items(nomination, clerk, order, people=[person])
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    nomination = services.submit_nomination(nomination, clerk)
    nomination = services.start_appraisal(services.receive_nomination(nomination, board), board)
    services.set_item_outcome(nomination.items.get(), board, ItemOutcome.ELIGIBLE)
    services.send_to_council(nomination, board)
    return board, person


def test_khen_cao_from_council_to_register(page):
    board, person = set_up()
    login(page, board.username)
    page.goto(page.base + "/awards/nominations/decisions/new/")
    expect(page.get_by_text(person.full_name)).to_have_count(0)

    page.goto(page.base + "/awards/nominations/khen-cao/new/")
    page.get_by_label("Số tờ trình").fill("41/TTr-UBND")
    page.get_by_label("Ngày tờ trình").fill("2025-01-06")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dự thảo")
    expect(page.get_by_text(person.full_name)).to_be_visible()

    page.get_by_label("Ngày gửi").fill("2025-01-10")
    page.get_by_role("button", name="Đã gửi Trung ương").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đã gửi Trung ương")

    page.get_by_label("Số quyết định của cấp trên").fill("1234/QĐ-CTN")
    page.get_by_label("Ngày quyết định của cấp trên").fill("2025-03-01")
    page.get_by_label("Thẩm quyền quyết định").fill("Chủ tịch nước")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trung ương đã quyết định")

    page.goto(page.base + "/awards/?q=" + "dang thi thu")
    row = page.get_by_role("row").filter(has_text=person.full_name)
    expect(row).to_contain_text("1234/QĐ-CTN")
    expect(row).to_contain_text("do cấp trên chi trả")
