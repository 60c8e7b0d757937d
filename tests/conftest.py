import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test import TransactionTestCase, override_settings
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
    """A test that commits for real (``transaction=True``, a live server)."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                   or (marker.args and marker.args[0])):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    """``make test`` runs the suite on every core (pytest-xdist, ``--dist loadfile``: one file's tests on one
    process). The tests that start real Celery workers share the broker's queues, so they all live in one file.

    A transaction test commits for real, so its rows must go when it ends, but the rows of the data migrations
    (award catalogue, coefficients, thresholds, permissions) must stay; in one process pytest-django runs those
    tests last, but under xdist a process takes files in any order. So ``django_db_setup`` below copies the
    migrated content once and ``pytest_runtest_teardown`` puts exactly that content back after each transaction
    test, for whatever test the process runs next."""
    for item in items:
        if item.get_closest_marker("celery_worker") and not item.nodeid.startswith(WORKER_TESTS):
            raise pytest.UsageError(f"{item.nodeid}: tests that start Celery workers belong in {WORKER_TESTS}")
        # the several-hosts test starts its own worker on its own Redis databases (14, 12): one file, one process
        if item.get_closest_marker("multihost") and not item.nodeid.startswith(MULTIHOST_TESTS):
            raise pytest.UsageError(f"{item.nodeid}: tests that start several hosts belong in {MULTIHOST_TESTS}")
        if _is_transactional(item):
            marker = item.get_closest_marker("django_db")
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)
            item.transactional = True
    _longest_files_first(items)


# The files that take longest, whatever their number of tests: the several-hosts test, the real Celery workers,
# the browser journeys (each a live server and Chromium, several loading the demo).
LONG_FILES = (MULTIHOST_TESTS, WORKER_TESTS, "tests/e2e/")


def _longest_files_first(items):
    """Order the files longest first: ``LONG_FILES``, then the others by their number of tests (the files' own
    order of tests kept). ``make test`` runs xdist with ``--no-loadscope-reorder``, so its processes take the files
    in this order: the long ones start first and at the end only short files remain to share out, instead of a
    process running a browser journey of one test alone while the other idles (xdist's own order is by number of
    tests alone). A transaction test puts the migrated content back after itself, so any order is safe."""
    sizes = {}
    for item in items:
        path = item.nodeid.split("::")[0]
        sizes[path] = sizes.get(path, 0) + 1

    def rank(path):
        long = next((i for i, prefix in enumerate(LONG_FILES) if path.startswith(prefix)), len(LONG_FILES))
        return long, -sizes[path], path

    files = sorted(sizes, key=rank)
    position = {path: i for i, path in enumerate(files)}
    items.sort(key=lambda item: position[item.nodeid.split("::")[0]])


SNAPSHOT_PREFIX = "_snapshot_"  # tables beside the migrated ones, in the same test database
_SNAPSHOTS = {}  # database alias -> [(table, its snapshot table)] for the tables that had rows after migrating


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django created and migrated the test databases: copy the migrated content (the rows the data
    migrations wrote: award catalogue, coefficients, thresholds, content types, permissions) into snapshot
    tables in the same database, once per process. Putting it back after a transaction test is then one
    ``INSERT … SELECT`` per table on the database server, instead of a serialized rollback's object-by-object
    deserialization of a JSON copy (≈1 s per transaction test, done twice: at its setup and after its flush)."""
    with django_db_blocker.unblock():
        for conn in connections.all(initialized_only=True):
            qn = conn.ops.quote_name
            tables = conn.introspection.django_table_names(only_existing=True, include_views=False)
            copies = []
            with conn.cursor() as cursor:
                for table in sorted(tables):
                    cursor.execute(f"SELECT 1 FROM {qn(table)} LIMIT 1")
                    if cursor.fetchone():
                        copy = SNAPSHOT_PREFIX + table
                        cursor.execute(f"DROP TABLE IF EXISTS {qn(copy)}")
                        cursor.execute(f"CREATE TABLE {qn(copy)} AS SELECT * FROM {qn(table)}")
                        copies.append((table, copy))
            _SNAPSHOTS[conn.alias] = copies
    yield
    # Before pytest-django drops the test database: end the sessions a test left on it (a thread that never closed
    # its connection), which would make the DROP fail with "being accessed by other users" and leave the database
    # behind (CI printed it as a warning on every run). Only this process's own test database.
    with django_db_blocker.unblock():
        for conn in connections.all(initialized_only=True):
            if conn.vendor == "postgresql":
                with conn.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()")


def restore_migrated_content(alias):
    """Empty every table of the models and copy the migrated content back from the snapshot tables, in one
    transaction (the foreign keys are deferred constraints, checked at commit). ``DELETE`` rather than the
    ``TRUNCATE`` of Django's flush: on tables of a few rows it costs milliseconds where PostgreSQL's ``TRUNCATE`` of
    ~85 tables (new files for each table and index) takes 1–3 s. The sequences stay ahead of the restored rows."""
    conn = connections[alias]
    qn = conn.ops.quote_name
    tables = conn.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic(using=alias), conn.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {qn(table)}")
        for table, copy in _SNAPSHOTS[alias]:
            cursor.execute(f"INSERT INTO {qn(table)} SELECT * FROM {qn(copy)}")


_django_fixture_teardown = TransactionTestCase._fixture_teardown


def _fixture_teardown(self):
    """A transaction test's database is emptied and refilled by ``pytest_runtest_teardown`` below, after every
    fixture has ended, so Django's own flush (a ``TRUNCATE`` of every table) would be wasted work."""
    if not _SNAPSHOTS:
        _django_fixture_teardown(self)


TransactionTestCase._fixture_teardown = _fixture_teardown


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transaction test and all its fixtures (a live server's thread may have written until its page
    closed), put the migrated content back for whatever test the process runs next (after the last test, the
    session's fixtures have already dropped the test database)."""
    yield
    if nextitem is None or not getattr(item, "transactional", False):
        return
    with item.config.stash[blocking_manager_key].unblock():
        for alias in _SNAPSHOTS:
            restore_migrated_content(alias)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Every user a factory or the demo creates gets a password; Django's default hasher (PBKDF2, a million
    rounds) spends ≈0.5 s of CPU on each. No test is about the hashing itself, so the whole session (module-scoped
    fixtures and live servers' threads included) hashes with MD5; logins by password work the same."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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
