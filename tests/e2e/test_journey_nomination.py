"""Journey 3: a unit's nomination for the provincial chairman's Diploma of Merit, from the builder to the register.

The clerk builds the dossier for three people and sees the one who fails the rules flagged; removes him and
sends; the board receives it, returns one nominee for correction; the clerk corrects and sends again; the
board appraises, sends it on and issues the decision; the register shows the reward money.

Bằng khen của Chủ tịch UBND tỉnh needs neither public posting nor a council ballot, so after the appraisal
the dossier goes to the council step ("Trình Hội đồng") and straight on to the decision.
"""

import datetime
import math
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from awards.enums import AppraisalRating, AwardKind, AwardLevel, InitiativeLevel, RecipientKind
from awards.models import AwardType, BaseSalary, RewardCoefficient
from tests.awards.register_factories import initiative, rate
from tests.e2e.conftest import login
from tests.factories import PersonFactory, UnitFactory, make_board, make_clerk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = 2025
COEFFICIENT = Decimal("1.5")  # Bằng khen of the province chairman, an individual (NĐ 152/2025)
BASE_SALARY = 2_340_000
PDF = {"mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% journey\n"}


def vnd(amount):
    """The amount the way the pages print it: 3.510.000 đ."""
    return f"{amount:,}".replace(",", ".") + " đ"


def expected_reward(coefficient, base):
    """Coefficient × base salary, rounded up to the next 10,000 đ (awards/money.py)."""
    return math.ceil(coefficient * base / 10_000) * 10_000


