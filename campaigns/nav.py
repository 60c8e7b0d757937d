from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.registry import NavItem


def items(user, roles):
    # 19: before "Emulation blocs" (20), where it stood when the core listed it
    return [NavItem(_("Campaigns"), reverse("campaigns:campaign_list"), order=19, group="emulation")]
