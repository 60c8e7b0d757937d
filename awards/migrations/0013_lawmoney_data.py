"""Who may confer what, reward money complete, council quorum and public holidays (issue 14).

Figures taken from shared/docs/domain.md where it marks them seen [V] ship as fact; every other figure ships with
``to_confirm`` set, shown as "cần xác nhận" on the board's settings page, never silently as fact.
"""

import datetime
import unicodedata
from decimal import Decimal

from django.db import migrations

D = datetime.date
OLD_FROM, OLD_TO = D(2017, 10, 1), D(2023, 12, 31)  # NĐ 91/2017 in force from 1/10/2017 (see 0003)
LAW_FROM = D(2024, 1, 1)
ND98_TO = D(2025, 6, 30)
ND152_FROM = D(2025, 7, 1)

LAW = "Luật Thi đua, khen thưởng 06/2022/QH15"
OLD_LAW = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013), NĐ 91/2017/NĐ-CP"
ND91 = "NĐ 91/2017/NĐ-CP"
ND98 = "NĐ 98/2023/NĐ-CP"
ND152 = "NĐ 152/2025/NĐ-CP"
ND129 = "NĐ 129/2025/NĐ-CP"

# code, name, level, aliases (older decisions' free text), order
AUTHORITIES = [
    ("CT_NUOC", "Chủ tịch nước", "central", "Chủ tịch nước;Chủ tịch nước CHXHCN Việt Nam", 10),
    ("THU_TUONG", "Thủ tướng Chính phủ", "central", "Thủ tướng;Chính phủ", 20),
    ("CT_UBND_TINH", "Chủ tịch UBND tỉnh", "province",
     "UBND tỉnh;Ủy ban nhân dân tỉnh;Chủ tịch Ủy ban nhân dân tỉnh", 30),
    ("THU_TRUONG", "Thủ trưởng cơ quan, đơn vị", "agency",
     "Sở;Giám đốc Sở;Thủ trưởng;Ban;Cục;Chi cục;Trường;Bệnh viện;Trung tâm;Giám đốc", 40),
    ("CT_UBND_XA", "Chủ tịch UBND cấp xã", "commune",
     "UBND xã;UBND phường;UBND đặc khu;Ủy ban nhân dân xã;Ủy ban nhân dân phường;Chủ tịch UBND xã;"
     "Chủ tịch UBND phường", 50),
]

# New award types: code, name, kind, individual, collective, household, level, authority text, order
NEW_TYPES = [
    ("GIA_DINH_VH", "Gia đình văn hóa", "title", False, False, True, "grassroots",
     "Chủ tịch UBND cấp xã (Điều 80.3)", 200),
    ("THON_VH", "Thôn, tổ dân phố văn hóa", "title", False, True, False, "grassroots",
     "Chủ tịch UBND cấp xã (từ 1/7/2025, NĐ 129/2025)", 210),
    ("XA_TIEU_BIEU", "Xã, phường, đặc khu tiêu biểu", "title", False, True, False, "provincial",
     "Chủ tịch UBND tỉnh (cần xác nhận)", 220),
    ("KNC_TINH", "Kỷ niệm chương của tỉnh", "form", True, False, False, "provincial", "Chủ tịch UBND tỉnh", 230),
]

