"""Templates and exports: the same sheet, headers and cell formats as the import reads.

A file exported here imports unchanged elsewhere (units by code, people by CCCD or staff code, award
types by code).
"""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from awards.models import Appraisal, Award, Initiative
from emulation.models import Person, Unit
from emulation.xlsx import append_row, workbook_bytes

from .specs import BOOL, CCCD, CHOICE, CODE, DATE, LIST, MONEY, SPECS

# Exports that carry full CCCD numbers (people also dates of birth): logged and marked on the page.
PERSONAL_DATA_KINDS = ("people", "appraisals", "initiatives", "awards")

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _display(column, value):
    if value is None or value == "":
        return None
    if column.type == CHOICE:
        return str(column.choice_label(value))
    if column.type == BOOL:
        return _("Yes") if value else _("No")
    if column.type == LIST:
        return "; ".join(value)
    return value


def write_workbook(kind, rows, with_help=False):
    """An .xlsx (bytes) of ``rows`` (dicts by column key) with the headers of ``kind``."""
    spec = SPECS[kind]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(spec.sheet))
    for i, column in enumerate(spec.columns):
        sheet.column_dimensions[_letter(i)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in spec.columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    text_cols = {i for i, c in enumerate(spec.columns) if c.type in (CCCD, CODE)}
    date_cols = {i for i, c in enumerate(spec.columns) if c.type == DATE}
    money_cols = {i for i, c in enumerate(spec.columns) if c.type == MONEY}
    for row in rows:
        out = []
        for i, column in enumerate(spec.columns):
            value = _display(column, row.get(column.key))
            if i in date_cols and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                value = cell
            elif i in text_cols and value is not None:
                cell = WriteOnlyCell(sheet, value=str(value))
                cell.number_format = "@"
                value = cell
            elif i in money_cols and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "#,##0"
                value = cell
            out.append(value)
        append_row(sheet, out)
    if with_help:
        _help_sheet(book, spec)
    return workbook_bytes(book)


def _letter(i):

    return get_column_letter(i + 1)


def _help_sheet(book, spec):
    sheet = book.create_sheet(_("Instructions"))
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 90
    sheet.append([_("Fill in the sheet “%(sheet)s”: one row per record, the example row replaced by your data. "
                    "Dates as dd/mm/yyyy. Empty cells leave the existing values unchanged.") % {"sheet": spec.sheet}])
    sheet.append([])
    sheet.append([_("Column"), _("Required"), _("What to enter")])
    for column in spec.columns:
        text = str(column.help) if column.help else ""
        if column.type == CHOICE:
            allowed = "; ".join(str(label) for _v, label in column.choices)
            text = (text + " " if text else "") + _("One of: %(values)s.") % {"values": allowed}
        elif column.type == BOOL:
            text = _("“Yes” or “No”.")
        elif column.type == DATE and not text:
            text = _("A date, dd/mm/yyyy.")
        append_row(sheet, [str(column.label), _("Yes") if column.is_required else "", text])


def template_bytes(kind):
    example = {c.key: c.example for c in SPECS[kind].columns}
    if SPECS[kind].kind == "initiatives":
        example["authors"] = ["001085012345", "NV0002"]
    return write_workbook(kind, [example], with_help=True)


# Rows of each kind -----------------------------------------------------------------------------

def _unit_rows(unit_ids):
    qs = Unit.objects.select_related("parent").order_by("code")
    if unit_ids is not None:
        qs = qs.filter(pk__in=unit_ids)
    for u in qs.iterator(chunk_size=2000):
        yield {"code": u.code, "name": u.name, "short_name": u.short_name, "kind": u.kind,
               "parent": u.parent.code if u.parent_id else None, "is_active": u.is_active}


def _person_rows(unit_ids):
    qs = Person.objects.select_related("unit").order_by("unit__code", "search_name", "pk")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    for p in qs.iterator(chunk_size=2000):
        yield {"full_name": p.full_name, "cccd": p.cccd, "staff_code": p.staff_code, "date_of_birth": p.date_of_birth,
               "gender": p.gender, "unit": p.unit.code, "position": p.position, "category": p.category,
               "is_active": p.is_active}


def _person_cells(person):
    if person is None:
        return {}
    return {"full_name": person.full_name, "cccd": person.cccd, "staff_code": person.staff_code}


def _appraisal_rows(unit_ids):
    qs = Appraisal.objects.select_related("person__unit", "unit").order_by("year", "pk")
    if unit_ids is not None:

        qs = qs.filter(Q(unit_id__in=unit_ids) | Q(person__unit_id__in=unit_ids))
    for a in qs.iterator(chunk_size=2000):
        unit = a.person.unit if a.person_id else a.unit
        yield {"year": a.year, "unit": unit.code, **_person_cells(a.person), "rating": a.rating, "note": a.note}


def _author_token(person):
    return person.cccd or person.staff_code or person.full_name


def _initiative_rows(unit_ids):
    qs = Initiative.objects.select_related("unit").prefetch_related("authors").order_by("year", "title", "pk")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    for i in qs.iterator(chunk_size=2000):
        yield {"title": i.title, "year": i.year, "unit": i.unit.code, "level": i.level,
               "authors": [_author_token(p) for p in sorted(i.authors.all(), key=lambda p: p.pk)],
               "decision_number": i.decision_number, "decision_date": i.decision_date,
               "decision_body": i.decision_body, "description": i.description}


def _award_rows(unit_ids):
    qs = Award.objects.select_related("award_type", "person", "unit").order_by("year", "decision_date", "pk")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    for a in qs.iterator(chunk_size=2000):
        yield {"award_code": a.award_type.code, "award_name": a.award_type.name, "year": a.year, "unit": a.unit.code,
               **_person_cells(a.person), "method": a.method, "decision_number": a.decision_number,
               "decision_date": a.decision_date, "decision_authority": a.decision_authority,
               "decision_signer": a.decision_signer, "amount": a.amount, "note": a.note}


ROWS = {"units": _unit_rows, "people": _person_rows, "appraisals": _appraisal_rows,
        "initiatives": _initiative_rows, "awards": _award_rows}


def export_bytes(kind, unit_ids=None):
    """Every record of ``kind`` (within ``unit_ids`` when given) as an importable .xlsx."""
    return write_workbook(kind, ROWS[kind](unit_ids))


def export_filename(kind, stem="export"):
    return f"{stem}-{kind}-{datetime.date.today():%Y%m%d}.xlsx"
