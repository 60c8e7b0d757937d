"""Demo campaigns: the movements named in the two seed articles. ``load(ctx)`` is idempotent (codes are keys).

``load_demo`` runs it after the blocs demo (INSTALLED_APPS order), so bloc-scoped campaigns find their blocs.
Awards demo data may point thematic awards to these campaigns by code (``ctx["campaigns"][code]``).
"""

import datetime

from django.utils import timezone

from blocs.models import Bloc

from . import services
from .enums import CampaignForm, CampaignScope, CampaignState, RegistrationState
from .models import Campaign, CampaignRegistration

D = datetime.date

# code, title, form, authority, launching unit code, scope, scope target (unit code or bloc key), start, end,
# state, goals, summary
CAMPAIGNS = [
    ("NTM-2016", "Cả nước chung sức xây dựng nông thôn mới", CampaignForm.THEMATIC,
     "Thủ tướng Chính phủ phát động; UBND tỉnh triển khai", "BTDKT", CampaignScope.PROVINCE, None,
     D(2016, 1, 1), D(2020, 12, 31), CampaignState.CONCLUDED,
     "Tham gia thẩm định, công nhận tiêu chí xây dựng nông thôn mới của các xã; tham mưu, góp ý các tiêu chí.",
     "Giai đoạn 2016–2020: các thành viên Khối thi đua đã cử cán bộ tham gia thẩm định, công nhận một số tiêu "
     "chí xây dựng nông thôn mới của các xã trên địa bàn tỉnh; thực hiện tốt chức năng tham mưu, thẩm định, "
     "góp ý, đề xuất các tiêu chí."),
    ("NTM-2021", "Cả nước chung sức xây dựng nông thôn mới", CampaignForm.THEMATIC,
     "Thủ tướng Chính phủ phát động; UBND tỉnh triển khai", "BTDKT", CampaignScope.PROVINCE, None,
     D(2021, 1, 1), D(2025, 12, 31), CampaignState.UNDER_WAY,
     "Giai đoạn 2021–2025: nông thôn mới nâng cao, nông thôn mới kiểu mẫu.", ""),
    ("VNN-2021", "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau", CampaignForm.THEMATIC,
     "Thủ tướng Chính phủ phát động; UBND tỉnh triển khai", "BTDKT", CampaignScope.PROVINCE, None,
     D(2021, 1, 1), D(2025, 12, 31), CampaignState.UNDER_WAY,
     "Hỗ trợ hộ nghèo, nhà tình thương; đóng góp quỹ vì người nghèo của tỉnh.", ""),
    ("HCM", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", CampaignForm.REGULAR,
     "Tỉnh ủy, UBND tỉnh", "BTDKT", CampaignScope.PROVINCE, None,
     D(2016, 5, 15), None, CampaignState.UNDER_WAY,
     "Tạo chuyển biến về ý thức tu dưỡng, rèn luyện phẩm chất đạo đức, lối sống, tinh thần trách nhiệm của "
     "CCVCLĐ (Chỉ thị 05-CT/TW).", ""),
    ("KCLC-2021", "Kỷ cương, liêm chính, hành động, sáng tạo, bứt phá, hiệu quả", CampaignForm.REGULAR,
     "Chính phủ phát động; Hội đồng TĐKT tỉnh triển khai trong các khối thi đua", "BTDKT", CampaignScope.BLOCS,
     "K5", D(2021, 1, 1), D(2021, 12, 31), CampaignState.LAUNCHED,
     "Nâng cao tinh thần trách nhiệm, kỷ luật, kỷ cương trong thực thi nhiệm vụ, công vụ, đặc biệt là trách "
     "nhiệm của người đứng đầu.", ""),
    ("DNHN", "Doanh nghiệp Việt Nam hội nhập và phát triển", CampaignForm.THEMATIC,
     "Thủ tướng Chính phủ phát động", "BTDKT", CampaignScope.PROVINCE, None,
     D(2021, 1, 1), D(2025, 12, 31), CampaignState.LAUNCHED,
     "Hỗ trợ doanh nghiệp, hợp tác xã hội nhập và phát triển.", ""),
    ("CCHC-2010", "Cải cách thủ tục hành chính giai đoạn 2010–2020", CampaignForm.THEMATIC,
     "Giám đốc Sở Nông nghiệp và PTNT", "SNN", CampaignScope.UNIT, "SNN",
     D(2010, 1, 1), D(2020, 12, 31), CampaignState.CONCLUDED,
     "Đơn giản hóa thủ tục hành chính thuộc lĩnh vực nông nghiệp.",
     "Giám đốc Sở tặng Giấy khen cho 12 lượt tập thể đạt thành tích cao trong phong trào."),
    ("CCHC-KNN-2021", "Cải cách thể chế, thủ tục hành chính, phát triển ứng dụng công nghệ thông tin",
     CampaignForm.REGULAR, "Khối trưởng Khối thi đua các đơn vị sự nghiệp thuộc Sở NN&PTNT", "TTKN",
     CampaignScope.BLOCS, "KNN", D(2021, 1, 1), D(2021, 12, 31), CampaignState.UNDER_WAY,
     "Tham mưu xây dựng văn bản quy phạm pháp luật (khuyến nông, cảng cá, chăn nuôi thú y, rừng phòng hộ ven "
     "biển); ứng dụng công nghệ thông tin trong quản lý.", ""),
    ("TKCLP-2021", "Thực hành tiết kiệm, chống lãng phí, chống tham nhũng", CampaignForm.REGULAR,
     "Giám đốc Sở Nông nghiệp và PTNT", "SNN", CampaignScope.UNIT, "SNN",
     D(2021, 1, 1), D(2021, 12, 31), CampaignState.MID_TERM,
     "Phổ biến, quán triệt Luật Phòng, chống tham nhũng; thực hành tiết kiệm, chống lãng phí cho CCVCLĐ.", ""),
    ("TOMLUA", "Xây dựng và phát triển mô hình tôm lúa trên địa bàn tỉnh", CampaignForm.THEMATIC,
     "UBND tỉnh", "SNN", CampaignScope.UNIT, "SNN", D(2018, 1, 1), D(2020, 12, 31), CampaignState.CONCLUDED,
     "Nhân rộng mô hình tôm – lúa bền vững.",
     "UBND tỉnh tặng Bằng khen cho các tập thể và cá nhân có thành tích xuất sắc trong phong trào."),
    ("CCHC-2125", "Cải cách hành chính giai đoạn 2021–2025", CampaignForm.REGULAR,
     "UBND tỉnh", "BTDKT", CampaignScope.PROVINCE, None, D(2021, 6, 1), D(2025, 12, 31), CampaignState.PLANNED,
     "Nâng chỉ số cải cách hành chính (PAR Index) và chỉ số hài lòng (SIPAS) của tỉnh.", ""),
]

