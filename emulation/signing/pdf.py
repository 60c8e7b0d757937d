"""``sign_pdf``: a PAdES signature with a visible block where the signature stands, and the signing time."""

import asyncio
import concurrent.futures
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle

from .providers import SigningError, get_provider

FONT = "fonts/LiberationSerif-Regular.ttf"  # the vendored font of the reports (Vietnamese diacritics)


@dataclass
class SignedPdf:
    data: bytes
    subject: str
    serial: str
    issuer: str
    signed_at: datetime

    def as_file(self):
        return ContentFile(self.data)


def _font():
    return finders.find(FONT) or str(settings.BASE_DIR / "static" / FONT)


def _field_name(writer):
    """A signature field name not used yet in the document (a document may carry several signatures)."""
    taken = {name for name, _value, _ref in fields.enumerate_sig_fields(writer, filled_status=None)}
    n = 1
    while f"Signature{n}" in taken:
        n += 1
    return f"Signature{n}"


def _outside_event_loop(fn, *args, **kwargs):
    """pyHanko's synchronous calls start their own asyncio loop: where this thread already runs one (an ASGI
    server, a browser test's Playwright), they run on a worker thread instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def sign_pdf(data, provider=None, *, reason="", location=None, box=None):
    """Sign ``data`` (a PDF's bytes) with ``provider`` (default: ``SIGNING_PROVIDER``) and return a ``SignedPdf``.

    The visible block goes on the last page in ``box`` (x1, y1, x2, y2 in points from the bottom left;
    default ``SIGNING_BOX``, the bottom right where the signer's title and name stand). Signing appends an
    incremental update: the original bytes stay as they were.
    """
    provider = provider or get_provider()
    signer = provider.signer()
    try:
        writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise SigningError(_("This file is not a PDF that can be signed.")) from exc
    name = _field_name(writer)
    cert = signer.signing_cert
    signed_at = timezone.now()
    local = timezone.localtime(signed_at)
    meta = signers.PdfSignatureMetadata(
        field_name=name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None, location=location if location is not None else (settings.SIGNING_LOCATION or None),
        name=cert.subject.native.get("common_name") or None,
    )
    style = TextStampStyle(
        stamp_text=_("Signed by: %(signer)s\nSigning time: %(ts)s"),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(_font()), font_size=9),
        border_width=1,
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, stamp_style=style,
        new_field_spec=fields.SigFieldSpec(name, on_page=-1, box=tuple(box or settings.SIGNING_BOX)),
    )
    out = BytesIO()
    try:
        _outside_event_loop(pdf_signer.sign_pdf, writer, output=out, appearance_text_params={
            "signer": cert.subject.native.get("common_name") or cert.subject.human_friendly,
            "ts": local.strftime("%d/%m/%Y %H:%M:%S"),
        })
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, SigningError):
            raise
        raise SigningError(_("This file is not a PDF that can be signed.")) from exc
    return SignedPdf(data=out.getvalue(), subject=cert.subject.human_friendly, serial=format(cert.serial_number, "X"),
                     issuer=cert.issuer.human_friendly, signed_at=signed_at)
