"""Who a user is, in the terms of this domain, computed once per request and cached on the user.

Roles come from ``RoleAssignment`` rows. The bloc-leader role is not stored: users of the unit that
heads a bloc in a year act as its leaders for that year only (see ``blocs.rules``), so it is derived
from ``clerk_unit_ids`` and the bloc data.
"""

from dataclasses import dataclass, field

from .enums import Role


@dataclass
class UserRoles:
    is_admin: bool = False
    is_board: bool = False
    is_council: bool = False
    clerk_unit_ids: frozenset = field(default_factory=frozenset)
    _scope: frozenset | None = None

    @property
    def is_clerk(self):
        return bool(self.clerk_unit_ids)

    @property
    def sees_everything(self):
        """Board, council and administrators read the whole province."""
        return self.is_admin or self.is_board or self.is_council

    @property
    def manages_everything(self):
        return self.is_admin or self.is_board

    @property
    def scope_unit_ids(self):
        """The clerk's own units and every unit below them in the tree."""
        if self._scope is None:
            # inline: emulation.selectors reads roles_of, so importing it at module level would make the two
            # modules import each other
            from .selectors import subtree_unit_ids  # noqa: PLC0415 (see above)

            self._scope = frozenset(subtree_unit_ids(self.clerk_unit_ids))
        return self._scope


def roles_of(user):
    if user is None or not user.is_authenticated:
        return UserRoles()
    cached = getattr(user, "_tdkt_roles", None)
    if cached is not None:
        return cached
    roles = UserRoles(is_admin=user.is_superuser)
    clerk_units = set()
    for role, unit_id in user.role_assignments.values_list("role", "unit_id"):
        if role == Role.ADMIN:
            roles.is_admin = True
        elif role == Role.BOARD:
            roles.is_board = True
        elif role == Role.COUNCIL:
            roles.is_council = True
        elif role == Role.CLERK and unit_id:
            clerk_units.add(unit_id)
    roles.clerk_unit_ids = frozenset(clerk_units)
    user._tdkt_roles = roles
    return roles


def forget_roles(user):
    if hasattr(user, "_tdkt_roles"):
        del user._tdkt_roles
