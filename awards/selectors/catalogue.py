"""Reads of the catalogue and legal data."""

from django.utils.translation import gettext as _

from ..models import (
    AwardType,
    BaseSalary,
    ConferralPower,
    CouncilQuorum,
    CouncilVoteThreshold,
    PublicHoliday,
    QuotaSetting,
    RewardCoefficient,
    RuleParameter,
)


def award_types(active_only=False):
    qs = AwardType.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def award_type_detail_rows(award_type):
    return {
        "coefficients": RewardCoefficient.objects.filter(award_type=award_type).order_by("recipient_kind",
                                                                                         "valid_from"),
        "parameters": RuleParameter.objects.filter(award_type=award_type).order_by("key", "valid_from"),
        "quotas": QuotaSetting.objects.filter(award_type=award_type).select_related("relative_to"),
        "powers": ConferralPower.objects.filter(award_type=award_type).select_related("authority")
        .order_by("valid_from", "authority__order"),
    }


def base_salaries():
    return BaseSalary.objects.order_by("-valid_from")


def quotas():
    return QuotaSetting.objects.select_related("award_type", "relative_to").order_by("award_type__order",
                                                                                    "-valid_from")


def rows_to_confirm():
    """The legal data shipped "cần xác nhận" (not checked against the full text yet), for the board's settings
    page: a list of (group label, rows), each row with ``str()`` and ``valid_from``/``valid_to``/``legal_basis``."""
    return [(label, list(qs)) for label, qs in (
        (_("Conferral powers"), ConferralPower.objects.filter(to_confirm=True).select_related("authority",
                                                                                             "award_type")),
        (_("Reward coefficients"), RewardCoefficient.objects.filter(to_confirm=True).select_related("award_type")),
        (_("Base salary"), BaseSalary.objects.filter(to_confirm=True)),
        (_("Council ballot thresholds"), CouncilVoteThreshold.objects.filter(to_confirm=True)
         .select_related("award_type")),
        (_("Council quorum"), CouncilQuorum.objects.filter(to_confirm=True)),
        (_("Public holidays"), PublicHoliday.objects.filter(to_confirm=True).order_by("date")),
    )]
