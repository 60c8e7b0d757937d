"""Browser journeys of an emulation bloc (Khối thi đua): a member unit's clerk signs the pledge and scores
the unit; the bloc leader reviews that scorecard, records the vote and downloads the year-end summary.

Everything after the fixtures goes through the UI, as the users see it (Vietnamese).
"""

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from blocs import selectors as bloc_selectors
from blocs import services as bloc_services
from blocs.enums import ScorecardState
from blocs.models import Bloc, Scorecard
from pledges import services as pledge_services
from pledges.enums import CommitmentKind
from tests.blocs.factories import make_bloc_year, make_card
from tests.e2e.conftest import follow, login, ready
from tests.factories import UnitFactory, make_board, make_clerk
from tests.pledges.factories import CommitmentFactory, PledgeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLOC_NAME = "Khối các sở kinh tế tổng hợp"
# The clerk's self scores (SMALL_TREE: A.1 ≤ 60, A.2 ≤ 40 standard; B.1, B.2 ≤ 8 bonus, cap 10; C.1 ≤ 5 penalty)
SELF = {"A.1": 55, "A.2": 35, "B.1": 5, "B.2": 6, "C.1": 2}  # 90 + min(11, 10) − 2 = 98
# The other members' scorecards, already final (self = reviewed = final): totals 104, 81, 75
OTHERS = {
    "head": {"A.1": 58, "A.2": 38, "B.1": 4, "B.2": 4, "C.1": 0},
    "deputy": {"A.1": 50, "A.2": 30, "B.1": 2, "B.2": 0, "C.1": 1},
    "other": {"A.1": 45, "A.2": 30, "B.1": 0, "B.2": 0, "C.1": 0},
}
# The secret ballot: 20 voters present, the threshold is 50% (no dated threshold configured)
VOTES = {"Sở Kế hoạch và Đầu tư": 18, "Sở Công Thương": 15, "Sở Tài chính": 9, "Sở Xây dựng": 6}


@pytest.fixture
def world(db):
    """A bloc year of this year: head (the leader's unit), deputy, the clerk's unit and one more member,
    self-scoring open with the small criteria tree, and the pledge open for signing."""
    today = timezone.localdate()
    head = UnitFactory(name="Sở Kế hoạch và Đầu tư", code="SKHDT")
    deputy = UnitFactory(name="Sở Tài chính", code="STC")
    mine = UnitFactory(name="Sở Công Thương", code="SCT")
    other = UnitFactory(name="Sở Xây dựng", code="SXD")
    board = make_board(username="board")
    clerk = make_clerk(mine, username="clerk")
    leader = make_clerk(head, username="leader")
    bloc = Bloc.objects.create(name=BLOC_NAME, code="KTTH", council="Hội đồng Thi đua – Khen thưởng tỉnh")
    by = make_bloc_year(head, members=[mine, other], deputy=deputy, year=today.year, bloc=bloc,
                        deadline=today + datetime.timedelta(days=30))
    bloc_services.open_scoring(by, board)
    pledge = PledgeFactory(bloc_year=by, title=f"Giao ước thi đua năm {today.year} của {BLOC_NAME}")
    CommitmentFactory(pledge=pledge, position=1, text="Hoàn thành 100% chỉ tiêu kế hoạch được giao.")
    CommitmentFactory(pledge=pledge, position=2, kind=CommitmentKind.MEASURABLE, target_figure=95, target_unit="%",
                      text="Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn.")
    pledge_services.open_for_signing(pledge, board)
    for unit, name in ((head, "Trần Văn Khối"), (deputy, "Lê Thị Phó"), (other, "Phạm Văn Dựng")):
        pledge_services.sign_pledge(pledge, board, unit, name, "Giám đốc Sở")
    by.refresh_from_db()
    return SimpleNamespace(by=by, head=head, deputy=deputy, mine=mine, other=other, board=board, clerk=clerk,
                           leader=leader, pledge=pledge, year=today.year)


def logout(page):
    page.get_by_role("button", name=re.compile(r"^(clerk|leader|board)$")).click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()


