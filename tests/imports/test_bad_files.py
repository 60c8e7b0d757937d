"""Files with every kind of bad row give exactly the expected problems, and nothing is written."""

import datetime
import io
import unicodedata

import pytest

from awards.models import Award
from emulation.models import ActivityLog, Person, Unit
from imports.pipeline import ImportRefused, check_file, import_file
from tests.factories import PersonFactory
from tests.imports.conftest import AWARD_HEADERS, PEOPLE_HEADERS, make_xlsx

pytestmark = pytest.mark.django_db

FORMULA = ("Công thức chưa có giá trị tính sẵn: hãy mở tệp bằng Excel cho tính xong rồi lưu lại, "
           "hoặc gõ trực tiếp giá trị.")
NAME_ONLY = "Chỉ khớp theo họ tên: hãy ghi số CCCD hoặc mã cán bộ để chắc chắn đúng người."


def nfd(text):
    return unicodedata.normalize("NFD", text)


def worker():
    return "Người trực tiếp công tác, lao động"


@pytest.fixture
def people_setup(unit, other_unit):
    PersonFactory(full_name="Trần Thị Bích", cccd="001190000001", unit=unit)
    PersonFactory(full_name="Lê Văn Cường", unit=unit)


def bad_people_file():
    headers = ["HỌ VÀ TÊN ", nfd("Số CCCD"), "Mã cán bộ", "Ngày sinh", "Giới tính", "Mã đơn vị ", "Chức vụ",
               "Đối tượng thống kê", "Đang công tác"]
    rows = [
        ["DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2024"],  # 1: a title merged across the columns
        [],  # 2
        headers,  # 3
        ["Nguyễn Văn An", "001085000004", "NV004", datetime.date(1985, 5, 17), "Nam", "STN", "Chuyên viên",
         worker(), "Có"],  # 4: good
        [nfd("Phạm Thị Hoà  "), " 001085000005 ", "NV005 ", None, nfd("Nữ"), "STN ", nfd(" Trưởng phòng "), None,
         "có"],  # 5: decomposed Unicode and trailing spaces
        ["Đỗ Minh Châu", "001085000006", None, "05/03/1990", "Nam", "STN"],  # 6: date as text dd/mm/yyyy
        ["Ngô Thị Dung", 1085000007, 7007, 32000, "Nữ", "STN"],  # 7: numbers, an Excel date serial
        [None] * 9,  # 8: empty
        ["Lý Văn Em", "001085000009", None, None, "Nam", "ZZZ9"],  # 9: unknown unit
        ["Trịnh Văn Phú", "001085000010", None, "31/02/1990", "Nam", "STN"],  # 10: not a date
        ["Đặng Văn Giàu", "001085000004", None, None, "Nam", "STN"],  # 11: CCCD twice in the file
        ["Hoàng Văn Dũng", "001190000001", None, None, "Nam", "STN"],  # 12: CCCD of another person in the DB
        ["Mai Văn Hậu", "001085000013", None, None, "Nam", "STN", '=A13&"x"'],  # 13: formula without value
        ["Vũ Thị Én", "001085000014", None, None, "Nữ", "STN"],  # 14: unit merged down to row 15
        ["Bùi Văn Giang", "001085000015", None, None, "Nam", None],  # 15
        ["Kiều Văn Hòa", "001085000016", None, None, "Nam", "STN", "Chuyên viên"],  # 16: merged across columns
        ["Tạ Văn Ích", "001085000017", None, None, "X", "STN"],  # 17: not a gender
        ["Hà Văn Khải", "12345678901", None, None, "Nam", "STN"],  # 18: CCCD of 11 digits
        [None, "001085000019", None, None, "Nam", "STN"],  # 19: no name
        ["Lê Văn Cường", None, None, None, None, "STN", "Chuyên viên"],  # 20: matched by name only
        ["Âu Văn Lực", "001085000021", None, None, "Nam", "STN", None, None, "có lẽ"],  # 21: not yes/no
        ["Cao Văn Minh", "001085000022", None, None, "Nam", "STN", "x" * 201],  # 22: too long
        ["Dương Văn Nam", "001085000023", None, "#N/A", "Nam", "STN"],  # 23: an error value
        ["Phó Văn Ổn", "001085000024", None, None, "Nam", "SKH"],  # 24: a unit outside the scope
        ["Lục Văn Phát", "001085000025", "NV004", None, "Nam", "STN"],  # 25: staff code twice in the file
    ]
    before = [("Ghi chú", [["Tệp nhân sự gửi Ban Thi đua – Khen thưởng"], ["Người lập: Nguyễn Văn A"]])]
    return make_xlsx(rows, sheet="Sheet1", before=before, merges=["A1:I1", "F14:F15", "G16:H16"])


