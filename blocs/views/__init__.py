"""Pages of the blocs app, one module per subject. Thin: parse, call a selector or a service, render.

- ``bloc_years``: blocs and bloc years (lists, the bloc year page, its states, members and dates);
- ``criteria``: the criteria set;
- ``scorecards``: the unit's scorecard, the review, evidence files;
- ``stragglers``: reminders, closing out or entering a missing scorecard, locking the reviewed ones at once;
- ``votes``: the scoreboard, the vote and the proposals;
- ``assessment``: the bloc leaders' year-end assessment.
"""

from .assessment import bloc_assessment
from .bloc_years import (
    bloc_create,
    bloc_detail,
    bloc_list,
    blocyear_create,
    blocyear_detail,
    blocyear_manage,
    blocyear_next,
    blocyear_transition,
)
from .criteria import criteria, criteria_export, criteria_import, criterion_edit
from .scorecards import evidence_delete, evidence_download, evidence_upload, scorecard, scorecard_review
from .stragglers import (
    blocyear_finalise_reviewed,
    blocyear_remind,
    scorecard_close_out,
    scorecard_on_behalf,
    scorecard_reopen_closed_out,
)
from .votes import scoreboard, scoreboard_export, vote

__all__ = [
    "bloc_assessment",
    "bloc_create",
    "bloc_detail",
    "bloc_list",
    "blocyear_create",
    "blocyear_detail",
    "blocyear_finalise_reviewed",
    "blocyear_manage",
    "blocyear_next",
    "blocyear_remind",
    "blocyear_transition",
    "criteria",
    "criteria_export",
    "criteria_import",
    "criterion_edit",
    "evidence_delete",
    "evidence_download",
    "evidence_upload",
    "scorecard",
    "scorecard_close_out",
    "scorecard_on_behalf",
    "scorecard_reopen_closed_out",
    "scorecard_review",
    "scoreboard",
    "scoreboard_export",
    "vote",
]
