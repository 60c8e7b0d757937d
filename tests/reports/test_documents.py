"""The documents the app drafts: the award decision, the tờ trình and the báo cáo thành tích, as PDF (read back
with pypdf) and .docx (read back with python-docx), with the signer of the issuing body's settings."""

import datetime
import io

import pytest
from docx import Document
from pypdf import PdfReader

from awards import services
from awards.enums import DocumentKind, NominationState, RecipientKind
from emulation.templatetags.tdkt import format_money
from reports.documents import decision as decision_doc
from reports.documents import nomination as nomination_doc
from reports.documents import render
from reports.issuers import MissingIssuer, issuer_for
from reports.models import IssuerSetting
from tests.awards.nomination_factories import AwardTypeFactory, advance, money_for, pdf, set_base_salary
from tests.factories import PersonFactory, make_board
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db

NAMES = ("Nguyễn Thị Phương Thảo", "Trần Văn Bình", "Lê Văn Cường")


def pages_text(data):
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def docx_text(data):
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return " ".join(" ".join(texts).split())


def province_issuer(**kw):
    values = dict(issuing_body="UBND tỉnh", parent_body="", place="Bình Phước", on_behalf="TM. Ủy ban nhân dân",
                  capacity="KT. Chủ tịch", signer_title="Phó Chủ tịch", signer_name="Trần Tuệ Hiền",
                  enacting="Chủ tịch Ủy ban nhân dân tỉnh Bình Phước",
                  bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                  executors="Chánh Văn phòng UBND tỉnh, Trưởng ban Ban Thi đua – Khen thưởng tỉnh",
                  recipients="Ban TĐKT tỉnh;\nLưu: VT", valid_from=datetime.date(2024, 1, 1))
    values.update(kw)
    return IssuerSetting.objects.create(**values)


def unit_issuer(unit, **kw):
    values = dict(issuing_body=unit.name, unit=unit, parent_body="UBND tỉnh Bình Phước", place="Đồng Xoài",
                  signer_title="Giám đốc", signer_name="Hoàng Minh Đức", addressee="Ban Thi đua – Khen thưởng tỉnh",
                  bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                  valid_from=datetime.date(2024, 1, 1))
    values.update(kw)
    return IssuerSetting.objects.create(**values)


@pytest.fixture
def types(db):
    set_base_salary(2_340_000, datetime.date(2024, 7, 1))
    ldtt = AwardTypeFactory(code="D_LDTT", name="Lao động tiên tiến (thử)", order=1)
    money_for(ldtt, RecipientKind.INDIVIDUAL, "0.50")  # 1.170.000 đ
    ttxs = AwardTypeFactory(code="D_TTXS", name="Tập thể lao động xuất sắc (thử)", order=3, for_individuals=False,
                            for_collectives=True)
    money_for(ttxs, RecipientKind.COLLECTIVE, "1.50")
    return ldtt, ttxs


def make_nomination(clerk, unit, award_type, n=3, names=NAMES):
    people = [PersonFactory(unit=unit, full_name=names[i] if i < len(names) else f"Nguyễn Văn Thử {i}",
                            position="Chuyên viên") for i in range(n)]
    nomination = services.create_nomination(clerk, unit, 2024, "Đề nghị khen thưởng năm 2024")
    services.add_items(nomination, clerk, award_type, people=people, summary="Hoàn thành xuất sắc nhiệm vụ năm 2024")
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf("to-trinh.pdf"))
    return nomination


def make_decision(clerk, unit, board, award_type, n=3):
    nomination = advance(make_nomination(clerk, unit, award_type, n), clerk, board, NominationState.AT_COUNCIL)
    return services.create_decision(board, "15/QĐ-UBND", datetime.date(2024, 12, 20), "Nguyễn Văn Chủ",
                                    "Phó Chủ tịch", "UBND tỉnh", items=list(nomination.items.all()),
                                    signed_file=pdf("qd.pdf"))


@pytest.fixture
def decision(types, unit, clerk):
    return make_decision(clerk, unit, make_board(username="board-docs"), types[0])


# The decision ---------------------------------------------------------------------------------------------


