"""One drafted document, two renderings: the PDF (WeasyPrint, ``reports/pdf/drafted.html``) and its editable
``.docx`` twin (python-docx), from the same plain description, so the two always say the same thing.

A document is a list of parts (``part(...)``); a part has an optional letterhead (issuing body, number and
symbol, national name and motto, place and date), a document type, a title, blocks and an optional foot (the
recipients and one or two signature columns). Blocks: ``para(text, style)``, ``table(header, rows, ...)``.

Layout rules (each tested in tests/reports/test_documents.py):
- the last ``closing`` blocks and the foot are kept on one page (``break-inside: avoid``), and a table that
  ends the body gives its last rows to that group, so a signature block never stands alone on a last page;
- a long issuing body is set smaller (``body_size``) so that it wraps to at most three lines;
- names of people do not wrap (``nowrap`` columns, given the width they need);
- money is written by ``emulation.templatetags.tdkt.format_money`` ("1.170.000 đ") everywhere.
"""

import io

from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from ..models import ISSUING_BODY_MAX
from ..pdf import font_css

DOCX_FONT = "Times New Roman"  # the administrative documents' typeface; Liberation Serif has its metrics
TAIL_ROWS = 2


BODY_MAX = ISSUING_BODY_MAX  # the longest issuing body the letterhead sets in three lines (IssuerSetting refuses more)


def body_size(text):
    """The font size (pt) of the issuing body in the letterhead column, smaller for a long name so that it takes at
    most three lines (measured on Liberation Serif Bold capitals: tests/reports/test_document_layout.py)."""
    n = len(text or "")
    for limit, size in ((60, 13), (68, 12), (76, 11)):
        if n <= limit:
            return size
    return 10


def left_width(text):
    """The width (% of the text block) of the letterhead's left column: 38 %, 41 % for a name over 40 characters
    (the national name on the right still takes one line)."""
    return 38 if len(text or "") <= 40 else 41


class NoWrap(str):
    """A table cell that does not wrap (a person's name)."""

    nowrap = True


def para(text, style="", closing=False, lead=""):
    """A paragraph. Styles: "" (justified, first line indented), "article" (bold lead-in "Điều n." kept in the
    text), "center", "heading", "plain" (no indent), "italic"."""
    return {"kind": "p", "text": text, "style": style, "closing": closing, "lead": lead}


def table(header, rows, widths, *, nowrap=(), numeric=(), sections=None, closing=False):
    """A bordered table. ``widths`` in millimetres; ``nowrap`` and ``numeric`` are column indexes; a row that is
    a ``{"section": text}`` spans the whole width (a group heading), ``{"total": [cells]}`` is printed bold."""
    return {"kind": "table", "header": header, "rows": rows, "widths": widths, "nowrap": set(nowrap),
            "numeric": set(numeric), "closing": closing}


def signature(lines, name, note=""):
    """A signature column: the capacity and title lines (printed in capitals), room to sign, the name."""
    return {"lines": [line for line in lines if line], "name": name, "note": note}


def foot(signatures, recipients=None):
    """The foot: ``recipients`` (Nơi nhận, a list; None: no recipients column) and one or two signatures."""
    return {"recipients": recipients, "signatures": signatures}


def part(*, blocks, doc_type="", title="", subtitle="", letterhead=None, addressee="", foot=None, form_note="",
         enacting="", page_break=False):
    return {"blocks": blocks, "doc_type": doc_type, "title": title, "subtitle": subtitle, "letterhead": letterhead,
            "addressee": addressee, "foot": foot, "form_note": form_note, "enacting": enacting,
            "page_break": page_break}


def letterhead(issuing_body, parent_body="", number="", symbol="", date_line="", nation=True):
    return {"issuing_body": issuing_body, "parent_body": parent_body, "number": number, "symbol": symbol,
            "date_line": date_line, "nation": nation, "body_size": body_size(issuing_body),
            "left_width": left_width(issuing_body)}


def _split_tail(blocks):
    """Move the last rows of a table that ends the body into a closing table, kept with the foot."""
    out = []
    for i, block in enumerate(blocks):
        last = i == len(blocks) - 1 or all(b.get("closing") for b in blocks[i + 1:])
        if block["kind"] == "table" and last and not block["closing"] and len(block["rows"]) > TAIL_ROWS:
            head = {**block, "rows": block["rows"][:-TAIL_ROWS]}
            tail = {**block, "rows": block["rows"][-TAIL_ROWS:], "closing": True, "continued": True}
            out += [head, tail]
        else:
            out.append(block)
    return out


def _prepare(parts):
    prepared = []
    for p in parts:
        blocks = _split_tail(p["blocks"]) if p["foot"] else p["blocks"]
        if p["foot"]:
            first_closing = len(blocks)
            while first_closing > 0 and blocks[first_closing - 1].get("closing"):
                first_closing -= 1
            body, closing = blocks[:first_closing], blocks[first_closing:]
        else:
            body, closing = blocks, []
        prepared.append({**p, "body": body, "closing": closing})
    return prepared


