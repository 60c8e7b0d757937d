"""Reads of the catalogue and legal data."""

from ..models import AwardType, BaseSalary, QuotaSetting, RewardCoefficient, RuleParameter


def award_types(active_only=False):
    qs = AwardType.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def award_type_detail_rows(award_type):
    return {
        "coefficients": RewardCoefficient.objects.filter(award_type=award_type).order_by("recipient_kind",
                                                                                         "valid_from"),
        "parameters": RuleParameter.objects.filter(award_type=award_type).order_by("key", "valid_from"),
        "quotas": QuotaSetting.objects.filter(award_type=award_type).select_related("relative_to"),
    }


def base_salaries():
    return BaseSalary.objects.order_by("-valid_from")


def quotas():
    return QuotaSetting.objects.select_related("award_type", "relative_to").order_by("award_type__order",
                                                                                    "-valid_from")
