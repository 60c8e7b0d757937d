"""Changes of state of background jobs, for every concrete ``Job`` model.

    dispatch_after_commit(job)         send the job's task after the transaction commits
    dispatch(job)                      send it now; a broker outage leaves it waiting with a message
    redispatch_if_due(job)             a poll's cheap "send it again if it is due" (no beat needed)
    claim(model, pk, phase)            the worker takes the job (waiting → running, attempts + 1)
    progress(job, value) / beat(job)   the worker's signs of life; raise JobAbandoned when the job was
                                       cancelled or handed to another worker
    lock_running(job)                  re-read the job locked, still held by this attempt, before writing
    fail(job, message, detail)         → failed (message safe for the user, detail for administrators)
    cancel(job, actor, action)         any state before finished → cancelled
    requeue(job, phase)                → waiting for ``phase`` and dispatched after commit
    recover(job) / sweep()             the sweeper: lost workers, time limits, undelivered jobs
"""

import datetime
import importlib
import logging
import os
import signal
import threading
import time

from celery import current_app
from django.apps import apps
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from emulation.audit import log_action
from emulation.errors import DomainError

from . import conf
from .models import Job
from .signals import job_progress

logger = logging.getLogger(__name__)


class JobAbandoned(Exception):
    """The job was cancelled, failed or handed to another worker: this worker must stop writing."""


def job_models():
    """Every concrete model derived from ``Job`` (the apps register by deriving from it)."""
    return [m for m in apps.get_models() if issubclass(m, Job) and not m._meta.abstract]


def waiting_message():
    return _("Waiting: the job will run when the background service is working again.")


def lost_message(attempts):
    return ngettext(
        "The background worker stopped while doing this job and it could not be finished. Try again; if it fails "
        "again, tell the commendation board.",
        "The background worker stopped %(n)s times while doing this job, so it was given up. Try again; if it "
        "fails again, tell the commendation board.", attempts) % {"n": attempts}


# Dispatch --------------------------------------------------------------------------------------


def _task(model, name):
    """The registered Celery task; a web process may not have imported the app's ``tasks`` module yet."""
    if name not in current_app.tasks:
        importlib.import_module(f"{model._meta.app_config.name}.tasks")
    return current_app.tasks[name]


def dispatch(job):
    """Send the task of the job's phase to its queue. Never raises: if the broker cannot be reached
    the job stays waiting with a message, and the sweeper (or the next poll) sends it again."""
    model = type(job)
    phase = job.phase
    if phase is None or not job.is_waiting:
        return job
    now = timezone.now()
    try:
        _task(model, phase.task).apply_async(args=[str(job.pk)], queue=model.job_queue)
    except Exception as exc:  # the broker is down or refused: the job waits, the user is told
        logger.warning("could not dispatch %s %s: %s", model._meta.label, job.pk, exc)
        model.objects.filter(pk=job.pk, status=job.status).update(
            dispatched_at=now, error=waiting_message(), error_detail=f"dispatch: {type(exc).__name__}: {exc}"[:2000])
        job.dispatched_at, job.error = now, waiting_message()
        return job
    # The job may already have run (eager mode); only a job still waiting is marked as sent.
    model.objects.filter(pk=job.pk, status=job.status).update(dispatched_at=now, error="")
    return job


def dispatch_after_commit(job):
    model, pk = type(job), job.pk

    def send():
        current = model.objects.filter(pk=pk).first()
        if current is not None:
            dispatch(current)

    transaction.on_commit(send)


def is_due(job, now=None):
    """Whether a waiting job should be sent again: its dispatch failed a while ago, or it was sent and no
    worker took it within the stale window (the broker may have lost it; a duplicate is harmless)."""
    if not job.is_waiting:
        return False
    now = now or timezone.now()
    if job.dispatched_at is None:
        return job.created_at < now - datetime.timedelta(seconds=conf.queued_retry_seconds())
    if job.error:
        return job.dispatched_at < now - datetime.timedelta(seconds=conf.queued_retry_seconds())
    return job.dispatched_at < now - datetime.timedelta(seconds=conf.stale_after_seconds())


