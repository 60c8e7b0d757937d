"""The public verification page of a register entry (the QR code on a certificate): no login.

Rate-limited per client address (``VERIFY_RATE_LIMIT_PER_MINUTE``: a 429 page in Vietnamese). An unknown,
guessed or malformed token runs the same single indexed lookup and gets one neutral 404 page, the same for
every such token (the page does not repeat the token). A found entry shows only what the certificate itself
says: award, recipient's name, unit, decision number and date, issuing authority, and whether it still stands.
"""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from emulation.ratelimit import client_ip, too_many

from ..selectors import award_by_token


@never_cache
@require_safe
def verify_award(request, token):
    if too_many("verify", client_ip(request), settings.VERIFY_RATE_LIMIT_PER_MINUTE, 60):
        response = render(request, "awards/verify_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
    award = award_by_token(token)
    if award is None:
        return render(request, "awards/verify_unknown.html", status=404)
    return render(request, "awards/verify.html", {"award": award})