def test_clerk_signs_the_pledge_and_submits_the_scorecard(page, shot, world):
    login(page, "clerk")
    shot(page, "dashboard")
    pledge_panel = page.locator(".card", has_text="Giao ước cần ký")
    pledge_panel.get_by_role("link", name=world.pledge.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.pledge.title)
    expect(page.get_by_text("Đang mở ký kết · Đã ký: 3/4 đơn vị thành viên")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Sở Công Thương"))).to_contain_text("Chưa ký")
    shot(page, "pledge")
    follow(page, page.get_by_role("link", name="Ký cho đơn vị tôi"))
    # the unit chooser is a searchable Tom Select box over the form's own select
    expect(page.locator("select#id_unit")).to_have_value(str(world.mine.pk))
    expect(page.get_by_role("combobox", name="Đơn vị")).to_be_visible()
    page.get_by_label("Người đại diện ký").fill("Nguyễn Văn Hùng")
    page.get_by_label("Chức vụ người đại diện").fill("Giám đốc Sở")
    shot(page, "sign-form")
    page.get_by_role("button", name="Ghi nhận chữ ký").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận chữ ký của Sở Công Thương.")
    expect(page.get_by_text("Đã ký kết · Đã ký: 4/4 đơn vị thành viên")).to_be_visible()
    row = page.locator("#signatures").get_by_role("row", name=re.compile("Sở Công Thương"))
    expect(row).to_contain_text("Nguyễn Văn Hùng")
    expect(row).to_contain_text("Giám đốc Sở")
    shot(page, "pledge-signed")

    # The bloc year, from the menu; the clerk sees only the own unit's scorecard, still a draft.
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("button", name="Thi đua", exact=True).click()
    page.get_by_role("link", name="Khối thi đua", exact=True).click()
    page.get_by_role("row", name=re.compile(BLOC_NAME)).get_by_role("link", name=str(world.year)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{BLOC_NAME} – {world.year} Tự chấm điểm")
    cards = page.locator("table", has=page.get_by_role("columnheader", name="Trạng thái")).locator("tbody tr")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Sở Công Thương")
    expect(cards.first).to_contain_text("Nháp")
    # A member reads the year-end summary only once the year is closed: no link to a form it cannot use.
    expect(page.get_by_role("link", name="Yêu cầu báo cáo (PDF)")).to_have_count(0)
    shot(page, "bloc-year")
    follow(page, page.get_by_role("link", name="Mở bảng điểm của đơn vị"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Công Thương")
    expect(page.locator("#run-total")).to_have_text("0")

    # Scoring by keyboard: Enter moves to the next score, Tab walks the row (points, note, evidence).
    def points(code, maximum):
        return page.get_by_label(f"Điểm tự chấm {code} (tối đa {maximum})")

    a1 = points("A.1", 60)
    a1.focus()
    page.keyboard.type("70")
    expect(a1).to_have_class(re.compile(r"\bis-invalid\b"))  # above the maximum: flagged at once
    expect(page.get_by_text("Có thay đổi chưa lưu")).to_be_visible()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(SELF["A.1"]))
    expect(a1).not_to_have_class(re.compile(r"\bis-invalid\b"))
    page.keyboard.press("Tab")
    expect(page.get_by_label("Ghi chú A.1")).to_be_focused()
    page.keyboard.type("Đạt 110% kế hoạch năm")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Tệp minh chứng A.1")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(points("A.2", 40)).to_be_focused()
    page.keyboard.type(str(SELF["A.2"]))
    for code, maximum in (("B.1", 8), ("B.2", 8), ("C.1", 5)):
        page.keyboard.press("Enter")
        expect(points(code, maximum)).to_be_focused()
        page.keyboard.type(str(SELF[code]))
    # The running total follows the typing: 55 + 35 standard, bonus 11 capped at 10, penalty 2.
    expect(page.locator("#run-total")).to_have_text("98")
    expect(page.locator("#run-standard")).to_have_text("90")
    expect(page.locator("#run-bonus")).to_have_text("10")
    expect(page.locator("#run-penalty")).to_have_text("−2")  # with its sign; a zero penalty reads "0"
    expect(page.locator("#run-scored")).to_have_text("5")
    shot(page, "scorecard-typed")
    with page.expect_navigation():
        page.keyboard.press("Control+S")
    ready(page)
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu nháp.")
    expect(page.locator("#run-total")).to_have_text("98")  # one total on an editable sheet: the live one
    expect(page.locator("#total-self")).to_have_count(0)
    expect(points("A.1", 60)).to_have_value("55")
    expect(page.get_by_label("Ghi chú A.1")).to_have_value("Đạt 110% kế hoạch năm")
    shot(page, "scorecard-saved")

    dialogs = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # the buttons sit at the foot of the sheet
    follow(page, page.get_by_role("button", name="Lưu và gửi khối"))
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi bảng tự chấm điểm cho khối.")
    expect(page.get_by_role("alert")).to_be_in_viewport()  # the page opens at the message, not mid-sheet
    assert dialogs == ["Gửi bảng tự chấm điểm cho khối? Sau khi gửi sẽ không sửa được."]
    expect(page.locator("h1 + p .badge").first).to_have_text("Đã gửi")
    expect(page.locator("#total-self")).to_have_text("98")
    expect(page.get_by_text("Điểm chuẩn 90 · Điểm thưởng 10 (đã áp trần) · Điểm trừ −2")).to_be_visible()
    expect(page.locator("#sheet input:not([type=hidden])")).to_have_count(0)  # read-only now
    expect(page.get_by_role("row", name=re.compile(r"^A\.1 ")).get_by_role("cell").nth(3)).to_have_text("55")
    shot(page, "scorecard-submitted")

    # Home: nothing is left to sign or to fill in.
    page.get_by_role("link", name="Thi đua – Khen thưởng").click()
    expect(page.get_by_role("heading", name="Xin chào, clerk")).to_be_visible()
    expect(page.get_by_text("Giao ước cần ký")).to_have_count(0)
    expect(page.get_by_text("Bảng chấm điểm cần thực hiện")).to_have_count(0)
    shot(page, "dashboard-done")


@pytest.fixture
def submitted(world):
    """Every unit has signed; the clerk's scorecard (SELF, 98 points) is submitted, the others are final, and
    self-scoring has closed: the bloc year is in review."""
    pledge_services.sign_pledge(world.pledge, world.clerk, world.mine, "Nguyễn Văn Hùng", "Giám đốc Sở")
    card = Scorecard.objects.get(bloc_year=world.by, unit=world.mine)
    tree = bloc_selectors.criteria_tree(world.by)
    bloc_services.save_self_scores(card, world.clerk, {c.pk: (SELF[c.code], "") for c in tree.leaves})
    bloc_services.submit_scorecard(card, world.clerk)
    for key, pts in OTHERS.items():
        make_card(world.by, getattr(world, key), state=ScorecardState.FINALISED, points=pts, reviewed=pts, final=pts)
    bloc_services.start_reviewing(world.by, world.board)
    return world


def test_bloc_leader_reviews_records_the_vote_and_downloads_the_summary(page, shot, submitted):
    w = submitted
    login(page, "leader")
    panel = page.locator(".card", has_text="Khối trưởng: việc cần làm")
    expect(panel).to_contain_text(f"Sở Công Thương ({BLOC_NAME} {w.year}) – Đã gửi")
    shot(page, "dashboard")
    follow(page, panel.get_by_role("link", name=re.compile("Sở Công Thương")))

    # The review: A.1 goes from 55 to 50; without a reason the change is refused.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Công Thương")
    a1 = page.get_by_label("Điểm khối chấm A.1")
    expect(a1).to_have_attribute("placeholder", "55")
    a1.focus()
    page.keyboard.type("50")
    expect(a1.locator("xpath=ancestor::td")).to_have_class(re.compile(r"\bdiff-changed\b"))
    reason = page.get_by_label("Lý do A.1")
    expect(reason).to_have_class(re.compile(r"\bis-invalid\b"))
    shot(page, "review-changed")
    follow(page, page.get_by_role("button", name="Lưu và hoàn thành chấm điểm"))
    expect(page.get_by_role("alert")).to_contain_text("A.1: cần nêu lý do khi điều chỉnh điểm đơn vị tự chấm.")
    expect(page.get_by_label("Điểm khối chấm A.1")).to_have_value("50")
    page.get_by_label("Điểm khối chấm A.1").focus()
    page.keyboard.press("Tab")
    expect(reason).to_be_focused()
    page.keyboard.type("Chưa có minh chứng cho 10% vượt kế hoạch")
    expect(reason).not_to_have_class(re.compile(r"\bis-invalid\b"))
    shot(page, "review-reason")
    page.get_by_role("button", name="Lưu và hoàn thành chấm điểm").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã hoàn thành chấm điểm.")
    expect(page.locator("h1 + p .badge").first).to_have_text("Khối đã chấm")
    reviewed_card = page.locator(".card", has_text="Điểm khối chấm")
    expect(reviewed_card).to_contain_text("93")
    expect(reviewed_card).to_contain_text("Điểm chuẩn 85 · Điểm thưởng 10 · Điểm trừ −2")
    a1_row = page.get_by_role("row", name=re.compile(r"^A\.1 "))
    expect(a1_row).to_contain_text("Chưa có minh chứng cho 10% vượt kế hoạch")
    shot(page, "review-done")

    # The board finalises the reviewed scorecard (only the board may).
    logout(page)
    login(page, "board")
    panel = page.locator(".card", has_text="Bảng chấm điểm khối chờ chốt")
    panel.get_by_role("link", name=f"Sở Công Thương ({BLOC_NAME} {w.year})").click()
    dialogs = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    page.get_by_role("button", name="Chốt điểm").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã chốt bảng điểm.")
    assert dialogs == ["Chốt và khóa bảng điểm này?"]
    expect(page.locator("h1 + p .badge").first).to_have_text("Đã chốt")
    shot(page, "finalised")
    logout(page)

    # Back to the leader: every scorecard is final, so the vote opens.
    login(page, "leader")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("button", name="Thi đua", exact=True).click()
    page.get_by_role("link", name="Khối thi đua", exact=True).click()
    page.get_by_role("row", name=re.compile(BLOC_NAME)).get_by_role("link", name=str(w.year)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{BLOC_NAME} – {w.year} Khối chấm điểm")
    expect(page.get_by_text("4 đã chốt")).to_be_visible()
    page.get_by_role("button", name="Mở bỏ phiếu suy tôn").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã mở bỏ phiếu suy tôn.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{BLOC_NAME} – {w.year} Bỏ phiếu suy tôn")
    shot(page, "vote-open")
    follow(page, page.get_by_role("link", name="Bỏ phiếu suy tôn và đề nghị"))

    # The secret ballot of the year-end meeting: 20 voters, a unit needs 50% of them.
    expect(page.get_by_text("Chưa ghi kết quả bỏ phiếu.")).to_be_visible()
    page.get_by_label("Ngày tổ chức").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Số người dự họp").fill("20")
    for unit, votes in VOTES.items():
        page.get_by_label(unit, exact=True).fill(str(votes))
    page.get_by_label("Ghi chú biên bản").fill("Hội nghị tổng kết khối, bỏ phiếu kín.")
    shot(page, "vote-form")
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi kết quả bỏ phiếu.")
    expect(page.get_by_text("Ngày tổ chức " + timezone.localdate().strftime("%d/%m/%Y")
                            + " · Số người dự họp: 20 · Ngưỡng: 50%")).to_be_visible()
    results = page.locator("table", has=page.get_by_role("columnheader", name="%")).locator("tbody tr")
    expected = [["Sở Kế hoạch và Đầu tư", "18", "90", "đạt ngưỡng"], ["Sở Công Thương", "15", "75", "đạt ngưỡng"],
                ["Sở Tài chính", "9", "45", ""], ["Sở Xây dựng", "6", "30", ""]]
    expect(results).to_have_count(len(expected))
    for i, cells in enumerate(expected):
        expect(results.nth(i).get_by_role("cell")).to_have_text(cells)
    shot(page, "vote-recorded")

    # The year-end summary: requested from the bloc year page, produced by the worker, downloaded as a PDF.
    page.get_by_role("link", name="Quay lại khối thi đua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{BLOC_NAME} – {w.year} Bỏ phiếu suy tôn")
    page.get_by_role("link", name="Yêu cầu báo cáo (PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo tổng kết của khối")
    expect(page.get_by_label("Khối thi đua theo năm")).to_have_value(str(w.by.pk))
    shot(page, "report-request")
    page.get_by_role("button", name="Tạo tệp PDF và Excel").click()
    title = f"Báo cáo tổng kết năm {w.year} của {BLOC_NAME}"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    # The status box polls itself (htmx, every 2 s) until the file is ready; in tests the task runs in-process
    # right after the commit, so it is usually ready at once.
    expect(page.locator("#job-status")).to_have_attribute("data-status", "done", timeout=30000)
    expect(page.locator("#job-status")).to_contain_text("Đã xong")
    shot(page, "report-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert f"BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {w.year} {BLOC_NAME}" in text
    assert "Đã ký: 4/4 đơn vị thành viên" in text
    # rank, unit, self, reviewed, bonus, penalty, final: the leader's change is in the table
    assert "2 Sở Công Thương 98 93 10 2 93" in text
    assert "2 Sở Công Thương 15 75% có" in text
