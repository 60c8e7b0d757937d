from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.dashboard import clerk_units
from emulation.registry import Panel

from .selectors import open_campaigns_to_register


def panels(request, roles, year):
    if not roles.is_clerk:
        return []
    todo = open_campaigns_to_register(request.user, units=clerk_units(request, roles))
    if not todo:
        return []
    links = [(c.title, reverse("campaigns:campaign_register", args=[c.pk])) for c in todo]
    return [Panel(_("Campaigns to register for"), "emulation/_panel_links.html", {"links": links}, order=15,
                  count=len(todo))]
