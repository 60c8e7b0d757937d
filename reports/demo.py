"""Demo data of the reports app: the letterhead printed on report documents and who signs the documents of
the board, the province and each demo unit (idempotent). The signers' names are invented for the demo: the
board replaces them under Reports → Signers of documents."""

import datetime

from emulation.models import Unit

from .models import IssuerSetting, Letterhead, body_key

BASES = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n"
         "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
         "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều "
         "của Luật Thi đua, khen thưởng;")

HEADS = ("Phạm Văn Toàn", "Đỗ Thị Mai", "Vũ Quang Huy", "Ngô Thị Lan", "Bùi Đức Thắng", "Hồ Thị Ngọc Anh")


def load(ctx):
    if not Letterhead.objects.exists():
        Letterhead.objects.create(
            parent_body="UBND tỉnh Bình Phước",
            issuing_body="Ban Thi đua – Khen thưởng",
            symbol="BC-BTĐKT",
            place="Bình Phước",
            recipients="Thường trực Hội đồng TĐKT tỉnh;\nCác khối thi đua;\nLãnh đạo Ban",
        )
    if IssuerSetting.objects.exists():
        return
    start = datetime.date(2017, 1, 1)  # before the demo's oldest decisions, so each of them can be drafted
    IssuerSetting.objects.create(
        issuing_body="Ban Thi đua – Khen thưởng", parent_body="UBND tỉnh Bình Phước", place="Bình Phước",
        capacity="KT. Trưởng ban", signer_title="Phó Trưởng ban", signer_name="Lê Thị Thu Hằng", valid_from=start,
        addressee="Chủ tịch UBND tỉnh", bases=BASES)
    IssuerSetting.objects.create(  # the authority of the demo's decisions (awards.demo.nominations.CHAIRMAN)
        issuing_body="Ủy ban nhân dân tỉnh", place="Bình Phước", enacting="Chủ tịch Ủy ban nhân dân tỉnh Bình Phước",
        signer_title="Chủ tịch", signer_name="Trần Tuệ Hiền", valid_from=start,
        bases=BASES + "\nXét đề nghị của Trưởng ban Ban Thi đua – Khen thưởng tỉnh.",
        executors="Chánh Văn phòng UBND tỉnh, Trưởng ban Ban Thi đua – Khen thưởng tỉnh, Thủ trưởng các cơ quan, "
                  "đơn vị có liên quan",
        recipients="Ban Thi đua – Khen thưởng tỉnh;\nCác đơn vị có tên tại Điều 1")
    IssuerSetting.objects.create(  # awards.demo.nominations.DIRECTOR
        issuing_body="Sở Nông nghiệp và Phát triển nông thôn", parent_body="UBND tỉnh Bình Phước", place="Bình Phước",
        signer_title="Giám đốc", signer_name="Lê Văn Sơn", valid_from=start, bases=BASES)
    taken = set(IssuerSetting.objects.values_list("key", flat=True))
    for n, unit in enumerate(Unit.objects.filter(is_active=True).order_by("pk")[:40]):
        if body_key(unit.name[:85]) in taken:  # two units of one name (communes of two districts) sign alike
            continue
        taken.add(body_key(unit.name[:85]))
        IssuerSetting.objects.create(
            issuing_body=unit.name[:85], unit=unit, parent_body="UBND tỉnh Bình Phước", place="Bình Phước",
            signer_title="Thủ trưởng đơn vị", signer_name=HEADS[n % len(HEADS)], valid_from=start,
            addressee="Ban Thi đua – Khen thưởng tỉnh",
            bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
