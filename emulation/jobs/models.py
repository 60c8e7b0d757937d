"""The abstract job model every background task's record derives from (``ReportJob``, ``ImportRun``)."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class JobPhase:
    """One piece of work a worker does for a job: the status it waits in, the status while a worker
    holds it, and the Celery task (by name) that does it."""

    name: str
    waiting: str
    running: str
    task: str


class Job(models.Model):
    """State of one background job, kept in the database (never only in the Celery result backend).

    Concrete models set ``job_queue`` (the Celery queue) and ``job_phases``; they may override
    ``requested_by``/``kind``/``status`` to add choices or change the relation.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True,
                                        help_text=_("Written by the worker every few seconds while it works."))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True, help_text=_("A message safe to show the user."))
    error_detail = models.TextField(_("technical detail"), blank=True,
                                    help_text=_("For administrators only; never shown to the user."))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    dispatched_at = models.DateTimeField(_("sent to a worker at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    job_queue = "default"
    job_phases: tuple = ()
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    class Meta:
        abstract = True

    # What the machinery asks of a job ---------------------------------------------------------

    @classmethod
    def waiting_statuses(cls):
        return [p.waiting for p in cls.job_phases]

    @classmethod
    def running_statuses(cls):
        return [p.running for p in cls.job_phases]

    @classmethod
    def phase_named(cls, name):
        return next(p for p in cls.job_phases if p.name == name)

    @property
    def phase(self):
        """The phase the job is in (waiting for it or running it), or None."""
        return next((p for p in self.job_phases if self.status in (p.waiting, p.running)), None)

    @property
    def is_waiting(self):
        return self.status in self.waiting_statuses()

    @property
    def is_running(self):
        return self.status in self.running_statuses()

    @property
    def is_active(self):
        return self.is_waiting or self.is_running

    @property
    def is_done(self):
        return self.status == self.DONE

    @property
    def is_failed(self):
        return self.status == self.FAILED

    @property
    def is_cancelled(self):
        return self.status == self.CANCELLED

    @property
    def is_finished(self):
        return self.status in (self.DONE, self.FAILED, self.CANCELLED)

    def job_status_url(self):
        """The URL the polling partial asks (htmx); concrete models define it."""
        raise NotImplementedError

    def job_retry_url(self):
        return ""

    def job_cancel_url(self):
        return ""

    def job_time_limit(self):
        """Seconds a phase may run before it counts as over its limit, or None."""
        return None

    def on_failed(self):
        """Called after the job was failed (inside the transaction): log, notify."""

    def on_requeued(self):
        """Called when a lost or retried job goes back to waiting: clear half-made results."""

    def job_queued_timeout(self):
        """Seconds a job may wait for a worker before it is failed (the user may retry), or None."""
        return None

    def time_limit_message(self):
        return _("The job took longer than allowed and was stopped. Try again later.")

    def queued_timeout_message(self):
        return _("No worker took up the job in time. Try again.")
