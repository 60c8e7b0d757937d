"""Access helpers for views: 404 for what lies outside a user's scope, 403 for read-only roles, and the one
check of a redirect target that comes from the browser (``next``, the Referer)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def get_for_user_or_404(queryset, **lookup):
    """Fetch through a ``*_for_user()`` queryset; anything outside it is a 404."""
    return get_object_or_404(queryset, **lookup)


def require_perm(user, perm, obj=None, message=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("Your role may view this but not change it."))


def is_safe_target(request, url):
    """True when ``url`` stays on this site (same host, http(s) only, https when the request is)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        str(url), allowed_hosts={request.get_host()}, require_https=request.is_secure())


def safe_next(request, fallback="/", *, referer=False):
    """The page to go back to: the ``next`` of the POST (or GET) when it stays on this site, else, with
    ``referer=True``, the Referer when it does, else ``fallback``. Never another site (an open redirect)."""
    candidates = [request.POST.get("next"), request.GET.get("next")]
    if referer:
        candidates.append(request.META.get("HTTP_REFERER"))
    for url in candidates:
        if url and is_safe_target(request, url):
            return url
    return fallback


def safe_referer(request, fallback=""):
    """The Referer when it is a page of this site (for a Cancel link, a redirect back), else ``fallback``."""
    url = request.META.get("HTTP_REFERER")
    return url if url and is_safe_target(request, url) else fallback
