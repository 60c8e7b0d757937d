from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .downloads import MissingFile
from .errors import DomainError, report_error


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
        target = request.META.get("HTTP_REFERER") or (request.path if request.method == "GET" else "/")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        return redirect(target)