def redispatch_if_due(job):
    """For poll views: recover a lost worker or send a waiting job again, without a beat running."""
    job = recover(job)
    if is_due(job):
        dispatch(job)
    return job


# The worker's part -----------------------------------------------------------------------------


def _fresh(job, now):
    seen = job.heartbeat_at or job.started_at
    return seen is not None and seen >= now - datetime.timedelta(seconds=conf.stale_after_seconds())


def claim(model, pk, phase_name):
    """Take the job for ``phase_name``: waiting → running, attempts + 1. Returns None when there is
    nothing to do (gone, finished, cancelled, or held by a live worker). A task delivered again for a
    job whose worker died is bounded by the attempt counter."""
    phase = model.phase_named(phase_name)
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk).first()
        if job is None:
            return None
        now = timezone.now()
        if job.status == phase.running:
            if _fresh(job, now):
                logger.info("%s %s is held by a live worker; duplicate delivery ignored", model.__name__, pk)
                return None
            if job.attempts >= conf.max_attempts():
                _fail_locked(job, lost_message(job.attempts), "worker lost (redelivered)")
                return None
        elif job.status != phase.waiting:
            return None
        job.status = phase.running
        job.attempts += 1
        job.started_at = now
        job.heartbeat_at = now
        job.error = ""
        job.save(update_fields=["status", "attempts", "started_at", "heartbeat_at", "error"])
    return job


def _held(job):
    phase = job.phase
    return type(job).objects.filter(pk=job.pk, status=phase.running if phase else job.status, attempts=job.attempts)


def beat(job):
    """One sign of life (and the last progress value) from the worker; raise JobAbandoned if the job is no
    longer this attempt's. Inside a transaction the write goes through the heartbeat thread instead."""
    if getattr(job, "_abandoned", False):
        raise JobAbandoned(str(job.pk))
    if connection.in_atomic_block:
        return
    if not _held(job).update(heartbeat_at=timezone.now(), progress=job.progress):
        raise JobAbandoned(str(job.pk))


def progress(job, value):
    """Record progress (0-100). Tests may slow it down or make it kill the worker (settings JOBS_TEST_*)."""
    job.progress = max(0, min(100, int(value)))
    job_progress.send(type(job), job=job, value=job.progress, phase=job.phase.name if job.phase else "")
    if conf.test_kill_worker():
        os.kill(os.getpid(), signal.SIGKILL)
    if conf.test_delay_seconds():
        time.sleep(conf.test_delay_seconds())
    beat(job)


class Heartbeat:
    """While a worker runs a job, a thread writes ``heartbeat_at`` (and the latest progress) every
    JOBS_HEARTBEAT_SECONDS on its own database connection, so the sign of life is seen even while the
    job works inside one long transaction. It notices a cancel and marks the job abandoned."""

    def __init__(self, job, enabled=True):
        self.job = job
        self.enabled = enabled
        self._stop = threading.Event()
        self._thread = None

    def _run(self):
        try:
            while not self._stop.wait(conf.heartbeat_seconds()):
                if not _held(self.job).update(heartbeat_at=timezone.now(), progress=self.job.progress):
                    self.job._abandoned = True
                    return
        except Exception:  # the database went away: the sweeper will notice the silence
            logger.exception("heartbeat of %s stopped", self.job.pk)
        finally:
            connections.close_all()

    def __enter__(self):
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name=f"heartbeat-{self.job.pk}", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def lock_running(job):
    """Inside the caller's transaction: the job locked, if this attempt still holds it; else JobAbandoned."""
    locked = _held(job).select_for_update(of=("self",)).first()
    if locked is None:
        raise JobAbandoned(str(job.pk))
    return locked


# Ends ------------------------------------------------------------------------------------------


