"""Changes of state for units and people. Views never change these rows directly."""

import datetime

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import diff, log_action, snapshot
from .errors import DomainError
from .models import Notification, Person, Unit, UnitMembership

UNIT_FIELDS = ["name", "short_name", "code", "admin_code", "agency_code", "kind", "parent", "is_active"]
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


def default_member_since(today=None):
    """The default start of a new person's membership: 1 January of the current year, the year of achievement
    the unit's collective titles are judged on (a person added mid-year counts as a member of that year), not
    the day the record was typed in."""
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1)


@transaction.atomic
def create_person(actor, member_since=None, **fields):
    person = Person(**fields)
    person.save()
    UnitMembership.objects.create(
        person=person, unit=person.unit, start_date=member_since or default_member_since(),
        position=person.position
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


# Accounts --------------------------------------------------------------------------------------------------

@transaction.atomic
def unlock_login(actor, username=None, ip_address=None):
    """Lift a login lockout (django-axes) of an account or an address before its cool-off ends."""
    if not username and not ip_address:
        raise DomainError(_("Choose an account or an address to unlock."))
    count = axes_reset(username=username or None, ip=ip_address or None, ip_or_username=bool(username and ip_address))
    if not count:
        raise DomainError(_("This login is not locked."))
    log_action(actor, "emulation.login.unlocked", data={"username": username or "", "ip_address": ip_address or ""})
    return count


def locked_logins():
    """The account/address pairs that reached the failure limit and are still within their cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                        attempt_time__gte=since).order_by("-attempt_time")


def start_two_factor(user):
    """The user's unconfirmed TOTP device for enrolment (a new secret each time enrolment starts)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def confirm_two_factor(user, device, token):
    """Confirm the enrolment with a code from the app; the user's older devices are replaced."""
    if device.user_id != user.pk or device.confirmed:
        raise DomainError(_("Start the enrolment again."))
    if not device.verify_token(token):
        raise DomainError(_("The code is wrong or has expired. Enter the six digits the app shows now."),
                          field="token")
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log_action(user, "emulation.account.two_factor_enabled", user)
    return device


@transaction.atomic
def remove_two_factor(user, required=False):
    if required:
        raise DomainError(_("Your role must sign in with a second factor; it cannot be turned off."))
    deleted, _detail = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        log_action(user, "emulation.account.two_factor_disabled", user)
    return deleted


# Personal data -------------------------------------------------------------------------------------------

def log_person_view(actor, person):
    """One insert: who opened the person's record (the board sees the list on the person page)."""
    log_action(actor, "emulation.person.viewed", person, object_repr=person.full_name)


@transaction.atomic
def reveal_person_data(actor, person, reason):
    """Show a person's full CCCD number and date of birth once, for a stated reason (logged)."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise DomainError(_("Say why you need the full CCCD number and date of birth."), field="reason")
    log_action(actor, "emulation.person.data_revealed", person, object_repr=person.full_name,
               data={"reason": reason[:500]})
    return person


def log_personal_data_export(actor, kind, rows=None, unit=None):
    """An export that carries full CCCD numbers or dates of birth is recorded."""
    log_action(actor, "emulation.personal_data.exported", unit=unit, data={"export": kind, "rows": rows})


@transaction.atomic
def set_members_since(unit, actor, date):
    """Give a unit its members as of a past date in one step: every active person of the unit whose current
    membership of it starts later (or has no start) is recorded as a member from ``date``, so collective titles
    for past years find them. Memberships that end, and people who came from another unit after ``date``
    (their move is on record), are left as they are."""
    if not actor.has_perm("emulation.change_person", unit) and not actor.has_perm("emulation.change_unit", unit):
        raise DomainError(_("Your role may not make this change."))
    if date > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="date")
    people = list(Person.objects.select_for_update().filter(unit=unit, is_active=True))
    ids = [p.pk for p in people]
    moved = set(UnitMembership.objects.filter(person_id__in=ids).exclude(unit=unit)
                .filter(end_date__gte=date).values_list("person_id", flat=True))
    changed, created = [], []
    current = {m.person_id: m for m in UnitMembership.objects.select_for_update()
               .filter(person_id__in=ids, unit=unit, end_date__isnull=True).order_by("pk")}
    for person in people:
        if person.pk in moved:
            continue
        membership = current.get(person.pk)
        if membership is None:
            created.append(UnitMembership(person=person, unit=unit, start_date=date, position=person.position,
                                          note=_("Member as of %(date)s") % {"date": date.strftime("%d/%m/%Y")}))
        elif membership.start_date is None or membership.start_date > date:
            changed.append([person.pk, membership.start_date.isoformat() if membership.start_date else None])
            membership.start_date = date
            membership.save(update_fields=["start_date"])
    UnitMembership.objects.bulk_create(created)
    log_action(actor, "emulation.unit.members_since", unit, data={
        "date": date.isoformat(), "changed": changed, "created": [m.person_id for m in created],
        "skipped_moved": sorted(moved)})
    return len(changed) + len(created)
