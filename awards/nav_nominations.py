from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.registry import NavItem


def items(user, roles):
    children = [NavItem(_("Nominations"), reverse("awards:nomination_list"))]
    if roles.manages_everything or roles.is_clerk:
        children.append(NavItem(_("New nomination"), reverse("awards:nomination_create")))
    if roles.sees_everything:
        children += [
            NavItem(_("Board queue"), reverse("awards:nomination_queue")),
            NavItem(_("Public posting"), reverse("awards:nomination_posting_manage")),
            NavItem(_("Council"), reverse("awards:nomination_council")),
        ]
    children.append(NavItem(_("Award decisions"), reverse("awards:decision_list")))
    if roles.manages_everything:
        children.append(NavItem(_("Deadlines and thresholds"), reverse("awards:nomination_settings")))
    return [NavItem(_("Nominations"), reverse("awards:nomination_list"), order=40, children=children)]
