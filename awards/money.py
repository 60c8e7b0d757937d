"""Reward money: coefficient × the base salary in force on the decision date, rounded up to 10,000 VND."""

import math
from decimal import Decimal

from .models import BaseSalary, RewardCoefficient

ROUND_TO = 10_000



def base_salary_on(on):
    row = BaseSalary.current(on)
    return row.amount if row else None


def coefficient_on(award_type, recipient_kind, on):
    """The coefficient in force on ``on``; None when unknown (no row, or a row that says unknown)."""
    row = RewardCoefficient.current(on, award_type=award_type, recipient_kind=recipient_kind)
    return row.coefficient if row else None


def round_up(amount):
    """Round up to the next 10,000 VND (NĐ 98/2023 and NĐ 152/2025: "làm tròn số lên hàng chục nghìn đồng")."""
    return int(math.ceil(Decimal(amount) / ROUND_TO)) * ROUND_TO


def reward_amount(award_type, recipient_kind, decision_date, coefficient=None, base=None):
    """Integer VND, or None when the coefficient or the base salary is unknown for that date."""
    coefficient = coefficient if coefficient is not None else coefficient_on(award_type, recipient_kind, decision_date)
    base = base if base is not None else base_salary_on(decision_date)
    if coefficient is None or base is None:
        return None
    return round_up(Decimal(coefficient) * base)
