import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook

from blocs import services
from blocs.enums import BlocYearState, CriterionKind
from blocs.excel import criteria_workbook, read_criteria_workbook
from blocs.models import BlocYear, Criterion
from blocs.selectors import criteria_tree
from emulation.errors import DomainError
from emulation.models import ActivityLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def preparing(bloc):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.PREPARING)
    bloc.by.refresh_from_db()
    return bloc


def _codes(by):
    return [n.code for n in criteria_tree(by).walk()]


@pytest.mark.parametrize("who", ["board", "leader"])
def test_board_and_leader_edit_criteria_while_preparing(preparing, board, who):
    actor = board if who == "board" else preparing.leader
    cs = preparing.by.criteria_set
    section = Criterion.objects.get(criteria_set=cs, code="A")
    node = services.add_criterion(cs, actor, parent=section, code="A.3", title="Mới", kind=CriterionKind.STANDARD,
                                  max_points=D(5), evidence_required=True)
    assert node.parent_id == section.pk
    services.update_criterion(node, actor, title="Đổi tên", max_points=D(4))
    services.move_criterion(node, actor, "up")
    assert _codes(preparing.by)[:4] == ["A", "A.1", "A.3", "A.2"]
    services.delete_criterion(node, actor)
    actions = list(ActivityLog.objects.filter(action__startswith="blocs.criteria.").order_by("pk")
                   .values_list("action", flat=True))
    assert actions == ["blocs.criteria.added", "blocs.criteria.changed", "blocs.criteria.moved",
                       "blocs.criteria.deleted"]
    assert ActivityLog.objects.get(action="blocs.criteria.changed").data["diff"] == {
        "title": ["Mới", "Đổi tên"], "max_points": ["5.00", "4"]}


@pytest.mark.parametrize("who", ["clerk", "council"])
def test_member_clerk_and_council_cannot_edit_criteria(preparing, council, who):
    actor = preparing.clerk if who == "clerk" else council
    with pytest.raises(DomainError):
        services.add_criterion(preparing.by.criteria_set, actor, code="Z", title="Z", max_points=D(1))


def test_criteria_are_frozen_once_scoring_opens(bloc, board):
    node = Criterion.objects.get(criteria_set__bloc_year=bloc.by, code="A.1")
    with pytest.raises(DomainError) as exc:
        services.update_criterion(node, board, max_points=D(50))
    assert "đóng băng" in str(exc.value) or "frozen" in str(exc.value).lower()
    with pytest.raises(DomainError):
        services.update_criteria_set(bloc.by.criteria_set, board, bonus_cap=D(5))


def test_criterion_code_unique_and_leaf_needs_max(preparing, board):
    cs = preparing.by.criteria_set
    with pytest.raises(DomainError) as exc:
        services.add_criterion(cs, board, code="A.1", title="Trùng", max_points=D(1))
    assert exc.value.field == "code"
    with pytest.raises(DomainError) as exc:
        services.add_criterion(cs, board, code="Z", title="Không điểm", max_points=D(0))
    assert exc.value.field == "max_points"


def test_criterion_cannot_go_inside_a_leaf_or_itself(preparing, board):
    cs = preparing.by.criteria_set
    leaf = Criterion.objects.get(criteria_set=cs, code="A.1")
    with pytest.raises(DomainError):
        services.add_criterion(cs, board, parent=leaf, code="Z", title="Z", max_points=D(1))
    section = Criterion.objects.get(criteria_set=cs, code="A")
    with pytest.raises(DomainError):
        services.update_criterion(section, board, parent=section)


def test_update_criteria_set_logs_diff(preparing, board):
    services.update_criteria_set(preparing.by.criteria_set, board, standard_total=D(90), bonus_cap=D(5))
    log = ActivityLog.objects.get(action="blocs.criteria.settings_changed")
    assert set(log.data["diff"]) == {"standard_total", "bonus_cap"}


# Excel ------------------------------------------------------------------------------------------


def _signature(by):
    tree = criteria_tree(by)
    return [(n.code, tree.by_id[n.parent_id].code if n.parent_id else "", n.title, n.kind, n.max_points,
             n.is_section, n.evidence_required, n.guidance) for n in tree.walk()]


