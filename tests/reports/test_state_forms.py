"""The state's statistical forms (report ``state_forms``): the figures read back from the .xlsx and the PDF equal
those counted here from a fixture, form by form, with the forms' codes and the circular in force."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from awards.enums import AwardLevel, RecipientKind
from awards.models import Award, AwardType
from campaigns.models import Campaign
from emulation.enums import PersonCategory as C
from reports import registry
from reports.models import StatisticalForm
from tests.factories import PersonFactory, UnitFactory
from tests.reports.conftest import pdf_text, xlsx_rows
from tests.reports.factories import AwardFactory, AwardTypeFactory

pytestmark = pytest.mark.django_db
CATEGORIES = [C.PROVINCIAL_LEADER, C.DEPARTMENT_LEADER, C.OTHER_LEADER, C.WORKER]
METHODS = ["regular", "thematic", "extraordinary", "contribution", "seniority", "foreign", "resistance"]


def _at(year, month=3):
    return timezone.make_aware(datetime.datetime(year, month, 1, 9, 0))


@pytest.fixture
def register(letterhead):
    AwardType.objects.all().delete()
    types = {
        "HC3": AwardTypeFactory(code="HC3", name="Huân chương hạng Ba", level=AwardLevel.STATE, order=1),
        "BKTTG": AwardTypeFactory(code="BKTTG", name="Bằng khen Thủ tướng", level=AwardLevel.STATE, order=2),
        "BKT": AwardTypeFactory(code="BKT", name="Bằng khen tỉnh", level=AwardLevel.PROVINCIAL, order=3),
        "CSTDT": AwardTypeFactory(code="CSTDT", name="Chiến sĩ thi đua tỉnh", level=AwardLevel.PROVINCIAL, order=4),
        "LDTT": AwardTypeFactory(code="LDTT", name="Lao động tiên tiến", level=AwardLevel.GRASSROOTS, order=5),
    }
    unit = UnitFactory(name="Sở Thống Kê")
    people = {c: PersonFactory(unit=unit, category=c) for c in CATEGORIES}
    plan = [  # type, recipient (category or "collective"/"household"), method, year, revoked
        ("HC3", C.PROVINCIAL_LEADER, "contribution", 2025, False),
        ("HC3", "collective", "regular", 2025, False),
        ("HC3", C.WORKER, "resistance", 2025, False),
        ("BKTTG", C.DEPARTMENT_LEADER, "regular", 2025, False),
        ("BKTTG", C.WORKER, "foreign", 2025, False),
        ("BKTTG", C.WORKER, "regular", 2025, True),  # revoked: not counted
        ("BKT", C.OTHER_LEADER, "thematic", 2025, False),
        ("BKT", C.WORKER, "extraordinary", 2025, False),
        ("BKT", "household", "regular", 2025, False),
        ("BKT", "collective", "seniority", 2025, False),
        ("BKT", C.WORKER, "regular", 2024, False),  # another year
        ("CSTDT", C.DEPARTMENT_LEADER, "regular", 2025, False),
        ("CSTDT", C.WORKER, "regular", 2025, False),  # a worker then, a leader now (below)
        ("LDTT", C.WORKER, "regular", 2025, False),  # grassroots: on neither form
    ]
    for code, who, method, year, revoked in plan:
        if who in ("collective", "household"):
            AwardFactory(award_type=types[code], person=None, unit=unit, recipient_kind=who, method=method,
                         year=year, revoked=revoked)
        else:
            AwardFactory(award_type=types[code], person=people[who], method=method, year=year, revoked=revoked)
    # the category counted is the one recorded on the award, not the person's present one
    award = Award.objects.get(award_type=types["CSTDT"], person=people[C.WORKER])
    Award.objects.filter(pk=award.pk).update(person_category=C.WORKER)
    people[C.WORKER].category = C.OTHER_LEADER
    people[C.WORKER].save(update_fields=["category"])
    Campaign.objects.create(code="C1", title="Thi đua thường xuyên", form="regular", state="under_way",
                            launched_at=_at(2025))
    Campaign.objects.create(code="C2", title="Chuyên đề chuyển đổi số", form="thematic", state="under_way",
                            launched_at=_at(2025, 5))
    Campaign.objects.create(code="C3", title="Chuyên đề cũ", form="thematic", state="concluded",
                            launched_at=_at(2024), concluded_at=_at(2025, 11))
    Campaign.objects.create(code="C4", title="Dự kiến", form="regular", state="planned",
                            start_date=datetime.date(2025, 9, 1))
    return types


def expected(level, year=2025):
    """{award type name: cells} and the total, counted one award at a time."""
    out = {}
    for t in AwardType.objects.filter(level=level).order_by("order"):
        rec, cat, met = Counter(), Counter(), Counter()
        for a in Award.objects.filter(award_type=t, year=year, revoked=False).select_related("person"):
            rec[a.recipient_kind] += 1
            if a.person_id:
                cat[a.person_category or a.person.category] += 1
            met[a.method] += 1
        ind = rec[RecipientKind.INDIVIDUAL]
        out[t.name] = ([rec["collective"] + rec["household"] + ind, rec["collective"], rec["household"], ind]
                       + [cat[c] for c in CATEGORIES] + [met[m] for m in METHODS])
    total = [sum(col) for col in zip(*out.values(), strict=True)]
    return out, total


@pytest.fixture
def produced(register, board):
    spec = registry.get("state_forms")
    data = spec.gather({"year": 2025}, board)
    return data, pdf_text(spec.render_pdf(data)), spec.render_xlsx(data)


def test_expected_figures_are_not_trivial(register):
    state, total = expected(AwardLevel.STATE)
    assert total[:4] == [5, 1, 0, 4]
    assert state["Huân chương hạng Ba"][-1] == 1  # one award for the resistance wars


@pytest.mark.parametrize(("index", "level"), [(1, AwardLevel.STATE), (2, AwardLevel.PROVINCIAL)])
def test_award_forms_xlsx_equal_the_register(produced, index, level):
    _data, _text, xlsx = produced
    rows = xlsx_rows(xlsx, index)
    by_code = {r[1]: r for r in rows[4:]}
    per_type, total = expected(level)
    assert by_code["01"][2:] == total
    for i, (name, cells) in enumerate(per_type.items(), start=2):
        assert by_code[f"{i:02d}"][0] == name
        assert by_code[f"{i:02d}"][2:] == cells
    assert rows[4][:4] == ["A", "B", "1", "2"]  # the forms' column numbering


@pytest.mark.parametrize("level", [AwardLevel.STATE, AwardLevel.PROVINCIAL])
def test_award_forms_pdf_equal_the_register(produced, level):
    _data, text, _xlsx = produced
    per_type, total = expected(level)
    assert " ".join(["Tổng số", "01"] + [str(v) for v in total]) in text
    for i, (name, cells) in enumerate(per_type.items(), start=2):
        assert " ".join([name, f"{i:02d}"] + [str(v) for v in cells]) in text


def test_campaign_form_counts_launched_and_concluded(produced):
    _data, text, xlsx = produced
    rows = {r[1]: r[2:] for r in xlsx_rows(xlsx, 0)[5:]}
    assert rows == {"01": [2, 1], "02": [1, 0], "03": [1, 1]}
    assert "01 2 1" in text and "02 1 0" in text and "03 1 1" in text


def test_forms_show_codes_and_circular_in_force(produced):
    _data, text, xlsx = produced
    for code in ("0601.N/BNV-TĐKT", "0602.N/BNV-TĐKT", "0603.N/BNV-TĐKT"):
        assert code in text
    assert "Thông tư 03/2018/TT-BNV" in text
    assert "cần xác nhận" in text
    assert xlsx_rows(xlsx, 1)[3][0].startswith("0602.N/BNV-TĐKT")


def test_a_newer_circular_takes_over_from_its_date(register, board):
    StatisticalForm.objects.create(key="state", code="0602.N/BNV-MỚI", title="Khen thưởng cấp Nhà nước",
                                   legal_basis="Thông tư mới", valid_from=datetime.date(2025, 8, 1), confirmed=True)
    spec = registry.get("state_forms")
    codes = {f["key"]: f["code"] for f in spec.gather({"year": 2025}, board)["forms"]}
    assert codes["state"] == "0602.N/BNV-MỚI"
    assert {f["key"]: f["code"] for f in spec.gather({"year": 2024}, board)["forms"]}["state"] == "0602.N/BNV-TĐKT"


@pytest.mark.parametrize("extra", [0, 5])
def test_gather_query_count_does_not_depend_on_the_register(register, board, django_assert_num_queries, extra):
    for _ in range(extra):
        AwardFactory(award_type=register["BKT"], year=2025)
    spec = registry.get("state_forms")
    with django_assert_num_queries(6):
        spec.gather({"year": 2025}, board)


def test_access_is_for_board_and_council(board, council, clerk):
    spec = registry.get("state_forms")
    assert spec.available_to(board) and spec.available_to(council)
    assert not spec.available_to(clerk)
    assert not spec.check_access(clerk, {"year": 2025})
