"""Report 2: province award statistics for a year (thống kê khen thưởng của tỉnh).

Shaped after the state statistical form on awards at ministry/provincial level: counts of awards by award
type and recipient (collectives, households, individuals by statistical category), by award type × recipient
× award method, by emulation bloc (the bloc years of that year) and by unit, with totals and reward money.

Parameters: ``{"year": 2025}``. Counts are awards of the register whose year of achievement is the year,
revoked awards excluded. Gathering takes a fixed number of queries, whatever the number of units.
"""

from collections import defaultdict

from django import forms
from django.db.models import Case, Count, F, Max, Q, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from awards.enums import AwardKind, AwardMethod, RecipientKind
from awards.models import Award, AwardType
from blocs.models import BlocMembership, BlocYear
from emulation.enums import PersonCategory
from emulation.text import search_key

from ..pdf import render_document
from ..xlsx import workbook
from ._common import document, int_param, sees_everything, total_label

KIND = "province_stats"
LABEL = gettext_lazy("Province award statistics")
DESCRIPTION = gettext_lazy("Awards of a year by award type, recipient and award method, by bloc and by unit, with "
                           "reward money (after the state statistical form on awards). With an Excel twin.")
ORDER = 20
TEMPLATE = "reports/pdf/province_stats.html"

CATEGORIES = list(PersonCategory)
METHODS = list(AwardMethod)
RECIPIENTS = [RecipientKind.COLLECTIVE, RecipientKind.HOUSEHOLD, RecipientKind.INDIVIDUAL]


