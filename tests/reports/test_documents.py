"""The documents the app drafts: the award decision, the tờ trình and the báo cáo thành tích, as PDF (read back
with pypdf) and .docx (read back with python-docx), with the signer of the issuing body's settings."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from awards import services
from awards.enums import DocumentKind, NominationState, RecipientKind
from emulation.errors import DomainError
from emulation.models import ActivityLog
from emulation.templatetags.tdkt import format_money
from reports.documents import decision as decision_doc
from reports.documents import nomination as nomination_doc
from reports.documents import render
from reports.issuers import MissingIssuer, create_issuer, issuer_for
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


# The pages -------------------------------------------------------------------------------------------------


def test_board_downloads_decision_pdf_and_docx(client, decision, board):
    province_issuer()
    client.force_login(board)
    response = client.get(reverse("reports:decision_document", args=[decision.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Trần Tuệ Hiền" not in pdf_text(response.content)  # the decision's own signer is printed
    assert "Nguyễn Văn Chủ" in pdf_text(response.content)
    response = client.get(reverse("reports:decision_document", args=[decision.pk, "docx"]))
    assert response.status_code == 200 and "PHỤ LỤC" in docx_text(response.content)


def test_decision_document_outsider_404(client, decision, other_clerk, clerk):
    province_issuer()
    # a draft decision is the board's: the clerk of the awardees' unit does not see it yet, nor an outsider
    for user in (other_clerk, clerk):
        client.force_login(user)
        assert client.get(reverse("reports:decision_document", args=[decision.pk, "pdf"])).status_code == 404


def test_decision_document_of_issued_decision_for_awardees_clerk(client, decision, clerk, other_clerk):
    province_issuer()
    services.issue_decision(decision, make_board(username="board-issues"))
    client.force_login(clerk)
    assert client.get(reverse("reports:decision_document", args=[decision.pk, "pdf"])).status_code == 200
    client.force_login(other_clerk)
    assert client.get(reverse("reports:decision_document", args=[decision.pk, "pdf"])).status_code == 404


def test_decision_document_unknown_format_404(client, decision, board):
    province_issuer()
    client.force_login(board)
    assert client.get(reverse("reports:decision_document", args=[decision.pk, "odt"])).status_code == 404


def test_no_signer_tells_the_board_with_link(client, decision, board):
    client.force_login(board)
    response = client.get(reverse("reports:decision_document", args=[decision.pk, "pdf"]), follow=True)
    assert response.redirect_chain[-1][0] == decision.get_absolute_url()
    page = response.content.decode()
    assert "Chưa thiết lập người ký cho “UBND tỉnh” vào ngày 20/12/2024" in page
    assert f'href="{reverse("reports:issuer_list")}"' in page


def test_no_signer_tells_the_clerk_to_ask_the_board(client, types, unit, clerk):
    nomination = make_nomination(clerk, unit, types[0])
    client.force_login(clerk)
    response = client.get(reverse("reports:nomination_document", args=[nomination.pk, "proposal", "pdf"]),
                          follow=True)
    page = response.content.decode()
    assert "Đề nghị Ban Thi đua – Khen thưởng thiết lập." in page
    assert f'href="{reverse("reports:issuer_list")}"' not in page


def test_nomination_documents_access(client, types, unit, clerk, other_clerk, council):
    nomination = make_nomination(clerk, unit, types[0])
    unit_issuer(unit)
    for user, status in ((clerk, 200), (council, 200), (other_clerk, 404)):
        client.force_login(user)
        for which in ("proposal", "achievements"):
            url = reverse("reports:nomination_document", args=[nomination.pk, which, "docx"])
            assert client.get(url).status_code == status, (user, which)
    client.force_login(clerk)
    assert client.get(reverse("reports:nomination_document", args=[nomination.pk, "other", "pdf"])).status_code == 404


def test_decision_and_nomination_pages_link_the_documents(client, decision, board, clerk, unit):
    client.force_login(board)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert reverse("reports:decision_document", args=[decision.pk, "docx"]) in page
    nomination = decision.items.first().nomination
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert reverse("reports:nomination_document", args=[nomination.pk, "proposal", "pdf"]) in page


@pytest.mark.parametrize("n", [1, 3])
def test_decision_document_query_count(client, types, unit, clerk, board, n, django_assert_max_num_queries):
    decision = make_decision(clerk, unit, make_board(username=f"b{n}"), types[0], n=n)
    province_issuer()
    client.force_login(board)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:decision_document", args=[decision.pk, "pdf"])).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_nomination_documents_query_count(client, types, unit, clerk, n, django_assert_max_num_queries):
    nomination = make_nomination(clerk, unit, types[0], n=n)
    unit_issuer(unit)
    client.force_login(clerk)
    for which, limit in (("proposal", 9), ("achievements", 9)):
        with django_assert_max_num_queries(limit):
            url = reverse("reports:nomination_document", args=[nomination.pk, which, "pdf"])
            assert client.get(url).status_code == 200


# The settings ----------------------------------------------------------------------------------------------


def test_board_creates_signer_logged(client, board):
    client.force_login(board)
    response = client.post(reverse("reports:issuer_create"), {
        "issuing_body": "UBND tỉnh", "place": "Bình Phước", "signer_title": "Chủ tịch", "signer_name": "Trần Tuệ Hiền",
        "valid_from": "2025-01-01"})
    assert response.status_code == 302
    row = IssuerSetting.objects.get()
    assert row.key == "ubnd tỉnh" and row.signer_name == "Trần Tuệ Hiền"
    assert ActivityLog.objects.get(action="reports.issuer.created").actor == board
    response = client.post(reverse("reports:issuer_edit", args=[row.pk]), {
        "issuing_body": "UBND tỉnh", "place": "Đồng Xoài", "signer_title": "Chủ tịch", "signer_name": "Trần Tuệ Hiền",
        "valid_from": "2025-01-01"})
    assert response.status_code == 302
    assert ActivityLog.objects.get(action="reports.issuer.updated").data["diff"]["place"] == ["Bình Phước",
                                                                                           "Đồng Xoài"]


def test_signer_settings_board_only(client, clerk, council):
    row = province_issuer()
    for user in (clerk, council):
        client.force_login(user)
        assert client.get(reverse("reports:issuer_list")).status_code == 403
        assert client.get(reverse("reports:issuer_edit", args=[row.pk])).status_code == 403
        assert client.post(reverse("reports:issuer_create"), {}).status_code == 403


def test_create_issuer_service_refuses_clerk(clerk):
    with pytest.raises(DomainError):
        create_issuer(clerk, issuing_body="UBND tỉnh", place="X", signer_title="Y", signer_name="Z",
                      valid_from=datetime.date(2025, 1, 1))


@pytest.mark.parametrize("n", [1, 3])
def test_signer_list_query_count(client, board, n, django_assert_max_num_queries):
    for i in range(n):
        province_issuer(issuing_body=f"UBND huyện {i}")
    client.force_login(board)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:issuer_list")).status_code == 200


# The reports' letterhead uses the same settings -----------------------------------------------------------


def test_report_letterhead_takes_signer_and_place_from_settings(db):
    from reports.models import Letterhead  # noqa: PLC0415 only these tests need the letterhead
    from reports.pdf import letterhead_data, signer_missing  # noqa: PLC0415 same

    Letterhead.objects.create(issuing_body="Ban Thi đua – Khen thưởng", place="", symbol="BC-BTĐKT")
    assert signer_missing()
    IssuerSetting.objects.create(issuing_body="Ban Thi đua - Khen thưởng", place="Bình Phước", on_behalf="",
                                 capacity="KT. Trưởng ban", signer_title="Phó Trưởng ban",
                                 signer_name="Lê Thị Thu Hằng", valid_from=datetime.date(2020, 1, 1))
    data = letterhead_data()
    assert (data["place"], data["signer_capacity"], data["signer_title"], data["signer_name"]) == (
        "Bình Phước", "KT. Trưởng ban", "Phó Trưởng ban", "Lê Thị Thu Hằng")
    assert not signer_missing()


def test_report_request_page_warns_the_board_without_signer(client, board, clerk, unit):
    client.force_login(board)
    page = client.get(reverse("reports:request", args=["province_stats"])).content.decode()
    assert 'id="signer-missing"' in page and reverse("reports:issuer_list") in page
    client.force_login(clerk)
    page = client.get(reverse("reports:request", args=["award_history"])).content.decode()
    assert 'id="signer-missing"' not in page
