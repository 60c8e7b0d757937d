"""Pages of nominations, the board's queue, appraisal, posting and the council. Thin: parse, call a
selector or a service, render. Objects come through the ``*_for_user`` selectors (404 outside scope);
read-only roles get a 403 from ``require_perm``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from blocs.models import BlocYear
from blocs.rules import is_bloc_leader
from blocs.selectors import blocs_for_user
from emulation.access import get_for_user_or_404, require_perm, safe_referer
from emulation.collation import vi_order
from emulation.context_processors import current_year
from emulation.downloads import serve_file, signed_in_or_404
from emulation.errors import apply_service
from emulation.listing import listing
from emulation.models import Person, Unit
from emulation.roles import roles_of
from emulation.selectors import search_by_name, units_for_user
from emulation.signing import verify_file
from emulation.views import paginate

from .. import services
from ..enums import NominationState, VoteOutcome
from ..filters import NominationFilter, NominationQueueFilter
from ..forms import (
    BuilderForm,
    CommentForm,
    CouncilMeetingForm,
    DocumentForm,
    ItemForm,
    NominationForm,
    OutcomeForm,
    PostingForm,
    ReturnForm,
    VoteForm,
)
from ..models import AwardType, CouncilMeeting, NominationItem
from ..selectors import (
    award_history,
    board_queue,
    council_items,
    documents_for_user,
    history_key,
    items_of,
    nominations_for_user,
    pipeline,
    posted_items,
    with_counts,
)
from .common import _crumbs, _run

# the states in which the dossier is with the board (its buttons show, the unit's do not)
AT_BOARD = (NominationState.SUBMITTED, NominationState.RECEIVED, NominationState.APPRAISING, NominationState.AT_COUNCIL)


def _items_for_user(user):
    return NominationItem.objects.filter(nomination__in=nominations_for_user(user)).select_related(
        "nomination", "award_type", "person", "unit")


def _nomination(request, pk):
    return get_for_user_or_404(nominations_for_user(request.user), pk=pk)




def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


# The unit's pages ---------------------------------------------------------------------------------------


NOMINATION_SORTS = {
    "year": ("year", "-created_at"),
    "title": ("title", "-year"),
    "unit": ("unit__name", "-year"),
    "state": ("state", "-year"),
    "items": ("n_items", "-year"),
    "ineligible": ("n_ineligible", "-year"),
    "submitted": ("submitted_at", "-year"),
}


@login_required
def nomination_list(request):
    base = nominations_for_user(request.user)
    counts = dict(base.order_by().values_list("state").annotate(n=Count("pk")))
    ctx = listing(request, with_counts(base), NominationFilter, sorts=NOMINATION_SORTS, default="-year",
                  unit=units_for_user(request.user).order_by("name"))
    state = ctx["filter"].form.cleaned_data.get("state", "")
    tabs = [(value, label, counts.get(value, 0)) for value, label in NominationState.choices]
    return render(request, "awards/nomination_list.html", {
        **ctx, "tabs": tabs, "state": state,
        "total": sum(counts.values()), "can_add": request.user.has_perm("awards.add_nomination"),
        "breadcrumbs": _crumbs(),
    })


def _sending_units(user):
    roles = roles_of(user)
    qs = Unit.objects.filter(is_active=True).order_by("name")
    return qs if roles.manages_everything else qs.filter(pk__in=roles.clerk_unit_ids)


@login_required
def nomination_create(request):
    require_perm(request.user, "awards.add_nomination")
    units = _sending_units(request.user)
    initial = {"year": timezone.localdate().year - 1}
    if units.count() == 1:
        initial["unit"] = units.first()
    form = NominationForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        nomination = apply_service(form, services.create_nomination, request.user, **form.cleaned_data)
        if nomination is not None:
            messages.success(request, _("The nomination has been created: now add the nominees."))
            return redirect("awards:nomination_builder", nomination.pk)
    return render(request, "awards/nomination_form.html", {
        "form": form, "breadcrumbs": _crumbs((_("New nomination"), "")),
    })


@login_required
def nomination_edit(request, pk):
    nomination = _nomination(request, pk)
    require_perm(request.user, "awards.change_nomination", nomination)
    form = NominationForm(request.POST or None, instance=nomination, units=_sending_units(request.user))
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        if apply_service(form, services.update_nomination, nomination, request.user, **changes) is not None:
            messages.success(request, _("The nomination has been saved."))
            return redirect(nomination)
    return render(request, "awards/nomination_form.html", {
        "form": form, "nomination": nomination,
        "breadcrumbs": _crumbs((str(nomination), nomination.get_absolute_url()), (_("Edit"), "")),
    })


@login_required
def nomination_detail(request, pk):
    nomination = _nomination(request, pk)
    user = request.user
    items = list(items_of(nomination))
    # each side sees only its own buttons: the unit edits a draft or returned dossier, the board acts on one
    # that is with it (never on the unit's Edit/Add/Send/Delete, and the unit never on the board's)
    can_change = user.has_perm("awards.change_nomination", nomination) and nomination.is_editable
    can_appraise = user.has_perm("awards.appraise_nomination", nomination)
    board_acts = can_appraise and nomination.state in AT_BOARD
    blocking, advisory = services.dossier_gaps(nomination) if can_change else ([], [])
    return render(request, "awards/nomination_detail.html", {
        "nomination": nomination,
        "items": items,
        "returned_items": [i for i in items if i.return_note],
        "documents": nomination.documents.select_related("item__person", "item__unit", "uploaded_by"),
        "can_change": can_change,
        "can_appraise": can_appraise,
        "board_acts": board_acts,
        "can_see_queue": user.has_perm("awards.view_nomination_queue"),
        "document_form": DocumentForm(items=nomination.items.select_related("person", "unit", "award_type")),
        "blocking": blocking,
        "advisory": advisory,
        "today": timezone.localdate(),
        "breadcrumbs": _crumbs((str(nomination), "")),
    })


@login_required
def nomination_builder(request, pk):
    """Pick many people (or collectives) of the unit with one award type; verdicts show before adding."""
    nomination = _nomination(request, pk)
    require_perm(request.user, "awards.change_nomination", nomination)
    if not nomination.is_editable:
        messages.error(request, _("The nomination has been sent: it can no longer be changed."))
        return redirect(nomination)
    unit_ids = services.allowed_recipient_unit_ids(nomination)
    people = Person.objects.filter(unit_id__in=unit_ids, is_active=True).select_related("unit").order_by(
        vi_order("unit__name"), vi_order("full_name"), "pk")
    q = request.GET.get("q", "").strip()
    if q:
        people = search_by_name(people, q)
    units = Unit.objects.filter(pk__in=unit_ids, is_active=True).order_by(vi_order("name"))
    # "eligible only": the people who meet the rules of the chosen award type this year
    chosen_pk = request.GET.get("award_type", "")
    chosen_type = AwardType.objects.filter(is_active=True, pk=chosen_pk).first() if chosen_pk.isdigit() else None
    eligible_only = bool(request.GET.get("eligible")) and chosen_type is not None
    if eligible_only:
        verdicts = services.preview_verdicts(chosen_type, list(people), nomination.year)
        people = people.filter(pk__in=[pk for pk, verdict in verdicts.items() if verdict.eligible])
    form = BuilderForm(request.POST or None, people=people, units=units,
                       initial={"award_type": chosen_type.pk if chosen_type else None})
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "add":
            result = apply_service(form, services.add_items, nomination, request.user, data["award_type"],
                                   people=data["people"], units=data["units"], summary=data["summary"])
            if result is not None:
                created, skipped = result
                messages.success(request, _("%(n)s nominees added.") % {"n": len(created)})
                if skipped:
                    messages.warning(request, _("Already in the nomination, skipped: %(names)s.")
                                     % {"names": ", ".join(str(s) for s in skipped)})
                return redirect(nomination)
        else:
            preview = []
            for group in (list(data["people"]), list(data["units"])):
                if group:
                    verdicts = services.preview_verdicts(data["award_type"], group, nomination.year)
                    preview += [(r, verdicts[r.pk]) for r in group]
    return render(request, "awards/nomination_builder.html", {
        "nomination": nomination, "form": form, "preview": preview, "q": q,
        "chosen_type": chosen_type, "eligible_only": eligible_only,
        "award_types": AwardType.objects.filter(is_active=True).order_by("order", "name"),
        "breadcrumbs": _crumbs((str(nomination), nomination.get_absolute_url()), (_("Add nominees"), "")),
    })


def _item(request, pk):
    return get_for_user_or_404(_items_for_user(request.user), pk=pk)


@login_required
def nomination_item_edit(request, pk):
    item = _item(request, pk)
    nomination = item.nomination
    require_perm(request.user, "awards.change_nomination", nomination)
    form = ItemForm(request.POST or None, initial={"summary": item.summary, "justification": item.justification})
    if request.method == "POST" and form.is_valid():
        if apply_service(form, services.update_item, item, request.user, **form.cleaned_data) is not None:
            messages.success(request, _("The nominee has been saved."))
            return redirect(nomination)
    return render(request, "awards/nomination_item_form.html", {
        "form": form, "item": item, "nomination": nomination,
        "breadcrumbs": _crumbs((str(nomination), nomination.get_absolute_url()), (str(item), "")),
    })


@login_required
@require_POST
def nomination_item_remove(request, pk):
    item = _item(request, pk)
    require_perm(request.user, "awards.change_nomination", item.nomination)
    return _run(request, item.nomination.get_absolute_url(), services.remove_item, item, request.user,
                success=_("The nominee has been removed."))[0]


@login_required
@require_POST
def nomination_recheck(request, pk):
    nomination = _nomination(request, pk)
    require_perm(request.user, "awards.change_nomination", nomination)
    return _run(request, nomination.get_absolute_url(), services.recheck_items, nomination, request.user,
                success=_("The rules have been checked again for every nominee."))[0]


@login_required
@require_POST
def nomination_document_add(request, pk):
    nomination = _nomination(request, pk)
    if not (request.user.has_perm("awards.change_nomination", nomination)
            or request.user.has_perm("awards.appraise_nomination", nomination)):
        raise PermissionDenied(_("Your role may view this but not change it."))
    form = DocumentForm(request.POST, request.FILES, items=nomination.items.all())
    if form.is_valid():
        d = form.cleaned_data
        response, docs = _run(request, nomination.get_absolute_url(), services.add_documents, nomination,
                              request.user, d["kind"], d["file"], item=d["item"])
        if docs:
            messages.success(request, ngettext("%(n)s document has been attached.",
                                               "%(n)s documents have been attached.", len(docs)) % {"n": len(docs)})
        return response
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(nomination)


@signed_in_or_404
def nomination_document_download(request, pk):
    document = get_for_user_or_404(documents_for_user(request.user), pk=pk)
    return serve_file(request, document.file, document.original_name)


@login_required
def nomination_document_verify(request, pk):
    """The digital signatures of a dossier document a unit uploaded (a signed tờ trình, a lower level's decision)."""
    document = get_for_user_or_404(documents_for_user(request.user), pk=pk)
    nomination = document.nomination
    return render(request, "signing/verify_page.html", {
        "files": [verify_file(document.file, document.original_name)],
        "subject": str(nomination), "back": nomination.get_absolute_url(),
        "breadcrumbs": [(str(nomination), nomination.get_absolute_url()), (_("Check the digital signatures"), "")],
    })


@login_required
@require_POST
def nomination_document_remove(request, pk):
    document = get_for_user_or_404(documents_for_user(request.user), pk=pk)
    nomination = document.nomination
    if not (request.user.has_perm("awards.change_nomination", nomination)
            or request.user.has_perm("awards.appraise_nomination", nomination)):
        raise PermissionDenied(_("Your role may view this but not change it."))
    return _run(request, nomination.get_absolute_url(), services.remove_document, document, request.user,
                success=_("The document has been removed."))[0]


@login_required
def nomination_submit(request, pk):
    """GET: the confirmation page (what is sent, what is still missing); POST: send to the board."""
    nomination = _nomination(request, pk)
    require_perm(request.user, "awards.change_nomination", nomination)
    if request.method != "POST":
        if not nomination.is_editable:
            return redirect(nomination)
        blocking, advisory = services.dossier_gaps(nomination)
        return render(request, "awards/nomination_submit.html", {
            "nomination": nomination, "blocking": blocking, "advisory": advisory,
            "n_items": nomination.items.count(), "n_documents": nomination.documents.count(),
            "breadcrumbs": _crumbs((str(nomination), nomination.get_absolute_url()), (_("Send to the board"), "")),
        })
    return _run(request, nomination.get_absolute_url(), services.submit_nomination, nomination, request.user,
                success=_("The nomination has been sent to the board."))[0]


@login_required
@require_POST
def nomination_from_bloc(request, bloc_year_pk):
    bloc_year = get_object_or_404(BlocYear.objects.select_related("bloc", "head_unit"), pk=bloc_year_pk)
    if not (roles_of(request.user).manages_everything or is_bloc_leader(request.user, bloc_year)):
        raise PermissionDenied(_("Only the bloc's head unit or the board may send the bloc's proposals."))
    response, nomination = _run(request, safe_referer(request, reverse("awards:nomination_list")),
                                services.create_nomination_from_bloc_proposals, bloc_year, request.user)
    if nomination is None:
        return response
    messages.success(request, _("The bloc's proposals are now a nomination: complete the dossier and send it."))
    return redirect(nomination)


# The board's pages --------------------------------------------------------------------------------------


def _board_action(request, pk, fn, message, **kwargs):
    nomination = _nomination(request, pk)
    require_perm(request.user, "awards.appraise_nomination", nomination)
    return _run(request, nomination.get_absolute_url(), fn, nomination, request.user, success=message, **kwargs)[0]


@login_required
@require_POST
def nomination_receive(request, pk):
    return _board_action(request, pk, services.receive_nomination, _("Receipt recorded."))


@login_required
@require_POST
def nomination_start_appraisal(request, pk):
    nomination = _nomination(request, pk)
    require_perm(request.user, "awards.appraise_nomination", nomination)
    response, result = _run(request, nomination.get_absolute_url(), services.start_appraisal, nomination,
                            request.user)
    return redirect("awards:nomination_appraise", nomination.pk) if result is not None else response


@login_required
@require_POST
def nomination_take_up(request, pk):
    """Receive and start the appraisal in one click, then land on the appraisal screen."""
    nomination = _nomination(request, pk)
    require_perm(request.user, "awards.appraise_nomination", nomination)
    response, result = _run(request, nomination.get_absolute_url(), services.take_up_nomination, nomination,
                            request.user, success=_("Received: the appraisal has started."))
    return redirect("awards:nomination_appraise", nomination.pk) if result is not None else response


@login_required
@require_POST
def nomination_return(request, pk):
    """Return the whole dossier, or only the ticked nominees with a note each, to the unit for correction."""
    nomination = _nomination(request, pk)
    require_perm(request.user, "awards.appraise_nomination", nomination)
    form = ReturnForm(request.POST, items=nomination.items.all())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(nomination)
    items = list(form.cleaned_data["items"])
    message = (_("%(n)s nominees have been returned to the unit for correction.") % {"n": len(items)} if items
               else _("The nomination has been returned to the unit."))
    return _run(request, nomination.get_absolute_url(), services.return_nomination, nomination, request.user,
                form.cleaned_data["reason"], items=items, item_notes=form.notes(), success=message)[0]


@login_required
@require_POST
def nomination_send_to_council(request, pk):
    return _board_action(request, pk, services.send_to_council, _("The nomination went to the council."))


@login_required
@require_POST
def nomination_open_posting(request, pk):
    form = PostingForm(request.POST)
    start = form.cleaned_data["start"] if form.is_valid() else None
    return _board_action(request, pk, services.open_posting, _("Public posting has opened."), start=start)


QUEUE_SORTS = {
    "priority": ("is_closed", "-is_overdue", "submitted_at"),  # open before decided, overdue first, oldest first
    "title": ("title", "submitted_at"),
    "unit": ("unit__name", "submitted_at"),
    "year": ("year", "submitted_at"),
    "state": ("state", "submitted_at"),
    "items": ("n_items", "submitted_at"),
    "submitted": "submitted_at",
    "due": ("appraisal_due", "submitted_at"),
}


@login_required
def nomination_queue(request):
    require_perm(request.user, "awards.view_nomination_queue")
    ctx = listing(request, board_queue(request.user), NominationQueueFilter, sorts=QUEUE_SORTS, default="priority",
                  unit=units_for_user(request.user).order_by("name"),
                  bloc=blocs_for_user(request.user).order_by("code"))
    year = current_year(request)
    stages = pipeline(request.user, year)
    queue = reverse("awards:nomination_queue")
    for stage in stages:
        stage["url"] = f"{queue}?state={stage['state']}"
        stage["overdue_url"] = f"{queue}?state={stage['state']}&overdue=true"
        if stage["state"] == NominationState.DECIDED:
            stage["label"] = _("Decided in %(year)s") % {"year": year}
    chart = {"states": [s["label"] for s in stages], "urls": [s["url"] for s in stages],
             "on_time": [s["count"] - s["overdue"] for s in stages], "overdue": [s["overdue"] for s in stages],
             "labels": {"on_time": _("Not overdue"), "overdue": _("Overdue"), "axis": _("Nominations")}}
    total = sum(s["count"] for s in stages)
    summary = "; ".join(f"{s['label']}: {s['count']}" for s in stages)
    return render(request, "awards/nomination_queue.html", {
        **ctx, "stages": stages, "chart": chart, "pipeline_total": total,
        "pipeline_overdue": sum(s["overdue"] for s in stages),
        "pipeline_summary": _("Nominations by state: %(list)s.") % {"list": summary},
        "today": timezone.localdate(), "breadcrumbs": _crumbs((_("Board queue"), "")),
    })


def _active_types():
    return list(AwardType.objects.filter(is_active=True).order_by("order", "name"))


def _appraisal_rows(items):
    history = award_history(items)
    return [(item, history.get(history_key(item), [])) for item in items]


@login_required
def nomination_appraise(request, pk):
    nomination = _nomination(request, pk)
    require_perm(request.user, "awards.view_nomination_queue")
    items = list(items_of(nomination))
    return render(request, "awards/nomination_appraise.html", {
        "nomination": nomination,
        "rows": _appraisal_rows(items),
        "items": items,
        "can_appraise": (request.user.has_perm("awards.appraise_nomination", nomination)
                         and nomination.state == NominationState.APPRAISING),
        "can_take_up": (request.user.has_perm("awards.appraise_nomination", nomination)
                        and nomination.state in (NominationState.SUBMITTED, NominationState.RECEIVED)),
        "award_types": _active_types(),
        "posting_form": PostingForm(initial={"start": timezone.localdate()}),
        "needs_posting": any(i.final_award_type.requires_posting for i in items),
        "today": timezone.localdate(),
        "breadcrumbs": _crumbs((_("Board queue"), reverse("awards:nomination_queue")),
                               (str(nomination), nomination.get_absolute_url()), (_("Appraisal"), "")),
    })


@login_required
@require_POST
def nomination_item_outcome(request, pk):
    item = _item(request, pk)
    require_perm(request.user, "awards.appraise_nomination", item.nomination)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _run(request, "", services.set_item_outcome, item, request.user, d["outcome"], reason=d["reason"],
             changed_to=d["changed_to"])
    else:
        messages.error(request, _("Choose an outcome."))
    if _is_htmx(request):
        fresh = list(items_of(item.nomination).filter(pk=item.pk))
        row = _appraisal_rows(fresh)[0]
        return render(request, "awards/nomination_appraise_row.html", {
            "item": row[0], "history": row[1], "can_appraise": True, "award_types": _active_types(),
            "nomination": item.nomination, "today": timezone.localdate(),
        })
    return redirect("awards:nomination_appraise", item.nomination_id)


def nomination_posting_public(request):
    """Public page (no login): nominees under public posting, and how to send a comment."""
    return render(request, "awards/nomination_posting_public.html", {
        "items": posted_items(), "today": timezone.localdate(),
    })


@login_required
def nomination_posting_manage(request):
    require_perm(request.user, "awards.view_nomination_queue")
    items = (NominationItem.objects.filter(posting_start__isnull=False)
             .exclude(nomination__state=NominationState.DECIDED)
             .select_related("nomination", "award_type", "changed_award_type", "person", "unit")
             .prefetch_related("posting_comments").order_by("-posting_end", "pk"))
    return render(request, "awards/nomination_posting_manage.html", {
        "page": paginate(request, items), "comment_form": CommentForm(initial={"received_on": timezone.localdate()}),
        "can_record": request.user.has_perm("awards.manage_council"), "today": timezone.localdate(),
        "breadcrumbs": _crumbs((_("Public posting"), "")),
    })


@login_required
@require_POST
def nomination_posting_comment(request, pk):
    item = _item(request, pk)
    require_perm(request.user, "awards.manage_council")
    form = CommentForm(request.POST)
    if form.is_valid():
        _run(request, "", services.record_posting_comment, item, request.user, **form.cleaned_data,
             success=_("The comment has been recorded."))
    else:
        messages.error(request, _("Write the comment received."))
    return redirect("awards:nomination_posting_manage")


@login_required
def nomination_council(request):
    require_perm(request.user, "awards.view_council")
    meetings = CouncilMeeting.objects.all()[:20]
    return render(request, "awards/nomination_council.html", {
        "meetings": meetings,
        "items": council_items(),
        "meeting_form": CouncilMeetingForm(initial={"date": timezone.localdate()}),
        "vote_form": VoteForm(),
        "can_manage": request.user.has_perm("awards.manage_council"),
        "breadcrumbs": _crumbs((_("Council"), "")),
    })


@login_required
@require_POST
def nomination_council_meeting_create(request):
    require_perm(request.user, "awards.manage_council")
    form = CouncilMeetingForm(request.POST)
    if form.is_valid():
        _run(request, "", services.create_council_meeting, request.user, **form.cleaned_data,
             success=_("The council meeting has been recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("awards:nomination_council")


@login_required
@require_POST
def nomination_vote(request, pk):
    item = _item(request, pk)
    require_perm(request.user, "awards.manage_council")
    form = VoteForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _response, item = _run(request, "", services.record_vote, item, request.user, d["meeting"],
                               d["votes_for"] or 0, d["votes_total"], deferred=d["deferred"])
        if item is None:
            pass
        elif item.vote_outcome == VoteOutcome.DEFERRED:
            messages.info(request, _("The item is deferred to a later meeting."))
        elif item.vote_passed:
            messages.success(request, _("Ballot recorded: passed."))
        else:
            messages.warning(request, _("Ballot recorded: below the threshold."))
    else:
        messages.error(request, _("Enter the meeting and the votes."))
    return redirect("awards:nomination_council")
