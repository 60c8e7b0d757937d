"""From an uploaded workbook to clean rows: choose the sheet, find the header row, fill merged cells,
skip empty rows and read every cell, reporting problems per row and column in Vietnamese."""

from django.utils.translation import gettext as _

from emulation.text import search_key

from .specs import CHOICE, SPECS, CellProblem, choice_map, clean_cell, header_keys, is_blank, sheet_keys
from .xlsx import Workbook, XlsxError, XlsxTooLarge, column_letter, is_encrypted

HEADER_SCAN_ROWS = 15
MAX_PROBLEMS = 1000


class Report:
    """Problems found in a file: file-level errors, and errors or warnings per row and column."""

    def __init__(self, spec):
        self.spec = spec
        self.file_errors = []
        self.problems = []
        self.error_rows = set()
        self.warning_rows = set()
        self._order = {c.key: i for i, c in enumerate(spec.columns)}
        self._labels = {c.key: str(c.label) for c in spec.columns}

    def _add(self, level, row, key, message):
        self.problems.append((row, self._order.get(key, -1), level, self._labels.get(key, ""), message))

    def error(self, row, key, message):
        self.error_rows.add(row)
        self._add("error", row, key, message)

    def warning(self, row, key, message):
        self.warning_rows.add(row)
        self._add("warning", row, key, message)

    @property
    def has_errors(self):
        return bool(self.file_errors or self.error_rows)

    def sorted_problems(self):
        return [
            {"row": row, "column": label, "level": level, "message": message}
            for row, _order, level, label, message in sorted(self.problems, key=lambda p: (p[0], p[1], p[2]))
        ]


class Parsed:
    def __init__(self):
        self.sheet = ""
        self.header_row = None
        self.columns = {}  # key -> column index
        self.rows = []  # [(row number, {key: value})] of rows without cell problems
        self.total_rows = 0  # non-empty data rows


def _header_match(values, lookup):
    found = {}
    for idx, value in enumerate(values):
        if isinstance(value, str):
            key = lookup.get(search_key(value))
            if key and key not in found:
                found[key] = idx
    return found


def _find_header(sheet, lookup):
    best_row, best = None, {}
    for rownum, values in sheet.rows[:HEADER_SCAN_ROWS]:
        found = _header_match(values, lookup)
        if len(found) > len(best):
            best_row, best = rownum, found
    return best_row, best


def _lookup(spec):
    lookup = {}
    for column in spec.columns:
        for key in header_keys(column):
            lookup.setdefault(key, column.key)
    return lookup


def _better_kind(sheet, header_row, kind, count):
    """Another kind whose columns the header row matches better (a file uploaded under the wrong kind)."""
    values = next((v for r, v in sheet.rows if r == header_row), [])
    best, best_count = None, count
    for other, spec in SPECS.items():
        if other != kind:
            n = len(_header_match(values, _lookup(spec)))
            if n > best_count:
                best, best_count = other, n
    return best


