"""Excel twins of tabular reports (openpyxl): the same figures as the PDF, one sheet per table."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from emulation.xlsx import workbook_bytes


def workbook(sheets, title=""):
    """``sheets``: a list of ``{"title", "header": [..], "rows": [[..]], "footer": [[..]]}``. Returns bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for spec in sheets:
        ws = wb.create_sheet(spec["title"][:31])
        row_no = 1
        if title:
            ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
            row_no = 3
        header = spec.get("header") or []
        for col, label in enumerate(header, start=1):
            cell = ws.cell(row=row_no, column=col, value=str(label))
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if header:
            ws.freeze_panes = ws.cell(row=row_no + 1, column=1)
            row_no += 1
        for row in spec.get("rows", []):
            for col, value in enumerate(row, start=1):
                ws.cell(row=row_no, column=col, value=value)
            row_no += 1
        for row in spec.get("footer", []):
            for col, value in enumerate(row, start=1):
                ws.cell(row=row_no, column=col, value=value).font = bold
            row_no += 1
        for col, width in enumerate(spec.get("widths") or [], start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
    return workbook_bytes(wb)
