"""Pages of the catalogue and legal data: award types, dated figures, quotas, base salary, and the
board's deadlines and thresholds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation.access import get_for_user_or_404, require_perm
from emulation.errors import apply_service
from emulation.models import ActivityLog

from .. import selectors, services
from ..eligibility import RULES
from ..forms import SETTING_FORMS, AwardTypeForm, BaseSalaryForm, CoefficientForm, ParameterForm, QuotaForm
from ..models import (
    AppraisalTimeLimit,
    BaseSalary,
    ConferralPower,
    CouncilQuorum,
    CouncilVoteThreshold,
    PublicHoliday,
    QuotaSetting,
    RewardCoefficient,
    RuleParameter,
    SubmissionDeadline,
)
from .common import FormPage, _crumbs

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

    def make_form(self, obj, data=None):
        # A new row already belongs to its award type, so that the form's own check (DatedRule.clean) knows
        # which rule it joins and refuses an overlap next to the dates.
        instance = obj if obj is not None else self.model(award_type=self.award_type)
        return self.form_class(data, instance=instance, initial=self.initial() if obj is None else None,
                               **self.form_kwargs())

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


@login_required
def nomination_settings(request):
    require_perm(request.user, "awards.manage_nomination_settings")
    forms = {kind: cls(prefix=kind) for kind, cls in SETTING_FORMS.items()}
    today = timezone.localdate()
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind in SETTING_FORMS:
            form = SETTING_FORMS[kind](request.POST, prefix=kind)
            forms[kind] = form
            if form.is_valid() and apply_service(form, services.save_setting, request.user,
                                                 form.save(commit=False)) is not None:
                messages.success(request, _("The setting has been saved."))
                return redirect("awards:nomination_settings")
    return render(request, "awards/nomination_settings.html", {
        "forms": forms,
        "deadlines": SubmissionDeadline.objects.all()[:50],
        "limits": AppraisalTimeLimit.objects.select_related("award_type")[:50],
        "thresholds": CouncilVoteThreshold.objects.select_related("award_type")[:50],
        "holidays": PublicHoliday.objects.filter(date__year__gte=today.year - 1)[:80],
        "quorums": CouncilQuorum.objects.all()[:20],
        "powers": ConferralPower.objects.select_related("authority", "award_type")[:200],
        "salary_now": BaseSalary.current(today),
        "salary_logged": ActivityLog.objects.filter(action__startswith="awards.basesalary.").order_by("-created_at")
        .select_related("actor").first(),
        "to_confirm": selectors.rows_to_confirm(),
        "breadcrumbs": _crumbs((_("Deadlines and thresholds"), "")),
    })
