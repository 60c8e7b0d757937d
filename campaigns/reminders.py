"""Deadline reminders of campaigns (collected by ``emulation.reminders``, sent once each)."""

import datetime

from django.utils.translation import gettext as _

from emulation.notifications import clerks_by_unit
from emulation.reminders import Reminder, days_before

from .enums import CampaignState, RegistrationState
from .models import Campaign
from .selectors import unit_ids_in_scope


def due(today):
    """A campaign's registration deadline, to the units it reaches that have not registered yet (or whose
    registration was returned for correction). The key keeps the prefix it had when the core sent these
    reminders, so a reminder sent before the move is not sent again."""
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
