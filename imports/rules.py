"""Who may import: the board for any unit, a clerk for their own unit; the council only reads."""

import rules

from emulation.rules import is_board, is_clerk, sees_everything


@rules.predicate
def is_requester(user, run):
    return run is not None and run.requested_by_id == user.pk


rules.add_perm("imports.add_importrun", is_board | is_clerk)
rules.add_perm("imports.view_importrun", sees_everything | is_requester)
rules.add_perm("imports.change_importrun", is_board | (is_clerk & is_requester))
rules.add_perm("imports.export", sees_everything | is_clerk)
