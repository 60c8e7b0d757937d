"""Working days (Monday to Friday, minus the public holidays stored as data) and the dated settings."""

import datetime

from django.db.models import Q

from .models import AppraisalTimeLimit, CouncilQuorum, CouncilVoteThreshold, PublicHoliday, SubmissionDeadline


def holidays_between(start, end):
    return set(PublicHoliday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def add_working_days(start, days, holidays=None):
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    if days <= 0:
        return start
    if holidays is None:
        holidays = holidays_between(start, start + datetime.timedelta(days=days * 2 + 30))
    current = start
    left = days
    while left:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            left -= 1
    return current



def _for_type(model, award_type, on):
    """The row for the award type in force on ``on``, else the default row (no award type)."""
    rows = list(model.objects.filter(Q(award_type=award_type) | Q(award_type__isnull=True)).in_force(on))
    for row in rows:
        if row.award_type_id == award_type.pk:
            return row
    return rows[0] if rows else None


def appraisal_limit(award_type, on):
    """Working days the board has to appraise an item of this type received on ``on`` (None: no limit set)."""
    row = _for_type(AppraisalTimeLimit, award_type, on)
    return row.working_days if row else None


def vote_threshold(award_type, on):
    """The council ballot threshold in percent in force on ``on`` (None: not configured)."""
    row = _for_type(CouncilVoteThreshold, award_type, on)
    return row.percent if row else None


def quorum_percent(on):
    """The share of all council members who must be present on ``on`` (None: not configured)."""
    row = CouncilQuorum.current(on)
    return row.percent if row else None


def submission_deadline(year, method):
    row = SubmissionDeadline.objects.filter(year=year, method=method).first()
    return row.deadline if row else None