# Conferral powers: authority, award types, from, to, legal basis, to confirm
POWERS = [
    # Before the 2022 law (decisions imported from 2017-2023): kept so that old decisions check, all to confirm.
    ("CT_NUOC", ["HCLD_1", "HCLD_2", "HCLD_3"], OLD_FROM, OLD_TO, OLD_LAW + ", Điều 77", True),
    ("THU_TUONG", ["CO_CP", "BK_TTG", "CSTD_TQ"], OLD_FROM, OLD_TO, OLD_LAW + ", Điều 78", True),
    ("CT_UBND_TINH", ["CO_TINH", "BK_TINH", "CSTD_TINH", "TTLDXS", "KNC", "KNC_TINH"], OLD_FROM, OLD_TO,
     OLD_LAW + ", Điều 79", True),
    ("THU_TRUONG", ["LDTT", "CSTDCS", "TTLDTT", "GIAY_KHEN"], OLD_FROM, OLD_TO, OLD_LAW + ", Điều 80", True),
    ("CT_UBND_XA", ["LDTT", "GIAY_KHEN", "GIA_DINH_VH"], OLD_FROM, OLD_TO, OLD_LAW + ", Điều 80", True),
    # The 2022 law, from 1/1/2024.
    ("CT_NUOC", ["HCLD_1", "HCLD_2", "HCLD_3"], LAW_FROM, None, LAW + ", Điều 77", True),
    ("THU_TUONG", ["CO_CP"], LAW_FROM, None, LAW + ", Điều 78.1 (Chính phủ; Thủ tướng ký)", False),
    ("THU_TUONG", ["BK_TTG", "CSTD_TQ"], LAW_FROM, None, LAW + ", Điều 78.2", False),
    ("CT_UBND_TINH", ["CO_TINH", "BK_TINH", "CSTD_TINH", "TTLDXS", "KNC", "KNC_TINH"], LAW_FROM, None,
     LAW + ", Điều 79", True),
    ("CT_UBND_TINH", ["XA_TIEU_BIEU"], LAW_FROM, None, LAW + ", Điều 79 (thẩm quyền chưa thấy trong nguồn)", True),
    ("THU_TRUONG", ["LDTT", "CSTDCS", "TTLDTT"], LAW_FROM, None, LAW + ", Điều 80.1", False),
    ("THU_TRUONG", ["GIAY_KHEN"], LAW_FROM, None, LAW + ", Điều 75.1", False),
    # The commune chair: LĐTT, Giấy khen, Gia đình văn hóa; from 1/7/2025 also what the district chair gave.
    ("CT_UBND_XA", ["LDTT", "GIA_DINH_VH"], LAW_FROM, None, LAW + ", Điều 80.3", False),
    ("CT_UBND_XA", ["GIAY_KHEN"], LAW_FROM, None, LAW + ", Điều 75.1.d", False),
    ("CT_UBND_XA", ["TTLDTT", "CSTDCS", "THON_VH"], ND152_FROM, None,
     ND129 + " (chuyển thẩm quyền Điều 80.2 của Chủ tịch UBND cấp huyện sang cấp xã)", False),
]

