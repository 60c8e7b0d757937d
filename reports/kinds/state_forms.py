"""Report: the state's statistical forms on emulation and commendation (biểu mẫu báo cáo thống kê TĐKT).

Three forms of the 06xx series of the Ministry of Home Affairs' statistical reporting circular, for one year:
the number of emulation campaigns, the state-level awards and the ministry/provincial-level awards, each with
the form's row codes (01 = total) and column numbers (A, B, then 1, 2, …). Which circular and which form codes
apply is dated data (``reports.StatisticalForm``: the rows in force on 31/12 of the year); a row not yet
checked against the published text is printed "cần xác nhận".

Counting, from the register (awards of the year of achievement, revoked ones excluded), by award type of the
form's level (``AwardType.level``: ``state`` and ``provincial``):
- (1) total = (2) collectives + (3) households + (4) individuals;
- (4) individuals = (5) provincial-level leaders + (6) department-level leaders + (7) other leaders + (8) direct
  workers (the person's statistical category when the award was made, ``Award.person_category``; the
  person's present ``Person.category`` only for an award that does not record it);
- (9)–(15) by award method: regular, thematic, extraordinary, process of contribution (cống hiến), seniority,
  foreign affairs, resistance (a method the register does not hold counts 0).
Campaigns: (1) launched in the year, (2) concluded in the year; rows 02 regular, 03 thematic.
Parameters: ``{"year": 2025}``. A fixed number of queries, whatever the size of the register.
"""

import datetime
from collections import defaultdict

from django import forms
from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.enums import AwardLevel, AwardMethod, RecipientKind
from awards.models import Award, AwardType
from campaigns.enums import CampaignForm, CampaignState
from campaigns.models import Campaign
from emulation.enums import PersonCategory

from ..models import StatisticalForm
from ..pdf import render_document
from ..xlsx import workbook
from ._common import document, int_param, sees_everything, total_label

KIND = "state_forms"
LABEL = gettext_lazy("State statistical forms on emulation and commendation")
DESCRIPTION = gettext_lazy("The forms of the Ministry of Home Affairs' statistical reporting for a year: campaigns, "
                           "state-level awards, ministry/provincial-level awards, with the forms' row and column "
                           "numbering. With an Excel twin.")
ORDER = 25
TEMPLATE = "reports/pdf/state_forms.html"

CATEGORIES = [PersonCategory.PROVINCIAL_LEADER, PersonCategory.DEPARTMENT_LEADER, PersonCategory.OTHER_LEADER,
              PersonCategory.WORKER]
RESISTANCE = "resistance"
METHODS = ["regular", "thematic", "extraordinary", "contribution", "seniority", "foreign", RESISTANCE]
LEVELS = [(StatisticalForm.Key.STATE, AwardLevel.STATE), (StatisticalForm.Key.PROVINCIAL, AwardLevel.PROVINCIAL)]


class Form(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year - 1)
        super().__init__(*args, **kwargs)


def params_from(cleaned):
    return {"year": cleaned["year"]}


def available_to(user):
    return sees_everything(user)


def check_access(user, params):
    return sees_everything(user)


def title(params):
    return _("State statistical forms on emulation and commendation, year %(year)s") % {"year": params.get("year")}


def _method_label(value):
    if value in AwardMethod.values:
        return str(AwardMethod(value).label)
    return str(_("Resistance wars"))


def award_headers():
    """The value columns of the award forms, numbered 1.. in this order."""
    return ([total_label(), _("Collectives"), _("Households"), _("Individuals")]
            + [str(c.label) for c in CATEGORIES] + [_method_label(m) for m in METHODS])


def campaign_headers():
    return [_("Launched in the year"), _("Concluded in the year")]


def _award_cells(counts):
    r, c, m = counts["recipient"], counts["category"], counts["method"]
    individuals = r[RecipientKind.INDIVIDUAL]
    total = r[RecipientKind.COLLECTIVE] + r[RecipientKind.HOUSEHOLD] + individuals
    return ([total, r[RecipientKind.COLLECTIVE], r[RecipientKind.HOUSEHOLD], individuals]
            + [c[k] for k in CATEGORIES] + [m[k] for k in METHODS])


def _new_counts():
    return {"recipient": defaultdict(int), "category": defaultdict(int), "method": defaultdict(int)}


def _form_meta(forms_by_key, key, fallback_title):
    row = forms_by_key.get(key)
    if row is None:
        return {"code": "", "title": str(fallback_title), "circular": "", "confirmed": False}
    return {"code": row.code, "title": row.title, "circular": row.legal_basis, "confirmed": row.confirmed}


