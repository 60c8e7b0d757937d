"""Bloc year-end summary: the PDF and its Excel twin state the figures computed here from a fixture."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.enums import AwardKind, AwardMethod, InitiativeLevel, RecipientKind
from awards.models import Award, Initiative
from blocs import services as bloc_services
from blocs.enums import BlocYearState, ProposalKind, ScorecardState
from blocs.models import Bloc, BlocMembership, BlocYear, Proposal, ScoreEntry, Vote, VoteResult
from campaigns.enums import CampaignForm, CampaignScope, CampaignState
from campaigns.models import Campaign, CampaignRegistration
from emulation.templatetags.tdkt import format_money, points
from pledges.enums import FulfilmentResult, PledgeState, ReportState
from pledges.models import FulfilmentLine, FulfilmentReport, Signature
from reports import registry
from reports.kinds._common import total_label
from reports.models import ReportJob
from tests.blocs.factories import make_card, make_criteria
from tests.factories import PersonFactory, UnitFactory, make_clerk
from tests.pledges.factories import CommitmentFactory, PledgeFactory
from tests.reports.conftest import pdf_text, xlsx_rows
from tests.reports.factories import AwardFactory, AwardTypeFactory

pytestmark = pytest.mark.django_db

ASSESSMENT = {
    "activities": "Tổ chức hội thao truyền thống của khối vào tháng 9.",
    "strengths": "Các đơn vị đoàn kết, phối hợp chặt chẽ.",
    "weaknesses": "Một số đơn vị gửi báo cáo chậm.",
    "lessons": "Phân công rõ trách nhiệm của từng thành viên.",
    "directions": "Đẩy mạnh chuyển đổi số trong toàn khối.",
    "recommendations": "Đề nghị Hội đồng tăng kinh phí khen thưởng.",
}


def _when(day):
    return timezone.make_aware(datetime.datetime(2025, 2, day, 9, 0))


def build_bloc(head, deputy, members, year=2025, state=BlocYearState.CLOSED, name="Khối các sở kinh tế"):

    bloc = Bloc.objects.create(code=f"KS{Bloc.objects.count()}", name=name, council="Hội đồng TĐKT tỉnh Thử")
    by = BlocYear.objects.create(bloc=bloc, year=year, head_unit=head, deputy_unit=deputy, state=state)
    BlocMembership.objects.bulk_create([BlocMembership(bloc_year=by, unit=u) for u in [head, deputy, *members]])
    return by


@pytest.fixture
def summary(unit, other_unit, letterhead, board):
    """Bloc year 2025 (closed): head H, deputy D, member M (the clerk's unit); everything the summary states."""
    AwardTypeFactory._meta.model.objects.all().delete()  # the seeded catalogue: this fixture has its own
    h, d, m = UnitFactory(name="Sở Tài chính"), UnitFactory(name="Sở Xây dựng"), unit
    by = build_bloc(h, d, [m])
    BlocYear.objects.create(bloc=by.bloc, year=2026, head_unit=d, deputy_unit=m)
    # Campaigns: province-wide regular, thematic for this bloc (M registered), one planned, one of 2023.
    Campaign.objects.create(code="C1", title="Thi đua yêu nước năm 2025", form=CampaignForm.REGULAR,
                            scope=CampaignScope.PROVINCE, state=CampaignState.UNDER_WAY,
                            start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2025, 12, 31))
    thematic = Campaign.objects.create(code="C2", title="Chuyển đổi số khối kinh tế", form=CampaignForm.THEMATIC,
                                       scope=CampaignScope.BLOCS, state=CampaignState.CONCLUDED,
                                       start_date=datetime.date(2025, 3, 1), end_date=datetime.date(2025, 10, 31))
    thematic.scope_blocs.add(by.bloc)
    CampaignRegistration.objects.create(campaign=thematic, unit=m, targets="100% hồ sơ trực tuyến")
    Campaign.objects.create(code="C3", title="Phong trào chưa phát động", scope=CampaignScope.PROVINCE,
                            state=CampaignState.PLANNED, start_date=datetime.date(2025, 6, 1))
    Campaign.objects.create(code="C4", title="Phong trào năm 2023", scope=CampaignScope.PROVINCE,
                            state=CampaignState.CONCLUDED, start_date=datetime.date(2023, 1, 1),
                            end_date=datetime.date(2023, 12, 31))
    # Pledge: signed by all three; H confirmed (2 achieved), D submitted (1 achieved, 1 partly), M no report.
    pledge = PledgeFactory(bloc_year=by, title="Giao ước thi đua năm 2025", state=PledgeState.SIGNED,
                           ceremony_date=datetime.date(2025, 2, 20), ceremony_place="Sở Tài chính")
    c1, c2 = CommitmentFactory(pledge=pledge, position=1), CommitmentFactory(pledge=pledge, position=2)
    for day, u in enumerate((h, d, m), start=18):
        Signature.objects.create(pledge=pledge, unit=u, representative_name=f"Đại diện {u.name}",
                                 representative_position="Giám đốc", signed_at=_when(day))
    rep = FulfilmentReport.objects.create(pledge=pledge, unit=h, state=ReportState.CONFIRMED)
    FulfilmentLine.objects.create(report=rep, commitment=c1, result=FulfilmentResult.ACHIEVED)
    FulfilmentLine.objects.create(report=rep, commitment=c2, result=FulfilmentResult.ACHIEVED)
    rep = FulfilmentReport.objects.create(pledge=pledge, unit=d, state=ReportState.SUBMITTED)
    FulfilmentLine.objects.create(report=rep, commitment=c1, result=FulfilmentResult.ACHIEVED)
    FulfilmentLine.objects.create(report=rep, commitment=c2, result=FulfilmentResult.PARTLY)
    bloc_services.save_bloc_assessment(by, board, **ASSESSMENT)
    # Scores (A.* standard, B.* bonus capped at 10, C.1 penalty).
    make_criteria(by)
    make_card(by, h, ScorecardState.FINALISED, points={"A.1": 58, "A.2": 38, "B.1": 8, "B.2": 6, "C.1": 0},
              reviewed={"A.1": 55, "B.2": 4}, final={"A.2": 36.5})
    make_card(by, d, ScorecardState.FINALISED, points={"A.1": 55, "A.2": 35, "B.1": 2, "B.2": 0, "C.1": 1},
              reviewed={"C.1": 2})
    make_card(by, m, ScorecardState.FINALISED, points={"A.1": 50, "A.2": 30, "B.1": 0, "B.2": 0, "C.1": 0})
    vote = Vote.objects.create(bloc_year=by, held_on=datetime.date(2025, 12, 20), voters_present=3,
                               threshold_percent=Decimal("50"))
    for u, n in ((h, 3), (d, 2), (m, 1)):
        VoteResult.objects.create(vote=vote, unit=u, votes_for=n)
    Proposal.objects.create(bloc_year=by, unit=h, kind=ProposalKind.FLAG, votes=3, voters_present=3, rank=1)
    Proposal.objects.create(bloc_year=by, unit=d, kind=ProposalKind.DIPLOMA, votes=2, voters_present=3, rank=2)
    # Awards of 2025 to the member units and their people.
    ldtt = AwardTypeFactory(code="LDTT", name="Lao động tiên tiến", order=1)
    ttxs = AwardTypeFactory(code="TTLDXS", name="Tập thể lao động xuất sắc", for_individuals=False,
                            for_collectives=True, order=3)
    bk = AwardTypeFactory(code="BKUB", name="Bằng khen của Chủ tịch UBND tỉnh", kind=AwardKind.FORM,
                          for_collectives=True, order=5)
    for u in (h, h, d, m):
        AwardFactory(award_type=ldtt, person=PersonFactory(unit=u), amount=710_000)
    AwardFactory(award_type=ttxs, person=None, unit=h, amount=3_510_000)
    AwardFactory(award_type=bk, person=None, unit=m, amount=7_020_000, method=AwardMethod.THEMATIC,
                 campaign=thematic)
    AwardFactory(award_type=bk, person=PersonFactory(unit=d), amount=3_510_000, method=AwardMethod.THEMATIC,
                 campaign=thematic)
    AwardFactory(award_type=bk, person=PersonFactory(unit=d), amount=3_510_000, method=AwardMethod.EXTRAORDINARY)
    # Not counted: revoked, another year, a unit outside the bloc.
    AwardFactory(award_type=ldtt, person=PersonFactory(unit=m), revoked=True)
    AwardFactory(award_type=ldtt, person=PersonFactory(unit=m), year=2024)
    AwardFactory(award_type=bk, person=None, unit=other_unit)
    Initiative.objects.create(title="Phần mềm quản lý hồ sơ", unit=d, year=2025, level="grassroots")
    return by


