"""One job machinery for every long task (reports, imports, and what comes).

- ``models.Job``: the abstract model (state, progress, heartbeat, attempts, user-safe error);
  each app's concrete model names its queue and its phases (``JobPhase``: waiting status,
  running status, task name).
- ``services``: dispatch after commit (a broker outage leaves the job waiting, never a 500),
  claim/heartbeat/progress/fail/cancel/retry, and the sweeper that re-dispatches lost work.
- ``tasks``: ``run_phase`` (what the apps' Celery tasks call) and the beat task ``emulation.jobs.sweep``.
- ``templates/jobs/_status.html``: the one htmx polling partial.

The core imports no app: the sweeper finds the concrete job models through ``django.apps``.
"""
