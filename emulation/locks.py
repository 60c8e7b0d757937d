"""Run-once guards shared by every host, on the cache (Redis with ``CACHE_URL``; docs/operations.md).

``celery beat`` must run once per installation, but a second beat started by mistake on another host (or two
hosts started from the same image) would send every periodic task twice. The periodic tasks therefore take a
lock first: ``first_in(name, seconds)`` is true for the first caller in a window of ``seconds`` and false for
any other caller in that window, whichever host it runs on (``cache.add`` is one atomic ``SET NX EX`` on
Redis). The lock is not released when the task ends: it marks the period as done, so a task sent a few seconds
later by a second beat does nothing. ``periodic_once(schedule_key)`` derives the window from the task's own
entry in ``CELERY_BEAT_SCHEDULE`` (90 % of its interval, so a beat whose clock drifts a little still runs each
time)::

    @shared_task(name="emulation.jobs.sweep")
    @periodic_once("jobs-sweep")
    def sweep(): ...

A skipped call returns None. When the cache cannot be reached the task runs (the periodic tasks are safe to
run twice; not running them is worse). Without ``CACHE_URL`` the cache is each process's own memory: one host only.
"""

import functools
import logging
import os
import socket

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

SHARE = 0.9  # of the beat interval


def first_in(name, seconds):
    """True for the first caller named ``name`` in ``seconds`` on any host sharing the cache."""
    holder = f"{socket.gethostname()}:{os.getpid()}"
    try:
        return cache.add(f"lock:once:{name}", holder, timeout=max(1, int(seconds)))
    except Exception:  # the cache is down: running twice does no harm, not running at all would
        logger.warning("run-once lock %s unavailable (cache down): running anyway", name, exc_info=True)
        return True


def holder(name):
    """Who took the lock ``name`` in its current window ("host:pid"), or None."""
    return cache.get(f"lock:once:{name}")


def interval(schedule_key):
    """The seconds between two runs of a ``CELERY_BEAT_SCHEDULE`` entry (a number, or a ``timedelta``)."""
    schedule = settings.CELERY_BEAT_SCHEDULE[schedule_key]["schedule"]
    return schedule.total_seconds() if hasattr(schedule, "total_seconds") else float(schedule)


def periodic_once(schedule_key):
    """Decorate a periodic task: its body runs at most once per beat interval across every host."""

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if not first_in(schedule_key, interval(schedule_key) * SHARE):
                logger.info("periodic task %s skipped: already run in this interval by %s", schedule_key,
                            holder(schedule_key))
                return None
            return fn(*args, **kwargs)

        return wrapper

    return decorate
