"""Pages of award decisions: list, draft, items, signed file, issue, corrections."""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.access import get_for_user_or_404, require_perm
from emulation.downloads import MissingFile, serve_file, signed_in_or_404
from emulation.errors import apply_service
from emulation.listing import listing
from emulation.selectors import units_for_user
from emulation.signing import verify_file

from .. import services
from ..enums import DecisionKind
from ..filters import DecisionFilter
from ..forms import DecisionCreateForm, DecisionForm, RevocationForm
from ..models import Award, NominationItem
from ..money import ceiling_amount, decision_amounts, total_of
from ..selectors import decidable_items, decision_summary, decisions_for_user
from .common import _run

# Decisions ----------------------------------------------------------------------------------------------


def _decision_crumbs(*extra):
    return [(_("Award decisions"), reverse("awards:decision_list")), *extra]


DECISION_SORTS = {
    "date": ("date", "-number"),
    "number": ("number", "-date"),
    "authority": ("authority", "-date"),
    "kind": ("kind", "-date"),
    "state": ("state", "-date"),
    "items": ("n_items", "-date"),
    "total": ("total", "-date"),
}


@login_required
def decision_list(request):
    require_perm(request.user, "awards.view_decision")
    qs = decisions_for_user(request.user).annotate(n_items=Count("items", distinct=True),
                                                   total=Sum("items__award__amount"))
    ctx = listing(request, qs, DecisionFilter, sorts=DECISION_SORTS, default="-date",
                  unit=units_for_user(request.user).order_by("name"))
    return render(request, "awards/decision_list.html", {
        **ctx, "can_add": request.user.has_perm("awards.change_decision"),
        "breadcrumbs": _decision_crumbs(),
    })


