"""Helpers for the register's tests. The catalogue comes from the data migration: fetch types by code."""

import datetime

from awards.enums import AppraisalRating, DisciplineKind, InitiativeLevel
from awards.models import Appraisal, Award, AwardType, DisciplineRecord, Initiative
from tests.factories import PersonFactory

EXCELLENT, GOOD, COMPLETED, NOT_COMPLETED = (AppraisalRating.EXCELLENT, AppraisalRating.GOOD,
                                              AppraisalRating.COMPLETED, AppraisalRating.NOT_COMPLETED)


def award_type(code):
    return AwardType.objects.get(code=code)


def rate(owner, year, rating):
    """An appraisal of a person or a unit."""
    if owner._meta.model_name == "person":
        return Appraisal.objects.create(person=owner, year=year, rating=rating)
    return Appraisal.objects.create(unit=owner, year=year, rating=rating)


def rate_years(person, years, rating=EXCELLENT):
    for year in years:
        rate(person, year, rating)


def give(code, owner, year, **extra):
    """An award in the register for a person (individual) or a unit (collective)."""
    person = owner if owner._meta.model_name == "person" else None
    unit = owner.unit if person else owner
    extra.setdefault("decision_number", f"{year}/QĐ-TEST")
    return Award.objects.create(award_type=award_type(code), person=person, unit=unit,
                                recipient_kind="individual" if person else "collective", year=year, **extra)


def initiative(author, year, level=InitiativeLevel.GRASSROOTS, title=None):
    item = Initiative.objects.create(title=title or f"Sáng kiến {year} của {author.full_name}", unit=author.unit,
                                     year=year, level=level)
    item.authors.set([author])
    return item


def discipline(owner, start, end=None, kind=DisciplineKind.DISCIPLINE, measure=""):
    person = owner if owner._meta.model_name == "person" else None
    return DisciplineRecord.objects.create(person=person, unit=None if person else owner, kind=kind, measure=measure,
                                           start_date=start, end_date=end)


def people(unit, n, **kwargs):
    return [PersonFactory(unit=unit, **kwargs) for _ in range(n)]


D = datetime.date
