"""Reads of personal records, scoped to the user."""

from django.db.models import Prefetch

from emulation.roles import roles_of

from ..models import Appraisal, Award, DisciplineRecord, Initiative
from .common import _owned_by_scope


def appraisals_for_user(user):
    qs = Appraisal.objects.select_related("person", "person__unit", "unit")
    return _owned_by_scope(qs, user)


def discipline_for_user(user):
    qs = DisciplineRecord.objects.select_related("person", "person__unit", "unit")
    return _owned_by_scope(qs, user)


def initiatives_for_user(user):
    qs = Initiative.objects.select_related("unit").prefetch_related(
        "authors", Prefetch("used_for_awards", queryset=Award.objects.select_related("award_type")))
    r = roles_of(user)
    if r.sees_everything:
        return qs
    return qs.filter(unit_id__in=r.scope_unit_ids)
