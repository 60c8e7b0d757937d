"""Permissions on campaigns (phong trào thi đua).

The board manages every campaign; the clerks of the launching unit manage the campaigns their unit
launched (a bloc head launching a movement inside the bloc, a department for its sub-units). Which
campaigns a user may see is decided by ``campaigns.selectors.campaigns_for_user``.
"""

import rules

from emulation.roles import roles_of
from emulation.rules import is_board, is_clerk


@rules.predicate
def is_campaign_launcher(user, campaign):
    if campaign is None:
        return False
    campaign = getattr(campaign, "campaign", campaign)
    return campaign.launching_unit_id is not None and campaign.launching_unit_id in roles_of(user).clerk_unit_ids


rules.add_perm("campaigns.add_campaign", is_board | is_clerk)
rules.add_perm("campaigns.manage_campaign", is_board | is_campaign_launcher)
rules.add_perm("campaigns.register_campaign", is_board | is_clerk)


def can_manage_campaign(user, campaign):
    return user.has_perm("campaigns.manage_campaign", campaign)
