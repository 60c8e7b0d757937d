"""Helpers shared by the awards selectors."""

from django.db.models import Q

from emulation.roles import roles_of


def _owned_by_scope(qs, user):
    """Records of a person (by the person's current unit) or of a unit, within the user's scope."""
    r = roles_of(user)
    if r.sees_everything:
        return qs
    scope = r.scope_unit_ids
    return qs.filter(Q(person__unit_id__in=scope) | Q(person__isnull=True, unit_id__in=scope))
