"""Report 1: the year-end summary of a bloc (báo cáo tổng kết công tác thi đua, khen thưởng của khối).

Parameters: ``{"bloc_year": id}``. Sections (after domain.md §7 and the bloc meetings' news, seed 001):

I.   the bloc and its members, with the head (Khối trưởng) and the deputy (Khối phó);
II.  the campaigns carried out in the year and the pledge (signing date, signatories, fulfilment per unit);
III. the common activities and the leaders' assessment (``blocs.models.BlocYearAssessment``): strengths,
     weaknesses, lessons;
IV.  the scoring table (self, reviewed, bonus, penalty, final, rank) — totals and ranking come from the blocs
     app (``blocs.selectors.scoreboard``: the one place points are added up), never recomputed here;
V.   the vote and the proposals (flag, Diploma of Merit);
VI.  commendation statistics of the member units for the year, by award type and recipient (collectives,
     individuals), regular and thematic awards apart; initiatives recognised;
VII. directions for next year, recommendations and next year's head and deputy (the bloc year of year + 1).

Access: board, council and administrators; the clerks of the head and deputy units (the bloc leaders) of that
bloc year; the clerks of the member units once the bloc year is closed. Anyone else: 404, even with a job URL.
Gathering takes a fixed number of queries, whatever the number of member units.
"""

from collections import defaultdict

from django import forms
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from awards.enums import AwardKind, AwardMethod, InitiativeLevel, RecipientKind
from awards.models import Award, Initiative
from blocs.enums import BlocYearState, ProposalKind
from blocs.models import BlocMembership, BlocYear, BlocYearAssessment
from blocs.selectors import entries_by_criterion, not_submitted, proposals_for_bloc_year, scoreboard, vote_of
from campaigns.enums import CampaignScope, CampaignState
from campaigns.models import Campaign, CampaignRegistration
from emulation.roles import roles_of
from emulation.text import search_key
from pledges.enums import FulfilmentResult
from pledges.models import Commitment, FulfilmentLine, FulfilmentReport, Pledge, Signature

from ..issuers import issuer_for
from ..pdf import render_document
from ..xlsx import workbook
from ._common import ddmmyyyy, document, has_any_role, int_param, total_label

KIND = "bloc_summary"
LABEL = gettext_lazy("Bloc year-end summary")
DESCRIPTION = gettext_lazy("The year-end summary of an emulation bloc: members, campaigns and pledge, the leaders' "
                           "assessment, scores and ranking, vote and proposals, awards of the member units and "
                           "next year's head and deputy. With an Excel twin.")
ORDER = 10
TEMPLATE = "reports/pdf/bloc_summary.html"

METHOD_GROUPS = [("regular", pgettext_lazy("award method, short", "Regular")),
                 ("thematic", pgettext_lazy("award method, short", "Thematic")),
                 ("other", pgettext_lazy("award method, short", "Other methods"))]


def bloc_years_for_summary(user):
    """The bloc years whose summary the user may read (see the module's docstring)."""
    qs = BlocYear.objects.select_related("bloc", "head_unit", "deputy_unit")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    ids = list(r.clerk_unit_ids)
    if not ids:
        return qs.none()
    member = BlocMembership.objects.filter(bloc_year=OuterRef("pk"), unit_id__in=ids)
    return qs.filter(Q(head_unit_id__in=ids) | Q(deputy_unit_id__in=ids)
                     | Q(Exists(member), state=BlocYearState.CLOSED))


def may_read_summary(user, bloc_year):
    """The rule of ``bloc_years_for_summary`` for one bloc year, in Python: no query when the bloc year's
    memberships are prefetched (the bloc year page), so a link to the report shows only to who may have it."""
    r = roles_of(user)
    if r.sees_everything:
        return True
    ids = r.clerk_unit_ids
    if not ids:
        return False
    if bloc_year.head_unit_id in ids or bloc_year.deputy_unit_id in ids:
        return True
    return bloc_year.state == BlocYearState.CLOSED and any(m.unit_id in ids for m in bloc_year.memberships.all())


