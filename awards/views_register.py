"""Pages of the awards register: catalogue, dated figures, records, tra cứu, eligibility."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from emulation.access import get_for_user_or_404, require_perm
from emulation.context_processors import current_year
from emulation.listing import listing, sort_fields, valid_sort
from emulation.roles import roles_of
from emulation.selectors import people_for_user, units_for_user
from emulation.views import apply_service, paginate

from . import selectors, services
from .eligibility import RULES, check, check_batch
from .enums import AwardMethod, RecipientKind
from .export import register_workbook
from .filters import RECIPIENT_NAME, RECIPIENT_UNIT, AppraisalFilter, DisciplineFilter, InitiativeFilter
from .forms import (
    AppraisalForm,
    AwardTypeForm,
    BaseSalaryForm,
    CoefficientForm,
    DisciplineForm,
    EligibilityForm,
    InitiativeForm,
    ParameterForm,
    PastAwardForm,
    QuotaForm,
    RegisterSearchForm,
    RevokeForm,
    YearViewForm,
)
from .models import AwardType, BaseSalary, QuotaSetting, RewardCoefficient, RuleParameter
from .money import base_salary_on, coefficient_on, reward_amount

EXPORT_LIMIT = 20_000


def _editable_people(user):
    r = roles_of(user)
    qs = people_for_user(user).filter(is_active=True).order_by("search_name", "pk")
    return qs if r.manages_everything else qs.filter(unit_id__in=r.scope_unit_ids)


def _editable_units(user):
    r = roles_of(user)
    qs = units_for_user(user).filter(is_active=True).order_by("name")
    return qs if r.manages_everything else qs.filter(pk__in=r.scope_unit_ids)


class FormPage(LoginRequiredMixin, View):
    """One create/edit page: fetch through a selector (404), check the permission (403), run a service."""

    template_name = "awards/form.html"
    form_class = None
    add_perm = change_perm = None
    title_new = title_edit = ""
    cancel_url = None

    def queryset(self):
        raise NotImplementedError

    def get_object(self, pk):
        if pk is None:
            require_perm(self.request.user, self.add_perm)
            return None
        obj = get_for_user_or_404(self.queryset(), pk=pk)
        require_perm(self.request.user, self.change_perm, obj)
        return obj

    def form_kwargs(self):
        return {}

    def initial(self):
        return {}

    def make_form(self, obj, data=None):
        return self.form_class(data, instance=obj, initial=self.initial() if obj is None else None,
                               **self.form_kwargs())

    def save(self, obj, data):
        raise NotImplementedError

    def success_url(self, result):
        return result.get_absolute_url()

    def render_page(self, form, obj):
        return render(self.request, self.template_name, {
            "form": form, "object": obj, "title": self.title_edit if obj else self.title_new,
            "cancel_url": self.cancel_url or self.request.META.get("HTTP_REFERER", "")})

    def get(self, request, pk=None, **kwargs):
        obj = self.get_object(pk)
        return self.render_page(self.make_form(obj), obj)

    def post(self, request, pk=None, **kwargs):
        obj = self.get_object(pk)
        form = self.make_form(obj, request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            result = apply_service(form, self.save, obj, data)
            if result is not None:
                messages.success(request, _("Saved."))
                return redirect(self.success_url(result))
        return self.render_page(form, obj)


# Catalogue -------------------------------------------------------------------------------------


@login_required
def type_list(request):
    require_perm(request.user, "awards.view_catalogue")
    types = selectors.award_types()
    return render(request, "awards/type_list.html", {
        "types": types, "can_manage": request.user.has_perm("awards.manage_catalogue"), "rules": RULES})


@login_required
def type_detail(request, pk):
    require_perm(request.user, "awards.view_catalogue")
    award_type = get_for_user_or_404(selectors.award_types(), pk=pk)
    return render(request, "awards/type_detail.html", {
        "award_type": award_type, **selectors.award_type_detail_rows(award_type),
        "rule_known": award_type.rule in RULES,
        "can_manage": request.user.has_perm("awards.manage_catalogue")})


class TypeFormPage(FormPage):
    form_class = AwardTypeForm
    add_perm = change_perm = "awards.manage_catalogue"
    title_new = gettext_lazy("Add an award type")
    title_edit = gettext_lazy("Edit award type")
    cancel_url = reverse_lazy("awards:type_list")

    def queryset(self):
        return selectors.award_types()

    def save(self, obj, data):
        if obj is None:
            return services.create_award_type(self.request.user, **data)
        return services.update_award_type(obj, self.request.user, **data)


class DatedRowPage(FormPage):
    """Coefficients and rule parameters: rows under one award type."""

    add_perm = change_perm = "awards.manage_catalogue"
    model = None
    service = None

    def queryset(self):
        return self.model.objects.select_related("award_type")

    def get(self, request, pk=None, type_pk=None):
        self.award_type = get_for_user_or_404(selectors.award_types(), pk=type_pk) if type_pk else None
        return super().get(request, pk)

    def post(self, request, pk=None, type_pk=None):
        self.award_type = get_for_user_or_404(selectors.award_types(), pk=type_pk) if type_pk else None
        return super().post(request, pk)

    def get_object(self, pk):
        obj = super().get_object(pk)
        if obj is not None:
            self.award_type = obj.award_type
        self.cancel_url = self.award_type.get_absolute_url()
        return obj

    def save(self, obj, data):
        if obj is None:
            data["award_type"] = self.award_type
        return type(self).service(obj, self.request.user, **data)

    def success_url(self, result):
        return result.award_type.get_absolute_url()


class CoefficientPage(DatedRowPage):
    model = RewardCoefficient
    form_class = CoefficientForm
    service = services.save_coefficient
    title_new = gettext_lazy("Add a reward coefficient")
    title_edit = gettext_lazy("Edit reward coefficient")


class ParameterPage(DatedRowPage):
    model = RuleParameter
    form_class = ParameterForm
    service = services.save_parameter
    title_new = gettext_lazy("Add a rule parameter")
    title_edit = gettext_lazy("Edit rule parameter")


class QuotaPage(FormPage):
    form_class = QuotaForm
    add_perm = change_perm = "awards.manage_catalogue"
    title_new = gettext_lazy("Add a provincial quota")
    title_edit = gettext_lazy("Edit provincial quota")
    cancel_url = reverse_lazy("awards:quota_list")

    def queryset(self):
        return QuotaSetting.objects.all()

    def save(self, obj, data):
        return services.save_quota(obj, self.request.user, **data)

    def success_url(self, result):
        return reverse("awards:quota_list")


class SalaryPage(FormPage):
    form_class = BaseSalaryForm
    add_perm = change_perm = "awards.manage_catalogue"
    title_new = gettext_lazy("Add a base salary")
    title_edit = gettext_lazy("Edit base salary")
    cancel_url = reverse_lazy("awards:salary_list")

    def queryset(self):
        return BaseSalary.objects.all()

    def save(self, obj, data):
        return services.save_base_salary(obj, self.request.user, **data)

    def success_url(self, result):
        return reverse("awards:salary_list")


@login_required
def quota_list(request):
    require_perm(request.user, "awards.view_catalogue")
    return render(request, "awards/quota_list.html", {
        "quotas": selectors.quotas(), "can_manage": request.user.has_perm("awards.manage_catalogue")})


@login_required
def salary_list(request):
    require_perm(request.user, "awards.view_catalogue")
    return render(request, "awards/salary_list.html", {
        "rows": selectors.base_salaries(), "can_manage": request.user.has_perm("awards.manage_catalogue")})


# Records ---------------------------------------------------------------------------------------


def _scope_units(user):
    return units_for_user(user).order_by("name")


APPRAISAL_SORTS = {
    "year": ("year", "recipient_name"),
    "name": ("recipient_name", "-year"),
    "unit": ("recipient_unit", "recipient_name", "-year"),
    "rating": ("rating", "recipient_name", "-year"),
}


@login_required
def appraisal_list(request):
    qs = selectors.appraisals_for_user(request.user).annotate(recipient_name=RECIPIENT_NAME,
                                                              recipient_unit=RECIPIENT_UNIT)
    ctx = listing(request, qs, AppraisalFilter, sorts=APPRAISAL_SORTS, default="-year",
                  unit=_scope_units(request.user))
    return render(request, "awards/appraisal_list.html", {
        **ctx, "can_add": request.user.has_perm("awards.add_record")})


class RecordPage(FormPage):
    add_perm = "awards.add_record"
    change_perm = "awards.change_record"

    def form_kwargs(self):
        return {"people": _editable_people(self.request.user), "units": _editable_units(self.request.user)}

    def initial(self):
        out = {}
        for name in ("person", "unit", "year"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                out[name] = int(value)
        return out


class AppraisalPage(RecordPage):
    form_class = AppraisalForm
    title_new = gettext_lazy("Add an appraisal")
    title_edit = gettext_lazy("Edit appraisal")
    cancel_url = reverse_lazy("awards:appraisal_list")

    def queryset(self):
        return selectors.appraisals_for_user(self.request.user)

    def save(self, obj, data):
        return services.save_appraisal(obj, self.request.user, **data)

    def success_url(self, result):
        return reverse("awards:appraisal_list")


DISCIPLINE_SORTS = {
    "start": "start_date",
    "end": ("end_date", "start_date"),
    "name": ("recipient_name", "-start_date"),
    "unit": ("recipient_unit", "recipient_name", "-start_date"),
    "kind": ("kind", "-start_date"),
}


@login_required
def discipline_list(request):
    qs = selectors.discipline_for_user(request.user).annotate(recipient_name=RECIPIENT_NAME,
                                                              recipient_unit=RECIPIENT_UNIT)
    ctx = listing(request, qs, DisciplineFilter, sorts=DISCIPLINE_SORTS, default="-start",
                  unit=_scope_units(request.user))
    return render(request, "awards/discipline_list.html", {
        **ctx, "can_add": request.user.has_perm("awards.add_record")})


class DisciplinePage(RecordPage):
    form_class = DisciplineForm
    title_new = gettext_lazy("Add a discipline or review record")
    title_edit = gettext_lazy("Edit discipline or review record")
    cancel_url = reverse_lazy("awards:discipline_list")

    def queryset(self):
        return selectors.discipline_for_user(self.request.user)

    def save(self, obj, data):
        return services.save_discipline(obj, self.request.user, **data)

    def success_url(self, result):
        return reverse("awards:discipline_list")


INITIATIVE_SORTS = {
    "year": ("year", "title"),
    "title": ("title", "-year"),
    "unit": ("unit__name", "-year", "title"),
    "level": ("level", "-year", "title"),
}


@login_required
def initiative_list(request):
    ctx = listing(request, selectors.initiatives_for_user(request.user), InitiativeFilter, sorts=INITIATIVE_SORTS,
                  default="-year", unit=_scope_units(request.user))
    return render(request, "awards/initiative_list.html", {
        **ctx, "can_add": request.user.has_perm("awards.add_record")})


@login_required
def initiative_detail(request, pk):
    initiative = get_for_user_or_404(selectors.initiatives_for_user(request.user), pk=pk)
    return render(request, "awards/initiative_detail.html", {
        "initiative": initiative,
        "can_change": request.user.has_perm("awards.change_record", initiative)})


class InitiativePage(RecordPage):
    form_class = InitiativeForm
    title_new = gettext_lazy("Add an initiative")
    title_edit = gettext_lazy("Edit initiative")
    cancel_url = reverse_lazy("awards:initiative_list")

    def queryset(self):
        return selectors.initiatives_for_user(self.request.user)

    def save(self, obj, data):
        return services.save_initiative(obj, self.request.user, **data)


# The register ----------------------------------------------------------------------------------


REGISTER_SORTS = {
    # "-year" is the register's own order: newest year, then the catalogue's order of award types, then names.
    "year": ("year", "award_type__order", "recipient_name", "unit__name"),
    "name": ("recipient_name", "-year"),
    "unit": ("unit__name", "-year", "recipient_name"),
    "type": ("award_type__order", "award_type__name", "-year", "recipient_name"),
    "decision": ("decision_date", "decision_number", "recipient_name"),
    "amount": ("amount", "-year", "recipient_name"),
}


def _search(request):
    """The tra cứu form and the awards it finds, not yet ordered."""
    units = units_for_user(request.user).order_by("name")
    form = RegisterSearchForm(request.GET or None, units=units)
    qs = selectors.awards_for_user(request.user).annotate(recipient_name=RECIPIENT_NAME)
    if form.is_valid():
        d = form.cleaned_data
        qs = selectors.search_register(qs, text=d["q"], unit=d["unit"], year_from=d["year_from"],
                                       year_to=d["year_to"], award_type=d["award_type"], method=d["method"],
                                       recipient_kind=d["recipient_kind"])
    else:
        qs = qs.filter(revoked=False)
    return form, qs


@login_required
def register(request):
    form, qs = _search(request)
    ctx = listing(request, qs, sorts=REGISTER_SORTS, default="-year")
    return render(request, "awards/register.html", {
        **ctx, "form": form, "filtered": any(request.GET.get(name) for name in form.fields),
        "can_add": request.user.has_perm("awards.add_record"), "methods": AwardMethod})


@login_required
def statistics(request):
    """Awards per year by award type: a stacked bar chart over the same filters as the lookup, and the
    table with the same numbers."""
    form, qs = _search(request)
    counts = selectors.award_counts_by_year(qs)
    chart = {"years": counts["years"], "types": [{"name": t["name"], "counts": t["counts"]} for t in counts["types"]],
             "labels": {"axis": _("Number of awards"), "year": _("Year")}}
    return render(request, "awards/statistics.html", {
        "form": form, "counts": counts, "chart": chart,
        "rows": [(year, [t["counts"][i] for t in counts["types"]], counts["totals"][i])
                 for i, year in enumerate(counts["years"])],
        "summary": _statistics_summary(counts),
    })


def _statistics_summary(counts):
    if not counts["total"]:
        return _("No awards match the search.")
    busiest = max(range(len(counts["years"])), key=lambda i: counts["totals"][i])
    return _("%(total)s awards from %(first)s to %(last)s in %(types)s award types; the most in %(year)s "
             "(%(n)s).") % {"total": counts["total"], "first": counts["years"][0], "last": counts["years"][-1],
                            "types": len(counts["types"]), "year": counts["years"][busiest],
                            "n": counts["totals"][busiest]}


@login_required
def register_export(request):
    _form, qs = _search(request)
    sort = valid_sort(REGISTER_SORTS, request.GET.get("sort", ""), "-year")
    content = register_workbook(qs.order_by(*sort_fields(REGISTER_SORTS, sort))[:EXPORT_LIMIT])
    response = HttpResponse(content,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="tra-cuu-khen-thuong.xlsx"'
    return response


@login_required
def award_detail(request, pk):
    award = get_for_user_or_404(selectors.awards_for_user(request.user).prefetch_related("initiatives"), pk=pk)
    return render(request, "awards/award_detail.html", {
        "award": award,
        "can_change": award.entered_manually and not award.revoked
        and request.user.has_perm("awards.change_record", award),
        "can_revoke": not award.revoked and request.user.has_perm("awards.revoke_award", award),
        "revoke_form": RevokeForm()})


class PastAwardPage(RecordPage):
    form_class = PastAwardForm
    title_new = gettext_lazy("Enter a past award")
    title_edit = gettext_lazy("Correct a past award")
    cancel_url = reverse_lazy("awards:register")

    def queryset(self):
        return selectors.awards_for_user(self.request.user)

    def form_kwargs(self):
        return {**super().form_kwargs(), "initiatives": selectors.initiatives_for_user(self.request.user)}

    def save(self, obj, data):
        if obj is None:
            return services.record_past_award(self.request.user, **data)
        return services.update_past_award(obj, self.request.user, **data)


@login_required
@require_POST
def award_revoke(request, pk):
    award = get_for_user_or_404(selectors.awards_for_user(request.user), pk=pk)
    require_perm(request.user, "awards.revoke_award", award)
    form = RevokeForm(request.POST)
    if form.is_valid():
        services.revoke_award(award, request.user, form.cleaned_data["reason"])
        messages.success(request, _("The award has been revoked."))
    else:
        messages.error(request, _("Give the reason for the revocation."))
    return redirect(award)


# Eligibility -----------------------------------------------------------------------------------


@login_required
def eligibility(request):
    require_perm(request.user, "awards.check_eligibility")
    people = people_for_user(request.user).filter(is_active=True).order_by("search_name", "pk")
    units = units_for_user(request.user).order_by("name")
    for name, qs in (("person", people), ("unit", units)):
        value = request.GET.get(name, "")
        if value.isdigit():
            get_for_user_or_404(qs, pk=int(value))  # someone outside the user's scope: 404
    data = request.GET.copy() if "award_type" in request.GET else None
    if data is not None and not data.get("year"):
        data["year"] = current_year(request)
    form = EligibilityForm(data, people=people, units=units,
                           initial={"year": current_year(request), "person": request.GET.get("person"),
                                    "unit": request.GET.get("unit")})
    result = None
    if data is not None and form.is_valid():
        d = form.cleaned_data
        recipient = d["person"] or d["unit"]
        verdict = check(d["award_type"], recipient, d["year"])
        kind = RecipientKind.INDIVIDUAL if d["person"] else RecipientKind.COLLECTIVE
        result = {"recipient": recipient, "award_type": d["award_type"], "year": d["year"], "verdict": verdict,
                  "money": _money_preview(d["award_type"], kind, d["year"])}
    return render(request, "awards/eligibility.html", {"form": form, "result": result})


def _money_preview(award_type, kind, year):
    """What the reward would be if decided today (or at the end of a past year)."""
    import datetime

    from django.utils import timezone

    on = min(timezone.localdate(), datetime.date(year + 1, 12, 31))
    coefficient, base = coefficient_on(award_type, kind, on), base_salary_on(on)
    amount = reward_amount(award_type, kind, on, coefficient, base) if coefficient is not None and base else None
    return {"on": on, "coefficient": coefficient, "base": base, "amount": amount}


YEAR_VIEW_RULES = ["ldtt", "cstdcs", "cstd_tinh", "cstd_tq", "bk_tinh"]
YEAR_VIEW_UNIT_RULES = ["ttldtt", "ttldxs"]


@login_required
def year_view(request):
    """Who in my unit qualifies for what: every person of the unit against the individual titles."""
    require_perm(request.user, "awards.check_eligibility")
    units = units_for_user(request.user).order_by("name")
    r = roles_of(request.user)
    default_unit = min(r.clerk_unit_ids) if r.clerk_unit_ids else None
    if request.GET.get("unit", "").isdigit():
        get_for_user_or_404(units, pk=int(request.GET["unit"]))
    data = {"unit": request.GET.get("unit") or default_unit, "year": request.GET.get("year") or current_year(request)}
    form = YearViewForm(data if data["unit"] else None, units=units)
    context = {"form": form}
    if data["unit"] and form.is_valid():
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        types = list(AwardType.objects.filter(is_active=True, rule__in=YEAR_VIEW_RULES, for_individuals=True))
        unit_types = list(AwardType.objects.filter(is_active=True, rule__in=YEAR_VIEW_UNIT_RULES,
                                                   for_collectives=True))
        page = paginate(request, people_for_user(request.user).filter(unit=unit, is_active=True)
                        .order_by("search_name", "pk"))
        people = list(page.object_list)
        cache = {}
        verdicts = {t.pk: check_batch(t, people, year, cache=cache) for t in types}
        rows = [(p, [(t, verdicts[t.pk][p.pk]) for t in types]) for p in people]
        unit_verdicts = [(t, check_batch(t, [unit], year, cache=cache)[unit.pk]) for t in unit_types]
        counts = {t.pk: sum(1 for p in people if verdicts[t.pk][p.pk].eligible) for t in types}
        context.update({"unit": unit, "year": year, "types": types, "rows": rows, "page": page,
                        "unit_verdicts": unit_verdicts, "counts": [counts[t.pk] for t in types]})
    return render(request, "awards/year_view.html", context)
