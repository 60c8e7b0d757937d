"""What the apps' Celery tasks call (``run_phase``), and the sweeper's beat task."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone, translation

from ..locks import periodic_once
from . import services

logger = logging.getLogger(__name__)


def run_phase(task, model, pk, phase_name, work):
    """Claim the job for ``phase_name`` and call ``work(job)`` in Vietnamese and the local timezone, with a
    heartbeat thread while it runs in a real worker. Returns ``work``'s result, or None when there was
    nothing to do or the job was cancelled or handed over meanwhile (the worker then writes nothing)."""
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        job = services.claim(model, pk, phase_name)
        if job is None:
            return None
        eager = bool(getattr(task.request, "is_eager", False)) if task is not None else True
        with services.Heartbeat(job, enabled=not eager):
            try:
                return work(job)
            except services.JobAbandoned:
                logger.info("%s %s was cancelled or handed over; this worker stops", model.__name__, pk)
                return None


@shared_task(name="emulation.jobs.sweep")
@periodic_once("jobs-sweep")  # once per interval even with a beat on two hosts (emulation.locks)
def sweep():
    """Periodic (beat): send lost or undelivered jobs again, fail those out of attempts or time."""
    close_old_connections()  # a beat task in a long-lived worker: drop a connection the database closed
    with translation.override(settings.LANGUAGE_CODE):
        return services.sweep()
