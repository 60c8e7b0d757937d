"""Permission predicates of the core. Apps compose these with & and | in their own rules.py."""

import rules

from .roles import roles_of


@rules.predicate
def is_admin(user):
    return roles_of(user).is_admin


@rules.predicate
def is_board(user):
    r = roles_of(user)
    return r.is_board or r.is_admin


@rules.predicate
def is_council(user):
    return roles_of(user).is_council


@rules.predicate
def is_clerk(user):
    return roles_of(user).is_clerk


@rules.predicate
def sees_everything(user):
    return roles_of(user).sees_everything


def unit_id_of(obj):
    if obj is None:
        return None
    if hasattr(obj, "unit_id"):
        return obj.unit_id
    return getattr(obj, "pk", None)


@rules.predicate
def in_clerk_scope(user, obj):
    """The object (a unit, or anything with a unit) lies in the clerk's units or below them."""
    unit_id = unit_id_of(obj)
    return unit_id is not None and unit_id in roles_of(user).scope_unit_ids


rules.add_perm("emulation.view_unit", sees_everything | in_clerk_scope)
rules.add_perm("emulation.add_unit", is_board)
rules.add_perm("emulation.change_unit", is_board)
# Reorganisations of units (mergers, splits, renames…): the board records them; everyone who reads units sees them.
rules.add_perm("emulation.reorganise_units", is_board)
rules.add_perm("emulation.view_unit_events", sees_everything)
rules.add_perm("emulation.view_person", sees_everything | in_clerk_scope)
rules.add_perm("emulation.add_person", is_board | is_clerk)
rules.add_perm("emulation.change_person", is_board | in_clerk_scope)
rules.add_perm("emulation.view_activitylog", is_board)
# Personal data: revealing a person's full CCCD number and date of birth is for who may see the person;
# the list of who opened a record is the board's.
rules.add_perm("emulation.reveal_person", sees_everything | in_clerk_scope)
rules.add_perm("emulation.view_person_viewers", is_board)
# Accounts: the board lifts login lockouts.
rules.add_perm("emulation.unlock_login", is_board)
