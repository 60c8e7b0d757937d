import factory

from blocs.models import Bloc, BlocMembership, BlocYear
from pledges.enums import CommitmentKind
from pledges.models import Commitment, Pledge
from tests.factories import UnitFactory


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")
    code = factory.Sequence(lambda n: f"PK{n}")


class BlocYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlocYear

    bloc = factory.SubFactory(BlocFactory)
    year = 2021
    head_unit = factory.SubFactory(UnitFactory)


def make_bloc_year(head, members, year=2021, **kwargs):
    """A bloc year headed by ``head`` whose members are ``head`` plus ``members``."""
    bloc_year = BlocYearFactory(head_unit=head, year=year, **kwargs)
    for u in [head, *members]:
        BlocMembership.objects.get_or_create(bloc_year=bloc_year, unit=u)
    return bloc_year


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    bloc_year = factory.SubFactory(BlocYearFactory)
    title = factory.Sequence(lambda n: f"Giao ước thi đua {n}")
    preamble = "Các đơn vị thành viên thống nhất ký kết giao ước thi đua."


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    pledge = factory.SubFactory(PledgeFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Nội dung giao ước {n}")
    kind = CommitmentKind.UNDERTAKING
