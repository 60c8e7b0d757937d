from django.db import models
from django.utils.translation import pgettext_lazy


class JobStatus(models.TextChoices):
    """queued → running → done | failed | cancelled; failed → queued (retry); done → queued (file gone,
    render again); queued/running → cancelled.

    A running job whose worker went silent is sent again (or failed after JOBS_MAX_ATTEMPTS) and one past
    its time limit is failed, by ``emulation.jobs.services.sweep`` (periodic) or when its page is polled.
    """

    QUEUED = "queued", pgettext_lazy("report job", "Waiting")
    RUNNING = "running", pgettext_lazy("report job", "Being produced")
    DONE = "done", pgettext_lazy("report job", "Ready")
    FAILED = "failed", pgettext_lazy("report job", "Failed")
    CANCELLED = "cancelled", pgettext_lazy("report job", "Cancelled")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