def produce(by, user):
    spec = registry.get("bloc_summary")
    data = spec.gather({"bloc_year": by.pk}, user)
    return data, pdf_text(spec.render_pdf(data)), spec.render_xlsx(data)


def expected_scores(by):
    """Totals computed here from the entries: standard + min(bonus, cap) − penalty, on each basis."""
    cap = by.criteria_set.bonus_cap
    out = {}
    for sc in by.scorecards.select_related("unit"):
        sums = {basis: Counter() for basis in ("self", "reviewed", "final")}
        for e in ScoreEntry.objects.filter(scorecard=sc).select_related("criterion"):
            reviewed = e.reviewed_points if e.reviewed_points is not None else e.self_points
            final = e.final_points if e.final_points is not None else reviewed
            for basis, value in (("self", e.self_points), ("reviewed", reviewed), ("final", final)):
                sums[basis][e.criterion.kind] += value or 0
        totals = {b: s["standard"] + min(s["bonus"], cap) - s["penalty"] for b, s in sums.items()}
        out[sc.unit.name] = {**totals, "bonus": min(sums["final"]["bonus"], cap), "penalty": sums["final"]["penalty"]}
    return out


def test_bloc_summary_pdf_members_campaigns_pledge_assessment(summary, board, unit):
    _data, text, _xlsx = produce(summary, board)
    assert "TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2025" in text
    assert "1 Sở Tài chính Khối trưởng 2 Sở Xây dựng Khối phó" in text and f"3 {unit.name} Thành viên" in text
    assert "Thi đua yêu nước năm 2025" in text
    assert "Chuyển đổi số khối kinh tế Theo chuyên đề 01/03/2025 – 31/10/2025 1 2" in text
    assert "Phong trào chưa phát động" not in text and "Phong trào năm 2023" not in text
    assert "Đã ký: 3/3 đơn vị thành viên" in text and "ngày 20/02/2025" in text
    lines = Counter(FulfilmentLine.objects.filter(report__pledge__bloc_year=summary)
                    .values_list("report__unit__name", "result"))
    confirmed, submitted = str(ReportState.CONFIRMED.label), str(ReportState.SUBMITTED.label)
    assert (f"1 Sở Tài chính có {confirmed} {lines[('Sở Tài chính', 'achieved')]} 0 0") in text
    assert (f"2 Sở Xây dựng có {submitted} {lines[('Sở Xây dựng', 'achieved')]} "
            f"{lines[('Sở Xây dựng', 'partly')]} 0") in text
    assert f"3 {unit.name} có 0 0 0" in text
    for value in ASSESSMENT.values():
        assert value in text
    assert "Năm 2026 Khối trưởng là Sở Xây dựng, Khối phó " + unit.name in text


