"""Good files import fully; re-importing changes nothing; a changed row updates and is logged;
exports import back; the management command does the same from the shell."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from awards.models import Appraisal, Award, Initiative
from emulation.models import ActivityLog, Person, Unit, UnitMembership
from emulation.selectors import history_for
from imports.exports import export_bytes, template_bytes
from imports.pipeline import check_file, import_file
from imports.xlsx import Workbook
from tests.factories import PersonFactory, UnitFactory
from tests.imports.conftest import (
    APPRAISAL_HEADERS,
    AWARD_HEADERS,
    INITIATIVE_HEADERS,
    PEOPLE_HEADERS,
    UNIT_HEADERS,
    make_xlsx,
)

pytestmark = pytest.mark.django_db


def people_file(position="Chuyên viên"):
    return make_xlsx([
        PEOPLE_HEADERS,
        ["Nguyễn Văn An", "001085000001", "NV001", datetime.date(1985, 5, 17), "Nam", "STN", position,
         "Người trực tiếp công tác, lao động", "Có"],
        ["Trần Thị Bình", "001185000002", "NV002", "02/09/1990", "Nữ", "STN", "Phó trưởng phòng", None, None],
        ["Lê Văn Cường", None, "NV003", None, "Nam", "STN", None, None, None],
    ], sheet="Cá nhân")


def counts(checked):
    return checked.counts()


def test_good_people_file_imports_fully_and_logs_each_person(unit, board):
    checked = import_file(people_file(), "people", scope_unit=unit, actor=board, run_id=None)
    assert counts(checked) == {"create": 3, "update": 0, "unchanged": 0}
    an = Person.objects.get(cccd="001085000001")
    assert (an.full_name, an.staff_code, an.unit, an.position, an.search_name) == (
        "Nguyễn Văn An", "NV001", unit, "Chuyên viên", " nguyen van an")
    assert Person.objects.get(staff_code="NV002").date_of_birth == datetime.date(1990, 9, 2)
    assert UnitMembership.objects.filter(person__unit=unit, end_date__isnull=True).count() == 3
    logs = ActivityLog.objects.filter(action="imports.person.created")
    assert logs.count() == 3
    assert logs.get(object_id=str(an.pk)).actor == board
    assert logs.get(object_id=str(an.pk)).unit == unit


def test_import_log_entries_are_whole_entries_in_the_record_history(unit, board):
    """The import writes its log entries as plain rows (``Handler.log``): each has what ``log_action`` gives an
    entry (time, actor, record type and key, name, unit, data with the run), so the record's history shows it."""
    before = timezone.now()
    import_file(people_file(), "people", scope_unit=unit, actor=board, run_id=None)
    an = Person.objects.get(cccd="001085000001")
    entry = ActivityLog.objects.get(action="imports.person.created", object_id=str(an.pk))
    assert entry.content_type.model_class() is Person and entry.object_repr == "Nguyễn Văn An"
    assert entry.actor == board and entry.unit == unit and entry.data["import"] is None
    assert before <= entry.created_at <= timezone.now()
    assert [e.pk for e in history_for(an)] == [entry.pk]
    assert history_for(an)[0].label_known


def test_reimport_of_the_same_file_changes_nothing(unit, board):
    import_file(people_file(), "people", scope_unit=unit, actor=board)
    logs = ActivityLog.objects.count()
    again = import_file(people_file(), "people", scope_unit=unit, actor=board)
    assert counts(again) == {"create": 0, "update": 0, "unchanged": 3}
    assert Person.objects.count() == 3
    assert ActivityLog.objects.count() == logs


def test_changed_row_updates_the_person_and_logs_the_diff(unit, board):
    import_file(people_file(), "people", scope_unit=unit, actor=board)
    checked = import_file(people_file(position="Trưởng phòng"), "people", scope_unit=unit, actor=board)
    assert counts(checked) == {"create": 0, "update": 1, "unchanged": 2}
    an = Person.objects.get(cccd="001085000001")
    assert an.position == "Trưởng phòng"
    log = ActivityLog.objects.get(action="imports.person.updated")
    assert log.object_id == str(an.pk)
    assert log.data["diff"] == {"position": ["Chuyên viên", "Trưởng phòng"]}


