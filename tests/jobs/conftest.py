"""Fixtures of the job machinery's tests: a real Celery worker process started on demand."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from tests.conftest import need_service
from tests.reports.conftest import letterhead, province  # noqa: F401 (fixtures used by the report tests)

BASE_DIR = Path(settings.BASE_DIR)
STALE = 4  # seconds without a heartbeat before a running job counts as lost, in these tests


def _database_url():
    """The test database as a URL, for a worker process to share it."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


class Workers:
    """Start and kill real Celery workers (``celery -A config worker``) sharing the test database."""
    def __init__(self, broker, tmp_path, media_root):
        self.broker, self.tmp_path, self.media_root = broker, tmp_path, media_root
        self.procs = []

    def start(self, pool="solo", **env_extra):
        env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": self.broker,
               "MEDIA_ROOT": self.media_root, "DJANGO_SETTINGS_MODULE": "config.settings",
               "JOBS_HEARTBEAT_SECONDS": "1", "JOBS_STALE_AFTER_SECONDS": str(STALE),
               **{k: str(v) for k, v in env_extra.items()}}
        log_path = self.tmp_path / f"worker-{len(self.procs)}.log"
        celery = Path(sys.executable).parent / "celery"
        args = [str(celery), "-A", "config", "worker", "-Q", "default,reports,imports", "--pool", pool, "-l", "info",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-n", f"jobs-test-{os.getpid()}-{len(self.procs)}@%h"]
        if pool == "prefork":
            args += ["--concurrency", "1"]
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(args, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        proc.log_path = log_path
        self.procs.append(proc)
        return proc

    @staticmethod
    def kill(proc):
        """SIGKILL the worker and its pool children (its whole process group, which this fixture started)."""
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=20)
                except (subprocess.TimeoutExpired, ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)

    def logs(self):
        return "\n".join(p.log_path.read_text(errors="replace")[-2000:] for p in self.procs)


@pytest.fixture
def workers(settings, tmp_path):
    broker = os.environ.get("CELERY_BROKER_URL") or settings.CELERY_BROKER_URL
    if not broker:
        need_service("needs Redis and a Celery worker: set CELERY_BROKER_URL=redis://…")
    if connection.vendor != "postgresql":
        need_service("needs PostgreSQL for a worker process to share the test database (set DATABASE_URL)")
    settings.JOBS_STALE_AFTER_SECONDS = STALE
    settings.JOBS_QUEUED_RETRY_SECONDS = 0
    _purge(broker)
    pool = Workers(broker, tmp_path, str(settings.MEDIA_ROOT))
    try:
        yield pool
    finally:
        pool.stop_all()


def _purge(broker):
    """Empty the test queues (left-overs of an earlier run must not reach this test's workers)."""
    with app.connection_for_write(broker) as conn:
        for queue in ("default", "reports", "imports"):
            try:
                conn.default_channel.queue_purge(queue)
            except Exception:  # a queue that does not exist yet
                pass


def wait_for(predicate, timeout=60, workers=None, step=0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out" + ("\n" + workers.logs() if workers else ""))
