import datetime

import factory

from awards.models import Award, AwardType
from campaigns.enums import CampaignForm, CampaignScope, CampaignState
from campaigns.models import Campaign


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    code = factory.Sequence(lambda n: f"PT{n:03d}")
    title = factory.Sequence(lambda n: f"Phong trào thi đua số {n}")
    form = CampaignForm.THEMATIC
    authority = "UBND tỉnh"
    scope = CampaignScope.PROVINCE
    start_date = datetime.date(2021, 1, 1)
    end_date = datetime.date(2021, 12, 31)
    state = CampaignState.PLANNED


def award(campaign, unit, person=None, method="thematic", revoked=False, year=2021):
    """An awards-register row pointing to ``campaign`` (the awards app owns the model)."""

    award_type, _created = AwardType.objects.get_or_create(
        code="BK-UBND", defaults={"name": "Bằng khen của Chủ tịch UBND tỉnh", "kind": "form", "level": "provincial"}
    )
    return Award.objects.create(award_type=award_type, unit=unit, person=person,
                                recipient_kind="individual" if person else "collective", year=year, method=method,
                                campaign=campaign, decision_number="123/QĐ-UBND", revoked=revoked)