def test_person_moved_by_import_gets_a_new_membership(unit, other_unit, board):
    import_file(people_file(), "people", actor=board)
    source = make_xlsx([PEOPLE_HEADERS, ["Nguyễn Văn An", "001085000001", None, None, None, "SKH"]])
    checked = import_file(source, "people", actor=board)
    an = Person.objects.get(cccd="001085000001")
    assert counts(checked)["update"] == 1
    assert an.unit == other_unit
    assert list(an.memberships.filter(end_date__isnull=True).values_list("unit__code", flat=True)) == ["SKH"]
    assert ActivityLog.objects.get(action="imports.person.updated").data["diff"] == {"unit": ["STN", "SKH"]}


def test_match_by_staff_code_fills_in_the_cccd(unit, board):
    person = PersonFactory(full_name="Lê Văn Cường", staff_code="NV003", unit=unit)
    source = make_xlsx([PEOPLE_HEADERS, ["Lê Văn Cường", "001085000003", "NV003", None, None, "STN"]])
    checked = import_file(source, "people", actor=board)
    person.refresh_from_db()
    assert counts(checked)["update"] == 1
    assert person.cccd == "001085000003"


def test_units_file_builds_the_tree_in_one_go(board):
    source = make_xlsx([
        UNIT_HEADERS,
        ["PHONG1", "Phòng Tổ chức", None, None, "SNV", None],  # its parent comes later in the file
        ["UBND", "Ủy ban nhân dân tỉnh", "UBND tỉnh", "Ủy ban nhân dân tỉnh", None, "Có"],
        ["SNV", "Sở Nội vụ", None, "department", "UBND", "Có"],
    ], sheet="Đơn vị")
    checked = import_file(source, "units", actor=board)
    assert counts(checked) == {"create": 3, "update": 0, "unchanged": 0}
    phong = Unit.objects.get(code="PHONG1")
    assert phong.parent.code == "SNV" and phong.parent.parent.code == "UBND"
    assert phong.search_name == " phong to chuc phong1"
    assert ActivityLog.objects.filter(action="imports.unit.created").count() == 3
    again = import_file(source, "units", actor=board)
    assert counts(again) == {"create": 0, "update": 0, "unchanged": 3}


def test_units_loop_and_own_parent_are_refused(board):
    source = make_xlsx([UNIT_HEADERS, ["A1", "Đơn vị A", None, None, "B1"], ["B1", "Đơn vị B", None, None, "A1"],
                        ["C1", "Đơn vị C", None, None, "C1"]])
    checked = check_file(source, "units")
    assert [(p["row"], p["message"]) for p in checked.report.sorted_problems()] == [
        (2, "Các đơn vị cấp trên trong tệp tạo thành vòng lặp."),
        (3, "Các đơn vị cấp trên trong tệp tạo thành vòng lặp."),
        (4, "Đơn vị không thể là cấp trên của chính nó."),
    ]


def test_units_file_of_a_clerk_stays_inside_the_scope(unit, other_unit):
    source = make_xlsx([
        UNIT_HEADERS,
        ["STN-P1", "Phòng 1", None, None, "STN"],  # fine: under the scope unit
        ["SKH-P1", "Phòng khác", None, None, "SKH"],  # parent outside the scope
        ["SKH", "Sở Khác đổi tên"],  # a unit outside the scope
        ["STN", "Sở Thử nghiệm", None, None, "SKH"],  # moving the scope unit itself
        ["MOI", "Đơn vị mới"],  # a new unit without a parent
    ])
    checked = check_file(source, "units", scope_unit=unit)
    assert [(p["row"], p["column"], p["message"]) for p in checked.report.sorted_problems()] == [
        (3, "Mã đơn vị cấp trên", "Đơn vị “SKH” nằm ngoài đơn vị đang nhập dữ liệu (STN)."),
        (4, "Mã đơn vị", "Đơn vị “SKH” nằm ngoài đơn vị đang nhập dữ liệu (STN)."),
        (5, "Mã đơn vị cấp trên", "Không thể chuyển đơn vị đang nhập dữ liệu sang cấp trên khác bằng việc nhập tệp."),
        (6, "Mã đơn vị cấp trên", "Đơn vị mới phải có đơn vị cấp trên thuộc đơn vị đang nhập dữ liệu."),
    ]


