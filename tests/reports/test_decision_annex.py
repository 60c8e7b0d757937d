"""Decision annex: the PDF and its Excel twin list the decision's awardees with the register's money."""

import datetime

import pytest
from django.urls import reverse

from awards import services as nominations
from awards.enums import DocumentKind, NominationState, RecipientKind
from awards.models import Award, NominationItem
from emulation.templatetags.tdkt import format_money
from reports import registry
from reports.models import ReportJob
from tests.awards.nomination_factories import AwardTypeFactory, advance, decide, money_for, pdf, set_base_salary
from tests.factories import PersonFactory, UnitFactory, make_board, make_clerk
from tests.reports.conftest import pdf_qr_links, pdf_text, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def types(db):
    set_base_salary(2_340_000, datetime.date(2024, 7, 1))  # in place of the migration's row: never two at once
    ldtt = AwardTypeFactory(code="A_LDTT", name="Lao động tiên tiến (thử)", order=1)
    money_for(ldtt, RecipientKind.INDIVIDUAL, "0.30")
    ttxs = AwardTypeFactory(code="A_TTXS", name="Tập thể lao động xuất sắc (thử)", order=3, for_individuals=False,
                            for_collectives=True)
    money_for(ttxs, RecipientKind.COLLECTIVE, "1.50")
    return ldtt, ttxs


def _at_council(clerk, unit, board, award_type, people=(), units=()):
    nomination = nominations.create_nomination(clerk, unit, 2024, "Đề nghị khen thưởng năm 2024")
    nominations.add_items(nomination, clerk, award_type, people=people, units=units, summary="Hoàn thành tốt")
    nominations.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    return advance(nomination, clerk, board, NominationState.AT_COUNCIL)


def _draft_decision(clerk, unit, board, award_type, people=(), number="15/QĐ-UBND"):
    return decide(_at_council(clerk, unit, board, award_type, people), board, number=number)


@pytest.fixture
def decision(types, unit, clerk, letterhead):
    ldtt, ttxs = types
    board = make_board(username="board-decides")
    people = [PersonFactory(unit=unit, full_name=name, position=pos)
              for name, pos in (("Nguyễn Văn An", "Trưởng phòng"), ("Trần Thị Bình", "Chuyên viên"),
                                ("Lê Văn Cường", "Kế toán"))]
    decision = _draft_decision(clerk, unit, board, ldtt, people)
    collective = _at_council(clerk, unit, board, ttxs, units=[unit])
    for item in collective.items.all():
        item.decision = decision
        item.save(update_fields=["decision"])
    return decision, board


def _produce(decision, user):
    spec = registry.get("decision_annex")
    data = spec.gather({"decision": decision.pk}, user)
    return data, pdf_text(spec.render_pdf(data)), spec.render_xlsx(data)


def test_decision_annex_of_an_issued_decision_lists_the_register(decision, unit):
    decision, board = decision
    nominations.issue_decision(decision, board)
    _data, text, xlsx = _produce(decision, board)
    awards = Award.objects.filter(nomination_item__decision=decision).select_related("person", "award_type")
    assert awards.count() == 4
    assert "DANH SÁCH" in text and "Kèm theo Quyết định số 15/QĐ-UBND ngày 20/12/2024 của UBND tỉnh" in text
    # Collectives before individuals within an award; awards in catalogue order; numbered throughout.
    assert f"Lao động tiên tiến (thử) 1 Lê Văn Cường Kế toán {unit.name} {format_money(710_000)}" in text
    assert f"2 Nguyễn Văn An Trưởng phòng {unit.name} {format_money(710_000)}" in text
    assert f"Lao động tiên tiến (thử): 3 trường hợp {format_money(3 * 710_000)}" in text
    assert f"4 {unit.name} {unit.name} {format_money(3_510_000)}" in text
    total = sum(a.amount for a in awards)
    assert total == 3 * 710_000 + 3_510_000
    assert f"Tổng cộng: 4 trường hợp (1 tập thể, 3 cá nhân) {format_money(total)}" in text
    assert "CHỦ TỊCH Nguyễn Văn Chủ" in text and "Nơi nhận" not in text
    rows = xlsx_rows(xlsx, 0)[3:]
    assert [(r[1], r[2], r[6]) for r in rows[:-1]] == [
        ("Lê Văn Cường", "Kế toán", 710_000), ("Nguyễn Văn An", "Trưởng phòng", 710_000),
        ("Trần Thị Bình", "Chuyên viên", 710_000), (unit.name, None, 3_510_000)]
    assert rows[-1] == ["Tổng số", 4, None, None, None, None, total]
    by_award = xlsx_rows(xlsx, 1)[3:]
    assert by_award == [["Lao động tiên tiến (thử)", 3, 2_130_000], ["Tập thể lao động xuất sắc (thử)", 1, 3_510_000],
                        ["Tổng số", 4, total]]


