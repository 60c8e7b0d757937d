"""Demo pledges. Idempotent.

- Khối thi đua số 5, 2021: signed by all six members at the conference of 12/3/2021 at the management
  board of Bù Gia Mập national park (seed 000); two units have reported their fulfilment.
- The agriculture bloc (seed 001), 2021: open for signing, two of eight members have signed.

The bloc years normally come from the blocs demo (it runs first); when they are missing they are created
here with the codes "K5" and "KNN".
"""

import datetime

from django.utils import timezone

from blocs.models import Bloc, BlocMembership, BlocYear
from emulation.demo import AGRI_CODES, BLOC5_CODES

from . import services
from .enums import CommitmentKind, FulfilmentResult, PledgeState
from .models import Pledge, Signature

BLOCS = {
    # key: (name, member codes, marker codes, head 2021, deputy 2021)
    "K5": ("Khối thi đua số 5", BLOC5_CODES, ("SXD", "LMHTX"), "SGTVT", "SXD"),
    "KNN": ("Khối thi đua các đơn vị sự nghiệp công lập, đơn vị tổ chức hành chính có sự nghiệp thuộc Sở Nông "
            "nghiệp và Phát triển nông thôn", AGRI_CODES, ("TTKN", "BQLCC"), "TTKN", "TTNS"),
}

K5_COMMITMENTS = [
    ("Hoàn thành tốt các nhiệm vụ chuyên môn theo chương trình, kế hoạch năm của từng đơn vị; hoàn thành đạt, "
     "vượt các chỉ tiêu, nhiệm vụ mà Tỉnh ủy, HĐND tỉnh và UBND tỉnh giao.", CommitmentKind.MEASURABLE, 100, "%"),
    ("Thực hiện tốt phong trào thi đua “Kỷ cương, liêm chính, hành động, sáng tạo, bứt phá, hiệu quả”, nâng cao "
     "trách nhiệm của người đứng đầu.", CommitmentKind.UNDERTAKING, None, ""),
    ("Đẩy mạnh các phong trào thi đua trọng tâm: “Cả nước chung sức xây dựng nông thôn mới”, “Doanh nghiệp Việt "
     "Nam hội nhập và phát triển”, “Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau”; học tập "
     "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.", CommitmentKind.UNDERTAKING, None, ""),
    ("Thực hiện tốt quản lý nhà nước về thi đua, khen thưởng; kiện toàn Hội đồng Thi đua – Khen thưởng và Hội đồng "
     "xét duyệt sáng kiến; xét khen thưởng công khai, dân chủ, đúng pháp luật.", CommitmentKind.UNDERTAKING,
     None, ""),
    ("Bồi dưỡng, xây dựng và nhân rộng điển hình tiên tiến; số điển hình tiên tiến được biểu dương trong năm.",
     CommitmentKind.MEASURABLE, 3, "điển hình"),
    ("Thực hiện đạt hiệu quả các nội dung ký kết Giao ước thi đua đầu năm.", CommitmentKind.UNDERTAKING, None, ""),
]

KNN_COMMITMENTS = [
    ("Đạt và vượt các chỉ tiêu kế hoạch Nhà nước giao trong từng lĩnh vực phụ trách.", CommitmentKind.MEASURABLE,
     100, "%"),
    ("100% CCVCLĐ trích 03 ngày lương đóng góp quỹ vì người nghèo của tỉnh.", CommitmentKind.MEASURABLE, 100, "%"),
    ("Tham mưu xây dựng văn bản quy phạm pháp luật thuộc lĩnh vực của đơn vị.", CommitmentKind.MEASURABLE, 4,
     "văn bản"),
    ("Không có CCVCLĐ vi phạm kỷ luật, tham nhũng, lãng phí.", CommitmentKind.UNDERTAKING, None, ""),
]


def _bloc_year(ctx, key, year):
    name, codes, markers, head, deputy = BLOCS[key]
    units = ctx["units"]
    qs = Bloc.objects.all()
    for code in markers:
        qs = qs.filter(years__memberships__unit__code=code)
    bloc = qs.distinct().first()
    if bloc is None:
        bloc, _created = Bloc.objects.get_or_create(code=key, defaults={"name": name, "council": "Hội đồng TĐKT tỉnh"})
    bloc_year, created = BlocYear.objects.get_or_create(
        bloc=bloc, year=year, defaults={"head_unit": units[head], "deputy_unit": units[deputy]}
    )
    if created:
        for code in codes:
            BlocMembership.objects.get_or_create(bloc_year=bloc_year, unit=units[code])
    return bloc_year


