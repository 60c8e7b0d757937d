"""A small, fast .xlsx reader for imports.

openpyxl takes 10 s to read 50,000 rows and cannot tell, in ``data_only`` mode, an empty cell from a
formula that was never computed. This reader streams the sheet XML once (``xml.etree`` iterparse)
and returns, for every cell, its cached value, or ``FORMULA_WITHOUT_VALUE`` for a formula with no
cached value, or a ``CellError`` for an error value (#N/A…). Dates are recognised from the cell's
number format, like Excel does. Merged ranges are returned too, so the caller decides what they
mean. openpyxl is still used to write files (templates and exports).
"""

import datetime
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from emulation.uploads import xlsx_bounds_problem

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_REF = re.compile(r"([A-Z]+)(\d+)")


class XlsxError(Exception):
    """The file is not a readable .xlsx workbook."""


class XlsxTooLarge(XlsxError):
    """The workbook is past the bounds in settings (``emulation.uploads.xlsx_bounds_problem``); the message says
    which, in the user's language."""


class _FormulaWithoutValue:
    def __repr__(self):
        return "FORMULA_WITHOUT_VALUE"


FORMULA_WITHOUT_VALUE = _FormulaWithoutValue()


@dataclass(frozen=True)
class CellError:
    code: str  # "#N/A", "#REF!", …


@dataclass
class Sheet:
    name: str
    rows: list = field(default_factory=list)  # [(row number, [values by column index])]
    merged: list = field(default_factory=list)  # [(min_col, min_row, max_col, max_row)], 0-based columns


def column_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def column_letter(index):
    index += 1
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _parse_ref(ref):
    m = _REF.fullmatch(ref)
    if not m:
        return None
    return column_index(m.group(1)), int(m.group(2))


OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def is_encrypted(source):
    """Whether ``source`` (path or file object) is a password-protected Office file: Excel then stores the
    encrypted workbook inside an OLE2 (compound file) container with an ``EncryptionInfo`` stream."""
    if hasattr(source, "read"):
        position = source.tell()
        try:
            data = source.read(1 << 20)
        finally:
            source.seek(position)
    else:
        with open(source, "rb") as fh:
            data = fh.read(1 << 20)
    return data[:8] == OLE2_MAGIC and ENCRYPTION_INFO in data


def _source_size(source):
    if isinstance(source, (str, os.PathLike)):
        return os.path.getsize(source)
    size = getattr(source, "size", None)
    if size is None:
        position = source.tell()
        size = source.seek(0, os.SEEK_END)
        source.seek(position)
    return size