# Coefficients: code, recipient, from, to, coefficient, basis, to confirm, authority (None: every), ceiling
X2 = "tập thể gấp 2 lần cá nhân"
COEFFICIENTS = [
    # NĐ 91/2017, 1/10/2017 - 31/12/2023 (titles as NĐ 98 kept them).
    ("LDTT", "individual", "0.3", ND91, False),
    ("CSTDCS", "individual", "1.0", ND91, False),
    ("CSTD_TINH", "individual", "3.0", ND91, False),
    ("CSTD_TQ", "individual", "4.5", ND91, False),
    ("TTLDTT", "collective", "0.8", ND91, False),
    ("TTLDXS", "collective", "1.5", ND91, False),
    ("CO_TINH", "collective", "8.0", ND91, False),
    ("CO_CP", "collective", "12.0", ND91, False),
    ("GIAY_KHEN", "individual", "0.3", ND91, True),
    ("GIAY_KHEN", "collective", "0.6", f"{ND91}: {X2}", True),
    ("BK_TINH", "individual", "1.0", ND91, True),
    ("BK_TINH", "collective", "2.0", f"{ND91}: {X2}", True),
    ("BK_TTG", "individual", "1.0", ND91, True),
    ("BK_TTG", "collective", "2.0", f"{ND91}: {X2}", True),
    ("HCLD_1", "individual", "9.0", ND91, True),
    ("HCLD_1", "collective", "18.0", f"{ND91}: {X2}", True),
    ("HCLD_2", "individual", "7.5", ND91, True),
    ("HCLD_2", "collective", "15.0", f"{ND91}: {X2}", True),
    ("HCLD_3", "individual", "4.5", ND91, True),
    ("HCLD_3", "collective", "9.0", f"{ND91}: {X2}", True),
    ("THON_VH", "collective", "1.5", ND91, True),
    ("GIA_DINH_VH", "household", "0.1", ND91, True),
]
# NĐ 98 figures for the rows 0004 left unknown (1/1/2024 - 30/6/2025), and NĐ 152 collectives (from 1/7/2025).
ND98_FILL = [
    ("GIAY_KHEN", "individual", "0.3", ND98 + ", Điều 58", True),
    ("GIAY_KHEN", "collective", "0.6", ND98 + f", Điều 58: {X2}", True),
    ("BK_TINH", "individual", "1.0", ND98 + ", Điều 58", True),
    ("BK_TINH", "collective", "2.0", ND98 + f", Điều 58: {X2}", True),
    ("HCLD_1", "individual", "9.0", ND98 + ", Điều 55", True),
    ("HCLD_1", "collective", "18.0", ND98 + f", Điều 55: {X2}", True),
    ("HCLD_2", "individual", "7.5", ND98 + ", Điều 55", True),
    ("HCLD_2", "collective", "15.0", ND98 + f", Điều 55: {X2}", True),
    ("HCLD_3", "individual", "4.5", ND98 + ", Điều 55", True),
    ("HCLD_3", "collective", "9.0", ND98 + f", Điều 55: {X2}", True),
]
ND152_FILL = [
    ("GIAY_KHEN", "collective", "0.6", ND152 + f", Điều 54.2: {X2} (Điều 54.2 chưa thấy nguyên văn)", True),
    ("BK_TINH", "collective", "3.0", ND152 + f", Điều 54.2: {X2} (Điều 54.2 chưa thấy nguyên văn)", True),
    ("BK_TTG", "collective", "7.0", ND152 + f", Điều 54.2: {X2} (Điều 54.2 chưa thấy nguyên văn)", True),
]
# New types under NĐ 98 and NĐ 152: code, recipient, figure (None: unknown), basis, to confirm, ceiling
NEW_COEFFICIENTS = [
    ("THON_VH", "collective", "1.5", "{}", False, False),
    ("XA_TIEU_BIEU", "collective", "2.0", "{}", False, False),
    ("GIA_DINH_VH", "household", None, "Chưa xác định: không thấy mức trong {} (NĐ 91 là 0,1)", True, False),
    ("KNC_TINH", "individual", "0.6", "{}: tối đa 0,6, nơi tặng quyết định mức cụ thể", False, True),
]

# Lunar dates: Tết (mùng 1 tháng Giêng) and Giỗ Tổ Hùng Vương (10/3 âm lịch); the last years to confirm.
LUNAR = {
    2017: (D(2017, 1, 28), D(2017, 4, 6)), 2018: (D(2018, 2, 16), D(2018, 4, 25)),
    2019: (D(2019, 2, 5), D(2019, 4, 14)), 2020: (D(2020, 1, 25), D(2020, 4, 2)),
    2021: (D(2021, 2, 12), D(2021, 4, 21)), 2022: (D(2022, 2, 1), D(2022, 4, 10)),
    2023: (D(2023, 1, 22), D(2023, 4, 29)), 2024: (D(2024, 2, 10), D(2024, 4, 18)),
    2025: (D(2025, 1, 29), D(2025, 4, 7)), 2026: (D(2026, 2, 17), D(2026, 4, 26)),
    2027: (D(2027, 2, 6), D(2027, 4, 16)),
}
LUNAR_TO_CONFIRM = {2026, 2027}


