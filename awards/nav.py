"""Menu entries of the awards app (collected by ``emulation.registry.nav_items``): the register and the
nominations each have their own menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.registry import NavItem


def register_items(user, roles):
    children = [
        NavItem(_("Award history lookup"), reverse("awards:register")),
        NavItem(_("Award statistics"), reverse("awards:statistics")),
    ]
    if roles.sees_everything or roles.is_clerk:
        children += [
            NavItem(_("Eligibility check"), reverse("awards:eligibility")),
            NavItem(_("Who qualifies this year"), reverse("awards:year_view")),
        ]
    children += [
        NavItem(_("Appraisals"), reverse("awards:appraisal_list")),
        NavItem(_("Discipline and reviews"), reverse("awards:discipline_list")),
        NavItem(_("Initiatives"), reverse("awards:initiative_list")),
        NavItem(_("Award catalogue"), reverse("awards:type_list")),
        NavItem(_("Base salary"), reverse("awards:salary_list")),
        NavItem(_("Provincial quotas"), reverse("awards:quota_list")),
    ]
    return [NavItem(_("Commendation"), reverse("awards:register"), order=40, children=children,
                    group="commendation")]


def nomination_items(user, roles):
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
        children.append(NavItem(_("Khen cao (central level)"), reverse("awards:upward_list")))
    if roles.manages_everything:
        children.append(NavItem(_("Deadlines and thresholds"), reverse("awards:nomination_settings")))
    return [NavItem(_("Nominations"), reverse("awards:nomination_list"), order=40, children=children,
                    group="nominations")]


def items(user, roles):
    return register_items(user, roles) + nomination_items(user, roles)
