from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.registry import NavItem


def items(user, roles):
    if roles.sees_everything or roles.is_clerk:
        return [NavItem(_("Import and export"), reverse("imports:home"), order=85, group="reports")]
    return []
