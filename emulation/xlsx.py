"""The one way the application writes an .xlsx: user text stays text, never a live formula.

A value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be taken by openpyxl (``=``)
or by a spreadsheet program on editing (the others) as a formula: a person named ``=HYPERLINK("http://…")`` would
become a link that leaks data or runs a command. Every export therefore:

- builds its workbook with openpyxl as usual and turns it into bytes with ``workbook_bytes(book)``, which writes
  every such string cell as text (data type ``s``) with Excel's "quote prefix" (shown as typed, kept as text when
  edited). The application writes no formulas of its own, so every one is user text;
- in a write-only workbook (``Workbook(write_only=True)``, whose cells are not kept), appends its rows with
  ``append_row(sheet, values)`` (or makes a cell with ``text_cell(sheet, value)``) before ``workbook_bytes``.

Usage::

    book = Workbook()
    book.active.append([person.full_name, person.unit.name])
    return workbook_bytes(book)
"""

import io

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(cell):
    """Make ``cell`` (a worksheet cell or a ``WriteOnlyCell``) plain text when its value looks like a formula."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_cell(sheet, value):
    """For a write-only sheet: ``value`` as it is, or a text cell when it looks like a formula."""
    if isinstance(value, Cell):
        return as_text(value)
    return as_text(WriteOnlyCell(sheet, value=value)) if is_formula_like(value) else value


def append_row(sheet, values):
    """``sheet.append(values)`` with every formula-like string written as text (any kind of sheet)."""
    sheet.append([text_cell(sheet, value) for value in values])


def workbook_bytes(book):
    """The .xlsx bytes of ``book``, every formula-like string cell of its (ordinary) sheets written as text."""
    if not getattr(book, "write_only", False):
        for sheet in book.worksheets:
            for cell in sheet._cells.values():
                as_text(cell)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
