"""Labels of the activity-log codes written by the imports app (see ``emulation.actions``).

``imports.<model>.created|updated`` are written by ``imports.engine.Handler.action`` for each record an
import creates or changes.
"""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "imports.run.uploaded": _("Upload a file to import"),
    "imports.run.checked": _("The import file has been checked"),
    "imports.run.confirmed": _("Confirm the import"),
    "imports.run.completed": _("The import has been completed"),
    "imports.run.failed": _("The import failed"),
    "imports.run.cancelled": _("Cancel the import"),
    "imports.run.retried": _("Check the import file again"),
    "imports.unit.created": _("Create the unit from an Excel import"),
    "imports.unit.updated": _("Update the unit from an Excel import"),
    "imports.person.created": _("Add the person from an Excel import"),
    "imports.person.updated": _("Update the person from an Excel import"),
    "imports.appraisal.created": _("Record the appraisal from an Excel import"),
    "imports.appraisal.updated": _("Update the appraisal from an Excel import"),
    "imports.initiative.created": _("Record the initiative from an Excel import"),
    "imports.initiative.updated": _("Update the initiative from an Excel import"),
    "imports.award.created": _("Enter the award from an Excel import"),
    "imports.award.updated": _("Update the award from an Excel import"),
}
