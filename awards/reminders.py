"""Deadline reminders of nominations (collected by ``emulation.reminders``, sent once each).

- Before a submission deadline (hạn nộp hồ sơ) of a year and award method: the clerks of units with a
  dossier of that year still in draft or returned are told about that dossier; every other clerk gets
  the general reminder (the same key, so nobody gets both).
- Before an appraisal time limit (thời hạn thẩm định) runs out, and once when it has run out: the
  appraiser of the dossier, or the whole board while nobody has taken it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.enums import Role
from emulation.notifications import board_users, clerks_by_unit
from emulation.reminders import Reminder, days_before

from .enums import CLOCK_STATES, NominationState
from .models import Nomination, SubmissionDeadline


def _date(d):
    return d.strftime("%d/%m/%Y")


def _submission(today):
    window = (today, today + datetime.timedelta(days=days_before()))
    deadlines = list(SubmissionDeadline.objects.filter(deadline__range=window))
    if not deadlines:
        return
    all_clerks = list(get_user_model().objects.filter(
        is_active=True, role_assignments__role=Role.CLERK).distinct().order_by("pk"))
    for row in deadlines:
        key = f"awards.submission:{row.year}:{row.method}:{row.deadline.isoformat()}"
        open_ones = list(Nomination.objects.filter(
            year=row.year, method=row.method, state__in=[NominationState.DRAFT, NominationState.RETURNED])
            .only("pk", "title", "unit_id").order_by("pk"))
        clerks = clerks_by_unit({n.unit_id for n in open_ones})
        for nomination in open_ones:
            yield Reminder(
                users=clerks.get(nomination.unit_id, []),
                message=_("Reminder: the nomination “%(title)s” has not been sent; the deadline is %(date)s.")
                % {"title": nomination.title, "date": _date(row.deadline)},
                url=nomination.get_absolute_url(), key=key)
        yield Reminder(
            users=all_clerks,
            message=_("Reminder: nominations of %(year)s (%(method)s) must reach the board by %(date)s.")
            % {"year": row.year, "method": row.get_method_display(), "date": _date(row.deadline)},
            url=reverse("awards:nomination_list"), key=key)


def _appraisal(today):
    soon = today + datetime.timedelta(days=days_before())
    rows = list(Nomination.objects.filter(state__in=list(CLOCK_STATES), appraisal_due__isnull=False,
                                          appraisal_due__lte=soon)
                .select_related("unit", "appraiser").order_by("appraisal_due", "pk"))
    if not rows:
        return
    board = None
    for nomination in rows:
        if nomination.appraiser_id and nomination.appraiser.is_active:
            users = [nomination.appraiser]
        else:
            board = board if board is not None else board_users()
            users = board
        values = {"title": nomination.title, "unit": nomination.unit, "date": _date(nomination.appraisal_due)}
        if nomination.appraisal_due < today:
            message = _("The appraisal of “%(title)s” (%(unit)s) is overdue: its time limit was %(date)s.")
            key = f"awards.appraisal_overdue:{nomination.pk}:{nomination.appraisal_due.isoformat()}"
        else:
            message = _("Reminder: the appraisal of “%(title)s” (%(unit)s) is due by %(date)s.")
            key = f"awards.appraisal_due:{nomination.pk}:{nomination.appraisal_due.isoformat()}"
        yield Reminder(users=users, message=message % values, url=nomination.get_absolute_url(), key=key)


def due(today):
    yield from _submission(today)
    yield from _appraisal(today)