def set_up():
    """The catalogue rows the journey uses, the unit, its clerk, a board officer and three people.

    An and Bình were rated "Hoàn thành xuất sắc nhiệm vụ" in 2024 and 2025 and each has two grassroots
    initiatives: they meet Article 74.1.d. Cường was only "Hoàn thành tốt nhiệm vụ" in 2024: he does not.
    """
    AwardType.objects.update_or_create(code="CSTDCS", defaults={
        "name": "Chiến sĩ thi đua cơ sở", "kind": AwardKind.TITLE, "for_individuals": True,
        "for_collectives": False, "level": AwardLevel.GRASSROOTS, "rule": "cstdcs", "order": 20})
    diploma, _created = AwardType.objects.update_or_create(code="BK_TINH", defaults={
        "name": "Bằng khen của Chủ tịch UBND tỉnh", "kind": AwardKind.FORM, "for_individuals": True,
        "for_collectives": True, "level": AwardLevel.PROVINCIAL, "rule": "bk_tinh", "order": 100,
        "requires_posting": False, "posting_working_days": 0, "requires_council_vote": False,
        "is_active": True})
    RewardCoefficient.objects.filter(award_type=diploma).delete()
    RewardCoefficient.objects.create(award_type=diploma, recipient_kind=RecipientKind.INDIVIDUAL,
                                     coefficient=COEFFICIENT, valid_from=datetime.date(2025, 7, 1))
    BaseSalary.objects.all().delete()
    BaseSalary.objects.create(amount=BASE_SALARY, valid_from=datetime.date(2024, 7, 1))

    unit = UnitFactory(name="Sở Giao thông vận tải", code="SGTVT")
    make_clerk(unit, username="gtvt", first_name="Thu", last_name="Lê Thị")
    make_board(username="bantdkt", first_name="Minh", last_name="Phạm Văn")
    people = {name: PersonFactory(unit=unit, full_name=name)
              for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")}
    for name, person in people.items():
        rate(person, YEAR - 1, AppraisalRating.GOOD if name == "Lê Văn Cường" else AppraisalRating.EXCELLENT)
        rate(person, YEAR, AppraisalRating.EXCELLENT)
        initiative(person, YEAR - 1, InitiativeLevel.GRASSROOTS)
        initiative(person, YEAR, InitiativeLevel.GRASSROOTS)
    return people


def row(page, text):
    return page.locator("tbody tr").filter(has_text=text)


def textbox(page, label):
    """The text field labelled exactly ``label`` (a required field's label ends with "*")."""
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


def alert(page):
    return page.get_by_role("alert")


def logout(page):
    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()


def open_menu(page, menu, entry):
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("button", name=menu, exact=True).click()
    nav.get_by_role("link", name=entry, exact=True).click()


def test_nomination_from_builder_to_register(page, shot):
    set_up()
    amount = expected_reward(COEFFICIENT, BASE_SALARY)

    # 1. The clerk creates the dossier and adds three people with the builder --------------------------------
    login(page, "gtvt")
    open_menu(page, "Hồ sơ đề nghị", "Tạo hồ sơ đề nghị")
    expect(page.get_by_role("heading", name="Tạo hồ sơ đề nghị")).to_be_visible()
    page.get_by_label("Tiêu đề").fill("Đề nghị Bằng khen của Chủ tịch UBND tỉnh năm 2025")
    page.get_by_label("Số tờ trình").fill("45/TTr-SGTVT")
    page.get_by_label("Năm thành tích").fill(str(YEAR))
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", name="Thêm trường hợp đề nghị")).to_be_visible()
    page.get_by_label("Danh hiệu / hình thức").select_option(label="Bằng khen của Chủ tịch UBND tỉnh")
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        page.get_by_label(name).check()
    page.get_by_label("Tóm tắt thành tích (chung cho những người được chọn)").fill(
        "Hai năm liền hoàn thành xuất sắc nhiệm vụ, có hai sáng kiến cấp cơ sở.")
    page.get_by_role("button", name="Kiểm tra điều kiện").click()
    verdicts = page.locator("table").filter(has_text="Lê Văn Cường")
    expect(row(verdicts, "Lê Văn Cường")).to_contain_text("Chưa đủ điều kiện")
    expect(row(verdicts, "Lê Văn Cường")).to_contain_text("Hoàn thành xuất sắc nhiệm vụ")
    expect(row(verdicts, "Nguyễn Văn An")).to_contain_text("Đủ điều kiện")
    expect(row(verdicts, "Trần Thị Bình")).not_to_contain_text("Chưa đủ")
    shot(page, "builder-verdicts")
    page.get_by_role("button", name="Thêm vào hồ sơ").click()

    # 2. The dossier flags Cường; the clerk removes him, attaches the cover letter and sends ------------------
    expect(alert(page).filter(has_text="Đã thêm 3 trường hợp.")).to_be_visible()
    expect(page.get_by_role("button", name="Gửi Ban Thi đua – Khen thưởng")).to_be_disabled()
    expect(page.get_by_text("Trước khi gửi")).to_be_visible()
    expect(row(page, "Lê Văn Cường")).to_contain_text("Chưa đủ điều kiện")
    expect(row(page, "Lê Văn Cường")).to_contain_text("Hoàn thành xuất sắc nhiệm vụ")
    shot(page, "dossier-flagged")
    row(page, "Lê Văn Cường").get_by_role("button", name="Xóa").click()
    expect(alert(page).filter(has_text="Đã bỏ trường hợp đề nghị.")).to_be_visible()
    expect(row(page, "Lê Văn Cường")).to_have_count(0)
    page.get_by_label("Loại").select_option(label="Tờ trình")
    page.get_by_label("Tệp").set_input_files({"name": "45-TTr-SGTVT.pdf", **PDF})
    page.get_by_role("button", name="Đính kèm").click()
    expect(page.get_by_role("link", name="45-TTr-SGTVT.pdf")).to_be_visible()
    page.get_by_role("button", name="Gửi Ban Thi đua – Khen thưởng").click()
    expect(page.get_by_text("Chưa đính kèm biên bản")).to_be_visible()  # the confirmation lists what is missing
    page.get_by_role("button", name="Gửi Ban Thi đua – Khen thưởng").click()
    expect(alert(page).filter(has_text="Đã gửi hồ sơ đến Ban Thi đua – Khen thưởng.")).to_be_visible()
    expect(page.locator("h1 + div .badge")).to_have_text("Đã gửi")
    shot(page, "dossier-sent")
    logout(page)

    # 3. The board receives it and returns Bình's item for correction ----------------------------------------
    login(page, "bantdkt")
    open_menu(page, "Hồ sơ đề nghị", "Hồ sơ chờ xử lý")
    page.get_by_role("link", name="Đề nghị Bằng khen của Chủ tịch UBND tỉnh năm 2025").click()
    expect(page.get_by_role("heading", name=re.compile("^Thẩm định"))).to_be_visible()
    # the next action is on the page the queue links to: receive and start the appraisal in one step
    page.get_by_role("button", name="Tiếp nhận và bắt đầu thẩm định").click()
    expect(alert(page).filter(has_text="Đã tiếp nhận và bắt đầu thẩm định.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Thẩm định"))).to_be_visible()
    page.get_by_text("Trả lại đơn vị", exact=True).click()
    page.get_by_label("Trần Thị Bình – Bằng khen của Chủ tịch UBND tỉnh").check()
    page.get_by_label("Nội dung cần chỉnh sửa của Trần Thị Bình").fill(
        "Tóm tắt thành tích chưa nêu tên hai sáng kiến và số quyết định công nhận.")
    page.get_by_label("Lý do trả lại hồ sơ").fill("Đề nghị bổ sung thành tích của 01 trường hợp.")
    shot(page, "board-returns-one-item")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(alert(page).filter(has_text="Đã trả lại đơn vị 1 trường hợp để chỉnh sửa.")).to_be_visible()
    logout(page)

    # 4. The clerk sees Bình's row marked with the note, corrects the summary and sends again -----------------
    login(page, "gtvt")
    open_menu(page, "Hồ sơ đề nghị", "Hồ sơ đề nghị")
    page.get_by_role("link", name="Đề nghị Bằng khen của Chủ tịch UBND tỉnh năm 2025").click()
    expect(page.locator("h1 + div .badge")).to_have_text("Trả lại đơn vị")
    notice = page.locator(".alert").filter(has_text="Bị Ban Thi đua – Khen thưởng trả lại")
    expect(notice).to_contain_text("Đề nghị bổ sung thành tích của 01 trường hợp.")
    expect(notice).to_contain_text("1 trường hợp cần chỉnh sửa, được đánh dấu bên dưới: Trần Thị Bình")
    returned = row(page, "Trần Thị Bình")
    expect(returned).to_have_class("table-warning")
    expect(returned).to_contain_text("Cần chỉnh sửa")
    expect(returned).to_contain_text("chưa nêu tên hai sáng kiến")
    expect(row(page, "Nguyễn Văn An")).not_to_contain_text("Cần chỉnh sửa")
    history = page.get_by_role("region", name="Lịch sử thay đổi")
    expect(row(history, "Trả lại hồ sơ cho đơn vị")).to_contain_text(
        "Lý do: Đề nghị bổ sung thành tích của 01 trường hợp.")
    shot(page, "clerk-sees-returned-item")
    returned.get_by_role("link", name="Sửa").click()
    expect(page.get_by_text("chưa nêu tên hai sáng kiến")).to_be_visible()
    page.get_by_label("Tóm tắt thành tích", exact=True).fill(
        "Hai năm liền hoàn thành xuất sắc nhiệm vụ; sáng kiến “Số hoá hồ sơ đăng kiểm” (QĐ 12/QĐ-SGTVT) "
        "và “Phần mềm theo dõi bảo trì cầu” (QĐ 31/QĐ-SGTVT).")
    page.get_by_role("button", name="Lưu").click()
    expect(alert(page).filter(has_text="Đã lưu trường hợp đề nghị.")).to_be_visible()
    page.get_by_role("button", name="Gửi Ban Thi đua – Khen thưởng").click()
    page.get_by_role("button", name="Gửi Ban Thi đua – Khen thưởng").click()  # confirm
    expect(page.locator("h1 + div .badge")).to_have_text("Đã gửi")
    expect(row(page, "Trần Thị Bình")).not_to_contain_text("Cần chỉnh sửa")
    logout(page)

    # 5. From its home page, the board appraises both items, sends the dossier on and issues the decision ---
    login(page, "bantdkt")  # lands on the home page: its "to receive and appraise" card links to the dossier
    panel = page.locator(".card").filter(has=page.get_by_role("heading", name=re.compile("Hồ sơ cần tiếp nhận")))
    panel.get_by_role("link", name="Đề nghị Bằng khen của Chủ tịch UBND tỉnh năm 2025").click()
    expect(row(page, "Trần Thị Bình")).to_contain_text("Số hoá hồ sơ đăng kiểm")
    page.get_by_role("button", name="Tiếp nhận và bắt đầu thẩm định").click()
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        row(page, name).get_by_role("button", name="Đủ điều kiện", exact=True).click()
        expect(row(page, name).locator(".badge.bg-success").filter(has_text="Đủ điều kiện")).to_have_count(2)
    shot(page, "board-appraised")
    page.get_by_role("button", name="Trình Hội đồng").click()
    expect(page.locator("h1 + div .badge")).to_have_text("Trình Hội đồng")
    page.get_by_role("link", name="Dự thảo quyết định").click()
    shot(page, "decision-form")
    textbox(page, "Số").fill("125/QĐ-UBND")
    textbox(page, "Người ký").fill("Trần Tuệ Hiền")
    textbox(page, "Chức vụ người ký").fill("Chủ tịch")
    page.get_by_label("Thẩm quyền quyết định").select_option(label="Chủ tịch UBND tỉnh")
    textbox(page, "Cơ quan ban hành (ghi trên quyết định)").fill("UBND tỉnh Bình Phước")
    page.get_by_label("Bản ký").set_input_files({"name": "125-QD-UBND.pdf", **PDF})
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        expect(page.get_by_label(re.compile(name))).to_be_checked()
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", name="125/QĐ-UBND")).to_be_visible()
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        expect(row(page, name)).to_contain_text(vnd(amount))
    expect(page.locator("tfoot")).to_contain_text(vnd(2 * amount))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(alert(page).filter(has_text="Đã ban hành quyết định: ghi 2 mục vào sổ khen thưởng.")).to_be_visible()
    shot(page, "decision-issued")

    # 6. The register shows both awards with their reward money ---------------------------------------------
    open_menu(page, "Khen thưởng", "Tra cứu khen thưởng")
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        entry = row(page, name)
        expect(entry).to_contain_text("Bằng khen của Chủ tịch UBND tỉnh")
        expect(entry).to_contain_text("125/QĐ-UBND")
        expect(entry).to_contain_text(vnd(amount))
    expect(row(page, "Lê Văn Cường")).to_have_count(0)
    shot(page, "register")
