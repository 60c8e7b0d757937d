"""Who may do what with blocs. Bloc leaders are derived: clerks of the head unit of a bloc year,
for that bloc year only. The head unit's own scorecard is reviewed by the deputy unit (or the board)."""

import rules

from emulation.roles import roles_of
from emulation.rules import is_board, sees_everything

from .enums import BlocYearState, ScorecardState


def _bloc_year(obj):
    return getattr(obj, "bloc_year", obj)


@rules.predicate
def is_bloc_leader(user, bloc_year):
    """Users of the unit that heads this bloc year act as its leaders, for that year only."""
    if bloc_year is None:
        return False
    bloc_year = _bloc_year(bloc_year)
    return bloc_year.head_unit_id in roles_of(user).clerk_unit_ids


@rules.predicate
def is_bloc_deputy(user, bloc_year):
    if bloc_year is None:
        return False
    bloc_year = _bloc_year(bloc_year)
    return bloc_year.deputy_unit_id is not None and bloc_year.deputy_unit_id in roles_of(user).clerk_unit_ids


@rules.predicate
def is_bloc_member_clerk(user, bloc_year):
    if bloc_year is None:
        return False
    bloc_year = _bloc_year(bloc_year)
    unit_ids = roles_of(user).clerk_unit_ids
    return any(m.unit_id in unit_ids for m in bloc_year.memberships.all())


@rules.predicate
def is_scorecard_clerk(user, scorecard):
    return scorecard is not None and scorecard.unit_id in roles_of(user).clerk_unit_ids


@rules.predicate
def is_scorecard_reviewer(user, scorecard):
    """Bloc leaders review every member's scorecard except their own unit's, which the deputy reviews."""
    if scorecard is None:
        return False
    by = scorecard.bloc_year
    ids = roles_of(user).clerk_unit_ids
    if scorecard.unit_id in ids:
        return False
    if scorecard.unit_id == by.head_unit_id:
        return by.deputy_unit_id is not None and by.deputy_unit_id in ids
    return by.head_unit_id in ids


@rules.predicate
def scoreboard_open_to_members(user, bloc_year):
    bloc_year = _bloc_year(bloc_year)
    return bloc_year.state in (BlocYearState.VOTING, BlocYearState.CLOSED)


@rules.predicate
def scorecard_finalised(user, scorecard):
    return scorecard is not None and scorecard.state == ScorecardState.FINALISED


manages = is_board
leads = is_board | is_bloc_leader

rules.add_perm("blocs.view_bloc", rules.is_authenticated)
rules.add_perm("blocs.manage_blocyear", is_board)
rules.add_perm("blocs.edit_criteria", is_board | is_bloc_leader)
rules.add_perm("blocs.advance_blocyear", is_board | is_bloc_leader)
rules.add_perm("blocs.fill_scorecard", is_scorecard_clerk)
rules.add_perm("blocs.review_scorecard", is_board | is_scorecard_reviewer)
rules.add_perm("blocs.finalise_scorecard", is_board)
rules.add_perm("blocs.view_scoreboard",
               sees_everything | is_bloc_leader | (is_bloc_member_clerk & scoreboard_open_to_members))
rules.add_perm("blocs.record_vote", is_board | is_bloc_leader)
# the year-end assessment printed in the bloc summary: the leaders write it, the board too (the service adds
# that once the bloc year is closed only the board may change it)
rules.add_perm("blocs.change_bloc_assessment", is_board | is_bloc_leader)
