"""Permissions for nominations and decisions (``rules``). Imported by ``AwardsConfig.ready``."""

import rules

from emulation.roles import roles_of
from emulation.rules import in_clerk_scope, is_board, is_clerk, sees_everything


@rules.predicate
def is_sending_clerk(user, nomination):
    return nomination is not None and nomination.unit_id in roles_of(user).clerk_unit_ids


@rules.predicate
def is_submitter(user, nomination):
    return nomination is not None and user.pk in {nomination.submitted_by_id, nomination.created_by_id}


rules.add_perm("awards.view_nomination", sees_everything | in_clerk_scope)
rules.add_perm("awards.add_nomination", is_board | is_clerk)
rules.add_perm("awards.change_nomination", is_board | is_sending_clerk)
rules.add_perm("awards.view_nomination_queue", sees_everything)
rules.add_perm("awards.appraise_nomination", is_board & ~is_submitter)
rules.add_perm("awards.manage_council", is_board)
rules.add_perm("awards.view_council", sees_everything)
rules.add_perm("awards.view_decision", sees_everything | is_clerk)
rules.add_perm("awards.change_decision", is_board)
rules.add_perm("awards.manage_nomination_settings", is_board)
