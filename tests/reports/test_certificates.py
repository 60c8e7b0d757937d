"""Certificates of a decision (issue 18): one PDF, one page per recipient, on a blank at the set coordinates or
in full on plain paper, each with a QR code of its verification link; the blanks and their calibration."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards import services as nominations
from awards.enums import DocumentKind, NominationState, RecipientKind
from awards.models import Award
from emulation.errors import DomainError
from emulation.models import ActivityLog
from reports import blanks as blank_services
from reports import certificates
from reports.models import CertificateBlank
from tests.awards.nomination_factories import AwardTypeFactory, advance, decide, money_for, pdf, set_base_salary
from tests.factories import PersonFactory, make_board, make_clerk
from tests.reports.conftest import pdf_qr_links, pdf_text

pytestmark = pytest.mark.django_db
MM = 72 / 25.4  # points per millimetre


@pytest.fixture
def award_type(db):
    set_base_salary(2_340_000, datetime.date(2024, 7, 1))
    kind = AwardTypeFactory(code="C_BK", name="Bằng khen của Chủ tịch UBND tỉnh (thử)", order=1)
    money_for(kind, RecipientKind.INDIVIDUAL, "1.00")
    return kind


def _issued(unit, clerk, award_type, n, number="15/QĐ-UBND"):
    board = make_board(username=f"board-{number}")
    people = [PersonFactory(unit=unit, full_name=f"Người Nhận Số {i:02d}", position="Chuyên viên",
                            cccd=f"0012345678{i:02d}") for i in range(1, n + 1)]
    nomination = nominations.create_nomination(clerk, unit, 2024, "Đề nghị khen thưởng năm 2024")
    nominations.add_items(nomination, clerk, award_type, people=people, summary="Đã có thành tích xuất sắc")
    nominations.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    advance(nomination, clerk, board, NominationState.AT_COUNCIL)
    decision = decide(nomination, board, number=number)
    nominations.issue_decision(decision, board)
    return decision, people


@pytest.fixture
def blank(board):
    return blank_services.create_blank(
        board, name="Phôi bằng khen UBND tỉnh", page_width=Decimal(297), page_height=Decimal(210), font_size=14,
        recipient_font_size=22, centred=False, recipient_x=Decimal("80.0"), recipient_y=Decimal("95.0"),
        achievement_x=Decimal("60"), achievement_y=Decimal("120"), decision_x=Decimal("40"),
        decision_y=Decimal("175"), place_date_x=Decimal("170"), place_date_y=Decimal("150"),
        signer_x=Decimal("185"), signer_y=Decimal("192"), qr_x=Decimal("15"), qr_y=Decimal("165"),
        qr_size=Decimal("22"), offset_x=Decimal("2.5"), offset_y=Decimal("-1.5"))


def _url(decision, layout=""):
    return reverse("reports:certificates", args=[decision.pk]) + (f"?layout={layout}" if layout else "")


def _positions(page, needle):
    """(x mm from the left, y mm from the top) of every text run on the page that starts with ``needle``."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip().startswith(needle):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x / MM, (height - y) / MM))

    page.extract_text(visitor_text=visit)
    return found


