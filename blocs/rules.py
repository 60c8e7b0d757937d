import rules

from emulation.roles import roles_of


@rules.predicate
def is_bloc_leader(user, bloc_year):
    """Users of the unit that heads this bloc year act as its leaders, for that year only."""
    if bloc_year is None:
        return False
    bloc_year = getattr(bloc_year, "bloc_year", bloc_year)
    return bloc_year.head_unit_id in roles_of(user).clerk_unit_ids


@rules.predicate
def is_bloc_member_clerk(user, bloc_year):
    if bloc_year is None:
        return False
    bloc_year = getattr(bloc_year, "bloc_year", bloc_year)
    unit_ids = roles_of(user).clerk_unit_ids
    return any(m.unit_id in unit_ids for m in bloc_year.memberships.all())
