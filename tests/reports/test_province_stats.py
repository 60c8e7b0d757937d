"""Province award statistics: the PDF and the Excel twin state the figures computed here from the fixture."""

from collections import Counter, defaultdict

import pytest

from awards.enums import AwardMethod, RecipientKind
from awards.models import Award
from emulation.enums import PersonCategory
from emulation.templatetags.tdkt import format_money
from reports import registry
from reports.kinds import province_stats
from tests.factories import PersonFactory, UnitFactory
from tests.reports.conftest import pdf_text, xlsx_rows
from tests.reports.factories import AwardFactory, make_bloc_year

pytestmark = pytest.mark.django_db

CATS = list(PersonCategory)
METHODS = list(AwardMethod)


def expected_by_type(year):
    """{award type name: [total, collectives, households, individuals, *categories, money]} from the register."""
    out = {}
    for award in Award.objects.filter(year=year, revoked=False).select_related("award_type", "person"):
        row = out.setdefault(award.award_type.name, Counter())
        row["total"] += 1
        row[award.recipient_kind] += 1
        if award.person_id:
            row[award.person.category] += 1
        row["money"] += award.amount or 0
    return {
        name: [c["total"], c[RecipientKind.COLLECTIVE], c[RecipientKind.HOUSEHOLD], c[RecipientKind.INDIVIDUAL]]
        + [c[cat] for cat in CATS] + [c["money"]]
        for name, c in out.items()
    }


def expected_by_unit(year):
    out = defaultdict(Counter)
    for award in Award.objects.filter(year=year, revoked=False):
        out[award.unit_id][award.recipient_kind] += 1
        out[award.unit_id]["total"] += 1
        out[award.unit_id]["money"] += award.amount or 0
    return out


def unit_cells(c):
    return [c[RecipientKind.COLLECTIVE], c[RecipientKind.HOUSEHOLD], c[RecipientKind.INDIVIDUAL], c["total"],
            c["money"]]


def line(*values, money_last=True):
    parts = [str(v) for v in values]
    if money_last:
        parts[-1] = format_money(values[-1])
    return " ".join(parts)


@pytest.fixture
def produced(province, board):
    spec = registry.get("province_stats")
    data = spec.gather({"year": 2025}, board)
    return data, pdf_text(spec.render_pdf(data)), spec.render_xlsx(data)


def test_province_stats_pdf_by_type_equals_register(province, produced):
    _data, text, _xlsx = produced
    exp = expected_by_type(2025)
    # Titles are numbered 1.. in their section, forms 1.. in theirs (catalogue order).
    assert line(1, "Lao động tiên tiến", *exp["Lao động tiên tiến"]) in text
    assert line(2, "Chiến sĩ thi đua cơ sở", *exp["Chiến sĩ thi đua cơ sở"]) in text
    assert line(3, "Tập thể lao động xuất sắc", *exp["Tập thể lao động xuất sắc"]) in text
    assert line(4, "Gia đình văn hóa", *exp["Gia đình văn hóa"]) in text
    assert line(1, "Bằng khen của Chủ tịch UBND tỉnh", *exp["Bằng khen của Chủ tịch UBND tỉnh"]) in text
    grand = [sum(col) for col in zip(*exp.values(), strict=True)]
    assert grand[0] == 11
    assert grand[-1] == 3 * 710_000 + 710_000 + 2_340_000 + 3_510_000 + 7_020_000 + 3_510_000 + 7_020_000
    assert line("Tổng cộng", *grand) in text
    assert "Danh hiệu đã bỏ" not in text  # inactive and without awards


def test_province_stats_pdf_by_method_equals_register(province, produced):
    _data, text, _xlsx = produced
    cube = defaultdict(Counter)
    for a in Award.objects.filter(year=2025, revoked=False).select_related("award_type"):
        key = (a.award_type.name, a.recipient_kind)
        cube[key][a.method] += 1
        cube[key]["total"] += 1
        cube[key]["money"] += a.amount or 0
    bk = cube[("Bằng khen của Chủ tịch UBND tỉnh", RecipientKind.COLLECTIVE)]
    assert bk[AwardMethod.THEMATIC] == 2
    cells = [bk[m] for m in METHODS] + [bk["total"], bk["money"]]
    assert line("Bằng khen của Chủ tịch UBND tỉnh", str(RecipientKind.COLLECTIVE.label), *cells) in text
    ind = cube[("Bằng khen của Chủ tịch UBND tỉnh", RecipientKind.INDIVIDUAL)]
    cells = [ind[m] for m in METHODS] + [ind["total"], ind["money"]]
    assert line("Bằng khen của Chủ tịch UBND tỉnh", str(RecipientKind.INDIVIDUAL.label), *cells) in text


