"""Settings of the job machinery (env-driven in ``config/settings.py``)."""

from django.conf import settings


def heartbeat_seconds():
    """How often a working worker writes ``heartbeat_at``."""
    return getattr(settings, "JOBS_HEARTBEAT_SECONDS", 10)


def stale_after_seconds():
    """A running job without a sign of life for this long has lost its worker."""
    return getattr(settings, "JOBS_STALE_AFTER_SECONDS", 180)


def max_attempts():
    """A job whose worker was lost this many times fails for good."""
    return getattr(settings, "JOBS_MAX_ATTEMPTS", 3)


def queued_retry_seconds():
    """A job whose dispatch failed (broker down) is sent again after this many seconds."""
    return getattr(settings, "JOBS_QUEUED_RETRY_SECONDS", 30)


def test_delay_seconds():
    """Tests only: the worker sleeps this long at each progress point (to be killed mid-job)."""
    return getattr(settings, "JOBS_TEST_DELAY_SECONDS", 0)


def test_kill_worker():
    """Tests only: the worker kills its own process at the first progress point."""
    return getattr(settings, "JOBS_TEST_KILL_WORKER", False)
