"""The last two members signing at the same moment: the pledge must still end up signed (row lock)."""

import threading

import pytest
from django.db import connection

from pledges import services
from pledges.enums import PledgeState
from pledges.models import Pledge
from tests.factories import UnitFactory, make_board

from .factories import CommitmentFactory, PledgeFactory, make_bloc_year


@pytest.mark.django_db(transaction=True)
def test_simultaneous_last_signatures_complete_the_pledge(require_postgres):
    a, b = UnitFactory(), UnitFactory()
    board = make_board(username="board-c")
    bloc_year = make_bloc_year(a, [b])
    pledge = PledgeFactory(bloc_year=bloc_year, state=PledgeState.OPEN)
    CommitmentFactory(pledge=pledge)
    barrier = threading.Barrier(2)
    errors = []

    def sign(unit):
        try:
            barrier.wait()
            services.sign_pledge(pledge, board, unit, "Đại diện", "Giám đốc")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(u,)) for u in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    pledge = Pledge.objects.get(pk=pledge.pk)
    assert (pledge.state, pledge.signatures.count()) == (PledgeState.SIGNED, 2)
