from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.registry import NavItem


def items(user, roles):
    if not (roles.sees_everything or roles.is_clerk):
        return []
    return [NavItem(_("Emulation blocs"), reverse("blocs:bloc_list"), order=20, group="emulation")]