class Form(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", last_year_with_data())
        super().__init__(*args, **kwargs)


def last_year_with_data():
    """The year the form proposes: the last one (up to this year) with awards in the register, so that the
    first report a user asks for is not an empty one; last year when the register is empty."""
    this_year = timezone.localdate().year
    latest = Award.objects.filter(year__lte=this_year).aggregate(latest=Max("year"))["latest"]
    return latest or this_year - 1


def params_from(cleaned):
    return {"year": cleaned["year"]}


def available_to(user):
    return sees_everything(user)


def check_access(user, params):
    return sees_everything(user)


def title(params):
    return _("Award statistics of the province, year %(year)s") % {"year": params.get("year")}


class _Counts:
    """Counters of one row: by recipient (and individual category), by method, and money."""

    def __init__(self):
        self.recipient = defaultdict(int)
        self.category = defaultdict(int)
        self.method = defaultdict(int)
        self.total = 0
        self.money = 0
        self.unknown = 0

    def add(self, recipient, category, method, n, money, unknown):
        self.recipient[recipient] += n
        if recipient == RecipientKind.INDIVIDUAL:
            self.category[category] += n
        self.method[method] += n
        self.total += n
        self.money += money or 0
        self.unknown += unknown

    def merge(self, other):
        for attr in ("recipient", "category", "method"):
            for key, value in getattr(other, attr).items():
                getattr(self, attr)[key] += value
        self.total += other.total
        self.money += other.money
        self.unknown += other.unknown

    def type_cells(self):
        r = self.recipient
        return ([self.total, r[RecipientKind.COLLECTIVE], r[RecipientKind.HOUSEHOLD], r[RecipientKind.INDIVIDUAL]]
                + [self.category[c] for c in CATEGORIES] + [self.money])

    def method_cells(self):
        return [self.method[m] for m in METHODS] + [self.total, self.money]

    def unit_cells(self):
        r = self.recipient
        return [r[RecipientKind.COLLECTIVE], r[RecipientKind.HOUSEHOLD], r[RecipientKind.INDIVIDUAL], self.total,
                self.money]


def _row(no, labels, cells, style=""):
    return {"no": str(no), "labels": [str(x) for x in labels], "cells": cells, "style": style}


def gather(params, user):
    year = int_param(params, "year")
    live = Award.objects.filter(year=year, revoked=False)
    types = list(AwardType.objects.order_by("order", "name").values("id", "name", "kind", "is_active"))
    # The category the person had when the award was made (stored on the award); the current one for old rows.
    category = Case(When(person_category="", then=F("person__category")), default=F("person_category"))
    unknown = Q(amount__isnull=True, paid_by_conferring_level=False)  # paid by the central level: not unknown
    cube = (live.annotate(category=category).values("award_type_id", "recipient_kind", "method", "category")
            .annotate(n=Count("id"), money=Sum("amount"), unknown=Count("id", filter=unknown))
            .order_by())
    per_unit = (live.values("unit_id", "unit__name", "recipient_kind")
                .annotate(n=Count("id"), money=Sum("amount"), unknown=Count("id", filter=unknown))
                .order_by())
    bloc_years = list(BlocYear.objects.filter(year=year).order_by("bloc__code").values("id", "bloc__name"))
    members = list(BlocMembership.objects.filter(bloc_year__year=year)
                   .values_list("bloc_year_id", "unit_id", "unit__name"))

    by_type = defaultdict(_Counts)
    by_type_recipient = defaultdict(_Counts)
    grand = _Counts()
    for r in cube:
        args = (r["recipient_kind"], r["category"], r["method"], r["n"], r["money"], r["unknown"])
        by_type[r["award_type_id"]].add(*args)
        by_type_recipient[(r["award_type_id"], r["recipient_kind"])].add(*args)
        grand.add(*args)

    by_unit = defaultdict(_Counts)
    unit_names = {}
    for r in per_unit:
        by_unit[r["unit_id"]].add(r["recipient_kind"], None, None, r["n"], r["money"], r["unknown"])
        unit_names[r["unit_id"]] = r["unit__name"]
    blocs_of_unit = defaultdict(list)
    members_of = defaultdict(list)
    bloc_name = {b["id"]: b["bloc__name"] for b in bloc_years}
    for bloc_year_id, unit_id, unit_name in members:
        members_of[bloc_year_id].append(unit_id)
        blocs_of_unit[unit_id].append(bloc_name[bloc_year_id])
        unit_names[unit_id] = unit_name

    # Table 1: award type × recipient (individuals by statistical category), grouped titles / forms.
    shown_types = [t for t in types if t["is_active"] or t["id"] in by_type]
    rows1 = []
    for kind, kind_label in AwardKind.choices:
        group = [t for t in shown_types if t["kind"] == kind]
        if not group:
            continue
        subtotal = _Counts()
        rows1.append(_row("", [kind_label], [], "section"))
        for no, t in enumerate(group, start=1):
            counts = by_type.get(t["id"], _Counts())
            subtotal.merge(counts)
            rows1.append(_row(no, [t["name"]], counts.type_cells()))
        rows1.append(_row("", [_("Subtotal: %(kind)s") % {"kind": kind_label}], subtotal.type_cells(), "subtotal"))
    rows1.append(_row("", [_("Grand total")], grand.type_cells(), "total"))

    # Table 2: award type × recipient × award method.
    rows2 = []
    no = 0
    for t in shown_types:
        for recipient in RECIPIENTS:
            counts = by_type_recipient.get((t["id"], recipient))
            if counts is None:
                continue
            no += 1
            rows2.append(_row(no, [t["name"], recipient.label], counts.method_cells()))
    rows2.append(_row("", [_("Grand total"), ""], grand.method_cells(), "total"))

    # Table 3: by bloc (member units of that year's bloc).
    rows3 = []
    in_a_bloc = set()
    for no, b in enumerate(bloc_years, start=1):
        counts = _Counts()
        for unit_id in members_of[b["id"]]:
            in_a_bloc.add(unit_id)
            counts.merge(by_unit.get(unit_id, _Counts()))
        rows3.append(_row(no, [b["bloc__name"]], [len(members_of[b["id"]])] + counts.unit_cells()))
    outside = _Counts()
    outside_ids = [u for u in by_unit if u not in in_a_bloc]
    for unit_id in outside_ids:
        outside.merge(by_unit[unit_id])
    rows3.append(_row("", [_("Units in no bloc")], [len(outside_ids)] + outside.unit_cells(), "subtotal"))
    unit_total = _Counts()
    for counts in by_unit.values():
        unit_total.merge(counts)
    rows3.append(_row("", [_("Grand total")], [len(in_a_bloc) + len(outside_ids)] + unit_total.unit_cells(), "total"))

    # Table 4: by unit, bloc members first (in bloc order), then the other units with awards.
    rows4 = []
    seen = set()
    ordered = []
    for b in bloc_years:
        for unit_id in sorted(members_of[b["id"]], key=lambda u: search_key(unit_names[u])):
            if unit_id not in seen:
                seen.add(unit_id)
                ordered.append(unit_id)
    ordered += sorted((u for u in by_unit if u not in seen), key=lambda u: search_key(unit_names[u]))
    for no, unit_id in enumerate(ordered, start=1):
        counts = by_unit.get(unit_id, _Counts())
        rows4.append(_row(no, [unit_names[unit_id], ", ".join(blocs_of_unit.get(unit_id, []))], counts.unit_cells()))
    rows4.append(_row("", [_("Grand total"), ""], unit_total.unit_cells(), "total"))

    recipient_headers = [_("Collectives"), _("Households"), _("Individuals")]
    tables = [
        {"key": "by_type", "sheet": _("By award type"), "title": _("Table 1. Awards by award type and recipient"),
         "label_headers": [_("Award type")],
         "value_headers": [total_label()] + recipient_headers + [c.label for c in CATEGORIES] + [_("Reward money")],
         "money_index": 4 + len(CATEGORIES), "rows": rows1},
        {"key": "by_method", "sheet": _("By award method"),
         "title": _("Table 2. Awards by award type, recipient and award method"),
         "label_headers": [_("Award type"), _("Recipient")],
         "value_headers": [m.label for m in METHODS] + [total_label(), _("Reward money")],
         "money_index": len(METHODS) + 1, "rows": rows2},
        {"key": "by_bloc", "sheet": _("By bloc"), "title": _("Table 3. Awards by emulation bloc"),
         "label_headers": [_("Emulation bloc")],
         "value_headers": [pgettext("count", "Member units")] + recipient_headers + [total_label(), _("Reward money")],
         "money_index": 5, "rows": rows3},
        {"key": "by_unit", "sheet": _("By unit"), "title": _("Table 4. Awards by unit"),
         "label_headers": [_("Unit"), _("Emulation bloc")],
         "value_headers": recipient_headers + [total_label(), _("Reward money")],
         "money_index": 4, "rows": rows4},
    ]
    for table in tables:
        table["width"] = 1 + len(table["label_headers"]) + len(table["value_headers"])
    r = grand.recipient
    return {
        "doc": document(_("REPORT"), _("AWARD STATISTICS OF THE PROVINCE"), _("Year %(year)s") % {"year": year}),
        "year": year,
        "summary": {"total": grand.total, "collectives": r[RecipientKind.COLLECTIVE],
                    "households": r[RecipientKind.HOUSEHOLD], "individuals": r[RecipientKind.INDIVIDUAL],
                    "money": grand.money, "unknown_amount": grand.unknown, "blocs": len(bloc_years),
                    "units": len(ordered)},
        "tables": tables,
    }


def render_pdf(data):
    return render_document(TEMPLATE, data)


def render_xlsx(data):
    sheets = []
    for table in data["tables"]:
        header = [_("No.")] + table["label_headers"] + table["value_headers"]
        body = [r for r in table["rows"] if r["style"] not in ("total",)]
        footer = [r for r in table["rows"] if r["style"] == "total"]
        sheets.append({
            "title": table["sheet"],
            "header": header,
            "rows": [[r["no"]] + r["labels"] + r["cells"] for r in body],
            "footer": [[r["no"]] + r["labels"] + r["cells"] for r in footer],
            "widths": [6] + [40] * len(table["label_headers"]) + [14] * len(table["value_headers"]),
        })
    return workbook(sheets, title=f'{data["doc"]["title"]} – {data["doc"]["subtitle"]}')