def test_bloc_summary_pdf_scores_vote_proposals(summary, board, unit):
    _data, text, _xlsx = produce(summary, board)
    exp = expected_scores(summary)
    ranked = sorted(exp.items(), key=lambda kv: -kv[1]["final"])
    for rank, (name, s) in enumerate(ranked, start=1):
        assert " ".join([str(rank), name, points(s["self"]), points(s["reviewed"]), points(s["bonus"]),
                         points(s["penalty"]), points(s["final"])]) in text
    assert exp["Sở Tài chính"]["final"] == Decimal("55") + Decimal("36.5") + 10 - 0
    assert "ngày 20/12/2025 với 3 người bỏ phiếu" in text
    assert "1 Sở Tài chính 3 100% có 2 Sở Xây dựng 2 66,67% có" in text and f"3 {unit.name} 1 33,33% không" in text
    flag, diploma = str(ProposalKind.FLAG.label), str(ProposalKind.DIPLOMA.label)
    assert f"1 Sở Tài chính {flag} 3/3 1 2 Sở Xây dựng {diploma} 2/3 2" in text


def _award_counts(by):
    members = BlocMembership.objects.filter(bloc_year=by).values("unit_id")
    c = Counter()
    for a in Award.objects.filter(year=by.year, revoked=False, unit_id__in=members).select_related("award_type"):
        group = a.method if a.method in ("regular", "thematic") else "other"
        c[(a.award_type.name, a.recipient_kind, group)] += 1
        c[(a.award_type.name, "money")] += a.amount or 0
        c[("all", a.recipient_kind)] += 1
        c[("all", group)] += 1
        c[("all", "money")] += a.amount or 0
        c[("all", "total")] += 1
    return c


