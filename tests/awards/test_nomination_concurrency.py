# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)
import threading

import pytest
from django.db import close_old_connections, connection

from awards import services
from awards.enums import NominationState
from awards.models import Award, Decision
from emulation.errors import DomainError
from tests.awards.nomination_factories import advance, base_salary, build, decide, ldtt, people  # noqa: F401


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_issue_at_the_same_moment_creates_register_rows_once(require_postgres, clerk, unit, board, ldtt,
                                                                    people):
    nomination = advance(build(clerk, unit, ldtt, people), clerk, board, NominationState.AT_COUNCIL)
    decision = decide(nomination, board)
    barrier = threading.Barrier(2)
    outcomes = []

    def issue():
        try:
            fresh = Decision.objects.get(pk=decision.pk)
            barrier.wait(timeout=10)
            services.issue_decision(fresh, board)
            outcomes.append("issued")
        except DomainError:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["issued", "refused"]
    assert Award.objects.count() == 3
    assert Award.objects.values("person").distinct().count() == 3
