"""PDF rendering: WeasyPrint, A4, the Vietnamese administrative document layout (Nghị định 30/2020).

Every report template extends ``reports/pdf/base.html`` and fills ``{% block body %}``; the layout prints
the issuing body and number/symbol (left), the national name and motto (right), place and date, the
document type and title, the body, ``Nơi nhận`` and the signature block, and page numbers from page 2.
Fonts: Liberation Serif (Times New Roman metrics, full Vietnamese coverage), one complete TTF per style
from ``static/fonts/`` through ``file://`` URLs — never ``unicode-range`` subsets.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from .issuers import issuer_for
from .models import Letterhead

FONT_FAMILY = "Liberation Serif"
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


def _font_path(name):
    found = finders.find(f"fonts/{name}")
    return Path(found) if found else Path(settings.BASE_DIR) / "static" / "fonts" / name


@lru_cache(maxsize=1)
def font_css():
    rules = []
    for (weight, style), name in FONT_FILES.items():
        uri = _font_path(name).resolve().as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{uri}") format("truetype"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def place_and_date(place, day=None):
    """'Hà Nội, ngày 05 tháng 02 năm 2026' (day always two digits; months 1 and 2 with a leading zero)."""
    day = day or timezone.localdate()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place or "……", "day": f"{day.day:02d}", "month": month, "year": day.year,
    }


def letterhead_data():
    """The active letterhead as plain data (part of each report's data, so it is fingerprinted). The signer, the
    place name and the capacity come from the issuing body's signer settings in force today (``IssuerSetting``,
    the same the drafted documents use) when there is a row for the letterhead's issuing body; the letterhead's
    own fields are the fallback. No signer set: the name stays empty (never a placeholder) and the report
    request page tells the board (``signer_missing``)."""

    row = Letterhead.objects.filter(is_active=True).first()
    if row is None:
        return {
            "parent_body": "", "issuing_body": _("EMULATION AND COMMENDATION BOARD"), "symbol": "BC",
            "place": "", "signer_on_behalf": "", "signer_capacity": "", "signer_title": "", "signer_name": "",
            "recipients": [],
        }
    data = {
        "parent_body": row.parent_body, "issuing_body": row.issuing_body, "symbol": row.symbol or "BC",
        "place": row.place, "signer_on_behalf": "", "signer_capacity": row.signer_capacity,
        "signer_title": row.signer_title, "signer_name": row.signer_name,
        "recipients": [line.strip() for line in row.recipients.splitlines() if line.strip()],
    }
    issuer = issuer_for(body=row.issuing_body)
    if issuer is not None:
        data.update({"place": issuer.place, "signer_on_behalf": issuer.on_behalf, "signer_capacity": issuer.capacity,
                     "signer_title": issuer.signer_title, "signer_name": issuer.signer_name,
                     "parent_body": row.parent_body or issuer.parent_body})
        data["recipients"] = data["recipients"] or issuer.lines("recipients")
    return data


def signer_missing():
    """True when the reports' letterhead has no signer's name to print (the board is told before rendering)."""
    return not letterhead_data()["signer_name"]


def html_document(template_name, context):
    doc = dict(context.get("doc") or {})
    doc.setdefault("date_line", place_and_date(doc.get("place")))
    return render_to_string(template_name, {**context, "doc": doc, "font_css": font_css()})


def render_document(template_name, context):
    """Render a report template (extending ``reports/pdf/base.html``) to PDF bytes."""

    html = html_document(template_name, context)
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=fonts)
