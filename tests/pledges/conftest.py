import pytest

from pledges import services
from pledges.enums import CommitmentKind, PledgeState
from tests.factories import UnitFactory, make_clerk

from .factories import CommitmentFactory, PledgeFactory, make_bloc_year


@pytest.fixture
def head_unit(db):
    return UnitFactory(name="Sở Trưởng khối", code="HEAD")


@pytest.fixture
def leader(head_unit):
    """A clerk of the head unit: the bloc leader of the bloc year."""
    return make_clerk(head_unit, username="leader")


@pytest.fixture
def third_unit(db):
    return UnitFactory(name="Sở Thứ ba", code="THIRD")


@pytest.fixture
def bloc_year(head_unit, unit, third_unit):
    """Members: the head unit, ``unit`` (clerk's) and a third unit. ``other_unit`` is outside."""
    return make_bloc_year(head_unit, [unit, third_unit])


@pytest.fixture
def draft_pledge(bloc_year):
    pledge = PledgeFactory(bloc_year=bloc_year)
    CommitmentFactory(pledge=pledge, position=1)
    CommitmentFactory(pledge=pledge, position=2, kind=CommitmentKind.MEASURABLE, target_figure=100, target_unit="%")
    return pledge


@pytest.fixture
def open_pledge(draft_pledge):
    draft_pledge.state = PledgeState.OPEN
    draft_pledge.save(update_fields=["state"])
    return draft_pledge


@pytest.fixture
def signed_pledge(open_pledge, board):

    for m in open_pledge.bloc_year.memberships.select_related("unit"):
        services.sign_pledge(open_pledge, board, m.unit, "Nguyễn Văn Ký", "Giám đốc")
    open_pledge.refresh_from_db()
    assert open_pledge.state == PledgeState.SIGNED
    return open_pledge
