"""The board's page for the data API: tokens (create, shown once; revoke) and the register export."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.access import require_perm
from emulation.errors import apply_service
from emulation.selectors import units_for_user

from . import services
from .exports import export_queryset, streaming_export
from .forms import TokenForm
from .selectors import tokens_for_board


def _page(request, form, raw=None, status=200):
    return render(request, "api/tokens.html", {
        "form": form,
        "tokens": tokens_for_board(),
        "raw_token": raw,
        "breadcrumbs": [(_("Data API"), None)],
    }, status=status)


def _form(request, data=None):
    return TokenForm(data, units=units_for_user(request.user).order_by("name"))


@login_required
def token_list(request):
    require_perm(request.user, "api.manage_tokens")
    return _page(request, _form(request))


@login_required
@require_POST
def token_create(request):
    require_perm(request.user, "api.manage_tokens")
    form = _form(request, request.POST)
    if form.is_valid():
        result = apply_service(form, services.create_token, request.user, **form.cleaned_data)
        if result is not None:
            # The token is shown on this answer only; it is not stored and cannot be shown again.
            response = _page(request, _form(request), raw=result[1])
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, form, status=400)


@login_required
@require_POST
def token_revoke(request, pk):
    require_perm(request.user, "api.manage_tokens")
    services.revoke_token(get_object_or_404(tokens_for_board(), pk=pk), request.user)
    return redirect("api:tokens")


@login_required
def register_export(request, fmt):
    require_perm(request.user, "api.export_register")
    if fmt not in ("csv", "jsonl"):
        raise Http404
    return streaming_export(export_queryset(), fmt, include_pii=True)
