"""Helpers the view modules share: the bloc year through the user's selector, breadcrumbs, running a
service with its refusal as a message (``emulation.errors.report_error``), a refused upload as a message,
an Excel response."""

from django.contrib import messages
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from emulation.access import get_for_user_or_404
from emulation.downloads import serve_bytes
from emulation.errors import DomainError, report_error

from .. import selectors
from ..excel import XLSX_CONTENT_TYPE
from ..models import BlocMembership


def _xlsx(data, filename):
    return serve_bytes(data, filename, XLSX_CONTENT_TYPE)


def _bloc_year_or_404(request, pk):
    qs = selectors.bloc_years_for_user(request.user).prefetch_related(
        Prefetch("memberships", queryset=BlocMembership.objects.select_related("unit").order_by("unit__name")))
    return get_for_user_or_404(qs, pk=pk)


def _crumbs(by=None, *extra):
    out = [(_("Emulation blocs"), "/blocs/")]
    if by is not None:
        out.append((str(by), by.get_absolute_url()))
    return out + list(extra)


def _run(request, fn, *args, success=None, **kwargs):
    """Run a service; a DomainError becomes an error message. Returns (ok, result)."""
    try:
        result = fn(*args, **kwargs)
    except DomainError as exc:
        report_error(request, exc)
        return False, None
    if success:
        messages.success(request, success)
    return True, result


def _upload_refused(request, form, missing):
    """A posted upload form that did not validate, as an error message for the page the view redirects to:
    ``missing`` when no file came, otherwise the upload check's own reasons (``emulation.uploads``)."""
    if not request.FILES.get("file"):
        messages.error(request, missing)
        return
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
