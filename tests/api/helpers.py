"""Helpers of the API tests: tokens, people with CCCD and staff code, awards, decisions."""

import datetime

from api import services
from awards.models import Award, AwardType, Decision, Nomination, NominationItem
from tests.factories import PersonFactory


def make_token(board, units, **kwargs):
    """``(token, headers)`` for a client: ``client.get(url, headers=headers)``."""
    token, raw = services.create_token(board, name=kwargs.pop("name", "CSDL cán bộ"), units=units, **kwargs)
    return token, {"Authorization": f"Bearer {raw}"}


def award(person=None, unit=None, code="CSTDCS", year=2024, **extra):
    unit = unit or person.unit
    extra.setdefault("decision_number", f"{year}/QĐ-UBND")
    extra.setdefault("decision_date", datetime.date(year, 12, 20))
    extra.setdefault("decision_authority", "UBND tỉnh")
    extra.setdefault("decision_signer", "Nguyễn Văn Chủ")
    return Award.objects.create(award_type=AwardType.objects.get(code=code), person=person, unit=unit,
                                recipient_kind="individual" if person else "collective", year=year, **extra)


def person(unit, n=0, **kwargs):
    kwargs.setdefault("cccd", f"0010850{n:05d}")
    kwargs.setdefault("staff_code", f"CB{n:04d}")
    return PersonFactory(unit=unit, **kwargs)


def issued_decision(number="15/QĐ-UBND", date=datetime.date(2024, 12, 20)):
    return Decision.objects.create(number=number, date=date, signer="Nguyễn Văn Chủ", signer_title="Chủ tịch",
                                   authority="UBND tỉnh", state="issued")


def decision_about(unit, number="15/QĐ-UBND", date=datetime.date(2024, 12, 20)):
    """An issued decision with one item for a collective of ``unit``."""
    decision = issued_decision(number, date)
    nomination = Nomination.objects.create(unit=unit, title=f"Hồ sơ {number}", year=date.year)
    NominationItem.objects.create(nomination=nomination, award_type=AwardType.objects.get(code="TTLDTT"),
                                  recipient_kind="collective", unit=unit, decision=decision)
    return decision
