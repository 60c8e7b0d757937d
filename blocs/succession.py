"""The blocs' part in a reorganisation of units (collected by ``emulation.reforms``).

A unit that closes leaves the bloc years that have not begun (year starting on or after the event, still being
prepared) and the units that take it over join them; a closed head or deputy unit is replaced by its first
successor. Bloc years already under way or past keep their members: their scores and votes are history.
New bloc years made later by ``create_next_year`` carry the successors over (``emulation.reforms.current_units``).
"""

import datetime

from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.reforms import current_units

from .enums import BlocYearState
from .models import BlocMembership, BlocYear


def _first_year(date):
    return date.year if (date.month, date.day) == (1, 1) else date.year + 1


def _changes(plan):
    """[(bloc year, [closed units in it], [successors to add], can_change)]."""
    closing = {u.pk: succ for u, succ in plan.replacements.items()}
    if not closing:
        return []
    years = (BlocYear.objects.filter(year__gte=_first_year(plan.date), memberships__unit_id__in=list(closing))
             .distinct().select_related("bloc").prefetch_related("memberships"))
    out = []
    for by in years:
        member_ids = {m.unit_id for m in by.memberships.all()}
        gone = [u for u in plan.replacements if u.pk in member_ids]
        added = []
        for u in gone:
            for s in closing[u.pk]:
                if s is not None and s.pk not in member_ids and s not in added:
                    added.append(s)
        out.append((by, gone, added, by.state == BlocYearState.PREPARING))
    return out


def preview(plan):
    lines = []
    for by, gone, added, can_change in _changes(plan):
        names = {"bloc_year": str(by), "gone": ", ".join(u.name for u in gone),
                 "added": ", ".join(u.name for u in added) or "–"}
        if can_change:
            lines.append(_("%(bloc_year)s: %(gone)s leave(s); joining: %(added)s") % names)
        else:
            lines.append(_("%(bloc_year)s is under way: its members do not change (change them by hand if "
                           "needed).") % names)
    return lines


def apply(plan, event, actor):
    done = []
    for by, gone, added, can_change in _changes(plan):
        if not can_change:
            continue
        gone_ids = [u.pk for u in gone]
        BlocMembership.objects.bulk_create([BlocMembership(bloc_year=by, unit=u) for u in added])
        fields = []
        for attr in ("head_unit", "deputy_unit"):
            current = getattr(by, f"{attr}_id")
            if current in gone_ids:
                takers = plan.replacements[next(u for u in gone if u.pk == current)]
                taker = next((t for t in takers if t is not None), None)
                if attr == "head_unit" and taker is None:
                    continue  # no one to head the bloc: the board names a head by hand
                setattr(by, attr, taker)
                fields.append(attr)
        if by.deputy_unit_id is not None and by.deputy_unit_id == by.head_unit_id:
            by.deputy_unit = None
            fields.append("deputy_unit")
        if fields:
            by.save(update_fields=sorted(set(fields)))
        keep = {by.head_unit_id, by.deputy_unit_id}
        removed = [uid for uid in gone_ids if uid not in keep]
        BlocMembership.objects.filter(bloc_year=by, unit_id__in=removed).delete()
        log_action(actor, "blocs.blocyear.members_reorganised", by,
                   data={"event": event.pk, "left": removed, "joined": [u.pk for u in added],
                         "date": event.date.isoformat()})
        done.append({"bloc_year": by.pk, "left": removed, "joined": [u.pk for u in added]})
    return {"bloc_years": done} if done else {}


def next_year_members(unit_ids, year):
    """The members a new bloc year carries over: closed units replaced by their successors."""
    return current_units(unit_ids, datetime.date(year, 1, 1))
