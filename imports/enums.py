from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportKind(models.TextChoices):
    UNITS = "units", _("Units")
    PEOPLE = "people", _("People")
    APPRAISALS = "appraisals", _("Yearly appraisals")
    INITIATIVES = "initiatives", _("Initiatives")
    AWARDS = "awards", _("Past awards")


class ImportStatus(models.TextChoices):
    """queued → validating → previewed → confirmed → importing → done; any state before done → cancelled;
    any → failed; failed → queued (check again) or confirmed (import again).

    ``queued``/``confirmed`` wait for a worker and ``validating``/``importing`` are held by one (the two
    phases of the job machinery, ``emulation.jobs``). ``previewed`` with errors can only be cancelled: a
    file is imported whole or not at all.
    """

    QUEUED = "queued", pgettext_lazy("import", "Queued")
    VALIDATING = "validating", pgettext_lazy("import", "Checking")
    PREVIEWED = "previewed", pgettext_lazy("import", "Checked, awaiting confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("import", "Confirmed, waiting to import")
    IMPORTING = "importing", pgettext_lazy("import", "Importing")
    DONE = "done", pgettext_lazy("import", "Imported")
    FAILED = "failed", pgettext_lazy("import", "Failed")
    CANCELLED = "cancelled", pgettext_lazy("import", "Cancelled")


ACTIVE = (ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.CONFIRMED, ImportStatus.IMPORTING)
