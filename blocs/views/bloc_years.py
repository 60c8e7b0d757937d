"""Pages of blocs and bloc years: lists, creation, the bloc year page and its states, members and dates,
the next year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation.access import get_for_user_or_404, require_perm
from emulation.errors import apply_service
from emulation.listing import choice_label, listing, pk_urls
from emulation.models import Unit
from emulation.roles import roles_of
from emulation.selectors import units_for_user

from .. import selectors, services
from ..enums import SCORECARD_OPEN_STATES, BlocYearState, ScorecardState
from ..filters import BlocFilter
from ..forms import BlocForm, BlocYearForm, DatesForm, LeadershipForm, MemberForm, ReasonForm
from ..models import BlocMembership
from ._common import _bloc_year_or_404, _crumbs, _run

BLOC_SORTS = {"code": "code", "name": ("name", "code"), "council": ("council", "code")}


@login_required
def bloc_list(request):
    years = selectors.bloc_years_for_user(request.user)
    shown = years.select_related(None).order_by("-year").only("pk", "bloc_id", "year", "state")
    blocs = selectors.blocs_for_user(request.user).prefetch_related(
        Prefetch("years", queryset=shown, to_attr="visible_years"))
    ctx = listing(request, blocs, BlocFilter, sorts=BLOC_SORTS, default="code", years=years,
                  member=units_for_user(request.user).order_by("name"))
    # each bloc lists all its years: their links and state labels made once for the page, not per year in the
    # template (400 reverse() and choice-label lookups on a province's 40 blocs × 10 years)
    year_url = pk_urls("blocs:blocyear_detail")
    for bloc in ctx["page"]:
        bloc.year_links = [(year_url(by.pk), by.year, choice_label(by, "state")) for by in bloc.visible_years]
    return render(request, "blocs/bloc_list.html", {
        **ctx, "can_add": roles_of(request.user).manages_everything, "breadcrumbs": _crumbs(),
    })


@login_required
def bloc_create(request):
    require_perm(request.user, "blocs.manage_blocyear")
    form = BlocForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bloc = apply_service(form, services.create_bloc, request.user, **form.cleaned_data)
        if bloc is not None:
            messages.success(request, _("The bloc has been created."))
            return redirect(bloc)
    return render(request, "blocs/form.html", {"form": form, "title": _("New emulation bloc"),
                                               "breadcrumbs": _crumbs()})


@login_required
def bloc_detail(request, pk):
    bloc = get_for_user_or_404(selectors.blocs_for_user(request.user), pk=pk)
    years = (selectors.bloc_years_for_user(request.user).filter(bloc=bloc).order_by("-year")
             .prefetch_related(Prefetch("memberships", queryset=BlocMembership.objects.select_related("unit")
                                        .order_by("unit__name"))))
    return render(request, "blocs/bloc_detail.html", {
        "bloc": bloc, "years": years, "can_manage": roles_of(request.user).manages_everything,
        "breadcrumbs": _crumbs(None, (bloc.name, "")),
    })


@login_required
def blocyear_create(request, pk):
    bloc = get_for_user_or_404(selectors.blocs_for_user(request.user), pk=pk)
    require_perm(request.user, "blocs.manage_blocyear")
    form = BlocYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        by = apply_service(form, services.create_bloc_year, request.user, bloc, d["year"], d["head_unit"],
                           d["deputy_unit"], members=d["members"],
                           **{k: d[k] for k in services.DATE_FIELDS})
        if by is not None:
            messages.success(request, _("The bloc year has been created."))
            return redirect(by)
    return render(request, "blocs/form.html", {"form": form, "title": _("New bloc year of %(bloc)s")
                                               % {"bloc": bloc}, "breadcrumbs": _crumbs(None, (bloc.name,
                                                                                             bloc.get_absolute_url()))})


def _year_actions(user, by):
    roles = roles_of(user)
    leads = user.has_perm("blocs.advance_blocyear", by)
    actions = []
    if roles.manages_everything and by.state == BlocYearState.PREPARING:
        actions.append(("open_scoring", _("Open self-scoring")))
    if leads and by.state == BlocYearState.SCORING:
        actions.append(("start_reviewing", _("Close self-scoring and start the review")))
    if leads and by.state == BlocYearState.REVIEWING:
        actions.append(("open_voting", _("Open the vote")))
    if roles.manages_everything and by.state == BlocYearState.VOTING:
        actions.append(("close", _("Close the bloc year")))
    return actions


@login_required
def blocyear_detail(request, pk):
    by = _bloc_year_or_404(request, pk)
    user = request.user
    roles = roles_of(user)
    leads = user.has_perm("blocs.edit_criteria", by)
    sees_all_cards = roles.sees_everything or leads
    cards, summary = selectors.year_overview(by)
    if not sees_all_cards:
        cards = [c for c in cards if c.unit_id in roles.clerk_unit_ids
                 or (c.unit_id == by.head_unit_id and by.deputy_unit_id in roles.clerk_unit_ids)]
    open_year = by.state in SCORECARD_OPEN_STATES
    missing = [c for c in cards if c.state == ScorecardState.DRAFT] if sees_all_cards and open_year else []
    return render(request, "blocs/blocyear_detail.html", {
        "by": by, "cards": cards, "summary": summary, "sees_all_cards": sees_all_cards,
        "missing": missing, "can_remind": bool(missing) and user.has_perm("blocs.advance_blocyear", by),
        "can_settle": roles.manages_everything and open_year and selectors.self_scoring_over(by),
        "can_reopen_closed_out": roles.manages_everything and summary["not_submitted"] > 0
        and selectors.closed_out_reopenable(by),
        "can_finalise_all": roles.manages_everything and open_year and summary["reviewed"] > 0,
        "actions": _year_actions(user, by), "is_leader": user.has_perm("blocs.advance_blocyear", by)
        and not roles.manages_everything,
        "can_manage": roles.manages_everything, "can_view_scoreboard": user.has_perm("blocs.view_scoreboard", by),
        "can_edit_dates": leads, "clerk_unit_ids": roles.clerk_unit_ids,
        "can_assess": user.has_perm("blocs.change_bloc_assessment", by),
        "reason_form": ReasonForm(), "breadcrumbs": _crumbs(None, (by.bloc.name, by.bloc.get_absolute_url()),
                                                            (str(by.year), "")),
    })


@login_required
@require_POST
def blocyear_transition(request, pk):
    by = _bloc_year_or_404(request, pk)
    action = request.POST.get("action")
    if not request.user.has_perm("blocs.advance_blocyear", by):
        raise PermissionDenied(_("Your role may view this but not change it."))
    handlers = {
        "open_scoring": (services.open_scoring, _("Self-scoring is open.")),
        "start_reviewing": (services.start_reviewing, _("The review has started.")),
        "open_voting": (services.open_voting, _("The vote is open.")),
        "close": (services.close_bloc_year, _("The bloc year is closed.")),
    }
    if action == "step_back":
        _run(request, services.step_back, by, request.user, request.POST.get("reason", ""),
             success=_("The bloc year went back one step."))
    elif action in handlers:
        fn, message = handlers[action]
        _run(request, fn, by, request.user, success=message)
    return redirect(by)


@login_required
def blocyear_manage(request, pk):
    """Members, head and deputy (board) and the key dates (board and bloc leaders)."""
    by = _bloc_year_or_404(request, pk)
    user = request.user
    require_perm(user, "blocs.edit_criteria", by)
    is_board = roles_of(user).manages_everything
    member_ids = [m.unit_id for m in by.memberships.all()]
    member_units = Unit.objects.filter(pk__in=member_ids).order_by("name")
    add_form = MemberForm(units=Unit.objects.filter(is_active=True).exclude(pk__in=member_ids).order_by("name"))
    remove_form = MemberForm(units=member_units)
    lead_form = LeadershipForm(units=member_units, initial={"head_unit": by.head_unit_id,
                                                            "deputy_unit": by.deputy_unit_id})
    dates_form = DatesForm(initial={k: getattr(by, k) for k in services.DATE_FIELDS})
    if request.method == "POST":
        what = request.POST.get("what")
        if what != "dates" and not is_board:
            raise PermissionDenied(_("Only the commendation board may change the members."))
        if what == "add":
            add_form = MemberForm(request.POST, units=add_form.fields["unit"].queryset)
            if add_form.is_valid() and apply_service(add_form, services.add_member, by, user,
                                                     add_form.cleaned_data["unit"], add_form.cleaned_data["reason"]):
                messages.success(request, _("The member has been added."))
                return redirect("blocs:blocyear_manage", by.pk)
        elif what == "remove":
            remove_form = MemberForm(request.POST, units=member_units)
            if remove_form.is_valid() and apply_service(remove_form, services.remove_member, by, user,
                                                        remove_form.cleaned_data["unit"],
                                                        remove_form.cleaned_data["reason"]):
                messages.success(request, _("The member has been removed."))
                return redirect("blocs:blocyear_manage", by.pk)
        elif what == "leadership":
            lead_form = LeadershipForm(request.POST, units=member_units)
            if lead_form.is_valid() and apply_service(lead_form, services.set_leadership, by, user,
                                                      lead_form.cleaned_data["head_unit"],
                                                      lead_form.cleaned_data["deputy_unit"],
                                                      lead_form.cleaned_data["reason"]):
                messages.success(request, _("The head and deputy units have been saved."))
                return redirect("blocs:blocyear_manage", by.pk)
        elif what == "dates":
            dates_form = DatesForm(request.POST)
            if dates_form.is_valid() and apply_service(dates_form, services.update_bloc_year_dates, by, user,
                                                       **dates_form.cleaned_data):
                messages.success(request, _("The dates have been saved."))
                return redirect("blocs:blocyear_manage", by.pk)
    return render(request, "blocs/blocyear_manage.html", {
        "by": by, "is_board": is_board, "add_form": add_form, "remove_form": remove_form, "lead_form": lead_form,
        "dates_form": dates_form, "breadcrumbs": _crumbs(by, (_("Members and dates"), "")),
    })


@login_required
def blocyear_next(request, pk):
    previous = _bloc_year_or_404(request, pk)
    require_perm(request.user, "blocs.manage_blocyear")
    units = Unit.objects.filter(pk__in=[m.unit_id for m in previous.memberships.all()]).order_by("name")
    form = BlocYearForm(request.POST or None, units=units, with_members=False,
                        initial={"year": previous.year + 1, "deputy_unit": previous.head_unit_id})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        by = apply_service(form, services.create_next_year, previous, request.user, d["head_unit"],
                           d["deputy_unit"], year=d["year"], **{k: d[k] for k in services.DATE_FIELDS})
        if by is not None:
            messages.success(request, _("The bloc year %(year)s has been created from %(previous)s.")
                             % {"year": by.year, "previous": previous.year})
            return redirect(by)
    return render(request, "blocs/form.html", {
        "form": form, "title": _("Next year of %(bloc_year)s") % {"bloc_year": previous},
        "intro": _("Members are carried over and the criteria set is copied. Pick the new head and deputy units."),
        "breadcrumbs": _crumbs(previous, (_("Next year"), "")),
    })