def _type_cells(c, name):
    cells = [c[(name, rk, g)] for rk in (RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL)
             for g in ("regular", "thematic", "other")]
    return cells + [sum(cells), c[(name, "money")]]


def test_bloc_summary_pdf_award_statistics(summary, board):
    _data, text, _xlsx = produce(summary, board)
    c = _award_counts(summary)
    assert c[("all", "total")] == 8
    assert (f"nhận {c[('all', 'total')]} lượt khen thưởng: {c[('all', RecipientKind.COLLECTIVE)]} tập thể và "
            f"{c[('all', RecipientKind.INDIVIDUAL)]} cá nhân") in text
    assert (f"Khen thưởng thường xuyên: {c[('all', 'regular')]}; khen thưởng theo chuyên đề: "
            f"{c[('all', 'thematic')]}; hình thức khác: {c[('all', 'other')]}") in text
    assert format_money(c[("all", "money")]) in text
    for no, name in ((1, "Lao động tiên tiến"), (2, "Tập thể lao động xuất sắc"),
                     (1, "Bằng khen của Chủ tịch UBND tỉnh")):
        cells = _type_cells(c, name)
        assert " ".join([str(no), name, *map(str, cells[:-1]), format_money(cells[-1])]) in text
    levels = [str(label) for _v, label in InitiativeLevel.choices]
    assert f"Sáng kiến được công nhận: {levels[0]} 1; {levels[1]} 0; {levels[2]} 0" in text


def test_bloc_summary_xlsx_has_the_same_figures(summary, board, unit):
    data, _text, xlsx = produce(summary, board)
    sheets = {name: i for i, name in enumerate(["Thành viên", "Thực hiện giao ước", "Chấm điểm", "Bỏ phiếu",
                                                "Đề nghị", "Khen thưởng theo loại", "Khen thưởng theo đơn vị"])}
    exp = expected_scores(summary)
    scores = [r for r in xlsx_rows(xlsx, sheets["Chấm điểm"])[3:]]
    assert {r[1]: r[2:] for r in scores} == {
        name: [float(s[k]) for k in ("self", "reviewed", "bonus", "penalty", "final")] for name, s in exp.items()}
    assert [r[0] for r in scores] == [1, 2, 3]
    c = _award_counts(summary)
    by_type = {r[1]: r[2:] for r in xlsx_rows(xlsx, sheets["Khen thưởng theo loại"])[3:] if r[0] not in (None, "")}
    for name in ("Lao động tiên tiến", "Tập thể lao động xuất sắc", "Bằng khen của Chủ tịch UBND tỉnh"):
        assert by_type[name] == _type_cells(c, name)
    units = {r[1]: r[2:] for r in xlsx_rows(xlsx, sheets["Khen thưởng theo đơn vị"])[3:]}
    members = BlocMembership.objects.filter(bloc_year=summary).values("unit_id")
    live = Award.objects.filter(year=2025, revoked=False, unit_id__in=members)
    assert units[total_label()][-2:] == [live.count(), sum(a.amount or 0 for a in live)]
    assert units[unit.name][-2:] == [live.filter(unit=unit).count(), sum(a.amount for a in live.filter(unit=unit))]
    vote = xlsx_rows(xlsx, sheets["Bỏ phiếu"])[3:]
    assert [(r[1], r[2]) for r in vote] == [(r.unit.name, r.votes_for) for r in
                                            VoteResult.objects.filter(vote__bloc_year=summary).order_by("-votes_for")]
    pledge = xlsx_rows(xlsx, sheets["Thực hiện giao ước"])[3:]
    assert pledge[-1][:2] == [total_label(), "3/3"]
    assert pledge[-1][4:] == [3, 1, 0]


# Access --------------------------------------------------------------------------------------------------


def test_bloc_summary_access(summary, clerk, other_clerk, board, council):
    spec = registry.get("bloc_summary")
    params = {"bloc_year": summary.pk}
    head_clerk, deputy_clerk = make_clerk(summary.head_unit), make_clerk(summary.deputy_unit)
    assert [spec.check_access(u, params) for u in (board, council, head_clerk, deputy_clerk, clerk)] == [True] * 5
    assert spec.check_access(other_clerk, params) is False
    # A member clerk reads it only once the bloc year is closed; the leaders at any time.
    summary.state = BlocYearState.VOTING
    summary.save()
    assert spec.check_access(clerk, params) is False
    assert spec.check_access(head_clerk, params) is True
    assert not spec.Form({"bloc_year": summary.pk}, user=clerk).is_valid()
    assert spec.Form({"bloc_year": summary.pk}, user=head_clerk).is_valid()


