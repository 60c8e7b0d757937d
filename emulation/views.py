import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from . import reforms, services
from .access import get_for_user_or_404, is_safe_target, require_perm, safe_next
from .actions import describe
from .collation import vi_order
from .context_processors import current_year
from .enums import UnitEventKind
from .errors import (
    DomainError,
    apply_service,  # noqa: F401 (also imported from here by other apps until they adopt errors)
    report_error,
)
from .filters import ActivityLogFilter, NotificationFilter, PersonFilter, UnitFilter
from .forms import EVENT_FORMS, MovePersonForm, PersonForm, RevealForm, UnitForm, tree_order, unit_option
from .guide import guide
from .listing import listing, paginate  # noqa: F401 (paginate: imported from here by other apps)
from .models import ActivityLog, Unit, UnitEvent
from .registry import dashboard_panels, hook
from .roles import roles_of
from .selectors import notifications_for_user, people_for_user, person_viewers, units_for_user


@login_required
def dashboard(request):
    roles = roles_of(request.user)
    year = current_year(request)
    return render(
        request,
        "emulation/dashboard.html",
        {"panels": dashboard_panels(request, roles, year), "year": year},
    )


@login_required
@require_POST
def choose_year(request):
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = None
    if year and 2000 <= year <= 2100:
        request.session["year"] = year
    return redirect(safe_next(request, reverse("dashboard")))


# Units ---------------------------------------------------------------------------------------


class UnitTree:
    """The units of a queryset in tree order (each under its parent, siblings by name), with ``depth``.

    The order is worked out from the ids alone; the units themselves are fetched a page at a time, so a
    province's thousands of units cost two queries per page. A unit whose parent is not in the queryset
    (filtered out, or out of the user's scope) starts a tree of its own.
    """

    def __init__(self, queryset):
        self.queryset = queryset
        pairs = list(queryset.order_by(vi_order("name"), "pk").values_list("pk", "parent_id"))
        ids = {pk for pk, _parent in pairs}
        children = {}
        for pk, parent_id in pairs:
            children.setdefault(parent_id if parent_id in ids else None, []).append(pk)
        self.rows = []
        stack = [(pk, 0) for pk in reversed(children.get(None, []))]
        while stack:
            pk, depth = stack.pop()
            self.rows.append((pk, depth))
            stack.extend((child, depth + 1) for child in reversed(children.get(pk, [])))

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        rows = self.rows[index] if isinstance(index, slice) else [self.rows[index]]
        units = self.queryset.in_bulk([pk for pk, _depth in rows])
        out = []
        for pk, depth in rows:
            units[pk].depth = depth
            out.append(units[pk])
        return out if isinstance(index, slice) else out[0]


UNIT_SORTS = {"tree": UnitTree, "name": vi_order("name"), "code": "code", "kind": ("kind", vi_order("name"))}


@login_required
def unit_options(request):
    """The units the user may choose in a list page's unit filter (``units_for_user``: every unit for the
    board, the clerk's own), in tree order, as the chooser's script reads them. Loaded once when a chooser
    is first opened; private to the user, kept by the browser for a few minutes."""
    units = tree_order(list(units_for_user(request.user).select_related(None)
                            .only("name", "short_name", "code", "parent_id")))
    response = JsonResponse({"units": [unit_option(u, u.depth) for u in units]})
    patch_cache_control(response, private=True, max_age=300)
    return response


@login_required
def unit_list(request):
    ctx = listing(request, units_for_user(request.user), UnitFilter, sorts=UNIT_SORTS, default="tree")
    return render(request, "emulation/unit_list.html",
                  {**ctx, "can_add": request.user.has_perm("emulation.add_unit")})


@login_required
def unit_detail(request, pk):
    unit = get_for_user_or_404(units_for_user(request.user), pk=pk)
    children = units_for_user(request.user).filter(parent=unit)
    people = paginate(request, people_for_user(request.user).filter(unit=unit, is_active=True))
    return render(
        request,
        "emulation/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "people": people,
            "can_change": request.user.has_perm("emulation.change_unit", unit),
            "events": reforms.events_of(unit),
            "former_names": unit.former_names.all(),
            "can_set_members": request.user.has_perm("emulation.change_person", unit),
            "extra_panels": hook("unit_panels", unit=unit, user=request.user),
        },
    )


@login_required
@require_POST
def unit_members_since(request, pk):
    """One step: the unit's current people are its members from a past date (collective titles of past years)."""
    unit = get_for_user_or_404(units_for_user(request.user), pk=pk)
    require_perm(request.user, "emulation.change_person", unit)
    try:
        date = datetime.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, _("Give a valid date."))
        return redirect("unit_detail", pk=unit.pk)
    try:
        n = services.set_members_since(unit, request.user, date)
    except DomainError as exc:
        report_error(request, exc)
    else:
        messages.success(request, _("%(n)s people recorded as members from %(date)s.")
                         % {"n": n, "date": date.strftime("%d/%m/%Y")})
    return redirect("unit_detail", pk=unit.pk)


