"""Settings of the reports engine, each overridable in Django settings under the same name."""

from django.conf import settings


def soft_time_limit():
    return getattr(settings, "REPORTS_SOFT_TIME_LIMIT", settings.CELERY_TASK_SOFT_TIME_LIMIT)


def hard_time_limit():
    return getattr(settings, "REPORTS_TIME_LIMIT", settings.CELERY_TASK_TIME_LIMIT)


def stale_grace_seconds():
    """Extra seconds past the hard limit before a running job counts as dead."""
    return getattr(settings, "REPORTS_STALE_GRACE_SECONDS", 60)


def queued_timeout_seconds():
    """A job no worker picked up within this time is failed (the user may retry it)."""
    return getattr(settings, "REPORTS_QUEUED_TIMEOUT_SECONDS", 2 * 60 * 60)


def keep_days():
    """Rendered files are kept this many days; a later download renders them again."""
    return getattr(settings, "REPORTS_KEEP_DAYS", 30)


def max_retries():
    return getattr(settings, "REPORTS_MAX_RETRIES", 3)
