from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CampaignForm(models.TextChoices):
    REGULAR = "regular", _("Regular")  # thường xuyên
    THEMATIC = "thematic", _("Thematic")  # theo chuyên đề


class CampaignScope(models.TextChoices):
    PROVINCE = "province", _("The whole province")
    BLOCS = "blocs", _("One or more emulation blocs")
    UNIT = "unit", _("One unit and its sub-units")


class CampaignState(models.TextChoices):
    """planned → launched → under way → mid-term review (repeatable, back to under way) → concluded."""

    PLANNED = "planned", pgettext_lazy("campaign state", "Planned")
    LAUNCHED = "launched", pgettext_lazy("campaign state", "Launched")
    UNDER_WAY = "under_way", pgettext_lazy("campaign state", "Under way")
    MID_TERM = "mid_term", pgettext_lazy("campaign state", "Mid-term review")
    CONCLUDED = "concluded", pgettext_lazy("campaign state", "Concluded")


class RegistrationState(models.TextChoices):
    """submitted → accepted, or submitted → returned (for correction) → submitted again."""

    SUBMITTED = "submitted", pgettext_lazy("registration state", "Submitted")
    RETURNED = "returned", pgettext_lazy("registration state", "Returned for correction")
    ACCEPTED = "accepted", pgettext_lazy("registration state", "Accepted")
