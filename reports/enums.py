from django.db import models
from django.utils.translation import pgettext_lazy


class JobStatus(models.TextChoices):
    """queued → running → done | failed; failed → queued (retry); done → queued (file gone, render again).

    A running job whose worker died or whose time limit passed is turned to failed by
    ``reports.services.fail_stale_jobs`` (periodic) or when its page is polled.
    """

    QUEUED = "queued", pgettext_lazy("report job", "Waiting")
    RUNNING = "running", pgettext_lazy("report job", "Being produced")
    DONE = "done", pgettext_lazy("report job", "Ready")
    FAILED = "failed", pgettext_lazy("report job", "Failed")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
