"""Shared state between hosts: the periodic tasks run once per interval even when two beats send them
(emulation.locks, on the cache: Redis shared by every host), and report workers recycle their processes."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from config.celery import app
from emulation import locks
from emulation.jobs.tasks import sweep
from emulation.tasks import send_deadline_reminders
from reports.tasks import sweep_report_jobs
from tests.conftest import need_service

pytestmark = pytest.mark.django_db
BASE_DIR = Path(settings.BASE_DIR)


def _redis_url(db):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        need_service("needs Redis: set CELERY_BROKER_URL=redis://…")
    parts = urlsplit(broker)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))


# transaction=True: the jobs sweep closes the database connection first (close_old_connections), as in a worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("task", "key"), [(sweep, "jobs-sweep"), (sweep_report_jobs, "reports-sweep"),
                                           (send_deadline_reminders, "deadline-reminders")])
def test_a_periodic_task_sent_twice_in_its_interval_runs_once(task, key):
    assert task.delay().get() is not None  # the first beat's: the work is done
    assert task.delay().get() is None  # a second beat's, seconds later: nothing done
    assert locks.holder(key).endswith(f":{os.getpid()}")


@pytest.mark.django_db(transaction=True)
def test_the_lock_lasts_most_of_the_beat_interval(settings):
    settings.CELERY_BEAT_SCHEDULE = {**settings.CELERY_BEAT_SCHEDULE,
                                     "jobs-sweep": {**settings.CELERY_BEAT_SCHEDULE["jobs-sweep"], "schedule": 1}}
    assert sweep() is not None
    assert sweep() is None
    assert locks.interval("jobs-sweep") * locks.SHARE < 1  # so the next interval's run is not blocked
    assert locks.interval("reports-sweep") == 300
    assert locks.interval("deadline-reminders") == 6 * 3600


@pytest.mark.django_db(transaction=True)
def test_when_the_cache_is_down_the_task_runs_anyway(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    assert sweep() is not None
    assert sweep() is not None


def test_two_hosts_sharing_redis_take_the_lock_once():
    """Two processes (two hosts' beats) ask for the same lock at the same moment: exactly one gets it."""
    env = {**os.environ, "CACHE_URL": _redis_url(13), "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = ("import django, time; django.setup(); from django.core.cache import cache; from emulation import locks;"
            "import sys; time.sleep(max(0, float(sys.argv[1]) - time.time()));"
            "print(locks.first_in('multihost-test', 30))")
    subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.core.cache import cache;"
                    "cache.delete('lock:once:multihost-test')"], cwd=BASE_DIR, env=env, check=True, timeout=60)
    start = str(time.time() + 4)
    procs = [subprocess.Popen([sys.executable, "-c", code, start], cwd=BASE_DIR, env=env, stdout=subprocess.PIPE,
                              text=True) for _ in range(2)]
    answers = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
    assert answers == ["False", "True"]


def test_worker_recycling_comes_from_the_environment():
    assert app.conf.worker_max_tasks_per_child == settings.CELERY_WORKER_MAX_TASKS_PER_CHILD == 50
    assert app.conf.worker_max_memory_per_child == settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD == 1_000_000
    env = {**os.environ, "CELERY_WORKER_MAX_TASKS_PER_CHILD": "7", "CELERY_WORKER_MAX_MEMORY_PER_CHILD": "300000",
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run([sys.executable, "-c", "import django; django.setup(); from config.celery import app;"
                          "print(app.conf.worker_max_tasks_per_child, app.conf.worker_max_memory_per_child)"],
                         cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == ["7", "300000"]
