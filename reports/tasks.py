"""Celery tasks of the reports app: thin wrappers that take ids only (queue ``reports``)."""

import random

from celery import shared_task
from django.conf import settings
from django.utils import translation

from emulation.jobs.tasks import run_phase
from emulation.locks import periodic_once

from . import conf, services
from .models import ReportJob


def backoff(retries):
    """Seconds before the next try: 10, 20, 40 … capped at 10 minutes, with a little jitter."""
    return min(600, 10 * 2**retries) + random.randint(0, 5)


@shared_task(bind=True, acks_late=True, max_retries=conf.max_retries(),
             soft_time_limit=conf.soft_time_limit(), time_limit=conf.hard_time_limit())
def render_report(self, job_id):
    def work(job):
        try:
            return services.run_job(job)
        except services.TRANSIENT_ERRORS as exc:
            detail = f"{type(exc).__name__}: {exc}"
            if self.request.retries < self.max_retries:
                countdown = backoff(self.request.retries)
                services.mark_retrying(job, detail, countdown)
                raise self.retry(exc=exc, countdown=countdown)
            services.fail_job(job_id, services.transient_failure_message(), detail, attempt=job.attempts)

    return run_phase(self, ReportJob, job_id, "render", work)


@shared_task
@periodic_once("reports-sweep")  # once per interval even with a beat on two hosts (emulation.locks)
def sweep_report_jobs():
    """Periodic: the job machinery's sweep (kept under this name for running beats); delete expired files."""
    with translation.override(settings.LANGUAGE_CODE):
        failed = services.fail_stale_jobs()
        purged = services.purge_expired_files()
    return {"failed": failed, "purged": purged}
