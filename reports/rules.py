"""Permissions of the reports app (which report a user may see is each report module's ``check_access``).

- the bloc year-end summary may be requested for a bloc year by whoever may read it
  (``reports.kinds.bloc_summary.may_read_summary``): the bloc year page shows its link only to them;
- the year-end assessment of a bloc year (``BlocYearAssessment``) is written by the bloc leaders (users of the
  head unit of that bloc year) and by the board; council members and member clerks may read the summary only.
"""

import rules

from blocs.rules import is_bloc_leader
from emulation.rules import is_board

from .kinds.bloc_summary import may_read_summary


@rules.predicate
def may_read_bloc_summary(user, bloc_year):
    return bloc_year is not None and may_read_summary(user, bloc_year)


rules.add_perm("reports.change_bloc_assessment", is_board | is_bloc_leader)
rules.add_perm("reports.request_bloc_summary", may_read_bloc_summary)
