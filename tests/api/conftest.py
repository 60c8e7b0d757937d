import pytest

from tests.api.helpers import make_token
from tests.factories import UnitFactory


@pytest.fixture
def sub_unit(unit):
    return UnitFactory(name="Phòng Thử nghiệm", code="PTN", parent=unit)


@pytest.fixture
def scoped(board, unit):
    """A token for ``unit`` (and its sub-units), without personal data: ``(token, headers)``."""
    return make_token(board, [unit])