EXPECTED_PEOPLE = [
    (9, "Mã đơn vị", "error", "Không có đơn vị mã “ZZZ9”."),
    (10, "Ngày sinh", "error", "“31/02/1990” không phải ngày (dd/mm/yyyy)."),
    (11, "Số CCCD", "error", "Số CCCD 001085000004 đã có ở dòng 4."),
    (12, "Số CCCD", "error", "Số CCCD 001190000001 là của người khác: Trần Thị Bích (STN)."),
    (13, "Chức vụ", "error", FORMULA),
    (16, "Chức vụ", "error", "Các ô G16:H16 bị gộp qua nhiều cột: mỗi cột cần giá trị riêng."),
    (17, "Giới tính", "error", "“X” không thuộc: Nam, Nữ."),
    (18, "Số CCCD", "error", "“12345678901” không phải số CCCD (12 chữ số)."),
    (19, "Họ và tên", "error", "Cột này không được để trống."),
    (20, "Họ và tên", "warning", NAME_ONLY),
    (21, "Đang công tác", "error", "“có lẽ” không phải “Có” hoặc “Không”."),
    (22, "Chức vụ", "error", "Quá dài: tối đa 200 ký tự."),
    (23, "Ngày sinh", "error", "Ô đang báo lỗi #N/A."),
    (24, "Mã đơn vị", "error", "Đơn vị “SKH” nằm ngoài đơn vị đang nhập dữ liệu (STN)."),
    (25, "Mã cán bộ", "error", "Mã cán bộ NV004 đã có ở dòng 4."),
]


def problems(checked):
    return [(p["row"], p["column"], p["level"], p["message"]) for p in checked.report.sorted_problems()]


def test_bad_people_file_lists_exactly_the_expected_problems(people_setup, unit):
    checked = check_file(bad_people_file(), "people", scope_unit=unit)
    assert checked.report.file_errors == []
    assert checked.parsed.sheet == "Sheet1"
    assert checked.parsed.header_row == 3
    assert problems(checked) == EXPECTED_PEOPLE
    assert checked.parsed.total_rows == 21  # rows 4 to 25, the empty row 8 skipped
    planned = {p.row: p for p in checked.plans}
    assert sorted(planned) == [4, 5, 6, 7, 14, 15, 20]
    assert planned[5].values["full_name"] == "Phạm Thị Hoà"
    assert planned[5].values["cccd"] == "001085000005"
    assert planned[5].values["position"] == "Trưởng phòng"
    assert planned[5].values["gender"] == "female"
    assert planned[6].values["date_of_birth"] == datetime.date(1990, 3, 5)
    assert planned[7].values["cccd"] == "001085000007"
    assert planned[7].values["staff_code"] == "7007"
    assert planned[7].values["date_of_birth"] == datetime.date(1987, 8, 11)
    assert planned[15].values["unit_id"] == unit.pk
    assert planned[20].action == "unchanged"


def test_bad_people_file_writes_nothing(people_setup, unit):
    before = (Person.objects.count(), ActivityLog.objects.count(), Unit.objects.count())
    with pytest.raises(ImportRefused) as refused:
        import_file(bad_people_file(), "people", scope_unit=unit)
    assert problems(refused.value.checked) == EXPECTED_PEOPLE
    assert (Person.objects.count(), ActivityLog.objects.count(), Unit.objects.count()) == before


@pytest.fixture
def award_setup(unit, award_types):
    PersonFactory(full_name="Nguyễn Văn An", cccd="001085000001", staff_code="NV001", unit=unit)
    PersonFactory(full_name="Lê Văn Cường", unit=unit)


def bad_awards_file():
    def row(code, name, year, unit="STN", full_name="Nguyễn Văn An", cccd="001085000001", method="Thường xuyên",
            number="12/QĐ-UBND", date=datetime.date(2021, 1, 15), amount=1_170_000):
        return [code, name, year, unit, full_name, cccd, None, method, number, date, "UBND tỉnh", None, amount]

    rows = [
        AWARD_HEADERS,
        row("LDTT", None, 2020),  # 2: good
        [None, nfd("Lao động tiên tiến  "), " 2021 ", "STN ", "Nguyễn Văn An", "001085000001", None, None,
         "13/QĐ-UBND", "15/01/2022", None, None, "1.500.000"],  # 3: decomposed, spaces, numbers as text
        row(None, "Lao động tiên tiến xuất sắc", 2020),  # 4: unknown name, closest suggested
        row("LDTTT", None, 2020),  # 5: unknown code, closest suggested
        row("LDTT", None, 2019, full_name="Lê Văn Cường", cccd=None),  # 6: matched by name only
        row("LDTT", None, "hai nghìn"),  # 7: year not a number
        row("LDTT", None, 1800),  # 8: implausible year
        row("LDTT", None, 2018, date="2021-13-45"),  # 9: not a date
        row("LDTT", None, 2017, amount="-5"),  # 10: negative amount
        row("CSTDCS", None, 2020, full_name=None, cccd=None),  # 11: individual title for a collective
        row("LDTT", None, 2020),  # 12: same as row 2
        row(None, None, 2016),  # 13: neither code nor name
        row("LDTT", None, 2016, cccd="001099999999"),  # 14: unknown CCCD
        row("LDTT", None, 2015, full_name="Trần Văn Khác"),  # 15: CCCD of someone else
        row("LDTT", None, 2014, method="Bất thường"),  # 16: unknown method
        row("LDTT", None, 2013, number="=1/0"),  # 17: formula without value
    ]
    return make_xlsx(rows, sheet="Khen thưởng")


