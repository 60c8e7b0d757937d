"""``verify_pdf``: what the signatures of an uploaded PDF say, against the trust store ``SIGNING_TRUST_ROOTS``.

The trust store is a folder of PEM (or DER) certificates: the operator puts the Vietnamese national root CAs
there (docs/signing.md). Without a trust store every signature reads "does not chain to a trusted root".
Revocation is checked only with what the file embeds unless ``SIGNING_FETCH_REVOCATION`` allows the server
to fetch CRLs/OCSP answers (it needs Internet access).
"""

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import pem, x509
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator import ValidationContext

from .pdf import _outside_event_loop

TRUSTED, EXPIRED, NOT_YET_VALID, REVOKED, UNTRUSTED, UNKNOWN = (
    "trusted", "expired", "not_yet_valid", "revoked", "untrusted", "unknown")

TRUST_LABELS = {
    TRUSTED: _("The certificate chains to a trusted root."),
    EXPIRED: _("The certificate has expired (or was not valid when checked)."),
    NOT_YET_VALID: _("The certificate is not valid yet."),
    REVOKED: _("The certificate has been revoked."),
    UNTRUSTED: _("The certificate does not chain to a trusted root."),
    UNKNOWN: _("The certificate could not be checked."),
}

_EXPIRED = {AdESIndeterminate.EXPIRED, AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
            AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED}
_REVOKED = {AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE}
_UNTRUSTED = {AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND, AdESIndeterminate.CERTIFICATE_CHAIN_GENERAL_FAILURE,
              AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE}
_UNCHANGED = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}


@dataclass
class SignatureReport:
    field: str
    signer: str = ""
    issuer: str = ""
    serial: str = ""
    signing_time: datetime | None = None
    intact: bool = False  # the signed bytes are as they were signed
    modified: bool = True  # changed after signing (signed bytes altered, or later changes beyond signatures)
    trust: str = UNKNOWN
    error: str = ""

    @property
    def trust_label(self):
        return TRUST_LABELS[self.trust]

    @property
    def valid(self):
        return self.intact and not self.modified and self.trust == TRUSTED


def trust_roots(folder=None):
    """The certificates of the trust store folder (every .pem, .crt, .cer, .der file; a PEM may hold several)."""
    folder = folder if folder is not None else settings.SIGNING_TRUST_ROOTS
    if not folder or not Path(folder).is_dir():
        return []
    roots = []
    for path in sorted(Path(folder).iterdir()):
        if path.suffix.lower() not in {".pem", ".crt", ".cer", ".der"}:
            continue
        data = path.read_bytes()
        try:
            if pem.detect(data):
                roots += [x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)]
            else:
                roots.append(x509.Certificate.load(data))
        except ValueError:
            continue  # not a certificate: skipped (the operations page says what to put there)
    return roots


def _trust(status, cert, now):
    if status.revoked or status.trust_problem_indic in _REVOKED:
        return REVOKED
    if status.trusted:
        return TRUSTED
    validity = cert["tbs_certificate"]["validity"]
    if now > validity["not_after"].native or status.trust_problem_indic in _EXPIRED:
        return EXPIRED
    if now < validity["not_before"].native:
        return NOT_YET_VALID
    if status.trust_problem_indic in _UNTRUSTED or status.validation_path is None:
        return UNTRUSTED
    return UNKNOWN


def verify_pdf(data, roots=None):
    """One ``SignatureReport`` per signature of ``data`` (a PDF's bytes); ``[]`` when it carries none.

    Raises ``ValueError`` when the bytes are not a readable PDF.
    """
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfError, KeyError, TypeError, ValueError) as exc:
        raise ValueError("not a readable PDF") from exc
    roots = trust_roots() if roots is None else roots
    now = timezone.now()
    reports = []
    for signature in signatures:
        report = SignatureReport(field=signature.field_name or "")
        try:
            cert = signature.signer_cert
            report.signer = cert.subject.human_friendly
            report.issuer = cert.issuer.human_friendly
            report.serial = format(cert.serial_number, "X")
            context = ValidationContext(trust_roots=roots, allow_fetching=settings.SIGNING_FETCH_REVOCATION,
                                        revocation_mode="soft-fail")
            status = _outside_event_loop(validate_pdf_signature, signature, signer_validation_context=context)
        except (SignatureValidationError, PdfError, KeyError, TypeError, ValueError) as exc:
            report.error = str(exc)[:500]
            reports.append(report)
            continue
        report.signing_time = status.signer_reported_dt or signature.self_reported_timestamp
        report.intact = status.intact and status.valid
        report.modified = not report.intact or status.modification_level not in _UNCHANGED
        report.trust = _trust(status, cert, now)
        reports.append(report)
    return reports


def verify_file(fieldfile, label=""):
    """``{"label", "reports", "error"}`` for a stored file, as ``signing/_verification.html`` expects it."""
    out = {"label": label, "reports": [], "error": ""}
    if not fieldfile or not fieldfile.name.lower().endswith(".pdf"):
        out["error"] = _("Only PDF files carry digital signatures that the app can check.")
        return out
    try:
        with fieldfile.open("rb") as handle:
            data = handle.read()
    except OSError:
        out["error"] = _("The file is missing on the server.")
        return out
    try:
        out["reports"] = verify_pdf(data)
    except ValueError:
        out["error"] = _("The file is not a readable PDF.")
    return out
