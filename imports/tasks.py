"""Celery tasks of the imports (queue ``imports``): thin wrappers taking the run's id."""

from celery import shared_task

from . import services


@shared_task(name="imports.check_run", bind=True, acks_late=True)
def check_run(self, run_id):
    services.check_run(run_id, task=self)


@shared_task(name="imports.perform_import", bind=True, acks_late=True)
def perform_import(self, run_id):
    services.perform_import(run_id, task=self)
