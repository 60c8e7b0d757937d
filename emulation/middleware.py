from django.shortcuts import redirect, render

from .access import safe_referer
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
        return redirect(safe_referer(request, request.path if request.method == "GET" else "/"))
