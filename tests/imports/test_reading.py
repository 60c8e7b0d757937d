"""The .xlsx reader and the cell rules, on files shaped like those Excel and LibreOffice write."""

import datetime
import io
import zipfile

import pytest

from imports.specs import DATE, MONEY, YEAR, CellProblem, Column, clean_cell
from imports.xlsx import FORMULA_WITHOUT_VALUE, CellError, Workbook
from tests.imports.conftest import make_xlsx


def with_cached_value(source):
    """Rewrite a formula cell so it carries a cached value, as Excel saves it."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>").replace(b"<f>1+1</f><v />",
                                                                                        b"<f>1+1</f><v>2</v>")
                if b"<v>2</v>" not in data:
                    data = data.replace(b"<f>1+1</f>", b"<f>1+1</f><v>2</v>")
            zout.writestr(item, data)
    out.seek(0)
    return out


def read(source):
    book = Workbook(source)
    return book.read(book.sheet_names[0])


def test_formula_without_cached_value_is_marked():
    sheet = read(make_xlsx([["a", "=1+1"]]))
    assert sheet.rows == [(1, ["a", FORMULA_WITHOUT_VALUE])]


def test_formula_with_cached_value_reads_the_value():
    sheet = read(with_cached_value(make_xlsx([["a", "=1+1"]])))
    assert sheet.rows == [(1, ["a", 2])]


def test_dates_numbers_errors_and_merges():
    source = make_xlsx([[datetime.date(2021, 3, 5), 44260, "#N/A", 1.5, True, None, "x"]],
                       merges=["A3:A4"], formats={"B1": "dd/mm/yyyy"})
    sheet = read(source)
    assert sheet.rows == [(1, [datetime.datetime(2021, 3, 5), datetime.datetime(2021, 3, 5), CellError("#N/A"), 1.5,
                               True, None, "x"])]
    assert sheet.merged == [(0, 3, 0, 4)]


def test_row_estimate_counts_rows():
    book = Workbook(make_xlsx([["h"]] + [[i] for i in range(10)]))
    assert book.row_estimate() == 11


@pytest.mark.parametrize(("column", "value", "expected"), [
    (Column("y", "Năm", YEAR), " 2021 ", 2021),
    (Column("y", "Năm", YEAR), 2021.0, 2021),
    (Column("m", "Tiền", MONEY), "1.500.000 đ", 1_500_000),
    (Column("m", "Tiền", MONEY), "2,340,000", 2_340_000),
    (Column("d", "Ngày", DATE), "5/3/2021", datetime.date(2021, 3, 5)),
    (Column("d", "Ngày", DATE), "05-03-2021", datetime.date(2021, 3, 5)),
    (Column("d", "Ngày", DATE), "2021-03-05", datetime.date(2021, 3, 5)),
    (Column("d", "Ngày", DATE), 44260, datetime.date(2021, 3, 5)),
])
def test_clean_cell_reads_numbers_and_dates_typed_as_text(column, value, expected):
    assert clean_cell(column, value) == expected


@pytest.mark.parametrize(("column", "value"), [
    (Column("y", "Năm", YEAR), "2021.5"),
    (Column("m", "Tiền", MONEY), "một triệu"),
    (Column("d", "Ngày", DATE), "29/02/2021"),
])
def test_clean_cell_refuses_what_is_not_a_value(column, value):
    with pytest.raises(CellProblem):
        clean_cell(column, value)