def test_bloc_summary_outsider_gets_404_even_with_the_job_url(client, django_capture_on_commit_callbacks, summary,
                                                              clerk, other_clerk):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request", args=["bloc_summary"]), {"bloc_year": summary.pk})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and job.is_done, job.error_detail
    pdf = client.get(reverse("reports:download", args=[job.pk, "pdf"]))
    assert "Khối các sở kinh tế" in pdf_text(b"".join(pdf.streaming_content))
    client.force_login(other_clerk)
    for url in (job.get_absolute_url(), reverse("reports:download", args=[job.pk, "pdf"]),
                reverse("reports:download", args=[job.pk, "xlsx"])):
        assert client.get(url).status_code == 404
    # The member clerk loses it if the bloc year is reopened.
    summary.state = BlocYearState.VOTING
    summary.save()
    client.force_login(clerk)
    assert client.get(reverse("reports:download", args=[job.pk, "pdf"])).status_code == 404


def test_bloc_summary_gather_queries_do_not_depend_on_units(board, letterhead, django_assert_num_queries):
    spec = registry.get("bloc_summary")
    counts = []
    for n in (1, 3):
        extra = [UnitFactory() for _i in range(n)]
        by = build_bloc(UnitFactory(), UnitFactory(), extra, name=f"Khối {n}")
        make_criteria(by)
        for u in extra:
            make_card(by, u, ScorecardState.FINALISED, points={"A.1": 40})
            AwardFactory(person=PersonFactory(unit=u))
        vote = Vote.objects.create(bloc_year=by, held_on=datetime.date(2025, 12, 1), voters_present=n + 2,
                                   threshold_percent=50)
        for u in extra:
            VoteResult.objects.create(vote=vote, unit=u, votes_for=1)
            Proposal.objects.create(bloc_year=by, unit=u, kind=ProposalKind.DIPLOMA, votes=1, voters_present=n + 2)
        pledge = PledgeFactory(bloc_year=by)
        for u in extra:
            Signature.objects.create(pledge=pledge, unit=u, representative_name="A", representative_position="B",
                                     signed_at=_when(1))

        with CaptureQueriesContext(connection) as ctx:
            data = spec.gather({"bloc_year": by.pk}, board)
        counts.append(len(ctx))
        assert len(data["members"]) == n + 2 and len(data["scores"]["rows"]) == n
    assert counts[0] == counts[1]
    with django_assert_num_queries(GATHER_QUERIES):
        spec.gather({"bloc_year": by.pk}, board)


GATHER_QUERIES = 26  # + the signer settings (letterhead, head unit) and the units recorded as not submitted


def test_bloc_year_page_links_to_the_summary_and_the_assessment(client, summary, clerk):
    report = reverse("reports:request", args=["bloc_summary"]) + f"?bloc_year={summary.pk}"
    assessment = reverse("blocs:assessment", args=[summary.pk])
    client.force_login(make_clerk(summary.head_unit))
    content = client.get(summary.get_absolute_url()).content.decode()
    assert report in content and assessment in content
    client.force_login(clerk)  # a member: the report, not the assessment
    content = client.get(summary.get_absolute_url()).content.decode()
    assert report in content and assessment not in content


def test_bloc_summary_pdf_lists_units_recorded_as_not_submitted(summary, board):
    late = UnitFactory(name="Sở Nội vụ")
    BlocMembership.objects.create(bloc_year=summary, unit=late)
    card = make_card(summary, late)
    type(card).objects.filter(pk=card.pk).update(
        state=ScorecardState.NOT_SUBMITTED, closed_out_reason="Không gửi dù đã được nhắc",
        closed_out_at=timezone.make_aware(datetime.datetime(2025, 12, 20, 9, 0)))
    data, text, _xlsx = produce(summary, board)
    assert "Sở Nội vụ" not in [r["unit"] for r in data["scores"]["rows"]]
    assert ("Đơn vị được Ban Thi đua – Khen thưởng ghi nhận không nộp bảng điểm (không xếp hạng, không có tên "
            "trong phiếu bầu): Sở Nội vụ (20/12/2025): Không gửi dù đã được nhắc.") in text
