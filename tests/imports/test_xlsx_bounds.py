"""An .xlsx is bounded before it is read (emulation.uploads.xlsx_bounds_problem): a small file that unpacks to
tens of MB and a million rows is refused at once, with a Vietnamese message, in the request (the upload check
of kind "spreadsheet") and in the worker (the imports reader) alike, from the ZIP directory and the sheet's
<dimension>, never by reading the sheet."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.uploads import problem
from imports.models import ImportRun
from imports.reading import read_file
from imports.xlsx import Workbook, XlsxTooLarge
from tests.imports.conftest import make_xlsx

ROWS = 1_000_000
CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 b'spreadsheetml.sheet.main+xml"/></Types>')
WORKBOOK = (b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def zip_bomb(dimension=True):
    """~150 KB that unpacks to ~49 MB: a million rows of one cell."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main">' + (f'<dimension ref="A1:A{ROWS}"/>'.encode() if dimension else b"")
                        + b"<sheetData>")
            row = b'<row><c t="inlineStr"><is><t>Nguyen Van A</t></is></c></row>'
            chunk = row * 10_000
            for _ in range(ROWS // 10_000):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bombs():
    return {"dimension": zip_bomb(True), "no-dimension": zip_bomb(False)}


def test_the_bomb_is_what_the_issue_describes(bombs):
    data = bombs["dimension"]
    assert len(data) < 300 * 1024
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 45 * 1024 * 1024


@pytest.mark.parametrize("variant", ["dimension", "no-dimension"])
def test_upload_check_refuses_the_bomb_within_a_second(bombs, variant):
    started = time.monotonic()
    reason = problem(SimpleUploadedFile("danh-sach.xlsx", bombs[variant]), kind="spreadsheet")
    assert time.monotonic() - started < 1
    if variant == "dimension":
        assert reason == ("Bảng tính có 1.000.000 dòng; chỉ đọc được tối đa 100.000 dòng. "
                          "Hãy chia thành các tệp nhỏ hơn.")
    else:
        assert reason.startswith("Bảng tính giải nén ra")


@pytest.mark.parametrize("variant", ["dimension", "no-dimension"])
def test_the_worker_reader_refuses_the_bomb_within_a_second(bombs, variant):
    started = time.monotonic()
    with pytest.raises(XlsxTooLarge):
        Workbook(io.BytesIO(bombs[variant]))

    class Report:
        file_errors = []

    read_file(io.BytesIO(bombs[variant]), "people", Report)
    assert time.monotonic() - started < 1
    assert Report.file_errors and Report.file_errors[0].startswith("Bảng tính")


def test_upload_page_refuses_the_bomb_at_once(client, board, bombs):
    client.force_login(board)
    assert client.get(reverse("imports:home")).status_code == 200  # warm up the page (templates)
    started = time.monotonic()
    response = client.post(reverse("imports:upload"), {
        "kind": "people", "file": SimpleUploadedFile("danh-sach.xlsx", bombs["dimension"])})
    assert time.monotonic() - started < 1
    assert response.status_code == 400  # the form again, the reason next to the file
    assert "1.000.000 dòng" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_limits_come_from_settings(settings):
    data = make_xlsx([["Họ tên", "Đơn vị"], *[[f"Người {i}", "Sở"] for i in range(10)]]).getvalue()
    assert problem(SimpleUploadedFile("a.xlsx", data), kind="spreadsheet") is None
    settings.XLSX_MAX_ROWS = 5
    assert "tối đa 5 dòng" in problem(SimpleUploadedFile("a.xlsx", data), kind="spreadsheet")
    settings.XLSX_MAX_ROWS, settings.XLSX_MAX_COLUMNS = 100, 1
    assert "2 cột" in problem(SimpleUploadedFile("a.xlsx", data), kind="spreadsheet")
    settings.XLSX_MAX_COLUMNS, settings.XLSX_MAX_CELLS = 10, 12
    assert "22 ô" in problem(SimpleUploadedFile("a.xlsx", data), kind="spreadsheet")
    settings.XLSX_MAX_CELLS, settings.XLSX_MAX_UNCOMPRESSED_BYTES = 10_000, 1000
    assert "quá lớn khi giải nén" in problem(SimpleUploadedFile("a.xlsx", data), kind="spreadsheet")


def test_the_reader_counts_rows_as_it_streams(settings):
    """A sheet without a <dimension>, or lying in it, is still stopped at the row limit while it is read."""
    data = make_xlsx([["Họ tên"], *[[f"Người {i}"] for i in range(10)]])
    with Workbook(data) as book:
        settings.XLSX_MAX_ROWS = 5
        with pytest.raises(XlsxTooLarge, match="hơn 5 dòng"):
            book.read(book.sheet_names[0])
