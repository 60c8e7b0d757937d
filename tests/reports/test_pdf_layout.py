import datetime
import io

import pytest
from pypdf import PdfReader

from reports.pdf import font_css, place_and_date, render_document
from tests.reports.conftest import pdf_text

TONES = ("Độc lập – Tự do – Hạnh phúc; ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự ý ỳ ỷ ỹ ỵ Đ đ")
DOC = {"doc_type": "BÁO CÁO", "title": "Thử phông chữ", "issuing_body": "Ban Thi đua – Khen thưởng",
       "parent_body": "UBND tỉnh Thử", "symbol": "BC-BTĐKT", "place": "Thử", "recipients": ["Như trên"],
       "signer_title": "Trưởng ban", "signer_name": "Nguyễn Văn Ký"}


def test_every_vietnamese_tone_mark_reads_back_unchanged():
    pdf = render_document("reports/pdf/text.html", {"doc": DOC, "paragraphs": [TONES]})
    assert TONES in pdf_text(pdf)


def test_fonts_are_full_ttf_files_without_unicode_range():
    css = font_css()
    assert css.count("file://") == 4
    assert "LiberationSerif-Regular.ttf" in css and "LiberationSerif-BoldItalic.ttf" in css
    assert "unicode-range" not in css


def test_layout_has_motto_number_date_recipients_and_signature():
    text = pdf_text(render_document("reports/pdf/text.html", {"doc": DOC, "paragraphs": ["Nội dung."]}))
    assert text.startswith("UBND TỈNH THỬ BAN THI ĐUA – KHEN THƯỞNG Số: /BC-BTĐKT "
                           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Thử, ngày")
    assert "BÁO CÁO Thử phông chữ Nội dung." in text
    assert "Nơi nhận: - Như trên - Lưu: VT. TRƯỞNG BAN Nguyễn Văn Ký" in text


def test_pages_are_a4_and_numbered_from_the_second():
    pdf = render_document("reports/pdf/text.html", {"doc": DOC, "paragraphs": [TONES] * 40})
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    assert reader.pages[1].extract_text().split()[-1] == "2"
    assert reader.pages[0].extract_text().split()[-1] != "1"


@pytest.mark.parametrize("day,expected", [
    ("2026-02-05", "Thử, ngày 05 tháng 02 năm 2026"), ("2025-12-31", "Thử, ngày 31 tháng 12 năm 2025")])
def test_place_and_date_follow_the_decree_form(day, expected):

    assert place_and_date("Thử", datetime.date.fromisoformat(day)) == expected
