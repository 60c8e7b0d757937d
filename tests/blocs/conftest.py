from types import SimpleNamespace

import pytest

from blocs.enums import BlocYearState
from tests.blocs.factories import make_bloc_year, new_unit
from tests.factories import make_clerk


@pytest.fixture
def bloc(db, unit, other_unit, clerk, other_clerk):
    """A bloc year 2020 in self-scoring: head H (leader), deputy D, members ``unit`` and ``other_unit``."""
    head = new_unit("Sở Đứng đầu", "HEAD")
    deputy = new_unit("Sở Phó", "DEP")
    leader = make_clerk(head, username="leader")
    deputy_clerk = make_clerk(deputy, username="deputy")
    by = make_bloc_year(head, members=[unit, other_unit], deputy=deputy, state=BlocYearState.SCORING)
    return SimpleNamespace(by=by, head=head, deputy=deputy, leader=leader, deputy_clerk=deputy_clerk, unit=unit,
                           other_unit=other_unit, clerk=clerk, other_clerk=other_clerk)
