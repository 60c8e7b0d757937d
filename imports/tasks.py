"""Celery tasks of the imports: thin wrappers taking the run's id."""

from celery import shared_task


@shared_task(name="imports.check_run")
def check_run(run_id):
    from .services import check_run as check

    check(run_id)


@shared_task(name="imports.perform_import")
def perform_import(run_id):
    from .services import perform_import as perform

    perform(run_id)
