"""QR codes printed on documents (segno, pure Python): a PNG data URI WeasyPrint embeds as an image.

A PNG (not SVG) so the printed code is one image in the PDF: scanners read it, and the tests extract it from
the PDF and decode it back (``tests/reports/test_certificates.py``).
"""

import base64
import io
from functools import lru_cache

import segno


@lru_cache(maxsize=2048)
def qr_data_uri(text, scale=4):
    """``data:image/png;base64,…`` of a QR code carrying ``text`` (error correction M, quiet zone of 2 modules)."""
    code = segno.make(text, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
