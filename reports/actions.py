"""Labels of the activity-log codes written by the reports app (see ``emulation.actions``)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "reports.issuer.created": _("Add the signer of an issuing body's documents"),
    "reports.issuer.updated": _("Edit the signer of an issuing body's documents"),
    "reports.proposal.signed": _("Sign the tờ trình digitally"),
    "reports.job.requested": _("Request the report"),
    "reports.job.done": _("The report is ready"),
    "reports.job.failed": _("The report could not be produced"),
    "reports.job.retried": _("Try the report again"),
    "reports.job.cancelled": _("Cancel the report"),
    "reports.job.rerendered": _("Produce the missing report file again"),
    "reports.certificate_blank.created": _("Add a certificate blank"),
    "reports.certificate_blank.updated": _("Change a certificate blank"),
    "reports.job.signed": _("Sign the report digitally"),
}
