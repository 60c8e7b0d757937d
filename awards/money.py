"""Reward money: coefficient × the base salary in force on the decision date, rounded up to 10,000 VND.

A coefficient row may be for one conferring authority only (the commune chair's Giấy khen under NĐ 98): it wins
over the row for every authority. A row marked ``is_ceiling`` is a maximum: the giver enters the amount on the
item (Kỷ niệm chương), checked against the ceiling. Where there is no amount, ``no_amount_reason`` says why.
"""

import math
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import BaseSalary, RewardCoefficient

ROUND_TO = 10_000


def base_salary_on(on):
    row = BaseSalary.current(on)
    return row.amount if row else None


def coefficient_row(award_type, recipient_kind, on, authority=None):
    """The coefficient row in force on ``on``: the row for ``authority`` if there is one, else the general row."""
    rows = RewardCoefficient.objects.filter(award_type=award_type, recipient_kind=recipient_kind).in_force(on)
    authority_id = getattr(authority, "pk", authority)
    rows = rows.filter(Q(authority__isnull=True) | Q(authority_id=authority_id)) if authority_id else rows.filter(
        authority__isnull=True)
    rows = list(rows)
    return next((r for r in rows if r.authority_id), rows[0] if rows else None)


def coefficient_on(award_type, recipient_kind, on, authority=None):
    """The coefficient in force on ``on``; None when unknown (no row, or a row that says unknown)."""
    row = coefficient_row(award_type, recipient_kind, on, authority)
    return row.coefficient if row else None


def round_up(amount):
    """Round up to the next 10,000 VND (NĐ 91/2017, NĐ 98/2023 and NĐ 152/2025: "làm tròn số lên hàng chục nghìn
    đồng")."""
    return int(math.ceil(Decimal(amount) / ROUND_TO)) * ROUND_TO


def ceiling_amount(award_type, recipient_kind, on, authority=None):
    """For a coefficient that is a maximum (Kỷ niệm chương): the highest amount the giver may enter; else None."""
    row = coefficient_row(award_type, recipient_kind, on, authority)
    base = base_salary_on(on)
    if row is None or not row.is_ceiling or row.coefficient is None or base is None:
        return None
    return round_up(Decimal(row.coefficient) * base)


def reward_amount(award_type, recipient_kind, decision_date, coefficient=None, base=None, authority=None,
                  entered=None):
    """Integer VND, or None when the coefficient or the base salary is unknown for that date. For a ceiling the
    amount is what the giver entered (``entered``), None while nothing is entered."""
    if coefficient is None:
        row = coefficient_row(award_type, recipient_kind, decision_date, authority)
        if row is not None and row.is_ceiling:
            return entered
        coefficient = row.coefficient if row else None
    base = base if base is not None else base_salary_on(decision_date)
    if coefficient is None or base is None:
        return None
    return round_up(Decimal(coefficient) * base)


def no_amount_reason(award_type, recipient_kind, on, authority=None):
    """Why an award of this type carries no amount on ``on`` (the legal basis recorded on the row), in words."""
    row = coefficient_row(award_type, recipient_kind, on, authority)
    if row is None:
        return _("No reward coefficient is recorded for this award on this date.")
    if row.is_ceiling:
        return _("The giver enters the amount (at most %(coefficient)s × the base salary; %(basis)s).") % {
            "coefficient": row.coefficient, "basis": row.legal_basis}
    if row.coefficient is None:
        return row.legal_basis or _("The legal texts give no amount for this award.")
    if base_salary_on(on) is None:
        return _("No base salary is recorded for this date.")
    return ""


def item_amount(item, decision):
    """The reward of one decision item: (amount or None, reason when None)."""
    award_type = item.final_award_type
    amount = reward_amount(award_type, item.recipient_kind, decision.date, authority=decision.issuer_id,
                           entered=item.amount_entered)
    if amount is not None:
        return amount, ""
    return None, no_amount_reason(award_type, item.recipient_kind, decision.date, decision.issuer_id)


def decision_amounts(decision, items):
    """[(item, amount or None, reason when None)] for the items of a decision: the register's amount once issued,
    else the amount the law gives on the decision's date (one lookup per award type, recipient kind and amount
    entered). A revoked award keeps its amount here; totals leave it out."""
    cache = {}
    out = []
    for item in items:
        award = item.award if item.award_id else None
        key = (item.final_award_type_id, item.recipient_kind, item.amount_entered)
        if award is not None and award.amount is not None:
            out.append((item, award.amount, ""))
            continue
        if key not in cache:
            cache[key] = item_amount(item, decision)
        amount, reason = cache[key]
        out.append((item, None if award is not None else amount, reason if award is None or amount is None
                    else no_amount_reason(item.final_award_type, item.recipient_kind, decision.date,
                                          decision.issuer_id)))
    return out


def total_of(rows):
    """The reward money of decision rows, leaving out revoked awards."""
    return sum(amount or 0 for item, amount, _reason in rows if not (item.award_id and item.award.revoked))
