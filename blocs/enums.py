from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BlocYearState(models.TextChoices):
    """preparing → scoring → reviewing → voting → closed (the board may step back one state)."""

    PREPARING = "preparing", pgettext_lazy("bloc year state", "Preparing")
    SCORING = "scoring", pgettext_lazy("bloc year state", "Self-scoring")
    REVIEWING = "reviewing", pgettext_lazy("bloc year state", "Reviewing")
    VOTING = "voting", pgettext_lazy("bloc year state", "Voting")
    CLOSED = "closed", pgettext_lazy("bloc year state", "Closed")


BLOC_YEAR_ORDER = [s.value for s in BlocYearState]
# Scorecards may be submitted (late ones are marked late) and reviewed in these bloc-year states.
SCORECARD_OPEN_STATES = {BlocYearState.SCORING, BlocYearState.REVIEWING}


class CriterionKind(models.TextChoices):
    STANDARD = "standard", pgettext_lazy("criterion kind", "Standard")
    BONUS = "bonus", pgettext_lazy("criterion kind", "Bonus")
    PENALTY = "penalty", pgettext_lazy("criterion kind", "Penalty")


class ScorecardState(models.TextChoices):
    """Allowed transitions (one service each, see ``blocs.services``):

    draft → submitted                       submit_scorecard (unit clerk; late ones flagged)
    submitted → under_review                start_review (bloc leader or board; also on first save)
    under_review → returned                 return_for_explanation (leader/board; questions per criterion)
    returned → under_review                 answer_explanation (unit clerk; answers per criterion)
    under_review → reviewed                 complete_review (leader/board)
    reviewed → under_review                 send_back_to_review (board, with a reason)
    reviewed → finalised                    finalise_scorecard (board; locked)
    finalised → under_review                reopen_scorecard (board, with a reason)
    draft → not_submitted                   close_out_scorecard (board, after the self-scoring deadline, with
                                            a reason; the unit is left out of the ranking and the vote)
    not_submitted → draft                   reopen_closed_out (board, with a reason, before the vote is recorded)
    draft → submitted                       enter_on_behalf (board, after the deadline, with a reason)
    reviewed → finalised, many at once      finalise_reviewed (board, from one confirmation page)
    """

    DRAFT = "draft", pgettext_lazy("scorecard state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("scorecard state", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("scorecard state", "Under review")
    RETURNED = "returned", pgettext_lazy("scorecard state", "Returned for explanation")
    REVIEWED = "reviewed", pgettext_lazy("scorecard state", "Reviewed")
    FINALISED = "finalised", pgettext_lazy("scorecard state", "Finalised")
    NOT_SUBMITTED = "not_submitted", pgettext_lazy("scorecard state", "Not submitted")


SCORECARD_TRANSITIONS = {
    ScorecardState.DRAFT: {ScorecardState.SUBMITTED, ScorecardState.NOT_SUBMITTED},
    ScorecardState.SUBMITTED: {ScorecardState.UNDER_REVIEW},
    ScorecardState.UNDER_REVIEW: {ScorecardState.RETURNED, ScorecardState.REVIEWED},
    ScorecardState.RETURNED: {ScorecardState.UNDER_REVIEW},
    ScorecardState.REVIEWED: {ScorecardState.UNDER_REVIEW, ScorecardState.FINALISED},
    ScorecardState.FINALISED: {ScorecardState.UNDER_REVIEW},
    ScorecardState.NOT_SUBMITTED: {ScorecardState.DRAFT},
}
# States in which a scorecard no longer holds up the vote: final, or closed out by the board.
SETTLED = {ScorecardState.FINALISED, ScorecardState.NOT_SUBMITTED}
AWAITING_REVIEW = {ScorecardState.SUBMITTED, ScorecardState.UNDER_REVIEW}
UNIT_TO_ACT = {ScorecardState.DRAFT, ScorecardState.RETURNED}


class ProposalKind(models.TextChoices):
    FLAG = "flag", _("Emulation flag of the Provincial People's Committee")
    DIPLOMA = "diploma", _("Diploma of Merit of the Chairman of the Provincial People's Committee")
