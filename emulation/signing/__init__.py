"""Digital signatures (ký số) of PDF documents: one signing service with pluggable providers, and verification.

- ``sign_pdf(data, provider=None, …) -> SignedPdf``: a PAdES signature with a visible block at the place of
  the signature in the Vietnamese administrative layout (bottom right of the last page, ``SIGNING_BOX``) and
  the signing time. The provider comes from ``SIGNING_PROVIDER`` (``providers.get_provider``):
  ``pkcs12`` (the organisation's certificate on the server) or ``remote`` (hash sent, signature returned:
  the contract is in docs/signing.md).
- ``verify_pdf(data) -> [SignatureReport]``: signer, issuer, signing time, changed after signing or not,
  chains to a root of ``SIGNING_TRUST_ROOTS`` or not.
- ``SignedDocument``: the abstract model fields a signed object keeps (the signed file, who, when, which
  certificate).

The core holds no state change: the apps' services call ``sign_pdf`` inside their own transition and log it.
"""

from .models import SignedDocument
from .pdf import SignedPdf, sign_pdf
from .providers import Pkcs12Provider, Provider, RemoteProvider, SigningError, get_provider, signing_enabled
from .verify import SignatureReport, verify_file, verify_pdf

__all__ = [
    "Pkcs12Provider", "Provider", "RemoteProvider", "SignatureReport", "SignedDocument", "SignedPdf",
    "SigningError", "get_provider", "sign_pdf", "signing_enabled", "verify_file", "verify_pdf",
]