class UnitFormView(LoginRequiredMixin, View):
    template_name = "emulation/unit_form.html"

    def get_unit(self, pk):
        if pk is None:
            require_perm(self.request.user, "emulation.add_unit")
            return None
        unit = get_for_user_or_404(units_for_user(self.request.user), pk=pk)
        require_perm(self.request.user, "emulation.change_unit", unit)
        return unit

    def get(self, request, pk=None):
        unit = self.get_unit(pk)
        return render(request, self.template_name, {"form": UnitForm(instance=unit), "unit": unit})

    def post(self, request, pk=None):
        unit = self.get_unit(pk)
        form = UnitForm(request.POST, instance=unit)
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in form.fields}
            if unit is None:
                result = apply_service(form, services.create_unit, request.user, **data)
            else:
                result = apply_service(form, services.update_unit, unit, request.user, **data)
            if result is not None:
                messages.success(request, _("The unit has been saved."))
                return redirect(result)
        return render(request, self.template_name, {"form": form, "unit": unit})


# People --------------------------------------------------------------------------------------

PERSON_SORTS = {"name": vi_order("full_name"), "unit": (vi_order("unit__name"), vi_order("full_name")),
                "category": ("category", vi_order("full_name"))}


@login_required
def person_list(request):
    ctx = listing(request, people_for_user(request.user), PersonFilter, sorts=PERSON_SORTS, default="name",
                  defaults={"is_active": "true"}, unit=units_for_user(request.user).order_by("name"))
    return render(request, "emulation/person_list.html",
                  {**ctx, "can_add": request.user.has_perm("emulation.add_person")})


def _person_page(request, person, reveal_form=None, revealed=False, status=200):
    user = request.user
    return render(
        request,
        "emulation/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("unit"),
            "can_change": user.has_perm("emulation.change_person", person),
            "can_reveal": user.has_perm("emulation.reveal_person", person),
            "reveal_form": reveal_form or RevealForm(),
            "revealed": revealed,
            "viewers": person_viewers(person) if user.has_perm("emulation.view_person_viewers") else None,
            "extra_panels": hook("person_panels", person=person, user=user),
        },
        status=status,
    )


@login_required
def person_detail(request, pk):
    person = get_for_user_or_404(people_for_user(request.user), pk=pk)
    services.log_person_view(request.user, person)
    return _person_page(request, person)


@login_required
@require_POST
def person_reveal(request, pk):
    """The full CCCD number and date of birth, shown once on this response, for a reason that is logged."""
    person = get_for_user_or_404(people_for_user(request.user), pk=pk)
    require_perm(request.user, "emulation.reveal_person", person)
    form = RevealForm(request.POST)
    if form.is_valid() and apply_service(form, services.reveal_person_data, request.user, person,
                                         form.cleaned_data["reason"]) is not None:
        return _person_page(request, person, revealed=True)
    return _person_page(request, person, reveal_form=form, status=400)


class PersonFormView(LoginRequiredMixin, View):
    template_name = "emulation/person_form.html"

    def get_person(self, pk):
        user = self.request.user
        if pk is None:
            require_perm(user, "emulation.add_person")
            return None
        person = get_for_user_or_404(people_for_user(user), pk=pk)
        require_perm(user, "emulation.change_person", person)
        return person

    def editable_units(self):
        user = self.request.user
        roles = roles_of(user)
        qs = units_for_user(user).filter(is_active=True).order_by("name")
        if roles.manages_everything:
            return qs
        return qs.filter(pk__in=roles.scope_unit_ids)

    def make_form(self, person, data=None):
        initial = {}
        unit_id = self.request.GET.get("unit")
        if person is None and unit_id and unit_id.isdigit():
            initial["unit"] = int(unit_id)
        return PersonForm(data, instance=person, units=self.editable_units(), editing=person is not None,
                          initial=initial)

    def get(self, request, pk=None):
        person = self.get_person(pk)
        return render(request, self.template_name, {"form": self.make_form(person), "person": person})

    def post(self, request, pk=None):
        person = self.get_person(pk)
        form = self.make_form(person, request.POST)
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in form.fields if not form.fields[f].disabled}
            if person is None:
                result = apply_service(form, services.create_person, request.user, **data)
            else:
                result = apply_service(form, services.update_person, person, request.user, **data)
            if result is not None:
                messages.success(request, _("The person has been saved."))
                return redirect(result)
        return render(request, self.template_name, {"form": form, "person": person})


class PersonMoveView(PersonFormView):
    template_name = "emulation/person_move.html"

    def get(self, request, pk):
        person = self.get_person(pk)
        form = MovePersonForm(units=self.editable_units().exclude(pk=person.unit_id),
                              initial={"position": person.position})
        return render(request, self.template_name, {"form": form, "person": person})

    def post(self, request, pk):
        person = self.get_person(pk)
        form = MovePersonForm(request.POST, units=self.editable_units().exclude(pk=person.unit_id))
        if form.is_valid():
            d = form.cleaned_data
            result = apply_service(
                form, services.move_person, person, request.user, d["unit"], date=d["date"],
                position=d["position"], reason=d["reason"],
            )
            if result is not None:
                messages.success(request, _("The person has been moved to %(unit)s.") % {"unit": d["unit"]})
                return redirect(result)
        return render(request, self.template_name, {"form": form, "person": person})


