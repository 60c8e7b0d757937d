from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.registry import NavItem


def items(user, roles):
    if roles.manages_everything:
        return [NavItem(_("Data API"), reverse("api:tokens"), order=90, group="admin")]
    return []