# campaign code, unit code, targets, state, return reason
REGISTRATIONS = [
    ("VNN-2021", "TTNS", "Hỗ trợ 01 căn nhà tình thương cho hộ nghèo (30.000.000 đồng); trích 03 ngày lương của "
     "toàn thể CCVCLĐ đóng góp quỹ vì người nghèo của tỉnh.", RegistrationState.ACCEPTED, ""),
    ("VNN-2021", "TTKN", "100% CCVCLĐ trích 03 ngày lương ủng hộ quỹ vì người nghèo; tham gia đầy đủ các cuộc "
     "vận động của cấp trên.", RegistrationState.SUBMITTED, ""),
    ("KCLC-2021", "SGTVT", "100% hồ sơ thủ tục hành chính giải quyết đúng hạn; không có CCVC vi phạm kỷ luật.",
     RegistrationState.SUBMITTED, ""),
    ("KCLC-2021", "SXD", "Giải quyết đúng hạn 98% hồ sơ cấp phép xây dựng.", RegistrationState.ACCEPTED, ""),
    ("KCLC-2021", "VQGBGM", "Thực hiện tốt.", RegistrationState.RETURNED,
     "Đề nghị nêu chỉ tiêu cụ thể, đo được (ví dụ: số vụ vi phạm lâm luật giảm, tỷ lệ hồ sơ đúng hạn)."),
    ("CCHC-KNN-2021", "TTKN", "Tham mưu 01 văn bản quy phạm pháp luật về khuyến nông; 100% văn bản điều hành "
     "qua hệ thống quản lý văn bản điện tử.", RegistrationState.ACCEPTED, ""),
    ("CCHC-KNN-2021", "BQLCC", "Tham mưu quy định quản lý cảng cá; số hóa hồ sơ tàu cá.",
     RegistrationState.SUBMITTED, ""),
]