def test_a_revoked_award_stays_listed_but_leaves_the_annex_totals(decision):
    decision, board = decision
    nominations.issue_decision(decision, board)
    award = Award.objects.get(nomination_item__decision=decision, person__full_name="Lê Văn Cường")
    Award.objects.filter(pk=award.pk).update(revoked=True)
    data, _text, _xlsx = _produce(decision, board)
    rows = [r for g in data["groups"] for r in g["rows"]]
    assert [r["name"] for r in rows if r["revoked"]] == ["Lê Văn Cường"]
    assert data["groups"][0]["amount"] == 2 * 710_000
    assert data["totals"]["amount"] == 2 * 710_000 + 3_510_000


def test_decision_annex_of_a_draft_projects_the_money(decision):
    decision, board = decision
    data, text, _xlsx = _produce(decision, board)
    assert not decision.is_issued and not Award.objects.exists()
    assert "Dự thảo" in text
    # 0.30 × 2.340.000 = 702.000 → 710.000; 1.50 × 2.340.000 = 3.510.000
    assert data["totals"]["amount"] == 3 * 710_000 + 3_510_000
    assert f"Tổng cộng: 4 trường hợp (1 tập thể, 3 cá nhân) {format_money(3 * 710_000 + 3_510_000)}" in text


def test_decision_annex_access(decision, clerk, other_clerk, council, unit):
    decision, board = decision
    spec = registry.get("decision_annex")
    params = {"decision": decision.pk}
    # A draft: board and council only.
    assert [spec.check_access(u, params) for u in (board, council, clerk)] == [True, True, False]
    nominations.issue_decision(decision, board)
    # Issued: also the clerks of the units with awardees in it; never another unit's clerk.
    assert [spec.check_access(u, params) for u in (board, council, clerk)] == [True, True, True]
    assert spec.check_access(other_clerk, params) is False
    assert not spec.Form({"decision": decision.pk}, user=other_clerk).is_valid()


def test_decision_annex_outsider_gets_404_even_with_the_job_url(client, django_capture_on_commit_callbacks, decision,
                                                                clerk, other_clerk):
    decision, board = decision
    nominations.issue_decision(decision, board)
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request", args=["decision_annex"]), {"decision": decision.pk})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and job.is_done, job.error_detail
    client.force_login(other_clerk)
    for url in (job.get_absolute_url(), reverse("reports:download", args=[job.pk, "pdf"]),
                reverse("reports:download", args=[job.pk, "xlsx"])):
        assert client.get(url).status_code == 404


def test_decision_page_links_to_the_annex(client, decision):
    decision, board = decision
    client.force_login(board)
    content = client.get(decision.get_absolute_url()).content.decode()
    assert reverse("reports:request", args=["decision_annex"]) + f"?decision={decision.pk}" in content


@pytest.mark.parametrize("issued", [False, True])
def test_decision_annex_gather_queries_do_not_depend_on_awardees(types, letterhead, issued,
                                                                 django_assert_num_queries):
    ldtt, _ttxs = types
    spec = registry.get("decision_annex")
    board = make_board(username="board-q")
    counts = []
    for n in (1, 3):
        u = UnitFactory()
        clerk = make_clerk(u)
        decision = _draft_decision(clerk, u, board, ldtt, [PersonFactory(unit=u) for _i in range(n)],
                                   number=f"{n}/QĐ-UBND")
        if issued:
            nominations.issue_decision(decision, board)
        assert NominationItem.objects.filter(decision=decision).count() == n
        with django_assert_num_queries(5 if issued else 7):  # with the letterhead's signer settings
            data = spec.gather({"decision": decision.pk}, board)
        counts.append(data["totals"]["count"])
    assert counts == [1, 3]


def test_issued_annex_carries_a_qr_per_awardee_that_decodes_to_the_verification_link(decision, settings):
    settings.PUBLIC_BASE_URL = "https://xacminh.tinh.gov.vn"
    decision, board = decision
    nominations.issue_decision(decision, board)
    spec = registry.get("decision_annex")
    links = pdf_qr_links(spec.render_pdf(spec.gather({"decision": decision.pk}, board)))
    tokens = Award.objects.filter(nomination_item__decision=decision).values_list("verify_token", flat=True)
    assert sorted(links) == sorted(f"https://xacminh.tinh.gov.vn/xac-minh/{t}/" for t in tokens)


def test_draft_annex_has_no_qr(decision):
    decision, board = decision
    spec = registry.get("decision_annex")
    assert pdf_qr_links(spec.render_pdf(spec.gather({"decision": decision.pk}, board))) == []
