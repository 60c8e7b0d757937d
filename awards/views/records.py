"""Pages of personal records: appraisals, discipline and reviews, initiatives."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy

from emulation.access import get_for_user_or_404
from emulation.listing import listing

from .. import selectors, services
from ..filters import RECIPIENT_NAME, RECIPIENT_UNIT, AppraisalFilter, DisciplineFilter, InitiativeFilter
from ..forms import AppraisalForm, DisciplineForm, InitiativeForm
from .common import RecordPage, _scope_units

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