def html(parts, title):
    return render_to_string("reports/pdf/drafted.html", {"parts": _prepare(parts), "title": title,
                                                         "font_css": font_css()})


def render_pdf(parts, title):
    return HTML(string=html(parts, title)).write_pdf(font_config=FontConfiguration())


# The .docx twin ------------------------------------------------------------------------------------------


def _run(paragraph, text, bold=False, italic=False, size=None, upper=False):
    run = paragraph.add_run(text.upper() if upper else text)
    run.bold = bold
    run.italic = italic
    if size:
        run.font.size = Pt(size)
    return run


def _centered(cell_or_doc, text, **kw):
    p = cell_or_doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _run(p, text, **kw)
    return p


def _no_borders(tbl):
    tbl.style = None


def _letterhead_docx(doc, lh):
    tbl = doc.add_table(rows=1, cols=2)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = tbl.rows[0].cells
    left.width, right.width = Mm(62), Mm(103)
    left.paragraphs[0].text = ""
    if lh["parent_body"]:
        _centered(left, lh["parent_body"], size=13, upper=True)
    _centered(left, lh["issuing_body"], bold=True, size=lh["body_size"], upper=True)
    _centered(left, "———", size=8)
    if lh["symbol"] or lh["number"]:
        _centered(left, f'{lh["number_label"]} {lh["number"] or "    "}/{lh["symbol"]}', size=13)
    right.paragraphs[0].text = ""
    if lh["nation"]:
        _centered(right, lh["nation_text"], bold=True, size=13)
        _centered(right, lh["motto_text"], bold=True, size=14)
        _centered(right, "————————", size=8)
    if lh["date_line"]:
        _centered(right, lh["date_line"], italic=True, size=14)


def _table_docx(doc, block):
    cols = len(block["header"])
    tbl = doc.add_table(rows=1, cols=cols)
    tbl.style = "Table Grid"
    for i, text in enumerate(block["header"]):
        cell = tbl.rows[0].cells[i]
        cell.width = Mm(block["widths"][i])
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], text, bold=True, size=12)
    for row in block["rows"]:
        cells = tbl.add_row().cells
        if isinstance(row, dict) and "section" in row:
            merged = cells[0].merge(cells[-1])
            _run(merged.paragraphs[0], row["section"], bold=True, size=12)
            continue
        bold = isinstance(row, dict) and "total" in row
        values = row["total"] if bold else row
        for i, value in enumerate(values):
            cells[i].width = Mm(block["widths"][i])
            p = cells[i].paragraphs[0]
            if i in block["numeric"]:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(p, str(value), bold=bold, size=12)


def _foot_docx(doc, f, labels):
    sigs = f["signatures"]
    cols = (1 if f["recipients"] is not None else 0) + len(sigs)
    tbl = doc.add_table(rows=1, cols=cols)
    cells = list(tbl.rows[0].cells)
    if f["recipients"] is not None:
        cell = cells.pop(0)
        p = cell.paragraphs[0]
        _run(p, labels["recipients"], bold=True, italic=True, size=12)
        for r in f["recipients"]:
            _run(cell.add_paragraph(), f"- {r}", size=11)
    for cell, sig in zip(cells, sigs, strict=True):
        cell.paragraphs[0].text = ""
        for line in sig["lines"]:
            _centered(cell, line, bold=True, size=14, upper=True)
        if sig["note"]:
            _centered(cell, sig["note"], italic=True, size=12)
        for _i in range(4):
            cell.add_paragraph()
        _centered(cell, sig["name"], bold=True, size=14)


def render_docx(parts, title, labels):
    """The editable twin. ``labels``: the translated fixed words (number label, national name, motto, "Nơi
    nhận:", "Kính gửi:")."""
    doc = Document()
    doc.core_properties.title = title
    style = doc.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(14)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    for n, p in enumerate(parts):
        if n and p["page_break"]:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if p["form_note"]:
            note = doc.add_paragraph()
            note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(note, p["form_note"], italic=True, size=11)
        if p["letterhead"]:
            _letterhead_docx(doc, {**p["letterhead"], **labels})
        for text, kw in ((p["doc_type"], {"bold": True}), (p["title"], {"bold": True}),
                         (p["subtitle"], {"italic": True})):
            if text:
                _centered(doc, text, size=14, **kw)
        if p["enacting"]:
            _centered(doc, p["enacting"], bold=True, size=14, upper=True)
        if p["addressee"]:
            _centered(doc, f'{labels["addressee"]} {p["addressee"]}', size=14)
        for block in p["blocks"]:
            if block["kind"] == "table":
                _table_docx(doc, block)
                continue
            par = doc.add_paragraph()
            style = block["style"]
            if style in ("center", "heading"):
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                if style not in ("plain", "heading"):
                    par.paragraph_format.first_line_indent = Mm(10)
            if block["lead"]:
                _run(par, block["lead"] + " ", bold=True)
            _run(par, block["text"], bold=style in ("heading",), italic=style == "italic")
        if p["foot"]:
            _foot_docx(doc, p["foot"], labels)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
