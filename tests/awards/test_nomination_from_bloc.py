# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)
"""The bloc's vote proposals become one nomination from the bloc. Runs once ``blocs.Proposal`` is merged."""

import datetime
import decimal

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import translation

from awards import services
from awards.enums import NominationState
from awards.models import Nomination
from blocs.models import Bloc, BlocMembership, BlocYear, Vote
from emulation.errors import DomainError
from tests.awards.nomination_factories import base_salary  # noqa: F401
from tests.factories import UnitFactory, make_clerk

try:
    Proposal = apps.get_model("blocs", "Proposal")
except LookupError:
    Proposal = None

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(Proposal is None, reason="blocs.Proposal not merged yet"),
]


def _filler(field):
    """A plausible value for a required field this test does not know about."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, (models.IntegerField, models.PositiveIntegerField)):
        return 0
    if isinstance(field, models.DecimalField):
        return decimal.Decimal("0")
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(2024, 12, 1, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date(2024, 12, 1)
    return "x"


def make_proposal(bloc_year, unit, kind, **given):
    values = {"bloc_year": bloc_year, "unit": unit, "kind": kind, **given}
    for field in Proposal._meta.concrete_fields:
        if field.primary_key or field.name in values or field.null or field.has_default() or field.blank:
            continue
        if field.is_relation:
            continue
        values[field.name] = _filler(field)
    return Proposal.objects.create(**values)


@pytest.fixture
def bloc_year(unit):

    bloc = Bloc.objects.create(name="Khối các đơn vị sự nghiệp", code="KNN")
    by = BlocYear.objects.create(bloc=bloc, year=2024, head_unit=unit)
    members = [unit] + [UnitFactory(name=f"Trung tâm {i}") for i in range(3)]
    for m in members:
        BlocMembership.objects.create(bloc_year=by, unit=m)
    make_proposal(by, members[1], "flag")
    make_proposal(by, members[2], "diploma")
    make_proposal(by, members[3], "diploma")
    return by


def test_bloc_proposals_become_one_nomination(clerk, unit, bloc_year):
    nomination = services.create_nomination_from_bloc_proposals(bloc_year, clerk)
    assert (nomination.unit, nomination.bloc_year, nomination.year, nomination.state) == (
        unit, bloc_year, 2024, NominationState.DRAFT)
    codes = sorted(nomination.items.values_list("award_type__code", "recipient_kind"))
    assert codes == [("BK_TINH", "collective"), ("BK_TINH", "collective"), ("CO_TINH", "collective")]
    with pytest.raises(DomainError):
        services.create_nomination_from_bloc_proposals(bloc_year, clerk)


def test_only_head_unit_or_board_converts(other_clerk, board, bloc_year):
    with pytest.raises(DomainError):
        services.create_nomination_from_bloc_proposals(bloc_year, other_clerk)
    assert services.create_nomination_from_bloc_proposals(bloc_year, board).unit == bloc_year.head_unit


def test_convert_view(client, clerk, council, bloc_year):
    member_clerk = make_clerk(bloc_year.memberships.exclude(unit=bloc_year.head_unit).first().unit,
                              username="member")
    target = reverse("awards:nomination_from_bloc", args=[bloc_year.pk])
    for user in (member_clerk, council):
        client.force_login(user)
        assert client.post(target).status_code == 403
    client.force_login(clerk)
    response = client.post(target)
    nomination = Nomination.objects.get()
    assert response.url == nomination.get_absolute_url()


@pytest.fixture
def voted_bloc_year(unit):
    """A bloc year whose proposals come from a recorded ballot: 6 voters present, threshold 66.67 %."""

    bloc = Bloc.objects.create(name="Khối các đơn vị sự nghiệp", code="KNN")
    by = BlocYear.objects.create(bloc=bloc, year=2024, head_unit=unit)
    members = [unit] + [UnitFactory(name=f"Trung tâm {i}") for i in range(2)]
    for m in members:
        BlocMembership.objects.create(bloc_year=by, unit=m)
    Vote.objects.create(bloc_year=by, held_on=datetime.date(2024, 12, 10), voters_present=6,
                        threshold_percent=decimal.Decimal("66.67"))
    make_proposal(by, members[1], "flag", votes=6, voters_present=6)
    make_proposal(by, members[2], "diploma", votes=5, voters_present=6, note="Dẫn đầu khối hai năm liền")
    return by, members


def test_bloc_proposals_keep_the_vote_summary(clerk, voted_bloc_year):
    bloc_year, members = voted_bloc_year
    with translation.override("en"):
        nomination = services.create_nomination_from_bloc_proposals(bloc_year, clerk)
    summaries = dict(nomination.items.values_list("unit", "summary"))
    assert summaries == {
        members[1].pk: "Bloc vote: 6 votes for out of 6 voters present (threshold 66,67%).",
        members[2].pk: "Bloc vote: 5 votes for out of 6 voters present (threshold 66,67%).\n"
                       "Dẫn đầu khối hai năm liền",
    }


def test_bloc_vote_summary_in_vietnamese(clerk, voted_bloc_year):
    bloc_year, members = voted_bloc_year
    with translation.override("vi"):
        nomination = services.create_nomination_from_bloc_proposals(bloc_year, clerk)
    assert nomination.items.get(unit=members[1]).summary == (
        "Kết quả bỏ phiếu suy tôn của khối: 6/6 đại biểu có mặt đồng ý (ngưỡng 66,67%).")


def test_bloc_vote_summary_without_the_ballot(clerk, bloc_year):
    """Proposals whose ballot row is gone still say how many voted for them, without a threshold."""
    bloc_year.proposals.update(votes=4, voters_present=7)
    with translation.override("en"):
        nomination = services.create_nomination_from_bloc_proposals(bloc_year, clerk)
    assert set(nomination.items.values_list("summary", flat=True)) == {
        "Bloc vote: 4 votes for out of 7 voters present."}