# Activity log and notifications --------------------------------------------------------------


LOG_SORTS = {"time": "created_at", "actor": ("actor__username", "-created_at"), "action": ("action", "-created_at"),
             "unit": ("unit__name", "-created_at")}


@login_required
def activity_log(request):
    require_perm(request.user, "emulation.view_activitylog")
    ctx = listing(request, ActivityLog.objects.select_related("actor", "unit", "content_type"), ActivityLogFilter,
                  sorts=LOG_SORTS, default="-time", unit=units_for_user(request.user).order_by("name"))
    ctx["page"].object_list = describe(ctx["page"].object_list)
    return render(request, "emulation/activity_log.html", ctx)


@login_required
def notification_list(request):
    ctx = listing(request, notifications_for_user(request.user), NotificationFilter,
                  sorts={"time": "created_at"}, default="-time")
    return render(request, "emulation/notifications.html", ctx)


@login_required
@require_POST
def notifications_read(request):
    ids = request.POST.getlist("id") or None
    services.mark_notifications_read(request.user, ids)
    return redirect(safe_next(request, reverse("notification_list")))


@login_required
def notification_open(request, pk):
    n = get_for_user_or_404(notifications_for_user(request.user), pk=pk)
    services.mark_notifications_read(request.user, [n.pk])
    target = n.url if is_safe_target(request, n.url) else None
    return redirect(target or reverse("notification_list"))


# Error pages ---------------------------------------------------------------------------------


def error_403(request, exception=None):
    message = str(exception) if exception and str(exception) else _("You do not have permission to do this.")
    return render(request, "403.html", {"message": message}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)


# Reorganisations of units ------------------------------------------------------------------------


def _event_units():
    return Unit.objects.filter(valid_to__isnull=True, is_active=True).order_by("name")


@login_required
def unit_event_list(request):
    require_perm(request.user, "emulation.view_unit_events")
    events = UnitEvent.objects.select_related("created_by").prefetch_related("predecessors__former_names",
                                                                             "successors")
    page = paginate(request, events)
    return render(request, "emulation/unit_event_list.html", {
        "page": page, "kinds": UnitEventKind.choices,
        "can_change": request.user.has_perm("emulation.reorganise_units")})


@login_required
def unit_event_detail(request, pk):
    require_perm(request.user, "emulation.view_unit_events")
    event = get_for_user_or_404(UnitEvent.objects.select_related("created_by").prefetch_related(
        "predecessors__former_names", "successors"), pk=pk)
    return render(request, "emulation/unit_event_detail.html", {"event": event})


def _allocation(request, plan):
    out = {}
    for person, _from, _to in plan.people if plan.kind == UnitEventKind.SPLIT else []:
        value = request.POST.get(f"alloc_{person.pk}", "")
        if value.isdigit():
            out[person.pk] = int(value)
    return out


@login_required
def unit_event_new(request, kind):
    """A form per kind of reorganisation → the preview (what moves) → commit (``emulation.reforms``)."""
    form_class = EVENT_FORMS.get(kind)
    if form_class is None:
        raise Http404
    require_perm(request.user, "emulation.reorganise_units",
                 message=_("Only the commendation board may record a reorganisation of units."))
    units = _event_units()
    form = form_class(request.POST or None, units=units)
    label = UnitEventKind(kind).label
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        params = form.params()
        plan = apply_service(form, reforms.plan_event, kind, **params)
        if plan is not None and kind == UnitEventKind.SPLIT and "commit" in request.POST:
            params = form.params(allocation=_allocation(request, plan))
            plan = apply_service(form, reforms.plan_event, kind, **params)
        if plan is not None and "commit" in request.POST:
            event = apply_service(form, reforms.commit_event, request.user, kind, **params)
            if event is not None:
                messages.success(request, _("The reorganisation has been recorded."))
                return redirect(event)
        elif plan is not None:
            return render(request, "emulation/unit_event_preview.html", {
                "form": form, "plan": plan, "kind": kind, "label": label,
                "successor_choices": list(enumerate(plan.successors))})
    return render(request, "emulation/unit_event_form.html", {"form": form, "kind": kind, "label": label})


@login_required
def user_guide(request):
    """The user guide (docs/user-guide*.md) inside the app, each section with its anchor."""
    html, sections = guide()
    return render(request, "emulation/guide.html", {
        "guide_html": mark_safe(html),  # noqa: S308 (our own docs, rendered with raw HTML turned off)
        "sections": sections, "breadcrumbs": [(_("Home"), reverse("dashboard")), (_("User guide"), "")]})
