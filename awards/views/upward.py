"""Pages of khen cao (the board's cover letters to the central level) and hiệp y (concurrence). Board only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.access import get_for_user_or_404, require_perm
from emulation.downloads import serve_file, signed_in_or_404
from emulation.errors import apply_service

from .. import services
from ..enums import UpwardState
from ..forms import (
    ConcurrenceAnswerForm,
    ConcurrenceAskForm,
    UpwardAnswerForm,
    UpwardDecideForm,
    UpwardEditForm,
    UpwardForm,
    UpwardSendForm,
)
from ..models import Concurrence, NominationDocument, NominationItem
from ..selectors import nominations_for_user
from ..selectors.nominations import concurrence_items, upward_candidates, upward_for_user
from .common import _run


def _crumbs(*extra):
    return [(_("Khen cao (central level)"), reverse("awards:upward_list")), *extra]


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
def upward_list(request):
    require_perm(request.user, "awards.manage_upward")
    state = request.GET.get("state", "")
    qs = upward_for_user(request.user).annotate(n_items=Count("items"))
    if state in UpwardState.values:
        qs = qs.filter(state=state)
    return render(request, "awards/upward_list.html", {
        "submissions": qs[:200], "state": state, "states": UpwardState.choices,
        "n_candidates": upward_candidates().count(), "breadcrumbs": _crumbs(),
    })


@login_required
def upward_create(request):
    require_perm(request.user, "awards.manage_upward")
    items = upward_candidates()
    form = UpwardForm(request.POST or None, items=items, initial={
        "date": timezone.localdate(), "items": list(items),
        "title": _("Proposal of awards conferred by the State and the Government")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        submission = apply_service(form, services.create_upward, request.user, d["title"], d["date"],
                                   items=list(d["items"]), number=d["number"], note=d["note"])
        if submission is not None:
            messages.success(request, _("Cover letter drafted."))
            return redirect(submission)
    return render(request, "awards/upward_form.html", {
        "form": form, "breadcrumbs": _crumbs((_("New cover letter"), "")),
    })


def _submission(request, pk):
    """Outside the board's and the council's sight: 404; seen but not the board's: 403."""
    submission = get_for_user_or_404(upward_for_user(request.user), pk=pk)
    require_perm(request.user, "awards.manage_upward", submission)
    return submission


@login_required
def upward_detail(request, pk):
    submission = _submission(request, pk)
    items = list(submission.items.select_related("nomination__unit", "award_type", "changed_award_type", "person",
                                                 "unit", "award")
                 .prefetch_related(Prefetch("documents", queryset=NominationDocument.objects.order_by("kind", "pk")),
                                   "concurrences"))
    nomination_ids = {i.nomination_id for i in items}
    shared = list(NominationDocument.objects.filter(nomination_id__in=nomination_ids, item__isnull=True)
                  .select_related("nomination").order_by("nomination_id", "kind", "pk"))
    today = timezone.localdate()
    return render(request, "awards/upward_detail.html", {
        "submission": submission, "items": items, "shared_documents": shared,
        "edit_form": UpwardEditForm(initial={"number": submission.number}, items=upward_candidates())
        if submission.is_editable else None,
        "send_form": UpwardSendForm(initial={"sent_on": today}) if submission.is_editable else None,
        "answer_form": UpwardAnswerForm(initial={"answered_on": today})
        if submission.state == UpwardState.SENT else None,
        "decide_form": UpwardDecideForm(initial={"answered_on": today})
        if submission.state == UpwardState.SENT else None,
        "breadcrumbs": _crumbs((str(submission), "")),
    })


@login_required
@require_POST
def upward_edit(request, pk):
    submission = _submission(request, pk)
    form = UpwardEditForm(request.POST, request.FILES, items=upward_candidates())
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(submission)
    d = form.cleaned_data
    if d["number"] != submission.number:
        _run(request, "", services.update_upward_number, submission, request.user, d["number"])
    if d["file"]:
        _run(request, "", services.attach_upward_file, submission, request.user, d["file"])
    if d["items"]:
        _run(request, "", services.add_upward_items, submission, request.user, list(d["items"]))
    messages.info(request, _("Cover letter updated."))
    return redirect(submission)


