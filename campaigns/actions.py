"""Labels of the actions the campaign services log (see ``emulation.actions``).

The codes keep the prefix "emulation.campaign." they had when campaigns lived in the core: activity-log
entries and notifications written before the move carry them, and their history must still read the same.
"""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "emulation.campaign.created": _("Create the campaign"),
    "emulation.campaign.updated": _("Edit the campaign"),
    "emulation.campaign.launched": _("Launch the campaign"),
    "emulation.campaign.started": _("Start carrying out the campaign"),
    "emulation.campaign.review_opened": _("Open a mid-term review of the campaign"),
    "emulation.campaign.review_closed": _("Close the mid-term review of the campaign"),
    "emulation.campaign.concluded": _("Conclude the campaign"),
    "emulation.campaign.document_added": _("Attach a campaign document"),
    "emulation.campaign.document_removed": _("Remove a campaign document"),
    "emulation.campaign.registration_submitted": _("Register the unit for the campaign"),
    "emulation.campaign.registration_resubmitted": _("Correct and resend the campaign registration"),
    "emulation.campaign.registration_returned": _("Return a campaign registration for correction"),
    "emulation.campaign.registration_accepted": _("Accept a campaign registration"),
}

DIFF_MODELS = {
    "emulation.campaign.registration_submitted": "campaigns.CampaignRegistration",
    "emulation.campaign.registration_resubmitted": "campaigns.CampaignRegistration",
    "emulation.campaign.registration_returned": "campaigns.CampaignRegistration",
    "emulation.campaign.registration_accepted": "campaigns.CampaignRegistration",
}
