from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PledgeState(models.TextChoices):
    """draft ──open──▶ open for signing ──(last member signs)──▶ signed ──close──▶ closed.

    open ──back_to_draft──▶ draft while nobody has signed; a withdrawal is possible only while open.
    """

    DRAFT = "draft", pgettext_lazy("pledge state", "Draft")
    OPEN = "open", pgettext_lazy("pledge state", "Open for signing")
    SIGNED = "signed", pgettext_lazy("pledge state", "Signed")
    CLOSED = "closed", pgettext_lazy("pledge state", "Closed")


class CommitmentKind(models.TextChoices):
    MEASURABLE = "measurable", _("Measurable target")
    UNDERTAKING = "undertaking", _("Yes/no undertaking")


class FulfilmentResult(models.TextChoices):
    ACHIEVED = "achieved", pgettext_lazy("fulfilment", "Achieved")
    PARTLY = "partly", pgettext_lazy("fulfilment", "Partly achieved")
    NOT_ACHIEVED = "not_achieved", pgettext_lazy("fulfilment", "Not achieved")


class ReportState(models.TextChoices):
    """draft ──submit──▶ submitted ──confirm──▶ confirmed;  submitted ──return (reason)──▶ returned ──submit──▶ …"""

    DRAFT = "draft", pgettext_lazy("fulfilment report state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("fulfilment report state", "Submitted")
    RETURNED = "returned", pgettext_lazy("fulfilment report state", "Returned for correction")
    CONFIRMED = "confirmed", pgettext_lazy("fulfilment report state", "Confirmed")