def _representative(unit):
    person = unit.people.filter(position="Giám đốc").order_by("pk").first()
    if person is not None:
        return person.full_name, f"Giám đốc {unit.short_name or unit.name}"
    return "Đại diện lãnh đạo", f"Lãnh đạo {unit.short_name or unit.name}"


def _signer(ctx, unit):
    for user in ctx["users"].values():
        if user.role_assignments.filter(role="clerk", unit=unit).exists():
            return user
    return ctx["users"]["bantdkt"]


def _pledge(bloc_year, board, title, preamble, date, place, commitments):
    pledge = Pledge.objects.filter(bloc_year=bloc_year).first()
    if pledge is not None:
        return pledge, False
    pledge = services.create_pledge(bloc_year, board, title, preamble=preamble, ceremony_date=date,
                                    ceremony_place=place)
    for text, kind, figure, unit in commitments:
        services.add_commitment(pledge, board, text=text, kind=kind, target_figure=figure, target_unit=unit)
    services.open_for_signing(pledge, board)
    return pledge, True


def load(ctx):
    board = ctx["users"]["bantdkt"]
    k5 = _bloc_year(ctx, "K5", 2021)
    knn = _bloc_year(ctx, "KNN", 2021)

    ceremony = datetime.date(2021, 3, 12)
    pledge, created = _pledge(
        k5, board, "Giao ước thi đua năm 2021 của Khối thi đua số 5",
        "Thực hiện Luật Thi đua, Khen thưởng và kế hoạch tổ chức phong trào thi đua năm 2021 của UBND tỉnh, "
        "các đơn vị thành viên Khối thi đua số 5 thống nhất ký kết giao ước thi đua với các nội dung sau:",
        ceremony, "Ban quản lý Vườn quốc gia Bù Gia Mập", K5_COMMITMENTS,
    )
    if created:
        for membership in k5.memberships.select_related("unit"):
            name, position = _representative(membership.unit)
            services.sign_pledge(pledge, _signer(ctx, membership.unit), membership.unit, name, position)
        at = timezone.make_aware(datetime.datetime(2021, 3, 12, 10, 0))
        Signature.objects.filter(pledge=pledge).update(signed_at=at)
        Pledge.objects.filter(pk=pledge.pk).update(signed_at=at)
        pledge.refresh_from_db()
        if pledge.state == PledgeState.SIGNED:
            _k5_fulfilment(ctx, pledge, board)

    pledge, created = _pledge(
        knn, board, "Giao ước thi đua năm 2021 của Khối thi đua các đơn vị sự nghiệp thuộc Sở NN&PTNT",
        "Tiếp tục phát huy những thành tích đạt được năm 2020, các thành viên trong Khối thi đua ký kết giao ước "
        "thi đua năm 2021.", datetime.date(2021, 2, 2), "Trung tâm Khuyến nông tỉnh", KNN_COMMITMENTS,
    )
    if created:
        for code in ("TTKN", "TTNS"):
            unit = ctx["units"][code]
            if knn.memberships.filter(unit=unit).exists():
                name, position = _representative(unit)
                services.sign_pledge(pledge, _signer(ctx, unit), unit, name, position)
    return ctx


def _k5_fulfilment(ctx, pledge, board):
    """Two year-end reports: Sở Xây dựng confirmed by the bloc leader, VQG Bù Gia Mập submitted."""
    commitments = list(pledge.commitments.all())
    leader = _signer(ctx, pledge.bloc_year.head_unit)
    for code, confirm in (("SXD", True), ("VQGBGM", False)):
        unit = ctx["units"][code]
        if not pledge.bloc_year.memberships.filter(unit=unit).exists():
            continue
        actor = _signer(ctx, unit)
        lines = []
        for c in commitments:
            partly = code == "VQGBGM" and c.position == 5
            lines.append({
                "commitment": c,
                "result": FulfilmentResult.PARTLY if partly else FulfilmentResult.ACHIEVED,
                "figure": (2 if partly else c.target_figure) if c.is_measurable else None,
                "evidence": "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2021 của đơn vị.",
            })
        services.save_report(pledge, actor, unit, lines)
        report = pledge.reports.get(unit=unit)
        services.submit_report(report, actor)
        if confirm and leader.pk != actor.pk:
            services.confirm_report(report, leader)
