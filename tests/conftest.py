import importlib
import os

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import translation

from config.celery import app
from tests.factories import UnitFactory, make_board, make_clerk, make_council


def need_service(reason):
    """Skip for lack of a service; under REQUIRE_SERVICES=1 (CI) that is a failure instead."""
    if settings.REQUIRE_SERVICES or os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


WORKER_TESTS = "tests/jobs/test_worker.py"


def pytest_collection_modifyitems(config, items):
    """``make test`` runs the suite on every core (pytest-xdist, ``--dist loadfile``: one file's tests on one
    process). The tests that start real Celery workers share the broker's queues, so they all live in one file."""
    for item in items:
        if item.get_closest_marker("celery_worker") and not item.nodeid.startswith(WORKER_TESTS):
            raise pytest.UsageError(f"{item.nodeid}: tests that start Celery workers belong in {WORKER_TESTS}")


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        need_service("needs PostgreSQL (set DATABASE_URL=postgres://…)")


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _celery_eager(request, settings):
    """Tasks run in-process in tests even when CELERY_BROKER_URL is set (as in CI); only tests marked
    ``celery_worker`` talk to a real worker through the broker."""
    eager = request.node.get_closest_marker("celery_worker") is None
    before = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"

    with translation.override("vi"):
        yield


@pytest.fixture
def unit(db):
    return UnitFactory(name="Sở Thử nghiệm", code="STN")


@pytest.fixture
def other_unit(db):
    return UnitFactory(name="Sở Khác", code="SKH")


@pytest.fixture
def board(db):
    return make_board(username="board")


@pytest.fixture
def council(db):
    return make_council(username="council")


@pytest.fixture
def clerk(unit):
    return make_clerk(unit, username="clerk")


@pytest.fixture
def other_clerk(other_unit):
    return make_clerk(other_unit, username="otherclerk")


@pytest.fixture
def data_migrations(db):
    """The rows the data migrations put in (award catalogue, coefficients, base salary, default thresholds).

    A ``transaction=True`` test empties every table when it ends, so a later transactional test that
    needs these rows (the demo data does) asks for this fixture to put them back.
    """
    for module, function in [("awards.migrations.0003_nominations", "default_vote_threshold"),
                             ("awards.migrations.0004_catalogue", "load"),
                             ("awards.migrations.0013_lawmoney_data", "load"),
                             ("blocs.migrations.0003_default_vote_threshold", "add_default")]:
        getattr(importlib.import_module(module), function)(apps, None)
