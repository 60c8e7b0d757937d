"""Layout rules of the drafted documents, each checked on the rendered PDF: the signature block never stands
alone on a last page, a long issuing body wraps to at most three lines, people's names do not wrap in the annex,
money is written one way, and units tied on every rule share a rank."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from weasyprint import HTML

from awards.models import BaseSalary
from emulation.templatetags.tdkt import money
from emulation.text import format_money
from reports.documents import layout
from reports.models import ISSUING_BODY_MAX, IssuerSetting

SIGNER = "Hoàng Minh Đức"
CLOSING = "Kính trình xem xét, quyết định."


def pages(data):
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def lines(data):
    return [line.strip() for p in PdfReader(io.BytesIO(data)).pages for line in p.extract_text().splitlines()]


def document(n_rows, issuing_body="Sở Thử Nghiệm", name="Nguyễn Văn Thử"):
    rows = [[i + 1, layout.NoWrap(f"{name} {i + 1}"), "Chuyên viên, Phòng Tổng hợp", "Hoàn thành xuất sắc nhiệm vụ"]
            for i in range(n_rows)]
    blocks = [layout.para("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "italic"),
              layout.table(["STT", "Họ và tên", "Chức vụ, đơn vị", "Thành tích"], rows, [12, 52, 50, 51]),
              layout.para(CLOSING, closing=True)]
    return [layout.part(letterhead=layout.letterhead(issuing_body, "UBND tỉnh Bình Phước", "12", "TTr-STN",
                                                     "Đồng Xoài, ngày 05 tháng 12 năm 2026"),
                        doc_type="TỜ TRÌNH", title="Về việc đề nghị khen thưởng", blocks=blocks,
                        foot=layout.foot([layout.signature(["Giám đốc"], SIGNER)], ["Như trên;", "Lưu: VT."]))]


def test_signature_block_never_alone_on_the_last_page():
    """Around the number of rows at which the document grows a page (found by bisection), where an unkept foot
    would be pushed alone onto the new page, the last page that carries the signer also carries the closing
    paragraph and the last rows of the list."""
    rendered = {}

    def texts(n):
        if n not in rendered:
            rendered[n] = pages(layout.render_pdf(document(n), "t"))
        return rendered[n]

    low, high = 1, 40  # one page at 1 row, more at 40
    assert len(texts(low)) == 1 and len(texts(high)) > 1
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if len(texts(mid)) == 1 else (low, mid)
    for n in range(high - 3, high + 2):
        last = texts(n)[-1]
        assert SIGNER in last, n
        assert CLOSING in last, n
        assert f"Nguyễn Văn Thử {n}" in last and f"Nguyễn Văn Thử {n - 1}" in last, n


def _line_count(html, css_class):
    doc = HTML(string=html).render()

    def walk(box):
        yield box
        for child in getattr(box, "children", []) or []:
            yield from walk(child)

    for box in walk(doc.pages[0]._page_box):
        if css_class in (getattr(box, "element", None) is not None and box.element.get("class", "") or "").split():
            if box.element_tag == "div" and hasattr(box, "children"):
                return sum(1 for child in box.children if type(child).__name__ == "LineBox")
    raise AssertionError("box not found")


LONG_BODIES = [
    "Sở Thử Nghiệm",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Ban Thi đua – Khen thưởng tỉnh Bình Phước thuộc Sở Nội vụ tỉnh Bình Phước",
    "Trung tâm Phát triển quỹ đất và Dịch vụ tư vấn tài nguyên môi trường thuộc Sở Nông nghiệp và Môi trường",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Bình Phước, Ban Quản lý dự án đầu tư xây dựng các "
    "công trình dân dụng và công nghiệp",
    "Trường Trung học phổ thông chuyên Quang Trung thành phố Đồng Xoài tỉnh Bình Phước, Việt Nam",
]


@pytest.mark.parametrize("body", [b[:n].strip() for b in LONG_BODIES for n in (40, 61, 69, 77, ISSUING_BODY_MAX)
                                  if len(b) >= n or n == 40])
def test_long_issuing_body_wraps_to_at_most_three_lines(body):
    html = layout.html(document(1, issuing_body=body), "t")
    assert 1 <= _line_count(html, "issuing-body") <= 3
    assert _line_count(html, "nation") == 1


@pytest.mark.django_db
def test_issuing_body_longer_than_three_lines_is_refused():
    row = IssuerSetting(issuing_body="x" * (ISSUING_BODY_MAX + 1), place="Bình Phước", signer_title="Giám đốc",
                        signer_name="Hoàng Minh Đức", valid_from=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert "issuing_body" in exc.value.message_dict


def test_annex_name_column_does_not_wrap_ordinary_names():
    names = ["Nguyễn Thị Phương Thảo", "Tôn Nữ Hoàng Khánh Ngọc", "Trương Nguyễn Thiên Hương"]
    rows = [[i + 1, layout.NoWrap(n), "Chuyên viên, Phòng Tổ chức cán bộ, Sở Nông nghiệp và Môi trường", "1.170.000 đ"]
            for i, n in enumerate(names)]
    parts = [layout.part(blocks=[layout.table(["STT", "Họ và tên", "Chức vụ, đơn vị", "Số tiền"], rows,
                                              [12, 58, 71, 24], numeric=[3])])]
    text_lines = lines(layout.render_pdf(parts, "t"))
    for name in names:
        assert any(name in line for line in text_lines), name


def test_money_is_written_one_way():
    assert format_money(1_170_000) == "1.170.000 đ" == money(1_170_000)
    assert format_money(None) == "–"
    salary = BaseSalary(amount=2_340_000, valid_from=datetime.date(2024, 7, 1))
    assert str(salary) == "2.340.000 đ (01/07/2024)"