def _row(code, label, cells, style=""):
    return {"code": code, "label": str(label), "cells": cells, "style": style}


def gather(params, user):
    year = int_param(params, "year")
    on = datetime.date(year, 12, 31)
    forms_by_key = {}
    for row in StatisticalForm.objects.in_force(on):
        forms_by_key.setdefault(row.key, row)
    types = list(AwardType.objects.filter(level__in=[lv for _k, lv in LEVELS]).order_by("order", "name")
                 .values("id", "name", "level", "is_active"))
    cube = (Award.objects.filter(year=year, revoked=False, award_type__level__in=[lv for _k, lv in LEVELS])
            .annotate(category=Coalesce(NullIf("person_category", Value("")), "person__category"))
            .values("award_type_id", "recipient_kind", "category", "method")
            .annotate(n=Count("id")).order_by())
    by_type = defaultdict(_new_counts)
    for r in cube:
        counts = by_type[r["award_type_id"]]
        counts["recipient"][r["recipient_kind"]] += r["n"]
        if r["recipient_kind"] == RecipientKind.INDIVIDUAL:
            counts["category"][r["category"] or PersonCategory.WORKER] += r["n"]
        counts["method"][r["method"]] += r["n"]

    launched_q = Q(launched_at__year=year) | Q(launched_at__isnull=True, start_date__year=year,
                                               state__in=[s for s in CampaignState.values if s != "planned"])
    campaign_counts = {
        row["form"]: row for row in Campaign.objects.values("form").annotate(
            launched=Count("id", filter=launched_q), concluded=Count("id", filter=Q(concluded_at__year=year)))
        .order_by()}

    sheets = []
    # Form 1: campaigns
    c_rows = []
    totals = [0, 0]
    for i, (value, label) in enumerate(CampaignForm.choices, start=2):
        got = campaign_counts.get(value, {})
        cells = [got.get("launched", 0), got.get("concluded", 0)]
        totals = [a + b for a, b in zip(totals, cells, strict=True)]
        c_rows.append(_row(f"{i:02d}", label, cells))
    c_rows.insert(0, _row("01", _("Total number of campaigns"), totals, "total"))
    sheets.append({"key": StatisticalForm.Key.CAMPAIGNS, "sheet": _("Campaigns"),
                   **_form_meta(forms_by_key, StatisticalForm.Key.CAMPAIGNS, StatisticalForm.Key.CAMPAIGNS.label),
                   "label_header": _("Campaign form"), "headers": campaign_headers(), "rows": c_rows})
    # Forms 2 and 3: awards of the state level, of the ministry/provincial level
    for key, level in LEVELS:
        rows = []
        total = _new_counts()
        shown = [t for t in types if t["level"] == level and (t["is_active"] or t["id"] in by_type)]
        for i, t in enumerate(shown, start=2):
            counts = by_type.get(t["id"], _new_counts())
            for part in ("recipient", "category", "method"):
                for k, v in counts[part].items():
                    total[part][k] += v
            rows.append(_row(f"{i:02d}", t["name"], _award_cells(counts)))
        rows.insert(0, _row("01", total_label(), _award_cells(total), "total"))
        sheets.append({"key": key, "sheet": str(StatisticalForm.Key(key).label)[:31],
                       **_form_meta(forms_by_key, key, StatisticalForm.Key(key).label),
                       "label_header": _("Award type"), "headers": award_headers(), "rows": rows})
    for sheet in sheets:
        sheet["numbers"] = ["A", "B"] + [str(i) for i in range(1, len(sheet["headers"]) + 1)]
        sheet["width"] = 2 + len(sheet["headers"])
    return {
        "doc": document(_("STATISTICAL REPORT"), _("STATISTICS OF EMULATION AND COMMENDATION"),
                        _("Year %(year)s") % {"year": year}),
        "year": year,
        "forms": sheets,
    }


def render_pdf(data):
    return render_document(TEMPLATE, data)


def render_xlsx(data):
    sheets = []
    for form in data["forms"]:
        status = "" if form["confirmed"] else _(" (to be confirmed)")
        header = [form["label_header"], _("Code")] + form["headers"]
        sheets.append({
            "title": form["sheet"],
            "header": header,
            "rows": [[f'{form["code"]}{status} – {form["title"]}', form["circular"]], form["numbers"]]
            + [[r["label"], r["code"]] + r["cells"] for r in form["rows"]],
            "widths": [40, 8] + [12] * len(form["headers"]),
        })
    return workbook(sheets, title=f'{data["doc"]["title"]} – {data["doc"]["subtitle"]}')
