"""Public verification of a register entry: the absolute link a QR code carries.

The link is ``<base>/xac-minh/<token>/`` where ``token`` is ``Award.verify_token`` (128 random bits) and
``base`` is ``settings.PUBLIC_BASE_URL``, else the host of the request being served, else ``settings.SITE_URL``
(a background job has no request: set ``PUBLIC_BASE_URL`` in production).
"""

from django.conf import settings
from django.urls import reverse


def public_base_url(request=None):
    base = getattr(settings, "PUBLIC_BASE_URL", "")
    if not base and request is not None:
        base = request.build_absolute_uri("/")
    return (base or settings.SITE_URL).rstrip("/")


def verify_link(token, base):
    """The absolute verification link of the register entry with ``token``."""
    return base + reverse("verify_award", args=[token])
