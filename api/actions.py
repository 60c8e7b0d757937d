"""Labels of the activity-log codes written by the API app (see ``emulation.actions``). Requests made with a
token are not logged one by one: the token keeps a counter and the time it was last used."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "api.token.created": _("Create an API token"),
    "api.token.revoked": _("Revoke the API token"),
}
