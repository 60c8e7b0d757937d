"""States and kinds of nominations (hồ sơ đề nghị khen thưởng) and decisions.

Nomination workflow (every arrow is one service in ``awards.nomination_services``):

    draft ──submit──▶ submitted ──receive──▶ received ──start_appraisal──▶ appraising
      ▲                   │                     │                              │
      └──(edit, submit)── returned ◀──return────┴──────────────return──────────┤
                                                                               │ send_to_council
                                                                               ▼
                                                     decided ◀──issue decision── at_council

Items get their own outcome while the nomination is under appraisal (eligible, ineligible, changed to
another award type). Items whose award type requires public posting pass a posting window before the
council. A decision is a draft until issued; an issued decision never changes again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NominationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("nomination state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("nomination state", "Submitted")
    RECEIVED = "received", pgettext_lazy("nomination state", "Received by the board")
    APPRAISING = "appraising", pgettext_lazy("nomination state", "Under appraisal")
    RETURNED = "returned", pgettext_lazy("nomination state", "Returned to the unit")
    AT_COUNCIL = "at_council", pgettext_lazy("nomination state", "At the council")
    DECIDED = "decided", pgettext_lazy("nomination state", "Decided")


EDITABLE_STATES = {NominationState.DRAFT, NominationState.RETURNED}
# Where each transition may start from.
TRANSITIONS = {
    "submit": EDITABLE_STATES,
    "receive": {NominationState.SUBMITTED},
    "start_appraisal": {NominationState.RECEIVED},
    "return": {NominationState.SUBMITTED, NominationState.RECEIVED, NominationState.APPRAISING},
    "send_to_council": {NominationState.APPRAISING},
    "decide": {NominationState.AT_COUNCIL},
}
# States in which the board's appraisal clock runs (overdue items stand out).
CLOCK_STATES = {NominationState.RECEIVED, NominationState.APPRAISING}


class NominationLevel(models.TextChoices):
    UNIT_HEAD = "unit_head", _("Decided by the head of the unit (department director)")
    PROVINCE = "province", _("Sent up to the province")


class ItemOutcome(models.TextChoices):
    PENDING = "pending", pgettext_lazy("item outcome", "Not appraised yet")
    ELIGIBLE = "eligible", pgettext_lazy("item outcome", "Eligible")
    INELIGIBLE = "ineligible", pgettext_lazy("item outcome", "Ineligible")
    CHANGED = "changed", pgettext_lazy("item outcome", "Changed to another award type")


POSITIVE_OUTCOMES = {ItemOutcome.ELIGIBLE, ItemOutcome.CHANGED}


class DocumentKind(models.TextChoices):
    COVER_LETTER = "cover_letter", _("Cover letter (tờ trình)")
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report (báo cáo thành tích)")
    MINUTES = "minutes", _("Minutes of the review meeting (biên bản)")
    INITIATIVE_CERTIFICATE = "initiative_certificate", _("Initiative certificate")
    OTHER = "other", _("Other document")


class DecisionState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("decision state", "Draft")
    ISSUED = "issued", pgettext_lazy("decision state", "Issued")


class DecisionKind(models.TextChoices):
    ORIGINAL = "original", _("Decision on awards")
    CORRECTION = "correction", _("Correction (revokes or amends)")