def test_decision_pdf_has_bases_articles_annex_and_signer(decision, unit):
    province_issuer()
    data, _ = render(decision_doc.build(decision), "qd", "pdf")
    text = pdf_text(data)
    assert "ỦY BAN NHÂN DÂN TỈNH" in text and "Số: 15/QĐ-UBND" in text
    assert "Bình Phước, ngày 20 tháng 12 năm 2024" in text
    assert "QUYẾT ĐỊNH" in text and "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC" in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "QUYẾT ĐỊNH:" in text and "Điều 1." in text and "Điều 2." in text and "Điều 3." in text
    assert "Chánh Văn phòng UBND tỉnh" in text
    assert "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert "Nguyễn Văn Chủ" in text  # the decision's own signer
    assert "Nơi nhận:" in text and "Như Điều 3;" in text
    assert "PHỤ LỤC" in text and "Kèm theo Quyết định số 15/QĐ-UBND ngày 20/12/2024 của UBND tỉnh" in text
    for name in NAMES:
        assert f"{name} Chuyên viên, {unit.name} {format_money(1_170_000)}" in text
    assert format_money(3 * 1_170_000) in text and "1.170.000 đ" in text


def test_decision_docx_twin_says_the_same(decision, unit):
    province_issuer()
    data, content_type = render(decision_doc.build(decision), "qd", "docx")
    assert content_type.endswith("wordprocessingml.document")
    text = docx_text(data)
    assert "QUYẾT ĐỊNH" in text and "Điều 1." in text and "PHỤ LỤC" in text
    assert "PHÓ CHỦ TỊCH" in text and "Nguyễn Văn Chủ" in text and "Bình Phước, ngày 20 tháng 12 năm 2024" in text
    for name in NAMES:
        assert name in text
    assert "1.170.000 đ" in text


def test_decision_without_signer_setting_refuses(decision):
    with pytest.raises(MissingIssuer) as exc:
        decision_doc.build(decision)
    assert "UBND tỉnh" in exc.value.message and "20/12/2024" in exc.value.message


def test_signer_found_by_authority_text_and_date(decision):
    old = province_issuer(issuing_body="UBND  Tỉnh", valid_from=datetime.date(2023, 1, 1))
    new = province_issuer(signer_name="Phạm Thu Hà", valid_from=datetime.date(2025, 1, 1))
    old.refresh_from_db()
    assert old.valid_to == datetime.date(2024, 12, 31)  # the new row closed the old one
    assert issuer_for(body="ubnd tỉnh", on=datetime.date(2024, 12, 20)) == old
    assert issuer_for(body="UBND tỉnh", on=datetime.date(2025, 2, 1)) == new


# The tờ trình and the báo cáo thành tích -----------------------------------------------------------------


def test_proposal_pdf_and_docx(types, unit, clerk):
    nomination = make_nomination(clerk, unit, types[0])
    unit_issuer(unit)
    parts = nomination_doc.proposal(nomination)
    text = pdf_text(render(parts, "tt", "pdf")[0])
    assert "TỜ TRÌNH" in text and "Về việc đề nghị tặng Lao động tiên tiến (thử)" in text
    assert "Kính gửi: Ban Thi đua – Khen thưởng tỉnh" in text
    assert "Đồng Xoài, ngày" in text and "GIÁM ĐỐC" in text and "Hoàng Minh Đức" in text
    for name in NAMES:
        assert name in text
    assert "to-trinh.pdf" in text
    text = docx_text(render(parts, "tt", "docx")[0])
    assert "TỜ TRÌNH" in text and "Hoàng Minh Đức" in text and NAMES[0] in text


def test_achievement_reports_one_per_nominee(types, unit, clerk):
    nomination = make_nomination(clerk, unit, types[0])
    unit_issuer(unit)
    data, _ = render(nomination_doc.achievement_reports(nomination), "bc", "pdf")
    pages = pages_text(data)
    assert sum("BÁO CÁO THÀNH TÍCH" in p for p in pages) == 3
    text = " ".join(pages)
    assert "I. SƠ LƯỢC LÝ LỊCH" in text and "II. THÀNH TÍCH ĐẠT ĐƯỢC" in text
    assert "Hoàn thành xuất sắc nhiệm vụ năm 2024" in text and "Hoàng Minh Đức" in text
    text = docx_text(render(nomination_doc.achievement_reports(nomination), "bc", "docx")[0])
    assert "BÁO CÁO THÀNH TÍCH" in text and NAMES[1] in text
