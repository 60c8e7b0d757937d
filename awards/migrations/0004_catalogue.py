"""The catalogue as the law gives it (docs: shared/docs/domain.md sections 1-3).

Every figure is a dated row. A figure the sources do not give is stored as an explicit unknown
(coefficient NULL) with a note, never guessed. The board edits all of it on the catalogue pages.
"""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date
ND98_FROM, ND98_TO = D(2024, 1, 1), D(2025, 6, 30)
ND152_FROM = D(2025, 7, 1)
LAW_FROM = D(2024, 1, 1)
ND98 = "NĐ 98/2023/NĐ-CP"
ND152 = "NĐ 152/2025/NĐ-CP"
UNKNOWN = "Chưa xác định: không thấy trong văn bản ({})"

HEAD_80 = "Thủ trưởng cơ quan, đơn vị có tư cách pháp nhân; Chủ tịch UBND cấp xã (Điều 80)"
CHAIR = "Chủ tịch UBND tỉnh"

# code, name, kind, individual, collective, level, authority, rule, initiative, posting days, council vote
TYPES = [
    ("LDTT", "Lao động tiên tiến", "title", True, False, "grassroots", HEAD_80, "ldtt", False, 0, False),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "title", True, False, "grassroots", HEAD_80, "cstdcs", False, 0, False),
    ("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", "title", True, False, "provincial", CHAIR, "cstd_tinh", True, 0,
     True),
    ("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", "title", True, False, "state", "Thủ tướng Chính phủ (Điều 78.2)",
     "cstd_tq", True, 0, False),
    ("TTLDTT", "Tập thể lao động tiên tiến", "title", False, True, "grassroots", HEAD_80, "ttldtt", False, 0, False),
    ("TTLDXS", "Tập thể lao động xuất sắc", "title", False, True, "provincial", CHAIR, "ttldxs", False, 0, False),
    ("CO_TINH", "Cờ thi đua của UBND tỉnh", "title", False, True, "provincial", CHAIR, "basic", False, 0, True),
    ("CO_CP", "Cờ thi đua của Chính phủ", "title", False, True, "state", "Chính phủ (Điều 78.1)", "basic", False, 0,
     False),
    ("GIAY_KHEN", "Giấy khen", "form", True, True, "grassroots",
     "Thủ trưởng cơ quan chuyên môn thuộc UBND tỉnh, đơn vị có tư cách pháp nhân; Chủ tịch UBND cấp xã (Điều 75.1)",
     "basic", False, 0, False),
    ("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", "form", True, True, "provincial", CHAIR, "bk_tinh", False, 0,
     False),
    ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "form", True, True, "state", "Thủ tướng Chính phủ (Điều 78.2)",
     "basic", False, 0, False),
    ("KNC", "Kỷ niệm chương", "form", True, False, "provincial", "Tỉnh hoặc bộ, ngành", "basic", False, 0, False),
    ("HCLD_1", "Huân chương Lao động hạng Nhất", "form", True, True, "state", "Chủ tịch nước", "basic", False, 10,
     False),
    ("HCLD_2", "Huân chương Lao động hạng Nhì", "form", True, True, "state", "Chủ tịch nước", "basic", False, 10,
     False),
    ("HCLD_3", "Huân chương Lao động hạng Ba", "form", True, True, "state", "Chủ tịch nước", "basic", False, 10,
     False),
]

# code, recipient kind, NĐ 98 figure (1/1/2024-30/6/2025), NĐ 152 figure (from 1/7/2025), note on an unknown figure.
# Collectives get "2 × individual" only where the source says so (Huân chương, NĐ 152 Điều 51.2).
NOT_SEEN_54_2 = "Điều 54.2 NĐ 152 (khen thưởng tập thể) chưa thấy"
COEFFICIENTS = [
    ("LDTT", "individual", "0.3", "0.3", ""),
    ("CSTDCS", "individual", "1.0", "1.0", ""),
    ("CSTD_TINH", "individual", "3.0", "3.0", ""),
    ("CSTD_TQ", "individual", "4.5", "4.5", ""),
    ("TTLDTT", "collective", "0.8", "0.8", ""),
    ("TTLDXS", "collective", "1.5", "1.5", ""),
    ("CO_TINH", "collective", "8.0", "8.0", ""),
    ("CO_CP", "collective", "12.0", "12.0", ""),
    ("GIAY_KHEN", "individual", None, "0.3", "NĐ 98 chỉ thấy Giấy khen của Chủ tịch UBND cấp xã: 0,15"),
    ("GIAY_KHEN", "collective", None, None, NOT_SEEN_54_2),
    ("BK_TINH", "individual", None, "1.5", ""),
    ("BK_TINH", "collective", None, None, NOT_SEEN_54_2),
    ("BK_TTG", "individual", None, "3.5", ""),
    ("BK_TTG", "collective", None, None, NOT_SEEN_54_2),
    ("KNC", "individual", None, None, "tối đa 0,6 (NĐ 98 Điều 58.1.d; NĐ 152), mức cụ thể do nơi tặng quyết định"),
    ("HCLD_1", "individual", None, "9.0", ""),
    ("HCLD_1", "collective", None, "18.0", ""),
    ("HCLD_2", "individual", None, "7.5", ""),
    ("HCLD_2", "collective", None, "15.0", ""),
    ("HCLD_3", "individual", None, "4.5", ""),
    ("HCLD_3", "collective", None, "9.0", ""),
]


