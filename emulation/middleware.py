import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp import user_has_device

from .access import safe_referer
from .downloads import MissingFile
from .errors import DomainError, report_error
from .security import SESSION_SEEN_KEY, TWO_FACTOR_SESSION_KEY, two_factor_required


class DomainErrorMiddleware:
    """A ``DomainError`` that escapes a view becomes a message and a redirect back: nothing is lost
    silently, and the user reads the rule that refused the change. A ``MissingFile`` (a download whose
    file is gone) becomes the 404 page with its message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MissingFile):
            return render(request, "404.html", {"message": exception.message}, status=404)
        if not isinstance(exception, DomainError):
            return None
        report_error(request, exception)
        return redirect(safe_referer(request, request.path if request.method == "GET" else "/"))


class TwoFactorMiddleware:
    """A signed-in user with a confirmed two-factor device verifies a code before any page; a user whose
    role requires two-factor sign-in (TWO_FACTOR_REQUIRED) and has no device enrols first. The sign-in,
    sign-out and two-factor pages themselves, static files and the language switch stay reachable."""

    OPEN_NAMES = ("login", "logout", "two_factor_verify", "two_factor_enrol")

    def __init__(self, get_response):
        self.get_response = get_response

    def _open(self, request):
        path = request.path_info
        if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
            return True
        return path in {reverse(name) for name in self.OPEN_NAMES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and not self._open(request):
            target = None
            enrolled = request.session.get(TWO_FACTOR_SESSION_KEY)
            if enrolled is None:  # a session from before this check: look once
                enrolled = request.session[TWO_FACTOR_SESSION_KEY] = user_has_device(user)
            if enrolled:
                target = "two_factor_verify"
            elif two_factor_required(user):
                target = "two_factor_enrol"
            if target:
                query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                return redirect(reverse(target) + (f"?{query}" if query else ""))
        return self.get_response(request)


class SessionIdleMiddleware:
    """Sessions end after SESSION_COOKIE_AGE seconds without a request: a signed-in user's session (and so its
    expiry) is saved again at most every SESSION_REFRESH_SECONDS, instead of on every request
    (SESSION_SAVE_EVERY_REQUEST would cost a write per page for the same effect to the minute)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(SESSION_SEEN_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)
