"""Menu entries of the awards register (collected by awards/nav.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.registry import NavItem


def items(user, roles):
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
    return [NavItem(_("Commendation"), reverse("awards:register"), order=40, children=children)]