def test_a_30_recipient_decision_gives_30_pages_each_with_its_recipient(client, unit, clerk, award_type, board,
                                                                       letterhead):
    decision, people = _issued(unit, clerk, award_type, 30)
    client.force_login(board)
    response = client.get(_url(decision, "full"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 30
    names = sorted(p.full_name for p in people)
    for page, name in zip(reader.pages, names, strict=True):
        text = " ".join(page.extract_text().split())
        assert name in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "BẰNG KHEN" in text and "Đã có thành tích xuất sắc" in text
        assert "Quyết định số 15/QĐ-UBND ngày 20/12/2024" in text
        assert "Thử Nghiệm, ngày 20 tháng 12 năm 2024" in text and "Nguyễn Văn Chủ" in text
        others = [n for n in names if n != name]
        assert not any(o in text for o in others)
        assert "0012345678" not in text and "17/05/1985" not in text


def test_each_certificate_qr_decodes_to_its_verification_link(client, unit, clerk, award_type, board, letterhead,
                                                             settings):
    settings.PUBLIC_BASE_URL = "https://xacminh.tinh.gov.vn"
    decision, people = _issued(unit, clerk, award_type, 3)
    client.force_login(board)
    content = client.get(_url(decision, "full")).content
    tokens = dict(Award.objects.filter(nomination_item__decision=decision)
                  .values_list("person__full_name", "verify_token"))
    assert set(pdf_qr_links(content)) == {f"https://xacminh.tinh.gov.vn/xac-minh/{t}/" for t in tokens.values()}
    # each page's QR is its own recipient's: the page is drawn from the row that names both
    data = certificates.gather(decision, "https://xacminh.tinh.gov.vn")
    assert {c["name"]: c["verify"] for c in data["certificates"]} == {
        name: f"https://xacminh.tinh.gov.vn/xac-minh/{token}/" for name, token in tokens.items()}
    # the link opens the public page of that award
    client.logout()
    link = pdf_qr_links(content, page=0)[0]
    assert client.get(link.removeprefix("https://xacminh.tinh.gov.vn")).status_code == 200


def test_without_public_base_url_the_qr_uses_the_request_host(client, unit, clerk, award_type, board, letterhead,
                                                             settings):
    settings.PUBLIC_BASE_URL = ""
    decision, _people = _issued(unit, clerk, award_type, 1)
    client.force_login(board)
    links = pdf_qr_links(client.get(_url(decision, "full")).content)
    assert links[0].startswith("http://testserver/xac-minh/")


def test_on_a_blank_the_text_sits_at_the_set_coordinates_plus_the_offset(client, unit, clerk, award_type, board,
                                                                        letterhead, blank):
    decision, people = _issued(unit, clerk, award_type, 30)
    client.force_login(board)
    response = client.get(_url(decision, blank.pk))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 30
    assert abs(float(reader.pages[0].mediabox.width) / MM - 297) < 0.5
    expected = {
        "Người Nhận Số": (80 + 2.5, 95 - 1.5),
        "Đã có thành tích": (60 + 2.5, 120 - 1.5),
        "Quyết định số": (40 + 2.5, 175 - 1.5),
        "Thử Nghiệm, ngày": (170 + 2.5, 150 - 1.5),
        "Nguyễn Văn Chủ": (185 + 2.5, 192 - 1.5),
    }
    names = sorted(p.full_name for p in people)
    for page, name in zip(reader.pages, names, strict=True):
        text = page.extract_text()
        assert name in text
        # only the variable text: nothing of the pre-printed parts
        assert "CỘNG HÒA" not in text and "BẰNG KHEN" not in text
        for needle, (x, y) in expected.items():
            found = _positions(page, needle)
            assert found, needle
            fx, fy = found[0]
            assert abs(fx - x) <= 1 and abs(fy - y) <= 1, (needle, found[0], (x, y))


def test_centred_blank_centres_the_line_on_x(client, unit, clerk, award_type, board, letterhead, blank):
    blank_services.update_blank(blank, board, centred=True)
    decision, _people = _issued(unit, clerk, award_type, 1)
    client.force_login(board)
    page = PdfReader(io.BytesIO(client.get(_url(decision, blank.pk)).content)).pages[0]
    start_x, y = _positions(page, "Người Nhận Số")[0]
    assert start_x < 82.5 and abs(y - 93.5) <= 1  # the line starts left of its centre; baseline unchanged


def test_calibration_page_marks_every_field(client, board, blank):
    client.force_login(board)
    response = client.get(reverse("reports:blank_calibration", args=[blank.pk]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = pdf_text(response.content)
    for label in ("Đối tượng được khen (82,5; 93,5)", "Thành tích (62,5; 118,5)", "Người ký (187,5; 190,5)",
                  "Mã QR (17,5; 163,5)"):
        assert label in text
    assert "Phôi bằng khen UBND tỉnh" in text


def test_the_offset_moves_the_calibration_marks(client, board, blank):
    client.force_login(board)
    response = client.post(reverse("reports:blank_edit", args=[blank.pk]),
                           {"form": "offset", "offset_x": "-1.0", "offset_y": "3.0"})
    assert response.status_code == 302
    blank.refresh_from_db()
    assert (blank.offset_x, blank.offset_y) == (Decimal("-1.0"), Decimal("3.0"))
    entry = ActivityLog.objects.filter(action="reports.certificate_blank.updated").latest("pk")
    assert entry.data["diff"]["offset_x"] == ["2.5", "-1.0"] or entry.data["diff"]["offset_x"][1] in ("-1.0", "-1")
    text = pdf_text(client.get(reverse("reports:blank_calibration", args=[blank.pk])).content)
    assert "Đối tượng được khen (79,0; 98,0)" in text


def test_board_creates_a_blank_logged(client, board):
    client.force_login(board)
    data = {f.name: f.default for f in CertificateBlank._meta.concrete_fields if not f.primary_key}
    data.update(name="Phôi giấy khen", centred="on", is_active="on", note="")
    response = client.post(reverse("reports:blank_create"), data)
    assert response.status_code == 302
    blank = CertificateBlank.objects.get(name="Phôi giấy khen")
    assert ActivityLog.objects.filter(action="reports.certificate_blank.created", object_id=str(blank.pk)).exists()


def test_a_position_off_the_sheet_is_refused(board, blank):
    with pytest.raises(DomainError) as info:
        blank_services.update_blank(blank, board, recipient_x=Decimal("400"))
    assert "0 đến 297" in str(info.value) or "297" in str(info.value)
    blank.refresh_from_db()
    assert blank.recipient_x == Decimal("80.0")


def test_clerk_and_council_may_not_change_blanks(client, clerk, council, blank):
    for user in (clerk, council):
        with pytest.raises(DomainError):
            blank_services.update_blank(blank, user, offset_x=Decimal("9"))
        client.force_login(user)
        for name in ("reports:blank_list", "reports:blank_create"):
            assert client.get(reverse(name)).status_code == 403
        assert client.get(reverse("reports:blank_edit", args=[blank.pk])).status_code == 403
        assert client.get(reverse("reports:blank_calibration", args=[blank.pk])).status_code == 403
    blank.refresh_from_db()
    assert blank.offset_x == Decimal("2.5")
    assert not ActivityLog.objects.filter(action="reports.certificate_blank.updated").exists()


def test_roles_on_printing(client, unit, clerk, council, other_unit, award_type, letterhead):
    decision, _people = _issued(unit, clerk, award_type, 1)
    client.force_login(council)  # reads the decision, may not print
    assert client.get(_url(decision)).status_code == 403
    client.force_login(clerk)  # the awardees' clerk sees the decision, may not print
    assert client.get(_url(decision, "full")).status_code == 403
    client.force_login(make_clerk(other_unit, username="outsider"))  # the decision is not theirs
    assert client.get(_url(decision)).status_code == 404
    assert client.get(_url(decision, "full")).status_code == 404
    client.logout()
    assert client.get(_url(decision, "full")).status_code == 302  # to the login page


def test_draft_decision_has_no_certificates_yet(client, unit, clerk, award_type, board, letterhead):
    nomination = nominations.create_nomination(clerk, unit, 2024, "Đề nghị")
    nominations.add_items(nomination, clerk, award_type, people=[PersonFactory(unit=unit)], summary="Tốt")
    nominations.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    boss = make_board(username="boss")
    advance(nomination, clerk, boss, NominationState.AT_COUNCIL)
    decision = decide(nomination, boss)
    client.force_login(board)
    response = client.get(_url(decision, "full"))
    assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()


def test_revoked_awards_get_no_certificate(client, unit, clerk, award_type, board, letterhead):
    decision, people = _issued(unit, clerk, award_type, 3)
    Award.objects.filter(person=people[0]).update(revoked=True)
    client.force_login(board)
    content = client.get(_url(decision, "full")).content
    assert len(PdfReader(io.BytesIO(content)).pages) == 2
    assert people[0].full_name not in pdf_text(content)


def test_unknown_or_inactive_blank_is_404(client, unit, clerk, award_type, board, letterhead, blank):
    decision, _people = _issued(unit, clerk, award_type, 1)
    blank_services.update_blank(blank, board, is_active=False)
    client.force_login(board)
    assert client.get(_url(decision, blank.pk)).status_code == 404
    assert client.get(_url(decision, "abc")).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_query_counts(client, unit, clerk, award_type, board, letterhead, blank, n, django_assert_num_queries):
    decision, _people = _issued(unit, clerk, award_type, n, number=f"{n}/QĐ-UBND")
    client.force_login(board)
    client.get(_url(decision))  # warm the session and roles
    with django_assert_num_queries(6):
        assert client.get(_url(decision)).status_code == 200
    with django_assert_num_queries(8):  # session, user, roles, decision, blank, letterhead, its signer, items
        assert client.get(_url(decision, blank.pk)).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(reverse("reports:blank_list")).status_code == 200


def test_decision_page_offers_printing_to_the_board_only(client, unit, clerk, award_type, board, letterhead):
    decision, _people = _issued(unit, clerk, award_type, 1)
    client.force_login(board)
    assert _url(decision) in client.get(decision.get_absolute_url()).content.decode()
    client.force_login(clerk)
    assert _url(decision) not in client.get(decision.get_absolute_url()).content.decode()
