import datetime

import factory

from awards.enums import AwardKind, AwardLevel, AwardMethod, RecipientKind
from awards.models import Award, AwardType
from blocs.models import Bloc, BlocMembership, BlocYear
from tests.factories import PersonFactory, UnitFactory


class AwardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AT{n}")
    name = factory.Sequence(lambda n: f"Danh hiệu thử {n}")
    kind = AwardKind.TITLE
    for_individuals = True
    level = AwardLevel.GRASSROOTS


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    award_type = factory.SubFactory(AwardTypeFactory)
    person = factory.SubFactory(PersonFactory)
    unit = factory.LazyAttribute(lambda a: a.person.unit if a.person else UnitFactory())
    recipient_kind = factory.LazyAttribute(lambda a: RecipientKind.INDIVIDUAL if a.person else RecipientKind.COLLECTIVE)
    year = 2025
    method = AwardMethod.REGULAR
    decision_number = factory.Sequence(lambda n: f"{100 + n}/QĐ-UBND")
    decision_date = datetime.date(2026, 1, 15)
    decision_authority = "Chủ tịch UBND tỉnh"
    amount = 710_000


def make_bloc_year(code, year, units, name=None):
    bloc = Bloc.objects.create(code=code, name=name or f"Khối thi đua {code}")
    bloc_year = BlocYear.objects.create(bloc=bloc, year=year, head_unit=units[0])
    BlocMembership.objects.bulk_create([BlocMembership(bloc_year=bloc_year, unit=u) for u in units])
    return bloc_year
