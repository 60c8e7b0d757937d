"""Two reviewers saving the same scorecard at once: the row lock serialises them and the version
check refuses the second, so nobody's points are silently overwritten. Runs on PostgreSQL."""

import threading
import time
from decimal import Decimal as D

import pytest
from django.db import connection, transaction

from blocs import services
from blocs.enums import ScorecardState
from blocs.models import Scorecard, ScoreEntry
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.blocs.factories import FULL, leaves, make_card

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run(target):
    errors = []

    def wrapper():
        try:
            target()
        except Exception as exc:  # noqa: BLE001 – reported to the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=wrapper)
    thread.start()
    return thread, errors


def test_concurrent_reviews_never_silently_overwrite(require_postgres, bloc, board):
    sc = make_card(bloc.by, bloc.unit, state=ScorecardState.UNDER_REVIEW, points=FULL)
    a1 = leaves(bloc.by)["A.1"].pk
    version = Scorecard.objects.get(pk=sc.pk).version  # both reviewers opened the form at this version
    first_holds_lock = threading.Event()
    timeline = {}

    def first():
        with transaction.atomic():
            services.save_review(sc, bloc.leader, {a1: {"points": D(45), "reason": "Khối trưởng"}}, version)
            first_holds_lock.set()
            time.sleep(0.5)  # keep the row locked while the second reviewer saves
            timeline["first_commit"] = time.monotonic()

    def second():
        first_holds_lock.wait(5)
        timeline["second_start"] = time.monotonic()
        try:
            services.save_review(sc, board, {a1: {"points": D(40), "reason": "Ban TĐKT"}}, version)
        finally:
            timeline["second_end"] = time.monotonic()

    t1, errors1 = _run(first)
    t2, errors2 = _run(second)
    t1.join(10)
    t2.join(10)
    assert errors1 == []
    assert len(errors2) == 1 and isinstance(errors2[0], DomainError)
    # the second save waited for the first one's lock, then saw the newer version
    assert timeline["second_start"] < timeline["first_commit"] <= timeline["second_end"]
    entry = ScoreEntry.objects.get(scorecard=sc, criterion_id=a1)
    assert (entry.reviewed_points, entry.review_reason) == (D(45), "Khối trưởng")
    assert Scorecard.objects.get(pk=sc.pk).version == version + 1
    assert ActivityLog.objects.filter(action="blocs.scorecard.review_saved").count() == 1


def test_concurrent_saves_from_fresh_forms_both_apply_in_turn(require_postgres, bloc, board):
    """Reloading after a refusal and saving again works: the second save sees the first one's points."""
    sc = make_card(bloc.by, bloc.unit, state=ScorecardState.UNDER_REVIEW, points=FULL)
    ls = leaves(bloc.by)
    barrier = threading.Barrier(2)
    results = {}

    def reviewer(user, code, points):
        def go():
            barrier.wait(5)
            for _attempt in range(5):
                current = Scorecard.objects.get(pk=sc.pk).version
                try:
                    services.save_review(sc, user, {ls[code].pk: {"points": D(points), "reason": "r"}}, current)
                    results[code] = "saved"
                    return
                except DomainError:
                    time.sleep(0.05)
            results[code] = "gave up"
        return go

    t1, e1 = _run(reviewer(bloc.leader, "A.1", 44))
    t2, e2 = _run(reviewer(board, "A.2", 33))
    t1.join(10)
    t2.join(10)
    assert (e1, e2, results) == ([], [], {"A.1": "saved", "A.2": "saved"})
    got = dict(ScoreEntry.objects.filter(scorecard=sc, criterion__code__in=["A.1", "A.2"])
               .values_list("criterion__code", "reviewed_points"))
    assert got == {"A.1": D(44), "A.2": D(33)}
