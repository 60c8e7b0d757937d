"""Pages of the eligibility check and the year view (who qualifies this year)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from emulation.access import get_for_user_or_404, require_perm
from emulation.context_processors import current_year
from emulation.roles import roles_of
from emulation.selectors import people_for_user, units_for_user
from emulation.views import paginate

from ..eligibility import check, check_batch
from ..enums import RecipientKind
from ..forms import EligibilityForm, YearViewForm
from ..models import AwardType
from ..money import base_salary_on, coefficient_on, reward_amount

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
