"""Certificates (bằng khen, giấy khen) of an issued decision: one PDF, one page per recipient.

Two layouts:
- on a pre-printed blank (``CertificateBlank``): only the variable text — recipient (name, then position and
  unit), achievement, decision number and date, place and date, signer — and the QR code, each placed at the
  blank's coordinates plus its offset. ``y`` is the baseline of the line: the box is raised by the distance
  from the top of a ``line-height: 1`` line to its baseline, taken from the font's own metrics;
- a full certificate on plain A4 landscape paper: national name and motto, issuing authority, the title
  (BẰNG KHEN / GIẤY KHEN, else the award's name), recipient, achievement, decision, place and date, signer,
  QR code, in a double frame.

``calibration_pdf(blank)`` prints crosses at every field position (offset applied) with their names and a
centimetre grid, on a plain sheet laid over a blank against the light (see docs/user-guide.md).

Only register entries still standing are printed (a revoked one gets no certificate); the QR code carries the
entry's public verification link (``awards.verification``). The data is gathered in a fixed number of queries.
"""

from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from awards.enums import RecipientKind
from awards.models import NominationItem
from awards.verification import verify_link
from emulation.text import search_key

from .kinds._common import ddmmyyyy
from .pdf import FONT_FILES, _font_path, font_css, letterhead_data, place_and_date
from .qr import qr_data_uri

PT_TO_MM = Decimal("25.4") / Decimal("72")


@lru_cache(maxsize=1)
def baseline_ratio():
    """Distance from the top of a ``line-height: 1`` line box to its baseline, as a fraction of the font size:
    half the leading plus the ascent, (1 - (ascent + descent)) / 2 + ascent, from the regular font's metrics."""
    font = TTFont(_font_path(FONT_FILES[("normal", "normal")]), lazy=True)
    units = font["head"].unitsPerEm
    ascent, descent = font["hhea"].ascent / units, -font["hhea"].descent / units
    return Decimal(str(round(0.5 + (ascent - descent) / 2, 4)))


def certificate_title(award_name):
    key = search_key(award_name).strip()
    if key.startswith("giay khen"):
        return _("CERTIFICATE OF COMMENDATION")
    if key.startswith("bang khen"):
        return _("DIPLOMA OF MERIT")
    return award_name.upper()


def _items(decision):
    return list(NominationItem.objects.filter(decision=decision, award__isnull=False, award__revoked=False)
                .select_related("award", "award_type", "changed_award_type", "person", "unit", "nomination__unit")
                .order_by("award_type__order", "pk"))


def gather(decision, base_url):
    """The certificates of an issued decision as plain data (letterhead: one query; items: one query)."""
    head = letterhead_data()
    place = head["place"]
    date_line = place_and_date(place, decision.date)
    decision_line = _("Decision no. %(number)s of %(date)s") % {"number": decision.number,
                                                                "date": ddmmyyyy(decision.date)}
    out = []
    for item in _items(decision):
        award_type = item.final_award_type
        individual = item.recipient_kind == RecipientKind.INDIVIDUAL and item.person_id
        if individual:
            name = item.person.full_name
            detail = ", ".join(part for part in (item.person.position, item.unit.name) if part)
        else:
            name = item.unit.name
            detail = item.nomination.unit.name if item.nomination.unit_id != item.unit_id else ""
        out.append({
            "award": award_type.name, "title": certificate_title(award_type.name), "name": name, "detail": detail,
            "achievement": item.summary, "decision": decision_line, "date_line": date_line,
            "verify": verify_link(item.award.verify_token, base_url),
        })
    return {
        "authority": decision.authority, "signer_title": decision.signer_title, "signer": decision.signer,
        "certificates": out,
    }


def _write(html):
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())


def _positions(blank):
    """Each field's box on the page, in mm: left, top (the baseline raised for its font size), width, align."""
    ratio = baseline_ratio()
    width = Decimal(blank.page_width)
    dx, dy = Decimal(blank.offset_x), Decimal(blank.offset_y)
    out = {}
    for field in ("recipient", "achievement", "decision", "place_date", "signer"):
        size = blank.recipient_font_size if field == "recipient" else blank.font_size
        x = Decimal(getattr(blank, f"{field}_x")) + dx
        y = Decimal(getattr(blank, f"{field}_y")) + dy
        if blank.centred:
            half = max(min(x, width - x), Decimal(10))
            left, box = x - half, 2 * half
        else:
            left, box = x, max(width - x, Decimal(10))
        out[field] = {"left": left, "top": y - ratio * size * PT_TO_MM, "width": box, "size": size,
                      "x": x, "y": y, "align": "center" if blank.centred else "left"}
    out["qr"] = {"left": Decimal(blank.qr_x) + dx, "top": Decimal(blank.qr_y) + dy, "size": Decimal(blank.qr_size),
                 "x": Decimal(blank.qr_x) + dx, "y": Decimal(blank.qr_y) + dy}
    return out


def render_pdf(data, blank=None):
    """One page per certificate: on ``blank`` (variable text only) or the full layout on plain paper."""
    certificates = [{**c, "qr": qr_data_uri(c["verify"])} for c in data["certificates"]]
    context = {**data, "certificates": certificates, "font_css": font_css()}
    if blank is None:
        return _write(render_to_string("reports/pdf/certificate_full.html", context))
    context.update(blank=blank, pos=_positions(blank))
    return _write(render_to_string("reports/pdf/certificate_blank.html", context))


def calibration_pdf(blank):
    """Crosses at every field position (offset applied), labelled, over a centimetre grid."""
    pos = _positions(blank)
    labels = {"recipient": _("Recipient"), "achievement": _("Achievement"), "decision": _("Decision number and date"),
              "place_date": _("Place and date"), "signer": _("Signer"), "qr": _("QR code")}
    marks = [{"label": labels[f], "x": pos[f]["x"], "y": pos[f]["y"]} for f in labels]
    grid_x = list(range(0, int(blank.page_width) + 1, 10))
    grid_y = list(range(0, int(blank.page_height) + 1, 10))
    return _write(render_to_string("reports/pdf/certificate_calibration.html", {
        "blank": blank, "marks": marks, "grid_x": grid_x, "grid_y": grid_y, "font_css": font_css(),
    }))