class Workbook:
    """Open an .xlsx file (path or file object); ``sheet_names`` then ``read(name)``."""

    def __init__(self, source):
        try:
            self.zip = zipfile.ZipFile(source)
            names = set(self.zip.namelist())
            if "xl/workbook.xml" not in names:
                raise XlsxError("no workbook part")
            self._names = names
            problem = xlsx_bounds_problem(self.zip, _source_size(source))
            if problem:
                self.zip.close()
                raise XlsxTooLarge(problem)
            self._read_workbook()
            self._shared = None
            self._date_styles = None
        except (zipfile.BadZipFile, ET.ParseError, KeyError, OSError) as exc:
            raise XlsxError(str(exc)) from exc

    def close(self):
        self.zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _read_workbook(self):
        root = ET.fromstring(self.zip.read("xl/workbook.xml"))
        pr = root.find(f"{NS}workbookPr")
        self.epoch = CALENDAR_WINDOWS_1900
        if pr is not None and pr.get("date1904") in ("1", "true"):
            self.epoch = CALENDAR_MAC_1904
        rels = {}
        if "xl/_rels/workbook.xml.rels" in self._names:
            for rel in ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels")):
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
                rels[rel.get("Id")] = path
        self.sheets = []
        for sheet in root.iter(f"{NS}sheet"):
            path = rels.get(sheet.get(f"{REL_NS}id"))
            if path and path in self._names:
                self.sheets.append((sheet.get("name", ""), path))

    @property
    def sheet_names(self):
        return [name for name, _path in self.sheets]

    def _shared_strings(self):
        if self._shared is None:
            self._shared = []
            if "xl/sharedStrings.xml" in self._names:
                with self.zip.open("xl/sharedStrings.xml") as fh:
                    for _ev, el in ET.iterparse(fh):
                        if el.tag == f"{NS}si":
                            self._shared.append(_rich_text(el))
                            el.clear()
        return self._shared

    def _dates(self):
        """Indexes of the cell styles (``s`` attribute) whose number format is a date."""
        if self._date_styles is None:
            self._date_styles = set()
            if "xl/styles.xml" in self._names:
                root = ET.fromstring(self.zip.read("xl/styles.xml"))
                formats = dict(BUILTIN_FORMATS)
                num_fmts = root.find(f"{NS}numFmts")
                if num_fmts is not None:
                    for nf in num_fmts:
                        formats[int(nf.get("numFmtId", "0"))] = nf.get("formatCode", "")
                xfs = root.find(f"{NS}cellXfs")
                if xfs is not None:
                    for i, xf in enumerate(xfs):
                        fmt = formats.get(int(xf.get("numFmtId", "0")), "")
                        if fmt and is_date_format(fmt):
                            self._date_styles.add(i)
        return self._date_styles

    def row_estimate(self, name=None):
        """The number of rows of a sheet (all sheets' largest when ``name`` is None), counted cheaply."""
        best = 0
        for sheet_name, path in self.sheets:
            if name is not None and sheet_name != name:
                continue
            count = 0
            with self.zip.open(path) as fh:
                while chunk := fh.read(1 << 20):
                    count += chunk.count(b"<row ") + chunk.count(b"<row>")
            best = max(best, count)
        return best

    def read(self, name):
        path = dict(self.sheets)[name]
        shared = self._shared_strings()
        dates = self._dates()
        epoch = self.epoch
        sheet = Sheet(name=name)
        c_tag, row_tag, merge_tag = f"{NS}c", f"{NS}row", f"{NS}mergeCell"
        v_tag, f_tag, is_tag = f"{NS}v", f"{NS}f", f"{NS}is"
        next_row = 0
        max_rows = settings.XLSX_MAX_ROWS
        try:
            with self.zip.open(path) as fh:
                for _ev, el in ET.iterparse(fh):
                    tag = el.tag
                    if tag == row_tag:
                        r = el.get("r")
                        rownum = int(r) if r else next_row + 1
                        next_row = rownum
                        if rownum > max_rows:  # a sheet without (or lying in) its <dimension>
                            raise XlsxTooLarge(_("The spreadsheet has more than %(limit)s rows. Split it into "
                                                 "smaller files.") % {"limit": max_rows})
                        values = []
                        col = -1
                        for c in el:
                            if c.tag != c_tag:
                                continue
                            ref = c.get("r")
                            parsed = _parse_ref(ref) if ref else None
                            col = parsed[0] if parsed else col + 1
                            value = _cell_value(c, shared, dates, epoch, v_tag, f_tag, is_tag)
                            if value is None:
                                continue
                            if col >= len(values):
                                values.extend([None] * (col + 1 - len(values)))
                            values[col] = value
                        if values:
                            sheet.rows.append((rownum, values))
                        el.clear()
                    elif tag == merge_tag:
                        ref = el.get("ref", "")
                        if ":" in ref:
                            a, b = ref.split(":", 1)
                            pa, pb = _parse_ref(a), _parse_ref(b)
                            if pa and pb:
                                sheet.merged.append((pa[0], pa[1], pb[0], pb[1]))
        except (ET.ParseError, KeyError, ValueError) as exc:
            raise XlsxError(str(exc)) from exc
        return sheet


def _rich_text(el):
    t_tag, rph_tag = f"{NS}t", f"{NS}rPh"
    parts = []
    for child in el:
        if child.tag == t_tag:
            parts.append(child.text or "")
        elif child.tag == f"{NS}r":
            for t in child.iter(t_tag):
                parts.append(t.text or "")
        elif child.tag == rph_tag:
            continue
    return "".join(parts)


def _cell_value(c, shared, dates, epoch, v_tag, f_tag, is_tag):
    kind = c.get("t", "n")
    v = c.find(v_tag)
    text = v.text if v is not None else None
    if kind == "inlineStr":
        node = c.find(is_tag)
        return _rich_text(node) if node is not None else None
    if text is None or (text == "" and kind != "str"):
        if c.find(f_tag) is not None:
            return FORMULA_WITHOUT_VALUE
        return None
    if kind == "s":
        return shared[int(text)]
    if kind in ("str", "inlineStr"):
        return text
    if kind == "b":
        return text == "1"
    if kind == "e":
        return CellError(text)
    if kind == "d":  # ISO 8601 date cell
        return _iso(text)
    number = float(text) if any(ch in text for ch in ".eE") else int(text)
    style = c.get("s")
    if style is not None and int(style) in dates:
        try:
            return from_excel(number, epoch)
        except (ValueError, OverflowError):
            return number
    return number


def _iso(text):

    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