def holidays():
    """(date, name, to confirm) for 2017-2027: the days of Bộ luật Lao động (2012 Điều 115; 2019 Điều 112), a day off
    the next working day for a holiday on a weekend; the split of Tết and the extra day of 2/9 follow the
    Government's yearly notice, so they are marked to confirm."""
    one = datetime.timedelta(days=1)
    out = {}

    def add(day, name, confirm):
        out.setdefault(day, (name, confirm))

    for year in range(2017, 2028):
        tet, hung = LUNAR[year]
        fixed = [(D(year, 1, 1), "Tết Dương lịch", False),
                 (hung, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", year in LUNAR_TO_CONFIRM),
                 (D(year, 4, 30), "Ngày Chiến thắng (30/4)", False),
                 (D(year, 5, 1), "Ngày Quốc tế lao động (1/5)", False),
                 (D(year, 9, 2), "Quốc khánh (2/9)", False)]
        if year >= 2021:  # Bộ luật Lao động 2019: 2/9 and one day before or after
            extra = D(year, 9, 1) if D(year, 9, 2).weekday() in (1, 4, 5) else D(year, 9, 3)  # as 2021-2025
            fixed.append((extra, "Quốc khánh (ngày liền kề 2/9)", True))
        tet_days = [(tet - one, "Tết Nguyên đán (30 tháng Chạp)", True)]
        tet_days += [(tet + n * one, f"Tết Nguyên đán (mùng {n + 1})", n > 0 or year in LUNAR_TO_CONFIRM)
                     for n in range(4)]
        for label, group in [("Tết Nguyên đán", tet_days)] + [(f[1], [f]) for f in fixed]:
            for day, name, confirm in group:
                add(day, name, confirm)
            weekend = sum(1 for day, _n, _c in group if day.weekday() >= 5)
            after = max(day for day, _n, _c in group)
            while weekend:
                after += one
                if after.weekday() < 5 and after not in out:
                    add(after, f"Nghỉ bù {label}", True)
                    weekend -= 1
    return sorted((day, name, confirm) for day, (name, confirm) in out.items())


def _fold(text):
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split())


def resolve(text, authorities):
    """The authority whose name or alias the free text contains (the longest match wins)."""
    folded = f" {_fold(text)} "
    best, length = None, 0
    for authority in authorities:
        for alias in [authority.name, *authority.aliases.split(";")]:
            alias = _fold(alias)
            if alias and f" {alias} " in folded and len(alias) > length:
                best, length = authority, len(alias)
    return best


