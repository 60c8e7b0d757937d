"""Permissions on pledges. Which pledges a user may read is decided by ``selectors.pledges_for_user``.

- the board manages every pledge; council members read;
- the bloc leaders (users of the head unit of the bloc year) edit their bloc year's pledge and confirm
  the members' fulfilment reports;
- the clerks of member units sign and report, each for their own unit only (checked in the services).
"""

import rules

from blocs.rules import is_bloc_leader, is_bloc_member_clerk
from emulation.rules import is_board

rules.add_perm("pledges.add_pledge", is_board | is_bloc_leader)
rules.add_perm("pledges.change_pledge", is_board | is_bloc_leader)
rules.add_perm("pledges.sign_pledge", is_board | is_bloc_member_clerk)
rules.add_perm("pledges.report_fulfilment", is_board | is_bloc_member_clerk)
rules.add_perm("pledges.confirm_fulfilment", is_board | is_bloc_leader)
