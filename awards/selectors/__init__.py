"""Reads of the awards app, one module per subject. Views fetch objects only through the ``*_for_user``
querysets.
"""

from .catalogue import award_type_detail_rows, award_types, base_salaries, quotas, rows_to_confirm
from .decisions import decidable_items, decision_summary, decisions_for_user, ready_for_decision, recent_decisions
from .nominations import (
    PIPELINE_STATES,
    TO_APPRAISE,
    at_council,
    award_history,
    board_queue,
    council_items,
    documents_for_user,
    history_key,
    items_of,
    next_council_meeting,
    nominations_for_user,
    overdue_q,
    pipeline,
    posted_items,
    returned_nominations,
    to_receive_and_appraise,
    with_counts,
)
from .records import appraisals_for_user, discipline_for_user, initiatives_for_user
from .register import (
    award_by_token,
    award_counts_by_year,
    awards_for_user,
    person_award_history,
    search_register,
    unit_award_history,
)

__all__ = [
    "award_types",
    "award_type_detail_rows",
    "base_salaries",
    "rows_to_confirm",
    "quotas",
    "appraisals_for_user",
    "discipline_for_user",
    "initiatives_for_user",
    "awards_for_user",
    "award_by_token",
    "search_register",
    "person_award_history",
    "unit_award_history",
    "award_counts_by_year",
    "nominations_for_user",
    "with_counts",
    "overdue_q",
    "board_queue",
    "PIPELINE_STATES",
    "pipeline",
    "items_of",
    "award_history",
    "history_key",
    "documents_for_user",
    "council_items",
    "posted_items",
    "TO_APPRAISE",
    "returned_nominations",
    "to_receive_and_appraise",
    "next_council_meeting",
    "at_council",
    "decidable_items",
    "decisions_for_user",
    "decision_summary",
    "recent_decisions",
    "ready_for_decision",
]