@login_required
def decision_create(request):
    require_perm(request.user, "awards.change_decision")
    items = decidable_items()
    initial = {"date": timezone.localdate()}
    nomination_id = request.GET.get("nomination", "")
    if nomination_id.isdigit():
        initial["items"] = list(items.filter(nomination_id=int(nomination_id)))
    form = DecisionCreateForm(request.POST or None, request.FILES or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["items"] = list(data["items"])
        decision = apply_service(form, services.create_decision, request.user, **data)
        if decision is not None:
            messages.success(request, _("The decision has been drafted: check it and issue it."))
            return redirect(decision)
    return render(request, "awards/decision_form.html", {
        "form": form, "breadcrumbs": _decision_crumbs((_("New decision"), "")),
    })


def _decision(request, pk):
    return get_for_user_or_404(decisions_for_user(request.user), pk=pk)


@login_required
def decision_detail(request, pk):
    decision = _decision(request, pk)
    items = list(decision.items.select_related("nomination__unit", "award_type", "changed_award_type", "person",
                                               "unit", "award").order_by("award_type__order", "unit__name", "pk"))
    rows = decision_amounts(decision, items)  # projected for a draft, the register's once issued
    ceilings = {}  # items of a draft whose amount the giver enters (Kỷ niệm chương), with the ceiling
    if not decision.is_issued:
        by_key = {}
        for item in items:
            key = (item.final_award_type_id, item.recipient_kind)
            if key not in by_key:
                by_key[key] = ceiling_amount(item.final_award_type, item.recipient_kind, decision.date,
                                             decision.issuer_id)
            if by_key[key] is not None:
                ceilings[item.pk] = by_key[key]
    can_change = request.user.has_perm("awards.change_decision")
    revocation_form = None
    if can_change and not decision.is_issued and decision.kind == DecisionKind.CORRECTION:
        revocation_form = RevocationForm(awards=Award.objects.filter(
            revoked=False, nomination_item__decision=decision.corrects).select_related("award_type", "person",
                                                                                       "unit"))
    return render(request, "awards/decision_detail.html", {
        "decision": decision,
        "rows": rows,
        "total": total_of(rows),
        "ceilings": ceilings,
        "revocations": decision.revocations.select_related("award__award_type", "award__person", "award__unit"),
        "corrections": decision.corrections.all(),
        "can_change": can_change,
        "can_sign": request.user.has_perm("awards.sign_decision"),
        "revocation_form": revocation_form,
        "breadcrumbs": _decision_crumbs((str(decision), "")),
    })


@login_required
def decision_edit(request, pk):
    decision = _decision(request, pk)
    require_perm(request.user, "awards.change_decision")
    fields = ["number", "date", "signer", "signer_title", "issuer", "authority", "note"]
    form = DecisionForm(request.POST or None, request.FILES or None,
                        initial={f: getattr(decision, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if apply_service(form, services.update_decision, decision, request.user, **data) is not None:
            messages.success(request, _("The decision has been saved."))
            return redirect(decision)
    return render(request, "awards/decision_form.html", {
        "form": form, "decision": decision,
        "breadcrumbs": _decision_crumbs((str(decision), decision.get_absolute_url()), (_("Edit"), "")),
    })


@login_required
@require_POST
def decision_issue(request, pk):
    decision = _decision(request, pk)
    require_perm(request.user, "awards.change_decision")
    response, result = _run(request, decision.get_absolute_url(), services.issue_decision, decision, request.user)
    if result is None:
        return response
    summary = decision_summary(decision)
    messages.success(request, _("Decision issued: %(n)s register entries created.") % {"n": summary["count"]})
    return redirect(decision)


@login_required
@require_POST
def decision_item_remove(request, pk, item_pk):
    decision = _decision(request, pk)
    require_perm(request.user, "awards.change_decision")
    item = get_object_or_404(NominationItem, pk=item_pk, decision=decision)
    return _run(request, decision.get_absolute_url(), services.remove_decision_items, decision, request.user,
                [item])[0]


@login_required
@require_POST
def decision_item_amount(request, pk, item_pk):
    """The amount the giver sets for a Kỷ niệm chương (up to the ceiling) on an item of a draft decision."""
    decision = _decision(request, pk)
    require_perm(request.user, "awards.change_decision")
    item = get_object_or_404(NominationItem, pk=item_pk, decision=decision)
    raw = request.POST.get("amount", "").replace(".", "").strip()
    amount = int(raw) if raw.isdigit() else None
    return _run(request, decision.get_absolute_url(), services.set_item_amount, item, request.user, amount,
                success=_("The amount has been saved."))[0]


@signed_in_or_404
def decision_file(request, pk):
    decision = _decision(request, pk)
    if not decision.signed_file:
        raise MissingFile(_("No signed file attached."))
    name = decision.number.replace("/", "-") + os.path.splitext(decision.signed_file.name)[1]
    return serve_file(request, decision.signed_file, name)


@login_required
@require_POST
def decision_sign(request, pk):
    decision = _decision(request, pk)
    require_perm(request.user, "awards.sign_decision", decision)
    _run(request, decision.get_absolute_url(), services.sign_decision, decision, request.user,
         success=_("The decision has been digitally signed."))
    return redirect(decision)


@signed_in_or_404
def decision_signed_pdf(request, pk):
    decision = _decision(request, pk)
    if not decision.signed_pdf:
        raise MissingFile(_("The decision has not been digitally signed."))
    return serve_file(request, decision.signed_pdf, decision.number.replace("/", "-") + "-ky-so.pdf")


@login_required
def decision_verify(request, pk):
    """The digital signatures of the uploaded decision file (and of the PDF the app signed, if any)."""
    decision = _decision(request, pk)
    files = [verify_file(decision.signed_file, _("Decision file as uploaded"))]
    if decision.signed_pdf:
        files.append(verify_file(decision.signed_pdf, _("PDF signed by the app")))
    return render(request, "signing/verify_page.html", {
        "files": files, "subject": _("Decision %(number)s") % {"number": decision.number},
        "back": decision.get_absolute_url(),
        "breadcrumbs": _decision_crumbs((str(decision), decision.get_absolute_url()),
                                        (_("Check the digital signatures"), "")),
    })


@login_required
def decision_correction(request, pk):
    decision = _decision(request, pk)
    require_perm(request.user, "awards.change_decision")
    form = DecisionForm(request.POST or None, request.FILES or None, initial={
        "date": timezone.localdate(), "signer": decision.signer, "signer_title": decision.signer_title,
        "issuer": decision.issuer, "authority": decision.authority})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "signed_file"}
        correction = apply_service(form, services.create_correction, decision, request.user, **data)
        if correction is not None:
            if form.cleaned_data.get("signed_file"):
                services.update_decision(correction, request.user, signed_file=form.cleaned_data["signed_file"])
            messages.success(request, _("Correction drafted: add the entries it revokes or amends."))
            return redirect(correction)
    return render(request, "awards/decision_form.html", {
        "form": form, "correcting": decision,
        "breadcrumbs": _decision_crumbs((str(decision), decision.get_absolute_url()), (_("Correction"), "")),
    })


@login_required
@require_POST
def decision_revoke(request, pk):
    decision = _decision(request, pk)
    require_perm(request.user, "awards.change_decision")
    form = RevocationForm(request.POST, awards=Award.objects.filter(revoked=False,
                                                                    nomination_item__decision=decision.corrects))
    if form.is_valid():
        d = form.cleaned_data
        if d["new_award_type"]:
            _run(request, "", services.amend_award, decision, request.user, d["award"], d["new_award_type"],
                 d["reason"], success=_("Added to the correction."))
        else:
            _run(request, "", services.add_revocation, decision, request.user, d["award"], d["reason"],
                 success=_("Added to the correction."))
    else:
        messages.error(request, _("Choose the register entry and give a reason."))
    return redirect(decision)