def _basis(decree, figure, note, code, recipient):
    if figure is not None:
        if decree == ND152 and code.startswith("HCLD") and recipient == "collective":
            return ND152 + ", Điều 51.2: tập thể gấp 2 lần cá nhân"
        return decree
    text = UNKNOWN.format(decree)
    return (f"{text}; {note}" if note else text)[:255]


LAW = "Luật Thi đua, khen thưởng 06/2022/QH15"
# code, key, value, legal basis
PARAMETERS = [
    ("CSTD_TINH", "consecutive_years", 3, LAW + ", Điều 22"),
    ("CSTD_TQ", "consecutive_years", 2, LAW + ", Điều 21"),
    ("CSTD_TQ", "cycle_years", 3, LAW + ", Điều 22 (3 lần CSTĐ cơ sở cho một lần CSTĐ cấp tỉnh)"),
    ("TTLDXS", "min_ldtt_percent", 70, LAW + ", Điều 27"),
    ("TTLDXS", "min_completed_percent", 100, LAW + ", Điều 27"),
    ("TTLDXS", "min_cstdcs", 1, LAW + ", Điều 27"),
    ("TTLDTT", "min_ldtt_percent", 70, LAW + ", Điều 28 (chưa đối chiếu nguyên văn)"),
    ("BK_TINH", "consecutive_years", 2, LAW + ", Điều 74.1.d"),
    ("BK_TINH", "excellent_years", 2, LAW + ", Điều 74.1.d"),
    ("BK_TINH", "initiatives", 2, LAW + ", Điều 74.1.d"),
]


def load(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    RewardCoefficient = apps.get_model("awards", "RewardCoefficient")
    BaseSalary = apps.get_model("awards", "BaseSalary")
    RuleParameter = apps.get_model("awards", "RuleParameter")
    types = {}
    for order, row in enumerate(TYPES, start=1):
        code, name, kind, ind, coll, level, authority, rule, initiative, days, vote = row
        types[code], _ = AwardType.objects.update_or_create(
            code=code,
            defaults=dict(name=name, kind=kind, for_individuals=ind, for_collectives=coll, level=level,
                          authority=authority, rule=rule, requires_initiative=initiative,
                          requires_posting=bool(days), posting_working_days=days, requires_council_vote=vote,
                          order=order * 10),
        )
    for code, recipient, c98, c152, note in COEFFICIENTS:
        t = types[code]
        if t.coefficients.filter(recipient_kind=recipient).exists():
            continue
        RewardCoefficient.objects.create(award_type=t, recipient_kind=recipient, valid_from=ND98_FROM,
                                         valid_to=ND98_TO, coefficient=Decimal(c98) if c98 else None,
                                         legal_basis=_basis(ND98, c98, note, code, recipient))
        RewardCoefficient.objects.create(award_type=t, recipient_kind=recipient, valid_from=ND152_FROM,
                                         coefficient=Decimal(c152) if c152 else None,
                                         legal_basis=_basis(ND152, c152, note, code, recipient))
    if not BaseSalary.objects.exists():
        BaseSalary.objects.create(amount=1_800_000, valid_from=D(2023, 7, 1), valid_to=D(2024, 6, 30),
                                  legal_basis="NĐ 24/2023/NĐ-CP")
        BaseSalary.objects.create(amount=2_340_000, valid_from=D(2024, 7, 1), legal_basis="NĐ 73/2024/NĐ-CP")
    for code, key, value, basis in PARAMETERS:
        RuleParameter.objects.get_or_create(award_type=types[code], key=key, valid_from=LAW_FROM,
                                            defaults={"value": Decimal(value), "legal_basis": basis})


class Migration(migrations.Migration):

    dependencies = [
        ("awards", "0003_register"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
