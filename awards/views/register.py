"""Pages of the awards register: tra cứu, statistics, export, past awards, revocation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from emulation.access import get_for_user_or_404, require_perm
from emulation.collation import vi_order
from emulation.downloads import serve_bytes
from emulation.errors import apply_service
from emulation.listing import listing, sort_fields, valid_sort
from emulation.roles import roles_of
from emulation.selectors import units_for_user

from .. import selectors, services
from ..counts import summary_counts
from ..enums import AwardMethod
from ..export import register_workbook
from ..forms import PastAwardForm, RecoveryForm, RegisterSearchForm, RevokeForm
from .common import RecordPage

EXPORT_LIMIT = 20_000


# The register ----------------------------------------------------------------------------------


REGISTER_SORTS = {
    # "-year" is the register's own order: newest year, then the catalogue's order of award types, then names.
    # The award type's order and the recipient's name are read from the copies stored on the award
    # (awards.sortkeys), so that this order is one index (award_register_order_vi on PostgreSQL); names sort in
    # the Vietnamese order (D before Đ).
    "year": ("year", "type_order", vi_order("recipient_name"), vi_order("unit__name")),
    "name": (vi_order("recipient_name"), "-year"),
    "unit": (vi_order("unit__name"), "-year", vi_order("recipient_name")),
    "type": ("type_order", "award_type__name", "-year", vi_order("recipient_name")),
    "decision": ("decision_date", "decision_number", vi_order("recipient_name")),
    "amount": ("amount", "-year", vi_order("recipient_name")),
}


def _search(request):
    """The tra cứu form and the awards it finds, not yet ordered."""
    units = units_for_user(request.user).order_by("name")
    form = RegisterSearchForm(request.GET or None, units=units)
    qs = selectors.awards_for_user(request.user)
    if form.is_valid():
        d = form.cleaned_data
        qs = selectors.search_register(qs, text=d["q"], unit=d["unit"], year_from=d["year_from"],
                                       year_to=d["year_to"], award_type=d["award_type"], method=d["method"],
                                       recipient_kind=d["recipient_kind"], include_revoked=d["include_revoked"])
    else:
        qs = qs.filter(revoked=False)
    return form, qs


@login_required
def register(request):
    form, qs = _search(request)
    ctx = listing(request, qs.prefetch_related("unit__former_names"), sorts=REGISTER_SORTS, default="-year")
    unit = form.cleaned_data.get("unit") if form.is_bound and form.is_valid() else None
    return render(request, "awards/register.html", {
        **ctx, "form": form, "predecessor_ids": _predecessor_ids(ctx["page"], unit),
        "filtered": any(request.GET.get(name) for name in form.fields),
        "can_add": request.user.has_perm("awards.add_record"), "methods": AwardMethod})


def _predecessor_ids(page, unit):
    """The units of the page's collective awards that are not the looked-up unit: its predecessors."""
    if unit is None:
        return set()
    return {a.unit_id for a in page if a.unit_id != unit.pk and a.person_id is None}


@login_required
def statistics(request):
    """Awards per year by award type: a stacked bar chart over the same filters as the lookup, and the
    table with the same numbers."""
    form, qs = _search(request)
    # The whole register (no filter, a role that sees every award): the summary kept by the services instead of
    # counting 190,000 awards; otherwise the awards found, counted.
    whole = not any(request.GET.get(name) for name in form.fields) and roles_of(request.user).sees_everything
    counts = selectors.award_counts_by_year(qs.filter(revoked=False),  # revoked awards never count
                                            rows=summary_counts() if whole else None)
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
    return serve_bytes(content, "tra-cuu-khen-thuong.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@login_required
def award_detail(request, pk):
    award = get_for_user_or_404(selectors.awards_for_user(request.user).prefetch_related(
        "initiatives", "unit__former_names").select_related("revocation"), pk=pk)
    revocation = getattr(award, "revocation", None) if award.revoked else None
    return render(request, "awards/award_detail.html", {
        "award": award, "revocation": revocation,
        "can_record_recovery": revocation is not None and request.user.has_perm("awards.revoke_award", award)
        and (revocation.money_outstanding or revocation.items_outstanding),
        "recovery_form": RecoveryForm(),
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
        if apply_service(form, services.revoke_award, award, request.user, **form.cleaned_data) is not None:
            messages.success(request, _("The award has been revoked."))
            return redirect(award)
    errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    messages.error(request, errors or _("Give the revocation decision and its reason."))
    return redirect(award)


@login_required
@require_POST
def award_recovery(request, pk):
    award = get_for_user_or_404(selectors.awards_for_user(request.user), pk=pk)
    require_perm(request.user, "awards.revoke_award", award)
    form = RecoveryForm(request.POST)
    if form.is_valid() and apply_service(form, services.record_recovery, award, request.user,
                                         **form.cleaned_data) is not None:
        messages.success(request, _("The recovery has been recorded."))
    else:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs)
                       or _("Give the date the money or the items were recovered."))
    return redirect(award)
