"""In-app notifications, with e-mail sent by Celery after commit when e-mail is configured."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q

from .enums import Role
from .models import Notification, RoleAssignment
from .tasks import send_notification_emails


def notify(recipients, message, url="", action="", key="", exclude=None):
    """Create one notification per recipient (users, de-duplicated); e-mail them after commit.

    ``key`` makes the notification idempotent per recipient (deadline reminders are sent once).
    Returns the notifications created.
    """
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if exclude is not None:
        users.pop(exclude.pk, None)
    created = []
    for user in users.values():
        n = Notification(recipient=user, message=str(message)[:500], url=url, action=action, key=key)
        if key:
            try:
                with transaction.atomic():
                    n.save()
            except IntegrityError:
                continue
        else:
            n.save()
        created.append(n)
    if created and settings.EMAIL_ENABLED:

        ids = [n.pk for n in created]
        transaction.on_commit(lambda: send_notification_emails.delay(ids))
    return created


def clerks_of(unit_ids):
    """Active users who are clerks of any of these units."""
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.CLERK, role_assignments__unit_id__in=list(unit_ids)
        ).distinct()
    )


def board_users():
    User = get_user_model()
    return list(
        User.objects.filter(
            Q(role_assignments__role__in=[Role.BOARD, Role.ADMIN]) | Q(is_superuser=True), is_active=True
        ).distinct()
    )


def council_users():
    User = get_user_model()
    return list(User.objects.filter(is_active=True, role_assignments__role=Role.COUNCIL).distinct())


def clerks_by_unit(unit_ids):
    """``{unit_id: [active clerk users]}`` for these units, in one query (for reminders to many units)."""

    out = {}
    rows = (RoleAssignment.objects.filter(role=Role.CLERK, unit_id__in=list(unit_ids), user__is_active=True)
            .select_related("user").order_by("unit_id", "user_id"))
    for ra in rows:
        out.setdefault(ra.unit_id, []).append(ra.user)
    return out
