from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import NavItem


def items(user, roles):
    out = [NavItem(_("Units"), reverse("unit_list"), order=10, group="organisation"),
           NavItem(_("People"), reverse("person_list"), order=11, group="organisation")]
    if roles.manages_everything:
        out.append(NavItem(_("Activity log"), reverse("activity_log"), order=90, group="admin"))
    return out
