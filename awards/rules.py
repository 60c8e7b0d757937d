"""Permissions of the awards app (``rules``), registered when ``rules`` autodiscovers this module.

- The catalogue (award types, coefficients, rule parameters, quotas, base salary): everyone reads,
  the board edits.
- Nominations: the sending unit's clerks (and the board) change them; the board appraises, but never
  whoever prepared or submitted the dossier; the council reads the queue and the decisions.
- Records (appraisals, discipline, initiatives, awards): the board and council read everything, a
  clerk reads and edits the records of the people and units in their scope; the council never edits.
"""

import rules

from emulation.roles import roles_of
from emulation.rules import in_clerk_scope, is_board, is_clerk, sees_everything


def record_unit_id(obj):
    """The unit that owns a record: the person's current unit, else the record's unit."""
    if obj is None:
        return None
    if getattr(obj, "person_id", None):
        return obj.person.unit_id
    return getattr(obj, "unit_id", None)


@rules.predicate
def in_record_scope(user, obj):
    unit_id = record_unit_id(obj)
    return unit_id is not None and unit_id in roles_of(user).scope_unit_ids


rules.add_perm("awards.view_catalogue", rules.is_authenticated)
rules.add_perm("awards.manage_catalogue", is_board)
rules.add_perm("awards.view_record", sees_everything | in_record_scope)
rules.add_perm("awards.add_record", is_board | is_clerk)
rules.add_perm("awards.change_record", is_board | in_record_scope)
rules.add_perm("awards.revoke_award", is_board)
rules.add_perm("awards.check_eligibility", sees_everything | is_clerk)


# Nominations and decisions ----------------------------------------------------------------------


@rules.predicate
def is_sending_clerk(user, nomination):
    return nomination is not None and nomination.unit_id in roles_of(user).clerk_unit_ids


@rules.predicate
def is_submitter(user, nomination):
    return nomination is not None and user.pk in {nomination.submitted_by_id, nomination.created_by_id}


rules.add_perm("awards.view_nomination", sees_everything | in_clerk_scope)
rules.add_perm("awards.add_nomination", is_board | is_clerk)
# the unit edits its own dossier; the board only one it made itself (on a unit's behalf), never a unit's
# returned dossier: that is for the unit to correct (issue 15: each role sees only its own actions)
rules.add_perm("awards.change_nomination", is_sending_clerk | (is_board & is_submitter))
rules.add_perm("awards.view_nomination_queue", sees_everything)
rules.add_perm("awards.appraise_nomination", is_board & ~is_submitter)
rules.add_perm("awards.manage_council", is_board)
rules.add_perm("awards.manage_upward", is_board)  # khen cao: the board's cover letters to the central level
rules.add_perm("awards.manage_concurrence", is_board)  # hiệp y
rules.add_perm("awards.view_council", sees_everything)
rules.add_perm("awards.view_decision", sees_everything | is_clerk)
rules.add_perm("awards.change_decision", is_board)
rules.add_perm("awards.sign_decision", is_board)
rules.add_perm("awards.manage_nomination_settings", is_board)