def load(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    Authority = apps.get_model("awards", "ConferringAuthority")
    Power = apps.get_model("awards", "ConferralPower")
    Coefficient = apps.get_model("awards", "RewardCoefficient")
    BaseSalary = apps.get_model("awards", "BaseSalary")
    Threshold = apps.get_model("awards", "CouncilVoteThreshold")
    Quorum = apps.get_model("awards", "CouncilQuorum")
    Holiday = apps.get_model("awards", "PublicHoliday")
    Decision = apps.get_model("awards", "Decision")

    authorities = {}
    for code, name, level, aliases, order in AUTHORITIES:
        authorities[code], _ = Authority.objects.get_or_create(
            code=code, defaults={"name": name, "level": level, "aliases": aliases, "order": order})
    for code, name, kind, ind, coll, house, level, authority, order in NEW_TYPES:
        AwardType.objects.get_or_create(code=code, defaults=dict(
            name=name, kind=kind, for_individuals=ind, for_collectives=coll, for_households=house, level=level,
            authority=authority, rule="basic", order=order))
    types = {t.code: t for t in AwardType.objects.all()}

    for code, type_codes, start, end, basis, confirm in POWERS:
        for type_code in type_codes:
            if type_code in types:
                Power.objects.get_or_create(authority=authorities[code], award_type=types[type_code], valid_from=start,
                                            defaults={"valid_to": end, "legal_basis": basis, "to_confirm": confirm})

    def fill(rows, start, end, decree):
        for code, recipient, figure, basis, confirm in rows:
            if code not in types:
                continue
            row = Coefficient.objects.filter(award_type=types[code], recipient_kind=recipient, authority=None,
                                             valid_from=start).first()
            if row is None:
                Coefficient.objects.create(award_type=types[code], recipient_kind=recipient, valid_from=start,
                                           valid_to=end, coefficient=Decimal(figure), legal_basis=basis[:255],
                                           to_confirm=confirm)
            elif row.coefficient is None and row.legal_basis.startswith("Chưa xác định"):  # untouched unknown
                row.coefficient, row.legal_basis, row.to_confirm = Decimal(figure), basis[:255], confirm
                row.save(update_fields=["coefficient", "legal_basis", "to_confirm"])

    fill(COEFFICIENTS, OLD_FROM, OLD_TO, ND91)
    fill(ND98_FILL, LAW_FROM, ND98_TO, ND98)
    fill(ND152_FILL, ND152_FROM, None, ND152)
    # The commune chair's Giấy khen under NĐ 98 paid 0,15 (NĐ 152 Điều 54.1.e doubled it to 0,3).
    if "GIAY_KHEN" in types:
        for recipient, figure, confirm in (("individual", "0.15", False), ("collective", "0.3", True)):
            Coefficient.objects.get_or_create(
                award_type=types["GIAY_KHEN"], recipient_kind=recipient, authority=authorities["CT_UBND_XA"],
                valid_from=LAW_FROM,
                defaults={"valid_to": ND98_TO, "coefficient": Decimal(figure), "to_confirm": confirm,
                          "legal_basis": ND98 + " (Giấy khen của Chủ tịch UBND cấp xã)"
                          + ("" if recipient == "individual" else f": {X2}")})
    for code, recipient, figure, basis, confirm, ceiling in NEW_COEFFICIENTS:
        for start, end, decree in ((LAW_FROM, ND98_TO, ND98), (ND152_FROM, None, ND152)):
            Coefficient.objects.get_or_create(
                award_type=types[code], recipient_kind=recipient, authority=None, valid_from=start,
                defaults={"valid_to": end, "coefficient": Decimal(figure) if figure else None,
                          "legal_basis": basis.format(decree)[:255], "to_confirm": confirm, "is_ceiling": ceiling})
    # Kỷ niệm chương: at most 0,6 (NĐ 98 Điều 58.1.d; NĐ 152), the giver sets the amount.
    for row in Coefficient.objects.filter(award_type__code="KNC", coefficient__isnull=True, valid_from__gte=LAW_FROM):
        row.coefficient, row.is_ceiling = Decimal("0.6"), True
        row.legal_basis = f"{ND98 if row.valid_from < ND152_FROM else ND152}: tối đa 0,6, nơi tặng quyết định mức cụ thể"
        row.to_confirm = row.valid_from >= ND152_FROM  # NĐ 152: 0,8 or 0,6 by giver, not seen whole
        row.save(update_fields=["coefficient", "is_ceiling", "legal_basis", "to_confirm"])

    # Base salaries back to 2017.
    for amount, start, end, basis in ((1_300_000, D(2017, 7, 1), D(2018, 6, 30), "NĐ 47/2017/NĐ-CP"),
                                      (1_390_000, D(2018, 7, 1), D(2019, 6, 30), "NĐ 72/2018/NĐ-CP"),
                                      (1_490_000, D(2019, 7, 1), D(2023, 6, 30), "NĐ 38/2019/NĐ-CP")):
        if not BaseSalary.objects.filter(valid_from__lte=end).filter(valid_to__gte=start).exists():
            BaseSalary.objects.create(amount=amount, valid_from=start, valid_to=end, legal_basis=basis)

    # Council: 90 % of all members for CSTĐ cấp tỉnh (NĐ 91 Điều 45.8); not found in the 2022 law: to confirm.
    default = Threshold.objects.filter(award_type=None, valid_from=OLD_FROM, valid_to=None).first()
    if default is not None:
        default.valid_to = OLD_TO
        default.save(update_fields=["valid_to"])
        Threshold.objects.create(award_type=None, percent=default.percent, valid_from=LAW_FROM, to_confirm=True,
                                 legal_basis="Luật 06/2022 và NĐ 98, NĐ 152: không thấy tỷ lệ; giữ mức của "
                                             "NĐ 91/2017 Điều 45.8 (tính trên tổng số thành viên)")
    if not Quorum.objects.exists():
        Quorum.objects.create(percent=Decimal("66.67"), valid_from=OLD_FROM, to_confirm=True,
                              legal_basis="Quy chế hoạt động của Hội đồng TĐKT tỉnh: ít nhất 2/3 thành viên dự họp")
    for day, name, confirm in holidays():
        Holiday.objects.get_or_create(date=day, defaults={"name": name, "to_confirm": confirm})

    # Decisions already recorded: their issuing authority from the text written on them.
    known = list(authorities.values())
    for decision in Decision.objects.filter(issuer=None).only("pk", "authority"):
        issuer = resolve(decision.authority, known)
        if issuer is not None:
            Decision.objects.filter(pk=decision.pk).update(issuer=issuer)


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0013_lawmoney_schema"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