def read_file(source, kind, report):
    """Read ``source`` (path or file object) as a file of ``kind``; problems go to ``report``."""
    spec = SPECS[kind]
    parsed = Parsed()
    lookup = _lookup(spec)
    required = [c for c in spec.columns if c.is_required]
    if is_encrypted(source):
        report.file_errors.append(_("The Excel file is protected by a password, so it cannot be read. Open it in "
                                    "Excel, remove the password (File → Info → Protect Workbook), save it and "
                                    "upload it again."))
        return parsed
    try:
        book = Workbook(source)
    except XlsxTooLarge as exc:
        report.file_errors.append(str(exc))
        return parsed
    except XlsxError:
        report.file_errors.append(_("The file is not an Excel workbook (.xlsx). Save it as .xlsx and try again."))
        return parsed
    with book:
        wanted = sheet_keys(spec)
        named = [n for n in book.sheet_names if search_key(n) in wanted]
        order = named + [n for n in book.sheet_names if n not in named]
        chosen, partial = None, None
        for name in order:
            try:
                sheet = book.read(name)
            except XlsxTooLarge as exc:
                report.file_errors.append(str(exc))
                return parsed
            header_row, found = _find_header(sheet, lookup)
            if name in named or all(c.key in found for c in required):
                chosen = (sheet, header_row, found)
                break
            if len(found) >= 2 and (partial is None or len(found) > len(partial[2])):
                partial = (sheet, header_row, found)
        chosen = chosen or partial
        if chosen is None:
            report.file_errors.append(
                _("No sheet of this file has the columns of “%(kind)s”. Sheets found: %(sheets)s. "
                  "Start from the template of this kind.")
                % {"kind": spec.kind.label, "sheets": ", ".join(book.sheet_names) or "–"}
            )
            return parsed
    sheet, header_row, found = chosen
    parsed.sheet, parsed.header_row, parsed.columns = sheet.name, header_row, found
    other = _better_kind(sheet, header_row, kind, len(found))
    if other is not None:
        report.file_errors.append(
            _("Sheet “%(sheet)s” holds “%(other)s”, not “%(kind)s”: choose the right kind or the right file.")
            % {"sheet": sheet.name, "other": SPECS[other].kind.label, "kind": spec.kind.label}
        )
        return parsed
    missing = [str(c.label) for c in required if c.key not in found]
    if spec.kind == "awards" and "award_code" not in found and "award_name" not in found:
        missing.insert(0, f"{spec.by_key['award_code'].label} / {spec.by_key['award_name'].label}")
    if missing:
        report.file_errors.append(
            _("Sheet “%(sheet)s” lacks the columns: %(columns)s. Start from the template of this kind.")
            % {"sheet": sheet.name, "columns": ", ".join(missing)}
        )
        return parsed
    _read_rows(sheet, header_row, found, spec, report, parsed)
    return parsed


def _read_rows(sheet, header_row, found, spec, report, parsed):
    by_index = {idx: key for key, idx in found.items()}
    rows = {rownum: values for rownum, values in sheet.rows if rownum > header_row}
    merge_errors = {}
    for min_col, min_row, max_col, max_row in sheet.merged:
        if max_row <= header_row:
            continue
        mapped = [by_index[i] for i in range(min_col, max_col + 1) if i in by_index]
        if not mapped:
            continue
        ref = f"{column_letter(min_col)}{min_row}:{column_letter(max_col)}{max_row}"
        if len(mapped) > 1:
            for r in range(max(min_row, header_row + 1), max_row + 1):
                merge_errors.setdefault(r, (mapped[0], ref))
            continue
        # A cell merged down several rows: its value belongs to each of them.
        top = rows.get(min_row, [])
        value = top[min_col] if min_col < len(top) else None
        for r in range(min_row + 1, max_row + 1):
            values = rows.setdefault(r, [])
            if min_col >= len(values):
                values.extend([None] * (min_col + 1 - len(values)))
            values[min_col] = value
    columns = spec.by_key
    choices = {c.key: choice_map(c) for c in spec.columns if c.type == CHOICE}
    required = [c.key for c in spec.columns if c.is_required]
    for rownum in sorted(rows):
        values = rows[rownum]
        raw = {key: values[idx] for key, idx in found.items() if idx < len(values) and not is_blank(values[idx])}
        if not raw:
            continue  # an empty row
        parsed.total_rows += 1
        if rownum in merge_errors:
            key, ref = merge_errors[rownum]
            report.error(rownum, key, _("Cells %(ref)s are merged across several columns: give each column "
                                        "its own value.") % {"ref": ref})
            continue
        clean, ok = {}, True
        for key, value in raw.items():
            try:
                clean[key] = clean_cell(columns[key], value, choices.get(key))
            except CellProblem as problem:
                report.error(rownum, key, problem.message)
                ok = False
        for key in required:
            if key not in raw:
                report.error(rownum, key, _("This column must not be empty."))
                ok = False
        if ok:
            parsed.rows.append((rownum, clean))