def _find_bloc(key):
    markers = {"K5": ("SXD", "LMHTX"), "KNN": ("TTKN", "BQLCC")}[key]
    qs = Bloc.objects.all()
    for code in markers:
        qs = qs.filter(years__memberships__unit__code=code)
    return qs.distinct().first() or Bloc.objects.filter(code=key).first()


def load(ctx):
    units = ctx["units"]
    users = ctx["users"]
    board = users.get("bantdkt")
    ctx.setdefault("campaigns", {})
    for (code, title, form, authority, launcher, scope, target, start, end, state, goals, summary) in CAMPAIGNS:
        campaign = Campaign.objects.filter(code=code).first()
        if campaign is None:
            blocs = []
            if scope == CampaignScope.BLOCS:
                bloc = _find_bloc(target)
                if bloc is None:
                    continue  # the blocs demo did not run
                blocs = [bloc]
            campaign = services.create_campaign(
                board, scope_blocs=blocs, code=code, title=title, form=form, authority=authority,
                launching_unit=units.get(launcher), scope=scope,
                scope_unit=units.get(target) if scope == CampaignScope.UNIT else None,
                start_date=start, end_date=end, goals=goals,
                registration_deadline=start + datetime.timedelta(days=30) if start else None,
            )
            _advance(campaign, board, state, summary)
        ctx["campaigns"][code] = campaign
    for code, unit_code, targets, state, reason in REGISTRATIONS:
        campaign = ctx["campaigns"].get(code)
        unit = units.get(unit_code)
        if campaign is None or unit is None or CampaignRegistration.objects.filter(campaign=campaign,
                                                                                   unit=unit).exists():
            continue
        if unit.pk not in services.unit_ids_in_scope(campaign):
            continue
        reg = services.register_unit(campaign, board, unit, targets)
        if state == RegistrationState.ACCEPTED:
            services.accept_registration(reg, board)
        elif state == RegistrationState.RETURNED:
            services.return_registration(reg, board, reason)
    return ctx


def _advance(campaign, actor, state, summary):
    order = [CampaignState.PLANNED, CampaignState.LAUNCHED, CampaignState.UNDER_WAY, CampaignState.MID_TERM,
             CampaignState.CONCLUDED]
    target = order.index(state)
    if target >= 1:
        services.launch_campaign(campaign, actor)
    if target >= 2:
        services.start_campaign(campaign, actor)
    if target >= 3:
        year = campaign.start_date.year if campaign.start_date else timezone.localdate().year
        services.open_mid_term_review(campaign, actor, f"Sơ kết 6 tháng đầu năm {year}", held_on=D(year, 7, 15))
        if state == CampaignState.CONCLUDED:
            services.close_mid_term_review(campaign, actor, "Các đơn vị triển khai đúng kế hoạch; cần nhân rộng "
                                           "các mô hình, điển hình tiên tiến.")
    if state == CampaignState.CONCLUDED:
        services.conclude_campaign(campaign, actor, summary or "Đã tổng kết.")