class Form(forms.Form):
    bloc_year = forms.ModelChoiceField(label=gettext_lazy("Bloc year"), queryset=BlocYear.objects.none(),
                                       help_text=gettext_lazy("Member units may read the summary once the bloc year "
                                                              "is closed."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bloc_year"].queryset = bloc_years_for_summary(user).order_by("-year", "bloc__code")


def params_from(cleaned):
    return {"bloc_year": cleaned["bloc_year"].pk}


def available_to(user):
    return has_any_role(user)


def check_access(user, params):
    pk = int_param(params, "bloc_year")
    return bool(pk) and bloc_years_for_summary(user).filter(pk=pk).exists()


def title(params):
    by = BlocYear.objects.select_related("bloc").filter(pk=int_param(params, "bloc_year")).first()
    if by is None:
        return str(LABEL)
    return _("Year-end summary of %(bloc)s, %(year)s") % {"bloc": by.bloc.name, "year": by.year}


def _num(value):
    """Points as a JSON-friendly number (two decimals at most), None stays None."""
    return None if value is None else float(value)


def _method_group(method):
    return method if method in (AwardMethod.REGULAR, AwardMethod.THEMATIC) else "other"


# Sections ------------------------------------------------------------------------------------------------


def _members(bloc_year):
    rows = list(BlocMembership.objects.filter(bloc_year=bloc_year).values_list("unit_id", "unit__name"))
    rank = {bloc_year.head_unit_id: 0, bloc_year.deputy_unit_id: 1}
    rows.sort(key=lambda m: (rank.get(m[0], 2), search_key(m[1])))
    out = []
    for no, (unit_id, name) in enumerate(rows, start=1):
        role = (_("Bloc head") if unit_id == bloc_year.head_unit_id
                else _("Bloc deputy") if unit_id == bloc_year.deputy_unit_id else _("Member"))
        out.append({"no": no, "id": unit_id, "unit": name, "role": str(role)})
    return out


def _campaigns(bloc_year, member_ids):
    """Campaigns under way in the year (not merely planned) that reached the bloc: province-wide ones, those
    scoped to this bloc, and those a member unit registered for; with the members' registrations and awards."""
    year = bloc_year.year
    in_year = ((Q(start_date__isnull=True) | Q(start_date__year__lte=year))
               & (Q(end_date__isnull=True) | Q(end_date__year__gte=year)))
    registrations = CampaignRegistration.objects.filter(campaign=OuterRef("pk"), unit_id__in=member_ids)
    scoped = Campaign.scope_blocs.through.objects.filter(campaign=OuterRef("pk"), bloc_id=bloc_year.bloc_id)
    awards = Award.objects.filter(campaign=OuterRef("pk"), year=year, revoked=False, unit_id__in=member_ids)
    reaches = Q(scope=CampaignScope.PROVINCE) | Q(Exists(scoped), scope=CampaignScope.BLOCS) | Q(Exists(registrations))
    qs = (Campaign.objects.filter(in_year).filter(reaches).exclude(state=CampaignState.PLANNED)
          .annotate(registered=_count(registrations), awards_n=_count(awards))
          .order_by("form", "start_date", "title"))
    return [{"no": no, "title": c.title, "form": str(c.get_form_display()), "authority": c.authority,
             "period": " – ".join(x for x in (ddmmyyyy(c.start_date), ddmmyyyy(c.end_date)) if x),
             "registered": c.registered or 0, "awards": c.awards_n or 0}
            for no, c in enumerate(qs, start=1)]


def _count(qs):
    return Subquery(qs.order_by().values("campaign").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField())


def _pledge(bloc_year, members):
    pledge = Pledge.objects.filter(bloc_year=bloc_year).first()
    if pledge is None:
        return None
    commitments = Commitment.objects.filter(pledge=pledge).count()
    signed = set(Signature.objects.filter(pledge=pledge, withdrawn_at__isnull=True).values_list("unit_id", flat=True))
    reports = dict(FulfilmentReport.objects.filter(pledge=pledge).values_list("unit_id", "state"))
    results = defaultdict(lambda: defaultdict(int))
    for unit_id, result, n in (FulfilmentLine.objects.filter(report__pledge=pledge)
                               .values_list("report__unit_id", "result").annotate(n=Count("pk")).order_by()):
        results[unit_id][result] = n
    state_labels = dict(FulfilmentReport._meta.get_field("state").choices)
    rows = []
    for m in members:
        r = results.get(m["id"], {})
        rows.append({
            "no": m["no"], "unit": m["unit"], "signed": m["id"] in signed,
            "report": str(state_labels.get(reports[m["id"]], "")) if m["id"] in reports else "",
            "achieved": r.get(FulfilmentResult.ACHIEVED, 0), "partly": r.get(FulfilmentResult.PARTLY, 0),
            "not_achieved": r.get(FulfilmentResult.NOT_ACHIEVED, 0),
        })
    return {
        "title": pledge.title, "state": str(pledge.get_state_display()),
        "ceremony_date": ddmmyyyy(pledge.ceremony_date), "ceremony_place": pledge.ceremony_place,
        "commitments": commitments, "signed": len(signed & {m["id"] for m in members}), "members": len(members),
        "rows": rows,
        "totals": {k: sum(r[k] for r in rows) for k in ("achieved", "partly", "not_achieved")},
    }


def _scores(bloc_year):
    """The scoring table from the blocs app's scoreboard (final basis: totals and rank); the self and reviewed
    totals of the same scorecards through the same ``CriteriaTree.totals``."""

    tree, ranked = scoreboard(bloc_year, "final")
    rows = []
    for row in ranked:
        entries = entries_by_criterion(row.scorecard)
        own = tree.totals(entries, "self")
        reviewed = tree.totals(entries, "reviewed")
        rows.append({
            "rank": row.rank, "unit": row.scorecard.unit.name, "state": str(row.scorecard.get_state_display()),
            "finalised": row.scorecard.state == "finalised",
            "self": _num(own.total), "reviewed": _num(reviewed.total), "bonus": _num(row.totals.bonus),
            "penalty": _num(row.totals.penalty), "final": _num(row.totals.total),
        })
    left_out = [{"unit": sc.unit.name, "reason": sc.closed_out_reason,
                 "on": ddmmyyyy(timezone.localtime(sc.closed_out_at).date()) if sc.closed_out_at else ""}
                for sc in not_submitted(bloc_year)]
    return {"rows": rows, "not_finalised": sum(1 for r in rows if not r["finalised"]), "not_submitted": left_out,
            "standard_total": _num(tree.criteria_set.standard_total), "bonus_cap": _num(tree.criteria_set.bonus_cap)}


def _vote(bloc_year):

    vote = vote_of(bloc_year)
    if vote is None:
        return None
    results = sorted(vote.results.all(), key=lambda r: (-r.votes_for, search_key(r.unit.name)))
    return {"held_on": ddmmyyyy(vote.held_on), "voters_present": vote.voters_present,
            "threshold": _num(vote.threshold_percent), "note": vote.note,
            "rows": [{"no": no, "unit": r.unit.name, "votes": r.votes_for, "percent": _num(r.percent),
                      "passes": r.passes} for no, r in enumerate(results, start=1)]}


def _proposals(bloc_year):

    kinds = [k for k, _label in ProposalKind.choices]
    rows = sorted(proposals_for_bloc_year(bloc_year),
                  key=lambda p: (kinds.index(p.kind) if p.kind in kinds else len(kinds), -p.votes,
                                 search_key(p.unit.name)))
    return [{"no": no, "unit": p.unit.name, "kind": str(p.get_kind_display()), "votes": p.votes,
             "voters_present": p.voters_present, "rank": p.rank, "note": p.note}
            for no, p in enumerate(rows, start=1)]


def _awards(bloc_year, members):
    """Awards (not revoked) of the year to the member units and their people, by award type and by unit."""
    live = Award.objects.filter(year=bloc_year.year, revoked=False, unit__bloc_memberships__bloc_year=bloc_year)
    cube = list(live.values("award_type_id", "award_type__name", "award_type__kind", "award_type__order",
                            "recipient_kind", "method").annotate(n=Count("id"), money=Sum("amount")).order_by())
    per_unit = list(live.values("unit_id", "recipient_kind", "method").annotate(n=Count("id"), money=Sum("amount"))
                    .order_by())
    recipients = [RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL]
    if any(r["recipient_kind"] == RecipientKind.HOUSEHOLD for r in cube):
        recipients.append(RecipientKind.HOUSEHOLD)
    columns = [(rk, key) for rk in recipients for key, _label in METHOD_GROUPS]
    types = {}
    for r in cube:
        t = types.setdefault(r["award_type_id"], {"name": r["award_type__name"], "kind": r["award_type__kind"],
                                                 "order": r["award_type__order"], "cells": defaultdict(int),
                                                 "money": 0})
        t["cells"][(r["recipient_kind"], _method_group(r["method"]))] += r["n"]
        t["money"] += r["money"] or 0

    def cells_of(counter, money):
        values = [counter[c] for c in columns]
        return values + [sum(values), money]

    rows, grand, grand_money = [], defaultdict(int), 0
    for kind, kind_label in AwardKind.choices:
        group = sorted((t for t in types.values() if t["kind"] == kind), key=lambda t: (t["order"], t["name"]))
        if not group:
            continue
        rows.append({"no": "", "label": str(kind_label), "cells": [], "style": "section"})
        for no, t in enumerate(group, start=1):
            rows.append({"no": str(no), "label": t["name"], "cells": cells_of(t["cells"], t["money"]), "style": ""})
            for key, value in t["cells"].items():
                grand[key] += value
            grand_money += t["money"]
    rows.append({"no": "", "label": total_label(), "cells": cells_of(grand, grand_money), "style": "total"})

    unit_counts = defaultdict(lambda: defaultdict(int))
    for r in per_unit:
        c = unit_counts[r["unit_id"]]
        c[r["recipient_kind"]] += r["n"]
        c[_method_group(r["method"])] += r["n"]
        c["total"] += r["n"]
        c["money"] += r["money"] or 0
    unit_keys = [*recipients, "regular", "thematic", "other", "total", "money"]
    unit_rows = [{"no": m["no"], "label": m["unit"], "cells": [unit_counts[m["id"]][k] for k in unit_keys]}
                 for m in members]
    unit_total = [sum(r["cells"][i] for r in unit_rows) for i in range(len(unit_keys))]

    recipient_label = {RecipientKind.COLLECTIVE: _("Collectives"), RecipientKind.INDIVIDUAL: _("Individuals"),
                       RecipientKind.HOUSEHOLD: _("Households")}
    method_label = {key: str(label) for key, label in METHOD_GROUPS}
    by_recipient = {str(rk): sum(grand[(rk, key)] for key, _l in METHOD_GROUPS) for rk in recipients}
    by_method = {key: sum(grand[(rk, key)] for rk in recipients) for key, _l in METHOD_GROUPS}
    return {
        "groups": [{"label": str(recipient_label[rk]), "span": len(METHOD_GROUPS)} for rk in recipients],
        "methods": [method_label[key] for key, _label in METHOD_GROUPS],
        "width": len(columns) + 4,
        "rows": rows,
        "unit_headers": [str(recipient_label[rk]) for rk in recipients]
        + [method_label["regular"], method_label["thematic"], method_label["other"], total_label(), _("Reward money")],
        "unit_rows": unit_rows,
        "unit_total": unit_total,
        "summary": {"total": sum(grand.values()), "money": grand_money,
                    "collectives": by_recipient.get(str(RecipientKind.COLLECTIVE), 0),
                    "individuals": by_recipient.get(str(RecipientKind.INDIVIDUAL), 0),
                    "households": by_recipient.get(str(RecipientKind.HOUSEHOLD), 0),
                    "regular": by_method["regular"], "thematic": by_method["thematic"], "other": by_method["other"]},
    }


def _initiatives(bloc_year):
    counts = dict(Initiative.objects.filter(year=bloc_year.year, unit__bloc_memberships__bloc_year=bloc_year)
                  .values_list("level").annotate(n=Count("pk", distinct=True)).order_by())
    return [{"level": str(label), "count": counts.get(level, 0)} for level, label in InitiativeLevel.choices]


def _next_year(bloc_year):
    nxt = (BlocYear.objects.filter(bloc_id=bloc_year.bloc_id, year=bloc_year.year + 1)
           .select_related("head_unit", "deputy_unit").first())
    if nxt is None:
        return None
    return {"year": nxt.year, "head": nxt.head_unit.name, "deputy": nxt.deputy_unit.name if nxt.deputy_unit_id else ""}


def _assessment(bloc_year):
    row = BlocYearAssessment.objects.filter(bloc_year=bloc_year).first()
    return {name: (getattr(row, name) if row else "") for name in BlocYearAssessment.TEXT_FIELDS}


def _head_signer(bloc_year):
    """The head unit's signer (its ``IssuerSetting``), else the head unit's name: never a made-up person."""
    issuer = issuer_for(unit=bloc_year.head_unit)
    return issuer.signer_name if issuer is not None else bloc_year.head_unit.name


def gather(params, user):
    bloc_year = (BlocYear.objects.select_related("bloc", "head_unit", "deputy_unit")
                 .get(pk=int_param(params, "bloc_year")))
    members = _members(bloc_year)
    awards = _awards(bloc_year, members)
    year = bloc_year.year
    doc = document(
        _("REPORT"),
        _("SUMMARY OF THE EMULATION AND COMMENDATION WORK OF THE YEAR %(year)s") % {"year": year},
        bloc_year.bloc.name,
        parent_body=bloc_year.bloc.council, issuing_body=bloc_year.bloc.name,
        symbol=pgettext("document symbol", "BC-BLOC"),
        signer_capacity=_("On behalf of the emulation bloc"), signer_title=_("Bloc head"),
        signer_name=_head_signer(bloc_year),
        recipients=[_("The emulation and commendation council (to report)"),
                    _("The emulation and commendation board"), _("Member units of the bloc")],
    )
    return {
        "doc": doc,
        "bloc": {"name": bloc_year.bloc.name, "year": year, "council": bloc_year.bloc.council,
                 "state": str(bloc_year.get_state_display()), "head": bloc_year.head_unit.name,
                 "deputy": bloc_year.deputy_unit.name if bloc_year.deputy_unit_id else "",
                 "meeting_date": ddmmyyyy(bloc_year.meeting_date)},
        "members": [{k: v for k, v in m.items() if k != "id"} for m in members],
        "campaigns": _campaigns(bloc_year, [m["id"] for m in members]),
        "pledge": _pledge(bloc_year, members),
        "assessment": _assessment(bloc_year),
        "scores": _scores(bloc_year),
        "vote": _vote(bloc_year),
        "proposals": _proposals(bloc_year),
        "awards": awards,
        "initiatives": _initiatives(bloc_year),
        "next_year": _next_year(bloc_year),
    }


def render_pdf(data):
    return render_document(TEMPLATE, data)


def render_xlsx(data):
    sheets = [{
        "title": _("Members"),
        "header": [_("No."), _("Unit"), _("Role in the bloc")],
        "rows": [[m["no"], m["unit"], m["role"]] for m in data["members"]],
        "widths": [6, 50, 16],
    }]
    if data["pledge"]:
        p = data["pledge"]
        sheets.append({
            "title": _("Pledge fulfilment"),
            "header": [_("No."), _("Unit"), _("Signed the pledge"), _("Fulfilment report"), _("Achieved"),
                       _("Partly achieved"), _("Not achieved")],
            "rows": [[r["no"], r["unit"], _("yes") if r["signed"] else _("no"), r["report"], r["achieved"],
                      r["partly"], r["not_achieved"]] for r in p["rows"]],
            "footer": [[total_label(), f'{p["signed"]}/{p["members"]}', "", "", p["totals"]["achieved"],
                        p["totals"]["partly"], p["totals"]["not_achieved"]]],
            "widths": [6, 50, 12, 20, 12, 12, 12],
        })
    sheets.append({
        "title": _("Scores"),
        "header": [_("Rank"), _("Unit"), _("Self score"), _("Reviewed score"), _("Bonus"), _("Penalty"),
                   _("Final score")],
        "rows": [[r["rank"], r["unit"], r["self"], r["reviewed"], r["bonus"], r["penalty"], r["final"]]
                 for r in data["scores"]["rows"]],
        "widths": [8, 50, 12, 12, 10, 10, 12],
    })
    if data["vote"]:
        sheets.append({
            "title": _("Vote"),
            "header": [_("No."), _("Unit"), _("Votes for"), _("Per cent of voters present"),
                       _("Reaches the threshold")],
            "rows": [[r["no"], r["unit"], r["votes"], r["percent"], _("yes") if r["passes"] else _("no")]
                     for r in data["vote"]["rows"]],
            "widths": [6, 50, 10, 14, 14],
        })
    sheets.append({
        "title": _("Proposals"),
        "header": [_("No."), _("Unit"), _("Proposed for"), _("Votes for"), _("Voters present"), _("Rank")],
        "rows": [[r["no"], r["unit"], r["kind"], r["votes"], r["voters_present"], r["rank"]]
                 for r in data["proposals"]],
        "widths": [6, 50, 50, 10, 10, 8],
    })
    a = data["awards"]
    header = [_("No."), _("Award type")]
    for g in a["groups"]:
        header += [f'{g["label"]}: {m}' for m in a["methods"]]
    header += [total_label(), _("Reward money")]
    sheets.append({
        "title": _("Awards by type"),
        "header": header,
        "rows": [[r["no"], r["label"], *r["cells"]] for r in a["rows"] if r["style"] not in ("section", "total")],
        "footer": [[r["no"], r["label"], *r["cells"]] for r in a["rows"] if r["style"] == "total"],
        "widths": [6, 40] + [12] * (len(header) - 2),
    })
    sheets.append({
        "title": _("Awards by unit"),
        "header": [_("No."), _("Unit"), *a["unit_headers"]],
        "rows": [[r["no"], r["label"], *r["cells"]] for r in a["unit_rows"]],
        "footer": [["", total_label(), *a["unit_total"]]],
        "widths": [6, 50] + [12] * len(a["unit_headers"]),
    })
    return workbook(sheets, title=f'{data["doc"]["title"]} – {data["doc"]["subtitle"]}')
