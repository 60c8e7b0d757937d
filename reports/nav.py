from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.registry import NavItem

from . import registry


def items(user, roles):
    if not (roles.sees_everything or roles.is_clerk):
        return []
    children = [NavItem(_("All reports"), reverse("reports:index"))]
    children += [NavItem(spec.LABEL, reverse("reports:request", args=[spec.KIND]))
                 for spec in registry.available_reports(user)]
    children.append(NavItem(_("My reports"), reverse("reports:mine")))
    if roles.is_board or roles.is_admin:
        children.append(NavItem(_("Certificate blanks"), reverse("reports:blank_list")))
        children.append(NavItem(_("Signers of documents"), reverse("reports:issuer_list")))
    return [NavItem(_("Reports"), reverse("reports:index"), order=80, children=children, group="reports")]
