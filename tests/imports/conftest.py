import io

import openpyxl
import pytest

from awards.models import AwardType

PEOPLE_HEADERS = ["Họ và tên", "Số CCCD", "Mã cán bộ", "Ngày sinh", "Giới tính", "Mã đơn vị", "Chức vụ",
                  "Đối tượng thống kê", "Đang công tác"]
AWARD_HEADERS = ["Mã danh hiệu", "Danh hiệu/hình thức khen thưởng", "Năm thành tích", "Mã đơn vị", "Họ và tên",
                 "Số CCCD", "Mã cán bộ", "Hình thức tổ chức khen thưởng", "Số quyết định", "Ngày quyết định",
                 "Cơ quan ban hành", "Người ký", "Số tiền thưởng (đồng)", "Ghi chú"]
UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại đơn vị", "Mã đơn vị cấp trên", "Đang hoạt động"]
APPRAISAL_HEADERS = ["Năm", "Mã đơn vị", "Họ và tên", "Số CCCD", "Mã cán bộ", "Xếp loại", "Ghi chú"]
INITIATIVE_HEADERS = ["Tên sáng kiến", "Năm", "Mã đơn vị", "Cấp công nhận", "Tác giả", "Số quyết định",
                      "Ngày quyết định", "Cơ quan công nhận", "Mô tả"]


def make_xlsx(rows, sheet="Dữ liệu", before=(), merges=(), formats=None):
    """An .xlsx in memory: ``before`` is a list of (name, rows) sheets placed first; ``formats`` maps
    cell refs to number formats."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, extra in before:
        ws = book.create_sheet(name)
        for row in extra:
            ws.append(row)
    ws = book.create_sheet(sheet)
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def award_types(db):
    spec = [("LDTT", "Lao động tiên tiến", True, True), ("CSTDCS", "Chiến sĩ thi đua cơ sở", True, False),
            ("GIAY_KHEN", "Giấy khen", True, True), ("TTLDXS", "Tập thể lao động xuất sắc", False, True)]
    # The catalogue's data migration already holds these; the import must find them by code or name.
    return {code: AwardType.objects.update_or_create(
                code=code, defaults={"name": name, "for_individuals": ind, "for_collectives": col})[0]
            for code, name, ind, col in spec}
