"""Browser journeys of a bloc's year where real people are slow: nothing typed is lost on the scorecard (an
evidence upload keeps the typed points; leaving asks first), the scorecard fits a 390 px phone, and a bloc with
three units that never submit still reaches its vote (the leader reminds them, the board closes them out and
locks the reviewed scorecards in one action, the ballot lists the units in rank order with their scores)."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from blocs import services as bloc_services
from blocs.enums import BlocYearState, ScorecardState
from blocs.models import Bloc, BlocYear, Evidence, Scorecard, ScoreEntry
from emulation.models import Notification
from tests.blocs.factories import make_bloc_year, make_card
from tests.e2e.conftest import follow, goto, login
from tests.factories import UnitFactory, make_board, make_clerk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLOC_NAME = "Khối các sở kinh tế tổng hợp"
PDF = b"%PDF-1.4\n%minh chung\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FULL = {"A.1": 50, "A.2": 30, "B.1": 4, "B.2": 2, "C.1": 1}


def _world(deadline_days):
    today = timezone.localdate()
    head = UnitFactory(name="Sở Kế hoạch và Đầu tư", code="SKHDT")
    deputy = UnitFactory(name="Sở Tài chính", code="STC")
    mine = UnitFactory(name="Sở Công Thương", code="SCT")
    slow = [UnitFactory(name=n, code=c) for n, c in (("Sở Xây dựng", "SXD"), ("Sở Nội vụ", "SNV"),
                                                      ("Sở Tư pháp", "STP"))]
    board = make_board(username="board")
    clerk = make_clerk(mine, username="clerk")
    leader = make_clerk(head, username="leader")
    slow_clerks = [make_clerk(u, username=f"clerk{u.code.lower()}") for u in slow]
    bloc = Bloc.objects.create(name=BLOC_NAME, code="KTTH")
    by = make_bloc_year(head, members=[mine, *slow], deputy=deputy, year=today.year, bloc=bloc,
                        deadline=today + datetime.timedelta(days=deadline_days))
    bloc_services.open_scoring(by, board)
    return SimpleNamespace(by=by, head=head, deputy=deputy, mine=mine, slow=slow, board=board, clerk=clerk,
                           leader=leader, slow_clerks=slow_clerks, year=today.year)


def _points(page, code, maximum):
    return page.get_by_label(f"Điểm tự chấm {code} (tối đa {maximum})")


def test_a_typed_score_survives_an_evidence_upload_and_leaving_asks_first(page, shot, tmp_path):
    w = _world(deadline_days=30)
    card = Scorecard.objects.get(bloc_year=w.by, unit=w.mine)
    login(page, "clerk")
    goto(page, card.get_absolute_url())
    expect(page.get_by_text("Điểm tự chấm (tổng theo số đang nhập, kể cả chưa lưu)")).to_be_visible()
    expect(page.locator("#total-self")).to_have_count(0)  # one total on the sheet: the live one
    _points(page, "A.1", 60).fill("55")
    _points(page, "A.2", 40).fill("35")
    page.get_by_label("Ghi chú A.1").fill("Đạt 110% kế hoạch năm")
    expect(page.get_by_text("Có thay đổi chưa lưu")).to_be_visible()
    expect(page.locator("#run-total")).to_have_text("90")
    expect(page.locator("#run-penalty")).to_have_text("0")  # no penalty typed: "0", never "−0"

    # The evidence of A.2 goes up in the background: the page stays, with everything typed.
    evidence = tmp_path / "bao-cao-tong-ket.pdf"
    evidence.write_bytes(PDF)
    row = page.locator("tr", has=page.get_by_label("Tệp minh chứng A.2"))
    page.get_by_label("Tệp minh chứng A.2").set_input_files(str(evidence))
    row.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#evidence-status")).to_contain_text("Đã đính kèm tệp bao-cao-tong-ket.pdf.")
    expect(row.get_by_role("link", name=re.compile("bao-cao-tong-ket.pdf"))).to_be_visible()
    expect(_points(page, "A.1", 60)).to_have_value("55")
    expect(_points(page, "A.2", 40)).to_have_value("35")
    expect(page.get_by_label("Ghi chú A.1")).to_have_value("Đạt 110% kế hoạch năm")
    expect(page.get_by_text("Có thay đổi chưa lưu")).to_be_visible()
    assert Evidence.objects.filter(scorecard=card, criterion__code="A.2").count() == 1
    shot(page, "uploaded-typed-kept")

    # Leaving now asks first; staying keeps the page.
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    with page.expect_event("dialog"):
        page.locator(".breadcrumb a").last.click()
    assert dialogs == ["beforeunload"]
    expect(_points(page, "A.1", 60)).to_have_value("55")
    page.remove_listener("dialog", answer)

    # Saving after the upload works (the upload's new version came back with it): nothing was lost.
    follow(page, page.get_by_role("button", name="Lưu nháp"))
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu nháp.")
    expect(_points(page, "A.1", 60)).to_have_value("55")
    entries = {e.criterion.code: e for e in ScoreEntry.objects.filter(scorecard=card).select_related("criterion")}
    assert (entries["A.1"].self_points, entries["A.2"].self_points, entries["A.1"].note) == (
        55, 35, "Đạt 110% kế hoạch năm")
    expect(page.locator("tr", has=page.get_by_label("Tệp minh chứng A.2")).get_by_role(
        "link", name=re.compile("bao-cao-tong-ket.pdf"))).to_be_visible()


def test_the_scorecard_fits_a_390px_phone(page, shot, tmp_path):
    w = _world(deadline_days=30)
    card = Scorecard.objects.get(bloc_year=w.by, unit=w.mine)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "clerk")
    goto(page, card.get_absolute_url())
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    shot(page, "phone-scorecard")
    note = page.get_by_label("Ghi chú C.1")
    note.scroll_into_view_if_needed()
    expect(note).to_be_in_viewport()
    note.fill("Chậm một báo cáo quý")
    upload = page.get_by_label("Tệp minh chứng C.1")
    upload.scroll_into_view_if_needed()
    expect(upload).to_be_visible()
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(PDF)
    upload.set_input_files(str(evidence))
    page.locator("tr", has=upload).get_by_role("button", name="Tải lên").click()
    expect(page.locator("#evidence-status")).to_contain_text("Đã đính kèm tệp bien-ban.pdf.")
    expect(note).to_have_value("Chậm một báo cáo quý")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    # the buttons and the live total stay at hand at the foot of the screen
    expect(page.get_by_role("button", name="Lưu nháp")).to_be_in_viewport()
    expect(page.locator("#run-total")).to_be_in_viewport()
    shot(page, "phone-scorecard-uploaded")
    # the submitted, read-only sheet fits too
    _points(page, "A.1", 60).fill("")
    for code, value in FULL.items():
        page.locator(f"input.pts[aria-label^='Điểm tự chấm {code} ']").fill(str(value))
    page.once("dialog", lambda d: d.accept())
    follow(page, page.get_by_role("button", name="Lưu và gửi khối"))
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi bảng tự chấm điểm cho khối.")
    expect(page.get_by_role("alert")).to_be_in_viewport()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    shot(page, "phone-scorecard-submitted")


def test_a_bloc_with_three_units_that_never_submit_still_reaches_its_vote(page, shot):
    w = _world(deadline_days=-1)  # the self-scoring deadline was yesterday
    for unit, pts in ((w.head, FULL), (w.deputy, {**FULL, "A.1": 58}), (w.mine, {**FULL, "A.1": 45})):
        make_card(w.by, unit, state=ScorecardState.REVIEWED, points=pts, reviewed=pts)
    BlocYear.objects.filter(pk=w.by.pk).update(state=BlocYearState.REVIEWING)

    # The bloc leader sees who is missing and reminds them all with one button.
    login(page, "leader")
    goto(page, w.by.get_absolute_url())
    missing = page.locator("#missing")
    expect(missing).to_contain_text("3 đơn vị thành viên chưa gửi bảng điểm")
    for unit in w.slow:
        expect(missing).to_contain_text(unit.name)
    follow(page, missing.get_by_role("button", name="Nhắc tất cả"))
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi lời nhắc tới 3 đơn vị")
    for clerk in w.slow_clerks:
        assert Notification.objects.filter(recipient=clerk, action="blocs.blocyear.reminded").count() == 1
    shot(page, "leader-reminded")
    page.context.clear_cookies()

    # Nobody answers. The board records each as not submitted, with a reason.
    login(page, "board")
    goto(page, w.by.get_absolute_url())
    for unit in w.slow:
        item = page.locator("#missing li", has_text=unit.name)
        follow(page, item.get_by_role("link", name="Ghi nhận không nộp"))
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Ghi nhận không nộp: {unit.name}")
        page.get_by_label("Lý do").fill("Không gửi bảng tự chấm dù đã được nhắc")
        follow(page, page.get_by_role("button", name="Ghi nhận không nộp"))
        expect(page.get_by_role("alert")).to_contain_text(f"Đã ghi nhận {unit.name} không nộp bảng điểm.")
    expect(page.locator("#missing")).to_have_count(0)
    expect(page.get_by_text("3 không nộp")).to_be_visible()
    shot(page, "board-closed-out")

    # The reviewed scorecards are locked in one action, from a page that lists them.
    follow(page, page.get_by_role("link", name="Chốt các bảng điểm khối đã chấm (3)"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Sở Công Thương")
    shot(page, "board-finalise-confirm")
    follow(page, page.get_by_role("button", name="Chốt 3 bảng điểm"))
    expect(page.get_by_role("alert")).to_contain_text("Đã chốt 3 bảng điểm")
    assert Scorecard.objects.filter(bloc_year=w.by, state=ScorecardState.FINALISED).count() == 3

    # Nothing holds the bloc up: the vote opens, the ballot lists the units in rank order with their scores.
    follow(page, page.get_by_role("button", name="Mở bỏ phiếu suy tôn"))
    expect(page.get_by_role("alert")).to_contain_text("Đã mở bỏ phiếu suy tôn.")
    follow(page, page.get_by_role("link", name="Bỏ phiếu suy tôn và đề nghị"))
    ballot = page.locator("#ballot tbody tr")
    expect(ballot).to_have_count(3)
    for i, cells in enumerate([["1", "Sở Tài chính", "93"], ["2", "Sở Kế hoạch và Đầu tư", "85"],
                               ["3", "Sở Công Thương", "80"]]):
        expect(ballot.nth(i).get_by_role("cell").nth(0)).to_have_text(cells[0])
        expect(ballot.nth(i).get_by_role("cell").nth(1)).to_have_text(cells[1])
        expect(ballot.nth(i).get_by_role("cell").nth(2)).to_have_text(cells[2])
    page.get_by_label("Ngày tổ chức").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Số người dự họp").fill("6")
    page.get_by_label("Sở Tài chính", exact=True).fill("5")
    page.get_by_label("Sở Kế hoạch và Đầu tư", exact=True).fill("4")
    page.get_by_label("Sở Công Thương", exact=True).fill("2")
    shot(page, "vote-form")
    follow(page, page.get_by_role("button", name="Lưu kết quả"))
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi kết quả bỏ phiếu.")
