"""Excel import and export (openpyxl): the criteria set and the scoreboard.

Criteria sheet layout (row 1 = headers, then one row per node in tree order):
    A code | B section code (parent) | C title | D kind | E max points (empty = a section) |
    F evidence required (x / có / yes) | G guidance
A second sheet holds the set's parameters: total of standard points and the bonus cap.
Headers are read by position, so a province may rename them.
"""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from emulation.errors import DomainError
from emulation.text import search_key
from emulation.xlsx import workbook_bytes

from .enums import CriterionKind
from .scoring import parse_points

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
YES = {"x", "1", "yes", "y", "true", "co", "có", "c"}


def _kind_words():
    """Every accepted spelling of a kind: the code, the Vietnamese and English labels."""
    words = {}
    for kind in CriterionKind:
        for text in (kind.value, str(kind.label), {"standard": "chuan", "bonus": "thuong",
                                                   "penalty": "tru"}[kind.value]):
            words[search_key(text)] = kind.value
    words[search_key("điểm chuẩn")] = CriterionKind.STANDARD
    words[search_key("điểm thưởng")] = CriterionKind.BONUS
    words[search_key("điểm trừ")] = CriterionKind.PENALTY
    return words


def _autosize(ws, widths):
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _header(ws, labels):
    ws.append([str(x) for x in labels])
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = BOLD, HEAD_FILL
    ws.freeze_panes = f"A{ws.max_row + 1}"  # a coordinate, so no empty cell is created below the header


def criteria_workbook(tree):
    wb = Workbook()
    ws = wb.active
    ws.title = _("Criteria")[:31]
    _header(ws, [_("Code"), _("Section code"), pgettext("criterion", "Title"), _("Kind"), _("Maximum points"),
                 _("Evidence required"), _("Guidance")])
    by_id = tree.by_id
    for node in tree.walk():
        parent = by_id.get(node.parent_id)
        ws.append([
            node.code, parent.code if parent else "", node.title, str(CriterionKind(node.kind).label),
            None if node.is_section else float(node.max_points), "x" if node.evidence_required else "",
            node.guidance,
        ])
        row = ws.max_row
        ws.cell(row=row, column=3).alignment = Alignment(indent=node.depth * 2, wrap_text=True)
        if node.is_section:
            for cell in ws[row]:
                cell.font = BOLD
    _autosize(ws, [10, 12, 70, 14, 12, 12, 60])
    meta = wb.create_sheet(_("Settings")[:31])
    meta.append([_("Total of standard points"), float(tree.criteria_set.standard_total)])
    meta.append([_("Cap on bonus points"), float(tree.criteria_set.bonus_cap)])
    meta.append([_("Title"), tree.criteria_set.title])
    _autosize(meta, [32, 40])
    return workbook_bytes(wb)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_criteria_workbook(data):
    """Parse an uploaded sheet. Returns ``(rows, standard_total, bonus_cap, title)``; raises
    ``DomainError`` listing the faulty rows."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DomainError(_("This is not an Excel (.xlsx) file that can be read.")) from exc
    ws = wb.worksheets[0]
    kinds = _kind_words()
    rows, errors = [], []
    sections = {}
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        values = list(values) + [None] * 7
        code, parent_code, title, kind_text, max_text, evidence, guidance = (values[i] for i in range(7))
        code, parent_code, title = _text(code), _text(parent_code), _text(title)
        if not code and not title:
            continue
        if not code or not title:
            errors.append(_("row %(row)s: a code and a title are needed") % {"row": number})
            continue
        kind = kinds.get(search_key(_text(kind_text)) or "", None) if _text(kind_text) else None
        if kind is None and _text(kind_text):
            errors.append(_("row %(row)s: unknown kind “%(kind)s”") % {"row": number, "kind": _text(kind_text)})
            continue
        if kind is None:
            kind = sections.get(parent_code, CriterionKind.STANDARD)
        try:
            max_points = parse_points(_text(max_text))
        except ValueError:
            errors.append(_("row %(row)s: maximum points “%(value)s” is not a number")
                          % {"row": number, "value": _text(max_text)})
            continue
        if max_points is not None and max_points <= 0:
            errors.append(_("row %(row)s: maximum points must be above zero") % {"row": number})
            continue
        if max_points is None:
            sections[code] = kind
        rows.append({"code": code, "parent_code": parent_code, "title": title, "kind": kind,
                     "max_points": max_points, "evidence_required": search_key(_text(evidence)) in YES,
                     "guidance": _text(guidance)})
    if errors:
        raise DomainError(_("The sheet has errors: %(errors)s.") % {"errors": "; ".join(str(e) for e in errors)})
    if not rows:
        raise DomainError(_("The sheet holds no criteria."))
    standard_total = bonus_cap = None
    title = ""
    if len(wb.worksheets) > 1:
        meta = list(wb.worksheets[1].iter_rows(min_row=1, max_row=3, values_only=True))
        try:
            if len(meta) > 0 and len(meta[0]) > 1 and meta[0][1] is not None:
                standard_total = parse_points(_text(meta[0][1]))
            if len(meta) > 1 and len(meta[1]) > 1 and meta[1][1] is not None:
                bonus_cap = parse_points(_text(meta[1][1]))
        except ValueError as exc:
            raise DomainError(_("The settings sheet holds a value that is not a number.")) from exc
        if len(meta) > 2 and len(meta[2]) > 1:
            title = _text(meta[2][1])
    wb.close()
    return rows, standard_total, bonus_cap, title


def scoreboard_workbook(bloc_year, tree, rows, basis_label, tie_rule):
    wb = Workbook()
    ws = wb.active
    ws.title = _("Scoreboard")[:31]
    ws.append([_("Scoreboard of %(bloc_year)s") % {"bloc_year": bloc_year}])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("Points: %(basis)s") % {"basis": basis_label}])
    ws.append([str(tie_rule)])
    ws.append([])
    sections = tree.sections
    _header(ws, [_("Rank"), _("Unit"), *[f"{s.code}. {s.title}" for s in sections], _("Standard"), _("Bonus"),
                 _("Penalty"), _("Total"), _("State")])
    for row in rows:
        t = row.totals
        ws.append([row.rank, row.scorecard.unit.name,
                   *[float(t.sections.get(s.pk, Decimal("0"))) for s in sections],
                   float(t.standard), float(t.bonus), float(-t.penalty), float(t.total),
                   str(row.scorecard.get_state_display())])
    _autosize(ws, [7, 42, *[18] * len(sections), 11, 10, 10, 10, 16])
    return workbook_bytes(wb)
