"""Documents the app drafts from its own data, as PDF and as an editable .docx twin: the award decision itself
(``decision``), and a nomination's tờ trình and báo cáo thành tích (``nomination``). The signer and place of each
come from ``IssuerSetting`` (``reports.issuers``); a body without one raises ``MissingIssuer``."""

from django.utils.translation import gettext as _

from . import layout


def labels():
    return {"number_label": _("Document no."), "nation_text": _("SOCIALIST REPUBLIC OF VIETNAM"),
            "motto_text": _("Independence - Freedom - Happiness"), "recipients": _("Recipients:"),
            "addressee": _("To:")}


def render(parts, title, fmt):
    """(bytes, content type) of the document in ``fmt`` ("pdf" or "docx")."""
    if fmt == "docx":
        return (layout.render_docx(parts, title, labels()),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return layout.render_pdf(parts, title), "application/pdf"