def test_appraisals_of_people_and_units_import_and_update(unit, board):
    PersonFactory(full_name="Nguyễn Văn An", cccd="001085000001", unit=unit)
    rows = [APPRAISAL_HEADERS,
            [2023, "STN", "Nguyễn Văn An", "001085000001", None, "Hoàn thành xuất sắc nhiệm vụ", None],
            ["2024", "STN", None, None, None, "HTTNV", "Tập thể"]]
    checked = import_file(make_xlsx(rows), "appraisals", actor=board)
    assert counts(checked) == {"create": 2, "update": 0, "unchanged": 0}
    assert Appraisal.objects.get(person__cccd="001085000001", year=2023).rating == "excellent"
    assert Appraisal.objects.get(unit=unit, year=2024).rating == "good"
    rows[2][5] = "Hoàn thành nhiệm vụ"
    again = import_file(make_xlsx(rows), "appraisals", actor=board)
    assert counts(again) == {"create": 0, "update": 1, "unchanged": 1}
    assert ActivityLog.objects.get(action="imports.appraisal.updated").data["diff"] == {
        "rating": ["good", "completed"]}


def test_initiatives_import_with_authors_and_reimport(unit, board):
    an = PersonFactory(full_name="Nguyễn Văn An", cccd="001085000001", unit=unit)
    binh = PersonFactory(full_name="Trần Thị Bình", staff_code="NV002", unit=unit)
    rows = [INITIATIVE_HEADERS,
            ["Số hóa hồ sơ khen thưởng", 2024, "STN", "Cơ sở", "001085000001; NV002", "15/QĐ-STN", "20/12/2024",
             "Sở Thử nghiệm", None]]
    checked = import_file(make_xlsx(rows), "initiatives", actor=board)
    assert counts(checked) == {"create": 1, "update": 0, "unchanged": 0}
    initiative = Initiative.objects.get()
    assert set(initiative.authors.all()) == {an, binh}
    assert initiative.level == "grassroots"
    assert initiative.decision_date == datetime.date(2024, 12, 20)
    rows[1][4] = "001085000001"
    again = import_file(make_xlsx(rows), "initiatives", actor=board)
    assert counts(again) == {"create": 0, "update": 1, "unchanged": 0}
    assert list(initiative.authors.all()) == [an]
    assert ActivityLog.objects.get(action="imports.initiative.updated").data["diff"] == {
        "authors": [sorted([an.pk, binh.pk]), [an.pk]]}


def awards_rows():
    return [AWARD_HEADERS,
            ["LDTT", None, 2022, "STN", "Nguyễn Văn An", "001085000001", None, "Thường xuyên", "12/QĐ-STN",
             "15/01/2023", "Sở Thử nghiệm", None, None, None],
            [None, "Chiến sĩ thi đua cơ sở", 2023, "STN", None, None, "NV002", None, "3/QĐ-STN",
             datetime.date(2024, 1, 10), "Sở Thử nghiệm", "Giám đốc", 1_170_000, None],
            ["TTLDXS", None, 2023, "STN", None, None, None, None, "4/QĐ-UBND", None, "UBND tỉnh", None, None, None]]


@pytest.fixture
def award_people(unit):
    return (PersonFactory(full_name="Nguyễn Văn An", cccd="001085000001", unit=unit),
            PersonFactory(full_name="Trần Thị Bình", staff_code="NV002", unit=unit))


def test_good_awards_file_imports_fully(unit, board, award_types, award_people):
    an, binh = award_people
    checked = import_file(make_xlsx(awards_rows()), "awards", scope_unit=unit, actor=board)
    assert counts(checked) == {"create": 3, "update": 0, "unchanged": 0}
    ldtt = Award.objects.get(award_type__code="LDTT")
    assert (ldtt.person, ldtt.unit, ldtt.year, ldtt.recipient_kind, ldtt.decision_date) == (
        an, unit, 2022, "individual", datetime.date(2023, 1, 15))
    assert Award.objects.get(award_type__code="CSTDCS").person == binh
    collective = Award.objects.get(award_type__code="TTLDXS")
    assert (collective.person, collective.recipient_kind) == (None, "collective")
    assert ActivityLog.objects.filter(action="imports.award.created").count() == 3


