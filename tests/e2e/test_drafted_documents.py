"""The board clicks the drafted decision and tờ trình on their pages and gets the PDF and its editable .docx twin,
signed by whoever the settings name for the issuing body (reports.IssuerSetting), never a placeholder."""

import io
import re

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from awards.enums import NominationState
from awards.models import Decision, Nomination
from reports.issuers import issuer_for
from tests.e2e.conftest import goto, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _download(page, link):
    with page.expect_download() as info:
        link.click()
    return open(info.value.path(), "rb").read()  # noqa: SIM115, PTH123 (Playwright's temporary file)


def _pdf_text(data):
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


def _docx_text(data):
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return re.sub(r"\s+", " ", " ".join([p.text for p in document.paragraphs] + cells))


def test_board_downloads_the_drafted_decision_and_proposal_with_the_configured_signer(page, shot):
    call_command("load_demo", verbosity=0)
    login(page, "bantdkt", "demo12345")

    # a demo decision of a body whose signer the settings name (the demo sets UBND tỉnh, the board, a department)
    decision, setting = next((d, issuer_for(d.authority, on=d.date)) for d in Decision.objects.order_by("-date", "-pk")
                             if issuer_for(d.authority, on=d.date) is not None)
    assert setting.place
    goto(page, decision.get_absolute_url())
    box = page.locator("a[href$='.pdf'], a[href$='.docx']").filter(has_text=re.compile("PDF|Word"))
    pdf = _pdf_text(_download(page, box.filter(has_text="PDF").first))
    docx = _docx_text(_download(page, box.filter(has_text="Word").first))
    shot(page, "decision-documents")
    for text in (pdf, docx):
        assert "QUYẾT ĐỊNH" in text and decision.number in text
        assert decision.signer in text and setting.place in text
        assert "Nguyễn Văn Mẫu" not in text

    nomination = (Nomination.objects.exclude(state=NominationState.DRAFT).select_related("unit")
                  .order_by("pk").first())
    proposal_setting = issuer_for(unit=nomination.unit)
    assert proposal_setting is not None
    goto(page, nomination.get_absolute_url())
    drafted = page.locator("#drafted-documents")
    pdf = _pdf_text(_download(page, drafted.get_by_role("link", name="PDF").first))
    docx = _docx_text(_download(page, drafted.get_by_role("link", name="Word (.docx)").first))
    shot(page, "proposal-documents")
    for text in (pdf, docx):
        assert "TỜ TRÌNH" in text.upper()
        assert proposal_setting.signer_name in text
        assert "Nguyễn Văn Mẫu" not in text
