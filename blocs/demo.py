"""Demo data: the two seed blocs, a finished 2020 (finalised scorecards, vote, proposals) and a
2021 bloc year in self-scoring. Idempotent: blocs by code, bloc years by (bloc, year)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from emulation.demo import AGRI_CODES, BLOC5_CODES

from . import services
from .enums import BlocYearState, CriterionKind, ProposalKind, ScorecardState
from .models import (
    Bloc,
    BlocMembership,
    BlocYear,
    CriteriaSet,
    Criterion,
    Proposal,
    Scorecard,
    ScoreEntry,
    Vote,
    VoteResult,
    VoteThreshold,
)
from .selectors import scoreboard

S, B, P = CriterionKind.STANDARD, CriterionKind.BONUS, CriterionKind.PENALTY

# code, parent, title, kind, max points (None = section), evidence required, guidance
CRITERIA = [
    ("I", None, "Kết quả thực hiện nhiệm vụ chính trị, chuyên môn được giao", S, None, False, ""),
    ("I.1", "I", "Hoàn thành các chỉ tiêu, nhiệm vụ kế hoạch năm do Tỉnh ủy, HĐND, UBND tỉnh giao", S, 20, True,
     "Đối chiếu với kế hoạch năm và báo cáo tổng kết của đơn vị; đạt 100% chỉ tiêu: 20 điểm, mỗi chỉ tiêu không "
     "đạt trừ 2 điểm."),
    ("I.2", "I", "Thực hiện các nhiệm vụ chuyên môn theo chương trình công tác năm của đơn vị", S, 15, False, ""),
    ("I.3", "I", "Chất lượng tham mưu, ban hành văn bản quản lý nhà nước thuộc lĩnh vực phụ trách", S, 10, False, ""),
    ("I.4", "I", "Giải quyết thủ tục hành chính, đơn thư, kiến nghị của tổ chức, công dân đúng hạn", S, 5, False, ""),
    ("II", None, "Công tác thi đua, khen thưởng", S, None, False, ""),
    ("II.1", "II", "Ban hành kế hoạch, phát động phong trào thi đua thường xuyên và theo chuyên đề", S, 5, True,
     "Gửi kèm kế hoạch, văn bản phát động."),
    ("II.2", "II", "Ký kết và tổ chức thực hiện giao ước thi đua của Khối", S, 5, False, ""),
    ("II.3", "II", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", S, 5, False, ""),
    ("II.4", "II", "Gửi báo cáo, hồ sơ đề nghị khen thưởng đúng thời gian, đúng quy định", S, 5, False, ""),
    ("III", None, "Xây dựng Đảng, đoàn thể, cải cách hành chính", S, None, False, ""),
    ("III.1", "III", "Xây dựng tổ chức Đảng trong sạch, vững mạnh; học tập và làm theo tư tưởng, đạo đức, phong "
     "cách Hồ Chí Minh", S, 6, False, ""),
    ("III.2", "III", "Hoạt động của Công đoàn, Đoàn Thanh niên, Hội Cựu chiến binh cơ quan", S, 4, False, ""),
    ("III.3", "III", "Cải cách hành chính, ứng dụng công nghệ thông tin, chuyển đổi số", S, 6, False, ""),
    ("III.4", "III", "Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng", S, 4, False, ""),
    ("IV", None, "Tham gia hoạt động chung của Khối", S, None, False, ""),
    ("IV.1", "IV", "Tham dự đầy đủ các cuộc họp, hội nghị sơ kết, tổng kết của Khối", S, 5, False, ""),
    ("IV.2", "IV", "Tham gia các hoạt động văn hóa, thể thao, từ thiện do Khối tổ chức", S, 5, False, ""),
    ("V", None, "Điểm thưởng", B, None, False, "Tổng điểm thưởng không quá 10 điểm."),
    ("V.1", "V", "Được tặng Cờ thi đua, Bằng khen của Thủ tướng Chính phủ hoặc bộ, ngành trung ương trong năm", B, 5,
     True, ""),
    ("V.2", "V", "Có sáng kiến, mô hình mới được Hội đồng sáng kiến cấp tỉnh công nhận", B, 5, True, ""),
    ("V.3", "V", "Hoàn thành vượt mức các chỉ tiêu, nhiệm vụ được giao", B, 5, False, ""),
    ("VI", None, "Điểm trừ", P, None, False, ""),
    ("VI.1", "VI", "Chậm gửi báo cáo, hồ sơ theo yêu cầu của Khối (mỗi lần trừ 1 điểm)", P, 5, False, ""),
    ("VI.2", "VI", "Tập thể hoặc cá nhân bị kỷ luật từ khiển trách trở lên", P, 10, False, ""),
    ("VI.3", "VI", "Để xảy ra vụ việc tiêu cực, khiếu nại vượt cấp thuộc trách nhiệm của đơn vị", P, 5, False, ""),
]

BLOCS = [
    {
        "code": "K5", "name": "Khối thi đua số 5", "council": "Hội đồng Thi đua – Khen thưởng tỉnh",
        "description": "Sở Giao thông vận tải, Sở Tài nguyên và Môi trường, Sở Xây dựng, Liên minh Hợp tác xã tỉnh, "
                       "Ban quản lý Vườn quốc gia Bù Gia Mập, Ban quản lý dự án đầu tư xây dựng tỉnh.",
        "members": BLOC5_CODES,
        "2020": {"head": "VQGBGM", "deputy": "STNMT", "meeting": datetime.date(2021, 3, 12)},
        "2021": {"head": "SGTVT", "deputy": "VQGBGM", "submitted": "STNMT", "partial": "SXD"},
        # unit: (strength, bonus points V.1/V.2/V.3, penalties VI.1/VI.2/VI.3, votes for)
        "scores": {
            "STNMT": (0.96, (5, 5, 3), (0, 0, 0), 11),
            "SGTVT": (0.94, (5, 0, 3), (1, 0, 0), 10),
            "SXD": (0.93, (0, 5, 2), (0, 0, 0), 9),
            "VQGBGM": (0.92, (5, 0, 2), (1, 0, 0), 9),
            "LMHTX": (0.88, (0, 0, 2), (2, 0, 0), 4),
            "BQLDA": (0.86, (0, 0, 1), (1, 0, 0), 3),
        },
        "voters": 12,
        "flag": "STNMT",
        "diplomas": ["SGTVT", "SXD", "VQGBGM"],
    },
    {
        "code": "KNN",
        "name": "Khối thi đua các đơn vị sự nghiệp công lập, đơn vị tổ chức hành chính có sự nghiệp thuộc Sở NN&PTNT",
        "council": "Hội đồng Thi đua – Khen thưởng Sở Nông nghiệp và Phát triển nông thôn",
        "description": "08 đơn vị sự nghiệp công lập và tổ chức hành chính có sự nghiệp trực thuộc Sở NN&PTNT.",
        "members": AGRI_CODES,
        "2020": {"head": "TTKN", "deputy": "CCCNTY", "meeting": datetime.date(2021, 1, 28)},
        "2021": {"head": "TTKN", "deputy": "TTNS", "submitted": "CCCNTY", "partial": "TTNS"},
        "scores": {
            "TTKN": (0.97, (5, 5, 3), (0, 0, 0), 15),
            "CCCNTY": (0.95, (0, 5, 3), (0, 0, 0), 13),
            "TTNS": (0.94, (0, 5, 2), (0, 0, 0), 12),
            "CCTTBVTV": (0.93, (5, 0, 2), (1, 0, 0), 11),
            "BQLCC": (0.90, (0, 0, 2), (1, 0, 0), 6),
            "CCTL": (0.90, (0, 0, 2), (0, 0, 0), 7),
            "BQLRPH": (0.88, (0, 0, 1), (2, 0, 0), 4),
            "CCPTNT": (0.87, (0, 0, 1), (1, 0, 0), 3),
        },
        "voters": 16,
        "flag": "TTKN",
        "diplomas": ["CCCNTY", "TTNS", "CCTTBVTV"],
    },
]

HALF = Decimal("0.5")


def _half(value):
    """Round to the nearest half point."""
    return (Decimal(value) / HALF).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * HALF


def _criteria(cs):
    made = {}
    position = {}
    for code, parent, title, kind, max_points, evidence, guidance in CRITERIA:
        key = parent or ""
        position[key] = position.get(key, 0) + 1
        made[code] = Criterion.objects.create(
            criteria_set=cs, parent=made.get(parent), is_section=max_points is None, code=code, title=title,
            kind=kind, max_points=Decimal(max_points or 0), evidence_required=evidence, guidance=guidance,
            position=position[key])
    return made


def _score(leaf, strength, bonus, penalty):
    """(self, reviewed) points of a leaf for a unit of a given strength."""
    if leaf.kind == B:
        value = Decimal(bonus[int(leaf.code.split(".")[1]) - 1])
        return value, value
    if leaf.kind == P:
        value = Decimal(penalty[int(leaf.code.split(".")[1]) - 1])
        return value, value
    self_points = min(leaf.max_points, _half(leaf.max_points * Decimal(str(min(1.0, strength + 0.03)))))
    return self_points, min(self_points, _half(leaf.max_points * Decimal(str(strength))))


def _year_2020(spec, bloc, units, users):
    meta = spec["2020"]
    by = BlocYear.objects.create(
        bloc=bloc, year=2020, head_unit=units[meta["head"]], deputy_unit=units[meta["deputy"]],
        state=BlocYearState.CLOSED, self_scoring_deadline=datetime.date(2020, 12, 15),
        review_deadline=datetime.date(2021, 1, 10), meeting_date=meta["meeting"])
    BlocMembership.objects.bulk_create([BlocMembership(bloc_year=by, unit=units[c]) for c in spec["members"]])
    cs = CriteriaSet.objects.create(bloc_year=by, title=f"Bảng tiêu chí chấm điểm thi đua năm 2020 – {bloc.name}")
    leaves = [c for c in _criteria(cs).values() if not c.is_section]
    board = users.get("bantdkt")
    finalised = timezone.make_aware(datetime.datetime(2021, 1, 15, 9, 0))
    for code, (strength, bonus, penalty, _votes) in spec["scores"].items():
        sc = Scorecard.objects.create(
            bloc_year=by, unit=units[code], state=ScorecardState.FINALISED, version=5,
            submitted_at=timezone.make_aware(datetime.datetime(2020, 12, 14, 16, 0)),
            reviewed_at=timezone.make_aware(datetime.datetime(2021, 1, 8, 10, 0)),
            finalised_at=finalised, finalised_by=board)
        entries = []
        for leaf in leaves:
            self_points, reviewed = _score(leaf, strength, bonus, penalty)
            entries.append(ScoreEntry(
                scorecard=sc, criterion=leaf, self_points=self_points, reviewed_points=reviewed, final_points=reviewed,
                review_reason="" if reviewed == self_points else "Đối chiếu báo cáo tổng kết: chưa đạt đầy đủ "
                                                                  "chỉ tiêu theo kế hoạch.",
                note="Theo báo cáo tổng kết năm 2020 của đơn vị." if leaf.code == "I.1" else ""))
        ScoreEntry.objects.bulk_create(entries)
    vote = Vote.objects.create(bloc_year=by, held_on=meta["meeting"], voters_present=spec["voters"],
                               threshold_percent=Decimal("50"), recorded_by=users.get(_login_of(meta["head"])),
                               note="Biên bản họp tổng kết và bỏ phiếu suy tôn năm 2020 của Khối.")
    VoteResult.objects.bulk_create([VoteResult(vote=vote, unit=units[c], votes_for=s[3])
                                    for c, s in spec["scores"].items()])

    _tree, rows = scoreboard(by)
    ranks = {r.scorecard.unit_id: r.rank for r in rows}
    for kind, codes in ((ProposalKind.FLAG, [spec["flag"]]), (ProposalKind.DIPLOMA, spec["diplomas"])):
        for c in codes:
            Proposal.objects.create(bloc_year=by, unit=units[c], kind=kind, votes=spec["scores"][c][3],
                                    voters_present=spec["voters"], rank=ranks.get(units[c].pk),
                                    note="Theo kết quả bỏ phiếu suy tôn tại Hội nghị tổng kết năm 2020.",
                                    created_by=vote.recorded_by)
    return by


def _login_of(code):
    return {"VQGBGM": "vqg", "SGTVT": "gtvt", "TTKN": "khuyennong", "TTNS": "nuocsach"}.get(code, "")


def _year_2021(spec, previous, units, users):
    board = users["bantdkt"]
    meta = spec["2021"]
    by = services.create_next_year(previous, board, units[meta["head"]], units[meta["deputy"]], year=2021,
                                   self_scoring_deadline=datetime.date(2021, 12, 15),
                                   review_deadline=datetime.date(2022, 1, 10),
                                   meeting_date=datetime.date(2022, 1, 20))
    services.open_scoring(by, board)
    cards = {sc.unit.code: sc for sc in Scorecard.objects.filter(bloc_year=by).select_related("unit")}
    leaves = list(Criterion.objects.filter(criteria_set__bloc_year=by, is_section=False))
    # One unit has submitted (for the bloc leader to review); one has a half-filled draft; the rest
    # have not started.
    submitted, partial = spec["2021"]["submitted"], spec["2021"]["partial"]
    strength, bonus, penalty, _votes = spec["scores"][submitted]
    for leaf in leaves:
        self_points, _reviewed = _score(leaf, strength, (0, 0, bonus[2]), penalty)
        ScoreEntry.objects.filter(scorecard=cards[submitted], criterion=leaf).update(self_points=self_points)
    Scorecard.objects.filter(pk=cards[submitted].pk).update(
        state=ScorecardState.SUBMITTED, submitted_at=timezone.make_aware(datetime.datetime(2021, 12, 10, 15, 30)),
        version=3)
    strength = spec["scores"][partial][0]
    for leaf in leaves[: len(leaves) // 2]:
        self_points, _reviewed = _score(leaf, strength, (0, 0, 0), (0, 0, 0))
        ScoreEntry.objects.filter(scorecard=cards[partial], criterion=leaf).update(self_points=self_points)
    return by


def load(ctx):
    units, users = ctx["units"], ctx["users"]
    if not VoteThreshold.objects.exists():
        VoteThreshold.objects.create(percent=Decimal("50"), valid_from=datetime.date(2000, 1, 1),
                                     basis="Quá bán số người dự họp")
    for spec in BLOCS:
        bloc, _created = Bloc.objects.get_or_create(
            code=spec["code"], defaults={"name": spec["name"], "council": spec["council"],
                                         "description": spec["description"]})
        y2020 = BlocYear.objects.filter(bloc=bloc, year=2020).first()
        if y2020 is None:
            y2020 = _year_2020(spec, bloc, units, users)
        if not BlocYear.objects.filter(bloc=bloc, year=2021).exists():
            _year_2021(spec, y2020, units, users)
    return ctx