def test_awards_reimport_is_idempotent_and_a_change_is_logged(unit, board, award_types, award_people):
    import_file(make_xlsx(awards_rows()), "awards", actor=board)
    again = import_file(make_xlsx(awards_rows()), "awards", actor=board)
    assert counts(again) == {"create": 0, "update": 0, "unchanged": 3}
    rows = awards_rows()
    rows[2][12] = 1_500_000
    changed = import_file(make_xlsx(rows), "awards", actor=board)
    assert counts(changed) == {"create": 0, "update": 1, "unchanged": 2}
    assert Award.objects.get(award_type__code="CSTDCS").amount == 1_500_000
    assert ActivityLog.objects.get(action="imports.award.updated").data["diff"] == {
        "amount": [1_170_000, 1_500_000]}


def test_exported_awards_import_elsewhere(unit, board, award_types, award_people):
    import_file(make_xlsx(awards_rows()), "awards", actor=board)
    exported = export_bytes("awards")
    assert counts(check_file(io.BytesIO(exported), "awards")) == {"create": 0, "update": 0, "unchanged": 3}
    Award.objects.all().delete()  # "elsewhere": the same people and catalogue, no awards yet
    checked = import_file(io.BytesIO(exported), "awards", actor=board)
    assert counts(checked) == {"create": 3, "update": 0, "unchanged": 0}


@pytest.mark.parametrize("kind", ["units", "people", "appraisals", "initiatives"])
def test_export_of_each_kind_reads_back_unchanged(kind, unit, board, award_people):
    an, _binh = award_people
    Appraisal.objects.create(person=an, year=2023, rating="excellent")
    Appraisal.objects.create(unit=unit, year=2023, rating="good")
    initiative = Initiative.objects.create(title="Sổ tay điện tử", unit=unit, year=2023, level="grassroots",
                                           decision_date=datetime.date(2023, 12, 1))
    initiative.authors.set([an])
    UnitFactory(code="STN-1", name="Phòng 1", parent=unit)
    checked = check_file(io.BytesIO(export_bytes(kind)), kind)
    assert checked.report.sorted_problems() == []
    assert checked.counts()["create"] == 0 and checked.counts()["update"] == 0
    assert checked.counts()["unchanged"] > 0


def test_export_is_limited_to_the_given_units(unit, other_unit, award_people):
    PersonFactory(full_name="Người Ngoài", unit=other_unit)
    book = Workbook(io.BytesIO(export_bytes("people", unit_ids={unit.pk})))
    rows = book.read(book.sheet_names[0]).rows
    assert [r[1][0] for r in rows[1:]] == ["Nguyễn Văn An", "Trần Thị Bình"]


@pytest.mark.parametrize("kind", ["units", "people", "appraisals", "initiatives", "awards"])
def test_template_has_vietnamese_headers_an_example_and_instructions(kind):
    book = Workbook(io.BytesIO(template_bytes(kind)))
    assert book.sheet_names[1] == "Hướng dẫn"
    rows = book.read(book.sheet_names[0]).rows
    assert len(rows) == 2
    assert "Mã đơn vị" in rows[0][1]


def test_command_checks_without_writing_and_commits(unit, board, tmp_path, capsys):
    path = tmp_path / "people.xlsx"
    path.write_bytes(people_file().getvalue())
    call_command("import_xlsx", "people", str(path), "--unit", "STN")
    assert Person.objects.count() == 0
    call_command("import_xlsx", "people", str(path), "--unit", "STN", "--commit", "--user", "board")
    assert Person.objects.count() == 3
    assert ActivityLog.objects.filter(action="imports.person.created", actor=board).count() == 3
    assert "0 new, 0 changed, 3 unchanged" in _run(path)


def _run(path):
    out = io.StringIO()
    call_command("import_xlsx", "people", str(path), stdout=out)
    return out.getvalue()


def test_command_reports_errors_and_refuses(unit, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(make_xlsx([PEOPLE_HEADERS, ["Nguyễn Văn An", "123", None, None, None, "STN"]]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_xlsx", "people", str(path), "--commit", stderr=err)
    assert "row 2 [Số CCCD]" in err.getvalue()
    assert Person.objects.count() == 0
