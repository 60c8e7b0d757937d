"""The drafted documents (decision, tờ trình, báo cáo thành tích) as PDF or .docx, and the board's settings of
who signs them (``IssuerSetting``). Access is the page's: a decision through ``decisions_for_user``, a nomination
through ``nominations_for_user`` (outsiders 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.selectors import decisions_for_user, nominations_for_user
from emulation.access import get_for_user_or_404, require_perm
from emulation.downloads import serve_bytes, serve_file, signed_in_or_404
from emulation.errors import apply_service
from emulation.rules import is_board

from . import documents, issuers, services
from .documents import decision as decision_doc
from .documents import nomination as nomination_doc
from .forms import IssuerSettingForm
from .models import IssuerSetting, SignedProposal

FORMATS = ("pdf", "docx")


def _missing(request, exc, back):
    """Tell the user that no signer is set (the board: with the link to the settings), and go back."""
    if is_board(request.user):
        messages.error(request, format_html('{} <a href="{}">{}</a>', exc.message, reverse("reports:issuer_list"),
                                            _("Set the signer")))
    else:
        messages.error(request, _("%(message)s Ask the board to set it.") % {"message": exc.message})
    return redirect(back)


def _serve(parts, title, fmt):
    content, content_type = documents.render(parts, title, fmt)
    return serve_bytes(content, f"{title.replace('/', '-')}.{fmt}", content_type)


@login_required
def decision_document(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    decision = get_for_user_or_404(decisions_for_user(request.user), pk=pk)
    try:
        parts = decision_doc.build(decision)
    except issuers.MissingIssuer as exc:
        return _missing(request, exc, decision)
    return _serve(parts, decision_doc.title(decision), fmt)


@login_required
def nomination_document(request, pk, which, fmt):
    if fmt not in FORMATS or which not in ("proposal", "achievements"):
        raise Http404
    nomination = get_for_user_or_404(nominations_for_user(request.user), pk=pk)
    try:
        if which == "proposal":
            parts, title = nomination_doc.proposal(nomination), nomination_doc.title_proposal(nomination)
        else:
            parts, title = nomination_doc.achievement_reports(nomination), nomination_doc.title_reports(nomination)
    except issuers.MissingIssuer as exc:
        return _missing(request, exc, nomination)
    return _serve(parts, title, fmt)


@require_POST
@login_required
def proposal_sign(request, pk):
    """Sign the nomination's tờ trình digitally (board). A refusal (not sent, already signed, no signer set, signing
    not configured) is shown by ``DomainErrorMiddleware``, which goes back to the page."""
    nomination = get_for_user_or_404(nominations_for_user(request.user), pk=pk)
    require_perm(request.user, "reports.sign_proposal", message=_("Only the board signs a tờ trình digitally."))
    services.sign_proposal(nomination, request.user)
    messages.success(request, _("The tờ trình has been digitally signed."))
    return redirect(nomination)


@signed_in_or_404
def proposal_signed_download(request, pk, signed_pk):
    nomination = get_for_user_or_404(nominations_for_user(request.user), pk=pk)
    row = get_object_or_404(SignedProposal, nomination=nomination, pk=signed_pk)
    return serve_file(request, row.signed_pdf, _("Proposal %(title)s signed.pdf") % {"title": nomination.title})


def _crumbs(*extra):
    return [(_("Signers of documents"), reverse("reports:issuer_list")), *extra]


def _require_board(request):
    require_perm(request.user, "reports.change_issuersetting",
                 message=_("Only the board sets who signs documents."))


@login_required
def issuer_list(request):
    _require_board(request)
    return render(request, "reports/issuer_list.html", {
        "rows": IssuerSetting.objects.select_related("unit").order_by("key", "-valid_from"),
        "breadcrumbs": _crumbs(),
    })


@login_required
def issuer_create(request):
    _require_board(request)
    form = IssuerSettingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = apply_service(form, issuers.create_issuer, request.user, **form.cleaned_data)
        if row is not None:
            messages.success(request, _("The signer has been saved."))
            return redirect("reports:issuer_list")
    return render(request, "reports/issuer_form.html", {"form": form, "breadcrumbs": _crumbs((_("New signer"), ""))})


@login_required
def issuer_edit(request, pk):
    _require_board(request)
    row = get_object_or_404(IssuerSetting, pk=pk)
    form = IssuerSettingForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        if apply_service(form, issuers.update_issuer, row, request.user, **form.cleaned_data) is not None:
            messages.success(request, _("The signer has been saved."))
            return redirect("reports:issuer_list")
    return render(request, "reports/issuer_form.html", {"form": form, "row": row,
                                                         "breadcrumbs": _crumbs((str(row), ""))})