def test_criteria_excel_round_trip(preparing, board, bloc):
    by = preparing.by
    Criterion.objects.filter(criteria_set__bloc_year=by, code="A.2").update(
        evidence_required=True, guidance="Đối chiếu báo cáo; mỗi chỉ tiêu không đạt trừ 2 điểm.")
    services.update_criteria_set(by.criteria_set, board, bonus_cap=D("7.5"), title="Bảng điểm thử")
    before = _signature(by)
    data = criteria_workbook(criteria_tree(by))
    rows, total, cap, title = read_criteria_workbook(data)
    services.replace_criteria(by.criteria_set, board, rows, standard_total=total, bonus_cap=cap, source="x.xlsx")
    assert _signature(by) == before
    by.criteria_set.refresh_from_db()
    assert (by.criteria_set.standard_total, by.criteria_set.bonus_cap, title) == (D(100), D("7.5"), "Bảng điểm thử")
    log = ActivityLog.objects.get(action="blocs.criteria.imported")
    assert (log.data["replaced"], log.data["imported"], log.data["source"]) == (8, 8, "x.xlsx")


def test_criteria_export_has_vietnamese_headers_and_kinds(bloc):
    wb = load_workbook(io.BytesIO(criteria_workbook(criteria_tree(bloc.by))))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]][:3] == ["Mã", "Mã nhóm", "Nội dung"]
    assert ws["D3"].value == "Điểm chuẩn"
    assert ws["E2"].value is None and ws["E3"].value == 60


def _sheet(rows, meta=None):
    wb = Workbook()
    ws = wb.active
    ws.append(["code", "parent", "title", "kind", "max", "evidence", "guidance"])
    for r in rows:
        ws.append(r)
    if meta:
        m = wb.create_sheet("meta")
        for r in meta:
            m.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_accepts_a_province_sheet_with_own_words(preparing, board):
    data = _sheet([
        ["I", "", "Nhiệm vụ chuyên môn", "chuẩn", None, "", ""],
        ["I.1", "I", "Chỉ tiêu", "Điểm chuẩn", "100", "x", "Hướng dẫn"],
        ["II", "", "Điểm thưởng", "thưởng", None, "", ""],
        ["II.1", "II", "Cờ thi đua", None, "10,5", "có", ""],
        ["III", "", "Điểm trừ", "penalty", None, "", ""],
        ["III.1", "III", "Chậm báo cáo", "", 3, "", ""],
    ], meta=[["Tổng", 100], ["Trần", 10]])
    rows, total, cap, _title = read_criteria_workbook(data)
    services.replace_criteria(preparing.by.criteria_set, board, rows, standard_total=total, bonus_cap=cap)
    got = {c.code: (c.kind, c.max_points, c.evidence_required) for c in
           Criterion.objects.filter(criteria_set__bloc_year=preparing.by, is_section=False)}
    assert got == {"I.1": ("standard", D(100), True), "II.1": ("bonus", D("10.5"), True),
                   "III.1": ("penalty", D(3), False)}
    assert services.criteria_problems(criteria_tree(preparing.by)) == []


def test_import_reports_faulty_rows_and_keeps_the_old_set(preparing, board):
    data = _sheet([["I.1", "", "Chỉ tiêu", "lạ", 5, "", ""], ["I.2", "", "", "", "abc", "", ""]])
    with pytest.raises(DomainError) as exc:
        read_criteria_workbook(data)
    assert "2" in str(exc.value) and "3" in str(exc.value)
    assert len(_codes(preparing.by)) == 8


def test_import_refuses_unknown_section_and_duplicates(preparing, board):
    rows, _t, _c, _x = read_criteria_workbook(_sheet([["I.1", "X", "Chỉ tiêu", "", 5, "", ""]]))
    with pytest.raises(DomainError):
        services.replace_criteria(preparing.by.criteria_set, board, rows)
    rows, _t, _c, _x = read_criteria_workbook(_sheet([["I.1", "", "A", "", 5, "", ""], ["I.1", "", "B", "", 5]]))
    with pytest.raises(DomainError):
        services.replace_criteria(preparing.by.criteria_set, board, rows)
    assert len(_codes(preparing.by)) == 8


def test_import_refuses_a_file_that_is_not_excel():
    with pytest.raises(DomainError):
        read_criteria_workbook(b"not an excel file")


def test_import_after_scoring_opens_is_refused(bloc, board):
    rows, _t, _c, _x = read_criteria_workbook(_sheet([["I.1", "", "A", "", 100, "", ""]]))
    with pytest.raises(DomainError):
        services.replace_criteria(bloc.by.criteria_set, board, rows)
