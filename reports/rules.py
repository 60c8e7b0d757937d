"""Permissions of the reports app (which report a user may see is each report module's ``check_access``).

- the year-end assessment of a bloc year (``BlocYearAssessment``) is written by the bloc leaders (users of the
  head unit of that bloc year) and by the board; council members and member clerks may read the summary only.
"""

import rules

from blocs.rules import is_bloc_leader
from emulation.rules import is_board

rules.add_perm("reports.change_bloc_assessment", is_board | is_bloc_leader)
