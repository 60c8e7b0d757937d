"""Home-page panels of the nominations part.

- a clerk: the unit's nominations by state, those returned for correction (each linked) and the award
  decisions recently issued about the unit;
- the board and the council: the nominations to receive and appraise (overdue first) and the council's
  business (the next meeting, the nominations before it, the nominees awaiting the ballot);
- the board: the decisions to record (nominees ready for a decision, drafts to issue).

Every panel takes a fixed number of queries, whatever the number of rows.
"""

from django.db.models import Case, Count, F, IntegerField, Sum, Value, When, Window
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from emulation.registry import Panel

from .enums import DecisionState, NominationState
from .models import Decision, Nomination
from .selectors import (
    TO_APPRAISE,
    at_council,
    next_council_meeting,
    overdue_q,
    ready_for_decision,
    recent_decisions,
    returned_nominations,
    to_receive_and_appraise,
)

SHOWN = 5  # rows listed in a panel; the counts and the "all" link cover the rest
TEMPLATE = "emulation/_panel_rows.html"
UNIT = {"unit_name": F("unit__name"), "unit_short_name": F("unit__short_name")}


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _first_rows(qs, *fields, **expressions):
    """The first SHOWN rows of ``qs`` (only ``fields``) and how many rows it has in all, in one query (the
    count as a window over the rows before the LIMIT)."""
    rows = list(qs.values(*fields, **expressions).annotate(total=Window(Count("pk")))[:SHOWN])
    return rows, rows[0]["total"] if rows else 0


def _unit_name(row):
    return row["unit_short_name"] or row["unit_name"]


def _clerk_panels(request, roles, year):
    out = []
    counts = dict(Nomination.objects.filter(unit_id__in=roles.clerk_unit_ids).order_by()
                  .values_list("state").annotate(n=Count("pk")))
    returned = counts.get(NominationState.RETURNED, 0)
    base = reverse("awards:nomination_list")
    rows = [{"label": n["title"], "url": reverse("awards:nomination_detail", args=[n["pk"]]),
             "note": _("returned: %(reason)s") % {"reason": n["returned_reason"]} if n["returned_reason"]
             else _("returned"), "danger": True}
            for n in returned_nominations(roles.clerk_unit_ids).values("pk", "title", "returned_reason")[:SHOWN]
            ] if returned else []
    links = [(f"{label}: {counts.get(value, 0)}", f"{base}?{urlencode({'state': value})}")
             for value, label in NominationState.choices if counts.get(value)]
    links.append((_("New nomination"), reverse("awards:nomination_create")))
    out.append(Panel(_("My unit's nominations"), TEMPLATE, {
        "text": _("%(n)s returned by the board for correction.") % {"n": returned} if returned else "",
        "rows": rows, "links": links}, order=20, count=returned))

    shown, total = _first_rows(recent_decisions(request.user, year), "pk", "number", "date", "authority")
    if shown:
        rows = [{"label": _("Decision %(number)s of %(date)s") % {"number": d["number"], "date": _date(d["date"])},
                 "url": reverse("awards:decision_detail", args=[d["pk"]]), "note": d["authority"]} for d in shown]
        out.append(Panel(_("Award decisions about my unit"), TEMPLATE, {
            "rows": rows, "links": [(_("All award decisions"), reverse("awards:decision_list"))]},
            order=23, count=total))
    return out


