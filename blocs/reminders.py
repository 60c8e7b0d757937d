"""Deadline reminders of the blocs (collected by ``emulation.reminders``, sent once each).

- Before the self-scoring deadline: clerks of member units whose scorecard is not submitted yet.
- Before the review deadline: the bloc leader (head unit; the deputy for the head's own scorecard)
  while scorecards still await review.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.notifications import clerks_by_unit
from emulation.reminders import Reminder, days_before

from .enums import AWAITING_REVIEW, SCORECARD_OPEN_STATES, UNIT_TO_ACT, BlocYearState
from .models import BlocMembership, BlocYear, Scorecard


def _window(today):
    return today, today + datetime.timedelta(days=days_before())


def _self_scoring(today):
    years = list(BlocYear.objects.filter(state=BlocYearState.SCORING,
                                         self_scoring_deadline__range=_window(today)).select_related("bloc"))
    if not years:
        return
    cards, done = {}, set()
    for pk, by_pk, unit_id, state in Scorecard.objects.filter(bloc_year__in=years).values_list(
            "pk", "bloc_year_id", "unit_id", "state"):
        cards[(by_pk, unit_id)] = pk
        if state not in UNIT_TO_ACT:
            done.add((by_pk, unit_id))
    pending = [pair for pair in BlocMembership.objects.filter(bloc_year__in=years).order_by("pk")
               .values_list("bloc_year_id", "unit_id") if pair not in done]
    clerks = clerks_by_unit({unit_id for _by, unit_id in pending})
    by_id = {by.pk: by for by in years}
    for by_pk, unit_id in pending:
        by = by_id[by_pk]
        card = cards.get((by_pk, unit_id))
        url = reverse("blocs:scorecard", args=[card]) if card else by.get_absolute_url()
        yield Reminder(
            users=clerks.get(unit_id, []),
            message=_("Reminder: your unit's scorecard for %(bloc_year)s must be submitted by %(date)s.")
            % {"bloc_year": by, "date": by.self_scoring_deadline.strftime("%d/%m/%Y")},
            url=url,
            key=f"blocs.self_scoring:{by_pk}:{unit_id}:{by.self_scoring_deadline.isoformat()}",
        )


def _review(today):
    years = list(BlocYear.objects.filter(state__in=list(SCORECARD_OPEN_STATES),
                                         review_deadline__range=_window(today)).select_related("bloc"))
    if not years:
        return
    waiting = {}
    for card in Scorecard.objects.filter(bloc_year__in=years, state__in=list(AWAITING_REVIEW)).only(
            "bloc_year_id", "unit_id"):
        waiting.setdefault(card.bloc_year_id, []).append(card.unit_id)
    units = {by.head_unit_id for by in years} | {by.deputy_unit_id for by in years if by.deputy_unit_id}
    clerks = clerks_by_unit(units)
    for by in years:
        unit_ids = waiting.get(by.pk, [])
        others = [u for u in unit_ids if u != by.head_unit_id]
        reviewers = []
        if others:
            reviewers += clerks.get(by.head_unit_id, [])
        if by.head_unit_id in unit_ids and by.deputy_unit_id:
            reviewers += clerks.get(by.deputy_unit_id, [])
        if not reviewers:
            continue
        yield Reminder(
            users=reviewers,
            message=_("Reminder: %(n)s scorecards of %(bloc_year)s await your review; the review deadline is "
                      "%(date)s.") % {"n": len(unit_ids), "bloc_year": by,
                                      "date": by.review_deadline.strftime("%d/%m/%Y")},
            url=reverse("blocs:scoreboard", args=[by.pk]),
            key=f"blocs.review:{by.pk}:{by.review_deadline.isoformat()}",
        )


def due(today):
    yield from _self_scoring(today)
    yield from _review(today)
