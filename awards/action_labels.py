"""The names people read for the awards' activity-log actions (history tabs, activity log)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "awards.nomination.created": pgettext_lazy("activity", "Nomination created"),
    "awards.nomination.created_from_bloc": pgettext_lazy("activity", "Nomination made from the bloc's proposals"),
    "awards.nomination.updated": pgettext_lazy("activity", "Nomination edited"),
    "awards.nomination.items_added": pgettext_lazy("activity", "Nominees added"),
    "awards.nomination.item_removed": pgettext_lazy("activity", "Nominee removed"),
    "awards.nomination.rechecked": pgettext_lazy("activity", "Rules checked again"),
    "awards.nomination.document_added": pgettext_lazy("activity", "Document attached"),
    "awards.nomination.document_removed": pgettext_lazy("activity", "Document removed"),
    "awards.nomination.submitted": pgettext_lazy("activity", "Sent to the board"),
    "awards.nomination.received": pgettext_lazy("activity", "Received by the board"),
    "awards.nomination.appraising": pgettext_lazy("activity", "Appraisal started"),
    "awards.nomination.returned": pgettext_lazy("activity", "Returned to the unit"),
    "awards.nomination.posting_opened": pgettext_lazy("activity", "Public posting opened"),
    "awards.nomination.at_council": pgettext_lazy("activity", "Sent to the council"),
    "awards.nomination.decided": pgettext_lazy("activity", "Decided"),
    "awards.nomination_item.updated": pgettext_lazy("activity", "Nominee edited"),
    "awards.nomination_item.appraised": pgettext_lazy("activity", "Appraisal outcome recorded"),
    "awards.nomination_item.comment_recorded": pgettext_lazy("activity", "Posting comment recorded"),
    "awards.nomination_item.voted": pgettext_lazy("activity", "Ballot recorded"),
    "awards.decision.created": pgettext_lazy("activity", "Decision drafted"),
    "awards.decision.updated": pgettext_lazy("activity", "Decision edited"),
    "awards.decision.items_added": pgettext_lazy("activity", "Awardees added to the decision"),
    "awards.decision.items_removed": pgettext_lazy("activity", "Awardees removed from the decision"),
    "awards.decision.revocation_added": pgettext_lazy("activity", "Revocation added"),
    "awards.decision.amendment_added": pgettext_lazy("activity", "Amendment added"),
    "awards.decision.issued": pgettext_lazy("activity", "Decision issued"),
}
