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
        yield from module.due(today)


def send_due_reminders(today=None):
    """Send every due reminder not sent before; returns the number of notifications created."""
    today = today or timezone.localdate()
    sent = 0
    for reminder in collect(today):
        with transaction.atomic():
            sent += len(notify(reminder.users, reminder.message, url=reminder.url, action="reminder",
                               key=reminder.key))
    return sent


def due(today):
    """The core's own reminders: a campaign's registration deadline, to the units it reaches that have
    not registered yet (or whose registration was returned for correction)."""
    import datetime

    from django.utils.translation import gettext as _

    from .campaign_selectors import unit_ids_in_scope
    from .enums import CampaignState, RegistrationState
    from .models import Campaign
    from .notifications import clerks_by_unit

    window = (today, today + datetime.timedelta(days=days_before()))
    campaigns = Campaign.objects.filter(
        state__in=[CampaignState.LAUNCHED, CampaignState.UNDER_WAY, CampaignState.MID_TERM],
        registration_deadline__range=window).prefetch_related("registrations")
    for campaign in campaigns:
        done = {r.unit_id for r in campaign.registrations.all() if r.state != RegistrationState.RETURNED}
        clerks = clerks_by_unit(unit_ids_in_scope(campaign) - done)
        users = [user for unit_users in clerks.values() for user in unit_users]
        yield Reminder(
            users=users,
            message=_("Reminder: register your unit for the campaign “%(title)s” by %(date)s.")
            % {"title": campaign.title, "date": campaign.registration_deadline.strftime("%d/%m/%Y")},
            url=campaign.get_absolute_url(),
            key=f"emulation.campaign_registration:{campaign.pk}:{campaign.registration_deadline.isoformat()}",
        )
