"""Celery tasks of the reports app: thin wrappers that take ids only (queue ``reports``)."""

import random

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from . import conf, services


def backoff(retries):
    """Seconds before the next try: 10, 20, 40 … capped at 10 minutes, with a little jitter."""
    return min(600, 10 * 2**retries) + random.randint(0, 5)


@shared_task(bind=True, acks_late=True, max_retries=conf.max_retries(),
             soft_time_limit=conf.soft_time_limit(), time_limit=conf.hard_time_limit())
def render_report(self, job_id):
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        try:
            services.run_job(job_id)
        except services.TRANSIENT_ERRORS as exc:
            if self.request.retries < self.max_retries:
                services.mark_retrying(job_id, f"{type(exc).__name__}: {exc}")
                raise self.retry(exc=exc, countdown=backoff(self.request.retries))
            services.fail_job(job_id, services.transient_failure_message(), f"{type(exc).__name__}: {exc}")


@shared_task
def sweep_report_jobs():
    """Periodic: fail jobs whose worker died or whose time limit passed; delete expired files."""
    with translation.override(settings.LANGUAGE_CODE):
        failed = services.fail_stale_jobs()
        purged = services.purge_expired_files()
    return {"failed": failed, "purged": purged}
