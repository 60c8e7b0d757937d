from emulation.models import Unit
from emulation.roles import roles_of

from .models import ImportRun


def runs_for_user(user):
    """The board and council see every import; others see the imports they started."""
    qs = ImportRun.objects.select_related("scope_unit", "requested_by")
    if roles_of(user).sees_everything:
        return qs
    return qs.filter(requested_by=user)


def importable_units(user):
    """The units a user may import for: every unit for the board, the clerk's own units otherwise."""

    roles = roles_of(user)
    if roles.manages_everything:
        return Unit.objects.filter(is_active=True).order_by("name")
    return Unit.objects.filter(pk__in=roles.clerk_unit_ids).order_by("name")


def export_unit_ids(user, unit=None):
    """Unit ids an export covers: ``None`` (all) for the board and council, the clerk's scope otherwise."""
    roles = roles_of(user)
    if unit is not None:

        ids, frontier = {unit.pk}, {unit.pk}
        while frontier:
            frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return ids
    if roles.sees_everything:
        return None
    return set(roles.scope_unit_ids)