def test_province_stats_pdf_by_bloc_and_unit_equals_register(province, produced):
    _data, text, _xlsx = produced
    units = expected_by_unit(2025)
    a, b, c, d = (province.units[k] for k in "ABCD")
    k1 = Counter()
    for u in (a, b):
        k1.update(units[u.pk])
    assert line(1, "Khối các sở kinh tế", 2, *unit_cells(k1)) in text
    assert line(2, "Khối các sở văn hóa", 1, *unit_cells(units[c.pk])) in text
    assert line("Đơn vị không thuộc khối", 1, *unit_cells(units[d.pk])) in text
    assert line(1, a.name, "Khối các sở kinh tế", *unit_cells(units[a.pk])) in text
    assert line(2, b.name, "Khối các sở kinh tế", *unit_cells(units[b.pk])) in text
    assert line(3, c.name, "Khối các sở văn hóa", *unit_cells(units[c.pk])) in text
    assert line(4, d.name, *unit_cells(units[d.pk])) in text
    assert "Khối cũ năm trước" not in text


def test_province_stats_pdf_has_the_document_layout(province, produced):
    _data, text, _xlsx = produced
    for part in ("UBND TỈNH THỬ NGHIỆM", "Số: /BC-BTĐKT", "BAN THI ĐUA – KHEN THƯỞNG", "/BC-BTĐKT",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Thử Nghiệm, ngày", "BÁO CÁO", "Nơi nhận:", "Trần Thị Ký",
                 "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"):
        assert part in text


def test_province_stats_xlsx_has_the_same_figures(province, produced):
    data, _text, xlsx = produced
    exp = expected_by_type(2025)
    rows = xlsx_rows(xlsx, 0)
    by_name = {r[1]: r[2:] for r in rows if r[1] in exp}
    assert by_name == exp
    total = [r for r in rows if r[1] == "Tổng cộng"]
    assert total == [[None, "Tổng cộng"] + [sum(col) for col in zip(*exp.values(), strict=True)]]
    units = expected_by_unit(2025)
    unit_rows = {r[1]: r[3:] for r in xlsx_rows(xlsx, 3)[3:] if r[0] not in ("", None)}
    for u in province.units.values():
        assert unit_rows[u.name] == unit_cells(units[u.pk])
    # Every table of the PDF data has its sheet with the same rows.
    for index, table in enumerate(data["tables"]):
        sheet = xlsx_rows(xlsx, index)
        assert [r[len(table["label_headers"]) + 1:] for r in sheet[3:] if any(v not in (None, "") for v in r[2:])] \
            == [r["cells"] for r in table["rows"] if r["cells"]]


def test_province_stats_gather_queries_do_not_depend_on_units(province, board, django_assert_num_queries):
    spec = registry.get("province_stats")
    with django_assert_num_queries(7):  # with the letterhead's signer settings
        spec.gather({"year": 2025}, board)
    bloc_units = [UnitFactory() for _i in range(3)]
    make_bloc_year("K9", 2025, bloc_units)
    for u in bloc_units:
        AwardFactory(person=PersonFactory(unit=u))
    with django_assert_num_queries(7):  # with the letterhead's signer settings
        data = spec.gather({"year": 2025}, board)
    assert data["summary"]["units"] == 7


def test_province_stats_access_is_for_board_and_council(board, council, clerk):
    spec = registry.get("province_stats")
    assert (spec.available_to(board), spec.available_to(council), spec.available_to(clerk)) == (True, True, False)
    assert spec.check_access(clerk, {"year": 2025}) is False


@pytest.mark.django_db
def test_province_stats_form_proposes_the_last_year_with_data(board):
    assert province_stats.Form(user=board).initial["year"] == province_stats.timezone.localdate().year - 1
    AwardFactory(year=2021)
    AwardFactory(year=2023)
    assert province_stats.Form(user=board).initial["year"] == 2023
