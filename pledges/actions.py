"""Labels of the activity-log codes written by the pledges app (see ``emulation.actions``)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "pledges.pledge.created": _("Draft the pledge"),
    "pledges.pledge.updated": _("Edit the pledge"),
    "pledges.pledge.commitment_added": _("Add a commitment to the pledge"),
    "pledges.pledge.commitment_updated": _("Edit a commitment of the pledge"),
    "pledges.pledge.commitment_removed": _("Remove a commitment from the pledge"),
    "pledges.pledge.opened": _("Open the pledge for signing"),
    "pledges.pledge.reopened_as_draft": _("Take the pledge back to draft"),
    "pledges.pledge.signed": _("Sign the emulation pledge"),
    "pledges.pledge.completed": _("Every member unit has signed the pledge"),
    "pledges.pledge.signature_withdrawn": _("Withdraw a signature from the pledge"),
    "pledges.pledge.fulfilment_saved": _("Save the report on the pledge's fulfilment"),
    "pledges.pledge.fulfilment_submitted": _("Submit the report on the pledge's fulfilment"),
    "pledges.pledge.fulfilment_confirmed": _("Confirm the report on the pledge's fulfilment"),
    "pledges.pledge.fulfilment_returned": _("Return the report on the pledge's fulfilment for correction"),
    "pledges.pledge.closed": _("Close the pledge year"),
}

DIFF_MODELS = {
    "pledges.pledge.commitment_updated": "pledges.Commitment",
    "pledges.pledge.fulfilment_saved": "pledges.FulfilmentLine",
    "pledges.pledge.fulfilment_submitted": "pledges.FulfilmentReport",
    "pledges.pledge.fulfilment_confirmed": "pledges.FulfilmentReport",
    "pledges.pledge.fulfilment_returned": "pledges.FulfilmentReport",
}

DIFF_KEYS = {
    "pledges.pledge.fulfilment_saved": _("Commitment %(head)s: %(field)s"),
}