def _board_queue_panel(request, roles):
    queue = reverse("awards:nomination_queue")
    late = Case(When(overdue_q(), then=Value(1)), default=Value(0), output_field=IntegerField())
    counts, overdue = {}, 0
    for state, n, n_late in Nomination.objects.order_by().values_list("state").annotate(n=Count("pk"),
                                                                                        late=Sum(late)):
        counts[state] = n
        overdue += n_late or 0  # one GROUP BY for the counts by state and the overdue ones
    waiting = sum(counts.get(state, 0) for state in TO_APPRAISE)
    rows = []
    states = {value: str(label) for value, label in NominationState.choices}
    # the panel shows the unit's name of each row only: no joins for the list's other related rows (they cost more
    # to plan than to run), no item counts
    for n in to_receive_and_appraise(request.user).values("pk", "title", "state", "appraisal_due", "is_overdue",
                                                          **UNIT)[:SHOWN]:
        note = f"{_unit_name(n)} · {states.get(n['state'], n['state'])}"
        if n["appraisal_due"]:
            note += " · " + _("due %(date)s") % {"date": _date(n["appraisal_due"])}
        rows.append({"label": n["title"], "url": reverse("awards:nomination_appraise", args=[n["pk"]]),
                     "note": (_("Overdue") + " · " + note) if n["is_overdue"] else note, "danger": n["is_overdue"]})
    links = [(f"{label}: {counts.get(value, 0)}", f"{queue}?{urlencode({'state': value})}")
             for value, label in NominationState.choices if value in TO_APPRAISE and counts.get(value)]
    if overdue:
        links.insert(0, (_("Overdue: %(n)s") % {"n": overdue}, f"{queue}?overdue=true"))
    links.append((_("Board queue"), queue))
    return Panel(_("Nominations to receive and appraise"), TEMPLATE, {
        "text": _("%(n)s overdue.") % {"n": overdue} if overdue else "", "danger": bool(overdue),
        "rows": rows, "links": links}, order=21, count=waiting)


def _council_panel(request, roles):
    meeting = next_council_meeting()
    shown, total = _first_rows(at_council(request.user), "pk", "title", "n_ballot", **UNIT)
    rows = [{"label": n["title"], "url": reverse("awards:nomination_detail", args=[n["pk"]]),
             "note": _unit_name(n) + (" · " + _("%(n)s awaiting the ballot") % {"n": n["n_ballot"]}
                                      if n["n_ballot"] else "")} for n in shown]
    if meeting is not None:
        text = _("Next meeting: %(date)s") % {"date": _date(meeting.date)} + (f", {meeting.place}" if meeting.place
                                                                              else "")
    else:
        text = _("No meeting dated yet.")
    links = [(_("Nominations at the council: %(n)s") % {"n": total},
              reverse("awards:nomination_queue") + "?" + urlencode({"state": NominationState.AT_COUNCIL})),
             (_("Council page (ballots and meetings)"), reverse("awards:nomination_council"))]
    return Panel(_("Council: next meeting"), TEMPLATE, {"text": text, "rows": rows, "links": links},
                 order=24, count=total)


def _decisions_panel(request, roles):
    ready = ready_for_decision()
    drafts, n_drafts = _first_rows(Decision.objects.filter(state=DecisionState.DRAFT).order_by("date", "pk"),
                                   "pk", "number", "date")
    create = reverse("awards:decision_create")
    rows = [{"label": r["nomination__title"], "url": f"{create}?{urlencode({'nomination': r['nomination_id']})}",
             "note": _("%(unit)s · %(n)s nominees ready for a decision") % {
                 "unit": r["unit"], "n": r["n"]}} for r in ready[:SHOWN]]
    rows += [{"label": _("Draft decision %(number)s of %(date)s") % {"number": d["number"], "date": _date(d["date"])},
              "url": reverse("awards:decision_detail", args=[d["pk"]]), "note": _("to issue")} for d in drafts]
    links = [(_("Draft a decision"), create), (_("Award decisions"), reverse("awards:decision_list"))]
    return Panel(_("Decisions to record"), TEMPLATE, {"rows": rows, "links": links}, order=25,
                 count=len(ready) + n_drafts)


def panels(request, roles, year):
    out = []
    if roles.is_clerk:
        out.extend(_clerk_panels(request, roles, year))
    if roles.sees_everything:
        out.append(_board_queue_panel(request, roles))
        out.append(_council_panel(request, roles))
    if roles.manages_everything:
        out.append(_decisions_panel(request, roles))
    return out

