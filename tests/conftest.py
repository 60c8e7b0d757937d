import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from config.celery import app
from tests.factories import UnitFactory, make_board, make_clerk, make_council


def need_service(reason):
    """Skip for lack of a service; under REQUIRE_SERVICES=1 (CI) that is a failure instead."""
    if settings.REQUIRE_SERVICES or os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


WORKER_TESTS = "tests/jobs/test_worker.py"
MULTIHOST_TESTS = "tests/jobs/test_multihost.py"


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def _is_transactional(item):
    """A test that commits for real (``transaction=True``, a live server): pytest-django empties every table
    when it ends."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                   or (marker.args and marker.args[0])):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    """``make test`` runs the suite on every core (pytest-xdist, ``--dist loadfile``: one file's tests on one
    process). The tests that start real Celery workers share the broker's queues, so they all live in one file.

    A transaction test ends by emptying every table, the rows of the data migrations (award catalogue,
    coefficients, thresholds, permissions) included; in one process pytest-django runs those tests last, but
    under xdist a process takes files in any order. So every transaction test asks for a serialized rollback
    (the test database's content is serialized once, after migrating) and ``pytest_runtest_teardown`` below
    puts the content back after the table flush, for whatever test the process runs next."""
    for item in items:
        if item.get_closest_marker("celery_worker") and not item.nodeid.startswith(WORKER_TESTS):
            raise pytest.UsageError(f"{item.nodeid}: tests that start Celery workers belong in {WORKER_TESTS}")
        # the several-hosts test starts its own worker on its own Redis databases (14, 12): one file, one process
        if item.get_closest_marker("multihost") and not item.nodeid.startswith(MULTIHOST_TESTS):
            raise pytest.UsageError(f"{item.nodeid}: tests that start several hosts belong in {MULTIHOST_TESTS}")
        if _is_transactional(item):
            marker = item.get_closest_marker("django_db")
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)
            item.transactional = True


_SNAPSHOTS = {}  # database alias -> its content right after migrating, as Django serialized it


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    yield
    if getattr(item, "transactional", False):
        for conn in connections.all(initialized_only=True):
            content = getattr(conn, "_test_serialized_contents", None)
            if content:
                _SNAPSHOTS.setdefault(conn.alias, content)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transaction test's own flush, empty the tables once more without the post-migrate handlers (a
    live server's thread can leave the flush without the serialized content and so with fresh content types)
    and load the migrated content back."""
    yield
    if nextitem is None or not getattr(item, "transactional", False):
        return
    with item.config.stash[blocking_manager_key].unblock():
        for alias, content in _SNAPSHOTS.items():
            call_command("flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True,
                         reset_sequences=False)  # the sequences stay ahead of the restored rows
            conn = connections[alias]
            conn.creation.deserialize_db_from_string(content)
            conn._test_serialized_contents = content


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        need_service("needs PostgreSQL (set DATABASE_URL=postgres://…)")


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _fresh_local_cache():
    """The in-memory cache lives as long as the test process: each test starts with it empty (rate-limit
    counters, the periodic tasks' run-once locks). A shared Redis cache (CACHE_URL) is left alone."""
    if "LocMemCache" in settings.CACHES["default"]["BACKEND"]:
        cache.clear()


@pytest.fixture(scope="session")
def s3_server():
    """An S3-compatible server (moto's, from PyPI) on a free local port, for the whole test session."""
    from moto.server import ThreadedMotoServer  # noqa: PLC0415 heavy (Flask, every AWS service): only when used

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings, request):
    """The default storage in a fresh bucket of ``s3_server``, configured as STORAGE_S3_BUCKET does."""
    import boto3  # noqa: PLC0415 heavy: only the tests that use object storage load it

    bucket = "tdkt-" + request.node.name.lower().replace("_", "-")[:40].strip("-")
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing")
    client.create_bucket(Bucket=bucket)
    settings.STORAGE_S3_BUCKET = bucket
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": bucket, "endpoint_url": s3_server, "region_name": "us-east-1", "access_key": "testing",
        "secret_key": "testing", "addressing_style": "path", "signature_version": "s3v4", "file_overwrite": False,
        "default_acl": None, "querystring_auth": True, "querystring_expire": 60}}}
    return client, bucket


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
