"""Helpers the service modules share: permission guards, row locks, the criteria tree, number formats."""

from decimal import Decimal

from django.utils.translation import gettext as _

from emulation.errors import DomainError
from emulation.roles import roles_of

from ..models import BlocYear, CriteriaSet, Criterion
from ..scoring import CriteriaTree


def _require(actor, perm, obj, message):
    if not actor.has_perm(perm, obj):
        raise DomainError(message)


def _require_board(actor):
    if not roles_of(actor).manages_everything:
        raise DomainError(_("Only the commendation board may do this."))


def _lock_year(bloc_year):
    return BlocYear.objects.select_for_update(of=("self",)).select_related("bloc").get(pk=bloc_year.pk)


def _tree(bloc_year):
    cs, _created = CriteriaSet.objects.get_or_create(bloc_year=bloc_year)
    return CriteriaTree(cs, list(Criterion.objects.filter(criteria_set=cs)))


def _fmt(value):
    if value is None:
        return None
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def _member_unit_ids(bloc_year):
    return list(bloc_year.memberships.values_list("unit_id", flat=True))
