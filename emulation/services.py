"""Changes of state for units and people. Views never change these rows directly."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import diff, log_action, snapshot
from .errors import DomainError
from .models import Notification, Person, Unit, UnitMembership

UNIT_FIELDS = ["name", "short_name", "code", "kind", "parent", "is_active"]
PERSON_FIELDS = [
    "full_name", "gender", "date_of_birth", "cccd", "staff_code", "unit", "position", "category", "is_active",
]


def _check_parent(unit, parent):
    node = parent
    while node is not None:
        if node.pk == unit.pk:
            raise DomainError(_("A unit cannot be placed under itself or one of its sub-units."), field="parent")
        node = node.parent


@transaction.atomic
def create_unit(actor, **fields):
    unit = Unit(**fields)
    unit.save()
    log_action(actor, "emulation.unit.created", unit, data={"values": snapshot(unit, UNIT_FIELDS)})
    return unit


@transaction.atomic
def update_unit(unit, actor, **changes):
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    if "parent" in changes and changes["parent"] is not None:
        _check_parent(unit, changes["parent"])
    for key, value in changes.items():
        setattr(unit, key, value)
    after = snapshot(unit, UNIT_FIELDS)
    changed = diff(before, after)
    if changed:
        unit.save()
        log_action(actor, "emulation.unit.updated", unit, data={"diff": changed})
    return unit


@transaction.atomic
def create_person(actor, **fields):
    person = Person(**fields)
    person.save()
    UnitMembership.objects.create(
        person=person, unit=person.unit, start_date=timezone.localdate(), position=person.position
    )
    log_action(actor, "emulation.person.created", person, data={"values": snapshot(person, PERSON_FIELDS)})
    return person


@transaction.atomic
def update_person(person, actor, **changes):
    """Edit a person's particulars. Changing the unit goes through ``move_person``."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if "unit" in changes and changes["unit"].pk != person.unit_id:
        raise DomainError(_("Use “Move to another unit” to change a person's unit."), field="unit")
    changes.pop("unit", None)
    before = snapshot(person, PERSON_FIELDS)
    for key, value in changes.items():
        setattr(person, key, value)
    after = snapshot(person, PERSON_FIELDS)
    changed = diff(before, after)
    if changed:
        person.save()
        log_action(actor, "emulation.person.updated", person, data={"diff": changed})
    return person


@transaction.atomic
def move_person(person, actor, unit, date=None, position=None, reason=""):
    """Move a person to another unit from ``date``: closes the old membership, opens a new one."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    date = date or timezone.localdate()
    if unit.pk == person.unit_id:
        raise DomainError(_("The person already belongs to this unit."), field="unit")
    current = person.memberships.filter(end_date__isnull=True).order_by("-pk").first()
    if current and current.start_date and date < current.start_date:
        raise DomainError(
            _("The move date cannot be before the start of the current membership (%(date)s).")
            % {"date": current.start_date.strftime("%d/%m/%Y")},
            field="date",
        )
    if current:
        current.end_date = date - datetime.timedelta(days=1) if current.start_date != date else date
        current.save(update_fields=["end_date"])
    old_unit_id = person.unit_id
    person.unit = unit
    if position is not None:
        person.position = position
    person.save(update_fields=["unit", "position"])
    UnitMembership.objects.create(person=person, unit=unit, start_date=date, position=person.position, note=reason)
    log_action(
        actor,
        "emulation.person.moved",
        person,
        data={"diff": {"unit": [old_unit_id, unit.pk]}, "date": date.isoformat(), "reason": reason},
    )
    return person


@transaction.atomic
def mark_notifications_read(user, ids=None):

    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