EXPECTED_AWARDS = [
    (4, "Danh hiệu/hình thức khen thưởng", "error",
     "Không có danh hiệu, hình thức khen thưởng “Lao động tiên tiến xuất sắc”. Có phải là “Lao động tiên tiến”?"),
    (5, "Mã danh hiệu", "error", "Không có danh hiệu, hình thức khen thưởng “LDTTT”. Có phải là “LDTT”?"),
    (6, "Họ và tên", "warning", NAME_ONLY),
    (7, "Năm thành tích", "error", "“hai nghìn” không phải số nguyên."),
    (8, "Năm thành tích", "error", "1800 không phải năm hợp lệ."),
    (9, "Ngày quyết định", "error", "“2021-13-45” không phải ngày (dd/mm/yyyy)."),
    (10, "Số tiền thưởng (đồng)", "error", "“-5” không phải số tiền (đồng)."),
    # The register's own rule (awards.services.register.check_award_recipient), as for an award entered by hand:
    (11, "Mã danh hiệu", "error", "Chiến sĩ thi đua cơ sở không xét tặng cho tập thể."),
    (12, "Số quyết định", "error", "Bản ghi này đã có ở dòng 2."),
    (13, "Danh hiệu/hình thức khen thưởng", "error", "Hãy ghi mã hoặc tên danh hiệu, hình thức khen thưởng."),
    (14, "Số CCCD", "error", "Không có cá nhân nào có số CCCD 001099999999."),
    (15, "Họ và tên", "error", "Số CCCD 001085000001 là của người khác: Nguyễn Văn An (STN)."),
    (16, "Hình thức tổ chức khen thưởng", "error",
     "“Bất thường” không thuộc: Regular (year-end), Thematic (by campaign), Extraordinary, "
     "Process of contribution, Seniority, Foreign affairs."),
    (17, "Số quyết định", "error", FORMULA),
]


def test_bad_awards_file_lists_exactly_the_expected_problems(award_setup, unit):
    checked = check_file(bad_awards_file(), "awards", scope_unit=unit)
    result = problems(checked)
    # The method labels come from the awards catalogue; compare that message by its start only.
    assert result[:12] + result[13:] == EXPECTED_AWARDS[:12] + EXPECTED_AWARDS[13:]
    assert result[12][:3] == EXPECTED_AWARDS[12][:3]
    assert result[12][3].startswith("“Bất thường” không thuộc: ")
    planned = {p.row: p for p in checked.plans}
    assert sorted(planned) == [2, 3, 6]
    assert planned[3].values["year"] == 2021
    assert planned[3].values["amount"] == 1_500_000
    assert planned[3].values["decision_date"] == datetime.date(2022, 1, 15)


def test_bad_awards_file_writes_nothing(award_setup, unit):
    logs = ActivityLog.objects.count()
    with pytest.raises(ImportRefused):
        import_file(bad_awards_file(), "awards", scope_unit=unit)
    assert Award.objects.count() == 0
    assert ActivityLog.objects.count() == logs


def test_wrong_sheet_is_a_file_error(unit):
    source = make_xlsx([["Ghi chú"], ["Không có dữ liệu"]], sheet="Trang tính 2",
                       before=[("Trang tính 1", [["Báo cáo"]])])
    checked = check_file(source, "people")
    assert checked.report.file_errors == [
        "Không trang nào của tệp có các cột của “Cá nhân”. Các trang trong tệp: Trang tính 1, Trang tính 2. "
        "Hãy dùng tệp mẫu của loại dữ liệu này."
    ]
    assert checked.plans == []


def test_file_of_another_kind_is_refused(unit, award_types):
    source = make_xlsx([AWARD_HEADERS, ["LDTT", None, 2020, "STN", "Nguyễn Văn An"]], sheet="Dữ liệu")
    checked = check_file(source, "people")
    assert checked.report.file_errors == [
        "Trang “Dữ liệu” chứa “Khen thưởng đã có”, không phải “Cá nhân”: hãy chọn đúng loại dữ liệu hoặc đúng tệp."
    ]


def test_missing_headers_is_a_file_error(unit):
    headers = [h for h in PEOPLE_HEADERS if h != "Mã đơn vị"]
    source = make_xlsx([headers, ["Nguyễn Văn An", "001085000004"]], sheet="Cá nhân")
    checked = check_file(source, "people")
    assert checked.report.file_errors == [
        "Trang “Cá nhân” thiếu các cột: Mã đơn vị. Hãy dùng tệp mẫu của loại dữ liệu này."
    ]


def test_not_an_xlsx_file_is_a_file_error(db):
    checked = check_file(io.BytesIO(b"Ho ten;CCCD\nNguyen Van An;001085000004\n"), "people")
    assert checked.report.file_errors == [
        "Tệp không phải bảng tính Excel (.xlsx). Hãy lưu lại dạng .xlsx rồi thử lại."
    ]
