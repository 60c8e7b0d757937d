"""States and kinds of the awards app: catalogue, records, register, nominations (hồ sơ đề nghị khen thưởng)
and decisions.

Nomination workflow (every arrow is one service in ``awards.services``):

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


class AwardKind(models.TextChoices):
    TITLE = "title", _("Emulation title")  # danh hiệu thi đua
    FORM = "form", _("Commendation form")  # hình thức khen thưởng


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")


class AwardLevel(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots")
    PROVINCIAL = "provincial", _("Provincial")
    STATE = "state", pgettext_lazy("award level", "State")


class AuthorityLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    AGENCY = "agency", _("Agency or unit")
    COMMUNE = "commune", _("Commune")


class AwardMethod(models.TextChoices):
    """Hình thức tổ chức khen thưởng (Điều 8 of the law)."""

    REGULAR = "regular", _("Regular (year-end)")
    THEMATIC = "thematic", _("Thematic (by campaign)")
    EXTRAORDINARY = "extraordinary", _("Extraordinary")
    CONTRIBUTION = "contribution", _("Process of contribution")
    SENIORITY = "seniority", _("Seniority")
    FOREIGN = "foreign", _("Foreign affairs")


class AppraisalRating(models.TextChoices):
    EXCELLENT = "excellent", pgettext_lazy("appraisal", "Excellently completed")
    GOOD = "good", pgettext_lazy("appraisal", "Well completed")
    COMPLETED = "completed", pgettext_lazy("appraisal", "Completed")
    NOT_COMPLETED = "not_completed", pgettext_lazy("appraisal", "Not completed")


class InitiativeLevel(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots")
    PROVINCIAL = "provincial", _("Provincial")
    NATIONAL = "national", _("National")


class DisciplineKind(models.TextChoices):
    DISCIPLINE = "discipline", _("Disciplinary measure")
    INVESTIGATION = "investigation", _("Under investigation")
    INSPECTION = "inspection", _("Under inspection")
    COMPLAINT = "complaint", _("Complaint being verified")


class DisciplineMeasure(models.TextChoices):
    """Hình thức kỷ luật, from the lightest; TTLĐTT excludes a member with "cảnh cáo" or worse."""

    NONE = "", _("(not a disciplinary measure)")
    REPRIMAND = "reprimand", _("Reprimand")  # khiển trách
    WARNING = "warning", pgettext_lazy("discipline", "Warning")  # cảnh cáo
    DEMOTION = "demotion", _("Demotion or removal from post")  # hạ bậc lương, giáng chức, cách chức
    DISMISSAL = "dismissal", _("Dismissal")  # buộc thôi việc


SERIOUS_MEASURES = (DisciplineMeasure.WARNING, DisciplineMeasure.DEMOTION, DisciplineMeasure.DISMISSAL)


class RuleParameterKey(models.TextChoices):
    """Numbers the eligibility rules read, stored per award type with validity dates."""

    CONSECUTIVE_YEARS = "consecutive_years", _("Consecutive years or times required")
    CYCLE_YEARS = "cycle_years", _("Years covered by one award of the title below")
    MIN_LDTT_PERCENT = "min_ldtt_percent", _("Minimum share of members who are Advanced Workers (%)")
    MIN_COMPLETED_PERCENT = "min_completed_percent", _("Minimum share of members who completed their tasks (%)")
    MIN_CSTDCS = "min_cstdcs", _("Minimum number of members who are Grassroots Emulation Fighters")
    EXCELLENT_YEARS = "excellent_years", _("Consecutive years rated excellent (alternative route)")
    INITIATIVES = "initiatives", _("Initiatives required in the period (alternative route)")


# Nominations and decisions ---------------------------------------------------------------------------


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


class VoteOutcome(models.TextChoices):
    """The council's ballot on one item: the share counts on the whole membership, not on those who voted."""

    PASSED = "passed", pgettext_lazy("vote outcome", "Passed")
    FAILED = "failed", pgettext_lazy("vote outcome", "Failed")
    DEFERRED = "deferred", pgettext_lazy("vote outcome", "Deferred to a later meeting")


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


# Khen cao: the province's tờ trình to the central level ------------------------------------------------
#
#   draft ──send──▶ sent ──return──▶ returned ──(edit, send)──▶ sent
#                     ├──refuse──▶ refused (final)
#                     └──decide──▶ decided (final: the central decision enters the register)


class UpwardState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("upward state", "Draft")
    SENT = "sent", pgettext_lazy("upward state", "Sent to the central level")
    RETURNED = "returned", pgettext_lazy("upward state", "Returned by the central level")
    REFUSED = "refused", pgettext_lazy("upward state", "Refused by the central level")
    DECIDED = "decided", pgettext_lazy("upward state", "Decided by the central level")


UPWARD_EDITABLE = {UpwardState.DRAFT, UpwardState.RETURNED}
UPWARD_TRANSITIONS = {
    "send": UPWARD_EDITABLE,
    "return": {UpwardState.SENT},
    "refuse": {UpwardState.SENT},
    "decide": {UpwardState.SENT},
}


class ConcurrenceAnswer(models.TextChoices):
    """Ý kiến hiệp y of a body asked to concur (Công an tỉnh, Thanh tra tỉnh, ...)."""

    PENDING = "pending", pgettext_lazy("concurrence", "Awaiting the answer")
    AGREE = "agree", pgettext_lazy("concurrence", "Agrees")
    AGREE_WITH_NOTE = "agree_note", pgettext_lazy("concurrence", "Agrees, with a note")
    DISAGREE = "disagree", pgettext_lazy("concurrence", "Disagrees")


CONCURRING_ANSWERS = {ConcurrenceAnswer.AGREE, ConcurrenceAnswer.AGREE_WITH_NOTE}
