"""Every change of state in the blocs app: one function per transition, one module per subject.

Pattern: ``@transaction.atomic`` → re-read and lock the row → guard (``DomainError`` with a
translated message) → mutate with ``save(update_fields=…)`` → ``log_action`` → ``notify``.

- ``bloc_years``: blocs and bloc years (members, head and deputy, dates, the year's states);
- ``criteria``: the criteria set of a bloc year;
- ``scorecards``: self-scoring, the bloc's review, final points, evidence files;
- ``stragglers``: reminders to units that have not submitted, closing out or entering a missing
  scorecard, locking a bloc's reviewed scorecards at once;
- ``votes``: the vote and the award proposals;
- ``assessment``: the bloc leaders' year-end assessment.

Callers import from the package (``from blocs.services import submit_scorecard``).
"""

from .assessment import save_bloc_assessment
from .bloc_years import (
    DATE_FIELDS,
    add_member,
    close_bloc_year,
    create_bloc,
    create_bloc_year,
    create_next_year,
    open_scoring,
    open_voting,
    remove_member,
    set_leadership,
    start_reviewing,
    step_back,
    update_bloc_year_dates,
)
from .criteria import (
    CRITERION_FIELDS,
    add_criterion,
    criteria_problems,
    delete_criterion,
    move_criterion,
    replace_criteria,
    update_criteria_set,
    update_criterion,
)
from .scorecards import (
    add_evidence,
    answer_explanation,
    complete_review,
    delete_evidence,
    finalise_scorecard,
    reopen_scorecard,
    return_for_explanation,
    save_final_points,
    save_review,
    save_self_scores,
    send_back_to_review,
    start_review,
    submit_scorecard,
)
from .stragglers import (
    close_out_scorecard,
    enter_on_behalf,
    finalise_reviewed,
    remind_missing,
    reopen_closed_out,
)
from .votes import (
    make_proposals,
    record_vote,
)

__all__ = [
    "DATE_FIELDS",
    "add_member",
    "close_bloc_year",
    "create_bloc",
    "create_bloc_year",
    "create_next_year",
    "open_scoring",
    "open_voting",
    "remove_member",
    "set_leadership",
    "start_reviewing",
    "step_back",
    "update_bloc_year_dates",
    "CRITERION_FIELDS",
    "add_criterion",
    "criteria_problems",
    "delete_criterion",
    "move_criterion",
    "replace_criteria",
    "update_criteria_set",
    "update_criterion",
    "add_evidence",
    "answer_explanation",
    "complete_review",
    "delete_evidence",
    "finalise_scorecard",
    "reopen_scorecard",
    "return_for_explanation",
    "save_final_points",
    "save_review",
    "save_self_scores",
    "send_back_to_review",
    "start_review",
    "submit_scorecard",
    "close_out_scorecard",
    "enter_on_behalf",
    "finalise_reviewed",
    "remind_missing",
    "reopen_closed_out",
    "make_proposals",
    "record_vote",
    "save_bloc_assessment",
]
