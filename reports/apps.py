from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from config.celery import app

        schedule = dict(app.conf.beat_schedule or {})
        schedule.setdefault("reports-sweep", {"task": "reports.tasks.sweep_report_jobs", "schedule": 300.0})
        app.conf.beat_schedule = schedule