def _fail_locked(job, message, detail=""):
    job.status = job.FAILED
    job.error = str(message)[:500]
    job.error_detail = str(detail)[:5000]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "error_detail", "finished_at"])
    job.on_failed()
    return job


def fail(model, pk, message, detail="", attempt=None):
    """→ failed. With ``attempt``, only while that attempt still holds the job (a late worker does nothing).
    A finished job is left as it is."""
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk).first()
        if job is None or job.is_finished:
            return job
        if attempt is not None and (job.attempts != attempt or not job.is_running):
            return job
        return _fail_locked(job, message, detail)


def cancel(job, actor, action):
    """Any state before done → cancelled (failed and stuck ones included). A worker still on it stops at its next
    sign of life and writes nothing."""
    model = type(job)
    with transaction.atomic():
        job = model.objects.select_for_update().get(pk=job.pk)
        if job.is_done or job.is_cancelled:
            raise DomainError(_("This job has already ended and cannot be cancelled."))
        before = job.status
        job.status = job.CANCELLED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at"])
        log_action(actor, action, job, data={"status": before})
    return job


def requeue(job, phase, fields=()):
    """The locked ``job`` goes back to waiting for ``phase`` and is dispatched after commit."""
    job.status = phase.waiting
    job.progress = 0
    job.error = ""
    job.error_detail = ""
    job.started_at = None
    job.finished_at = None
    job.heartbeat_at = None
    job.dispatched_at = None
    job.on_requeued()
    job.save(update_fields=["status", "progress", "error", "error_detail", "started_at", "finished_at",
                            "heartbeat_at", "dispatched_at", *fields])
    dispatch_after_commit(job)
    return job


# The sweeper -----------------------------------------------------------------------------------


def _over_limit(job, now):
    limit = job.job_time_limit()
    return (limit is not None and job.is_running and job.started_at is not None
            and job.started_at < now - datetime.timedelta(seconds=limit))


def _waited_too_long(job, now):
    limit = job.job_queued_timeout()
    return limit is not None and job.is_waiting and job.created_at < now - datetime.timedelta(seconds=limit)


def recover(job, now=None):
    """One job's checks: over its time limit → failed; its worker silent past the stale window → sent
    again (attempts permitting) or failed with a message; waiting far too long → failed. Returns the job."""
    now = now or timezone.now()
    if not job.is_active:
        return job
    lost = job.is_running and not _fresh(job, now)
    if not (lost or _over_limit(job, now) or _waited_too_long(job, now)):
        return job
    model = type(job)
    with transaction.atomic():
        job = model.objects.select_for_update().get(pk=job.pk)
        if _over_limit(job, now):
            return _fail_locked(job, job.time_limit_message(), "time limit passed (sweeper)")
        if _waited_too_long(job, now):
            return _fail_locked(job, job.queued_timeout_message(), "no worker took it (sweeper)")
        if job.is_running and not _fresh(job, now):
            if job.attempts >= conf.max_attempts():
                return _fail_locked(job, lost_message(job.attempts), "worker lost (sweeper)")
            logger.warning("%s %s lost its worker; sent again (attempt %s)", model.__name__, job.pk, job.attempts + 1)
            return requeue(job, job.phase)
    return job


def sweep():
    """Run periodically (beat: ``emulation.jobs.sweep``) and cheaply: every active job of every job model
    is checked; lost ones are sent again or failed; undelivered ones are sent again. Returns counts."""
    now = timezone.now()
    counts = {"recovered": 0, "failed": 0, "dispatched": 0}
    for model in job_models():
        statuses = model.waiting_statuses() + model.running_statuses()
        for job in model.objects.filter(status__in=statuses).order_by("created_at"):
            after = recover(job, now)
            if after.is_failed:
                counts["failed"] += 1
            elif after.status != job.status:
                counts["recovered"] += 1
            elif is_due(after, now):
                dispatch(after)
                counts["dispatched"] += 1
    return counts
