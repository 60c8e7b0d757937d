"""Deadline reminders, sent by a periodic Celery beat task, each one once.

An app provides ``<app>/reminders.py`` with ``due(today) -> iterable[Reminder]``. The task collects
them and sends each with ``notify(..., key=reminder.key)``: the key makes it idempotent per user, so
a reminder that was sent yesterday is not sent again today.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .notifications import notify
from .registry import _modules


def days_before():
    """How many days before a deadline the reminder goes out (setting ``REMINDER_DAYS_BEFORE``, default 3)."""
    return settings.REMINDER_DAYS_BEFORE


@dataclass
class Reminder:
    users: list
    message: str
    url: str
    key: str


def collect(today):
    for module in _modules("reminders"):
        due = getattr(module, "due", None)  # this module is the core's "reminders" too, and has none of its own
        if due is not None:
            yield from due(today)


def send_due_reminders(today=None):
    """Send every due reminder not sent before; returns the number of notifications created."""
    today = today or timezone.localdate()
    sent = 0
    for reminder in collect(today):
        with transaction.atomic():
            sent += len(notify(reminder.users, reminder.message, url=reminder.url, action="reminder",
                               key=reminder.key))
    return sent
