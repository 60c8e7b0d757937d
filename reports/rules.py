"""Permissions of the reports app (which report a user may see is each report module's ``check_access``).

- the bloc year-end summary may be requested for a bloc year by whoever may read it
  (``reports.kinds.bloc_summary.may_read_summary``): the bloc year page shows its link only to them
  (the leaders' year-end assessment it prints is ``blocs.change_bloc_assessment``).
- certificates (bằng khen, giấy khen) of a decision are printed, and their blanks managed, by the board only.
"""

import rules

from emulation.rules import is_board

from .kinds.bloc_summary import may_read_summary


@rules.predicate
def may_read_bloc_summary(user, bloc_year):
    return bloc_year is not None and may_read_summary(user, bloc_year)


rules.add_perm("reports.request_bloc_summary", may_read_bloc_summary)
rules.add_perm("reports.print_certificates", is_board)
rules.add_perm("reports.change_certificateblank", is_board)
rules.add_perm("reports.sign_reportjob", is_board)
rules.add_perm("reports.change_issuersetting", is_board)
rules.add_perm("reports.sign_proposal", is_board)