@login_required
@require_POST
def upward_item_remove(request, pk, item_pk):
    submission = _submission(request, pk)
    item = get_for_user_or_404(NominationItem.objects.filter(upward=submission), pk=item_pk)
    return _run(request, submission.get_absolute_url(), services.remove_upward_item, submission, request.user, item,
                success=_("Removed from the cover letter."))[0]


@login_required
@require_POST
def upward_send(request, pk):
    submission = _submission(request, pk)
    form = UpwardSendForm(request.POST)
    if form.is_valid():
        _run(request, "", services.send_upward, submission, request.user, form.cleaned_data["sent_on"],
             form.cleaned_data["sent_reference"], success=_("Recorded as sent to the central level."))
    else:
        _form_errors(request, form)
    return redirect(submission)


@login_required
@require_POST
def upward_answer(request, pk):
    submission = _submission(request, pk)
    form = UpwardAnswerForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        fn = services.return_upward if d["outcome"] == "return" else services.refuse_upward
        _run(request, "", fn, submission, request.user, d["answered_on"], d["reason"],
             success=_("The central level's answer has been recorded."))
    else:
        _form_errors(request, form)
    return redirect(submission)


@login_required
@require_POST
def upward_decide(request, pk):
    submission = _submission(request, pk)
    form = UpwardDecideForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _run(request, "", services.decide_upward, submission, request.user, d["number"], d["date"], d["signer"],
             d["authority"], answered_on=d["answered_on"],
             success=_("The central decision has been recorded: its nominees are in the register."))
    else:
        _form_errors(request, form)
    return redirect(submission)


@signed_in_or_404
def upward_file(request, pk):
    submission = _submission(request, pk)
    return serve_file(request, submission.file, f"to-trinh-{submission.pk}.pdf")


# Hiệp y -------------------------------------------------------------------------------------------------


@login_required
def nomination_concurrence(request, pk):
    require_perm(request.user, "awards.manage_concurrence")
    nomination = get_for_user_or_404(nominations_for_user(request.user), pk=pk)
    items = concurrence_items(nomination)
    today = timezone.localdate()
    rows = [(item, services.missing_concurrences(item, list(item.concurrences.all())),
             ConcurrenceAskForm(prefix=f"ask{item.pk}", initial={
                 "asked_on": today, "bodies": "\n".join(item.final_award_type.default_concurrence_bodies)}))
            for item in items]
    return render(request, "awards/nomination_concurrence.html", {
        "nomination": nomination, "rows": rows,
        "answer_form": ConcurrenceAnswerForm(initial={"answered_on": today}),
        "breadcrumbs": [(_("Nominations"), reverse("awards:nomination_list")),
                        (str(nomination), nomination.get_absolute_url()), (_("Concurrence (hiệp y)"), "")],
    })


@login_required
@require_POST
def concurrence_ask(request, pk, item_pk):
    require_perm(request.user, "awards.manage_concurrence")
    nomination = get_for_user_or_404(nominations_for_user(request.user), pk=pk)
    item = get_for_user_or_404(nomination.items.all(), pk=item_pk)
    form = ConcurrenceAskForm(request.POST, prefix=f"ask{item.pk}")
    if form.is_valid():
        _run(request, "", services.ask_concurrence, item, request.user, form.cleaned_data["bodies"],
             form.cleaned_data["asked_on"], success=_("The request for concurrence has been recorded."))
    else:
        _form_errors(request, form)
    return redirect("awards:nomination_concurrence", pk=nomination.pk)


@login_required
@require_POST
def concurrence_answer(request, pk, concurrence_pk):
    require_perm(request.user, "awards.manage_concurrence")
    nomination = get_for_user_or_404(nominations_for_user(request.user), pk=pk)
    concurrence = get_for_user_or_404(Concurrence.objects.filter(Q(item__nomination=nomination)), pk=concurrence_pk)
    form = ConcurrenceAnswerForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _run(request, "", services.record_concurrence, concurrence, request.user, d["answer"], d["answered_on"],
             d["note"], success=_("The answer has been recorded."))
    else:
        _form_errors(request, form)
    return redirect("awards:nomination_concurrence", pk=nomination.pk)
