"""The batch engine: a fixed number of queries whatever the batch size; quota warnings; the shared cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.eligibility import Verdict, check_batch, register
from awards.enums import InitiativeLevel
from awards.models import Appraisal, Award, QuotaSetting
from tests.awards.register_factories import EXCELLENT, GOOD, D, award_type, give, initiative, rate
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _crowd(unit, n):
    people = PersonFactory.create_batch(n, unit=unit)
    Appraisal.objects.bulk_create([Appraisal(person=p, year=y, rating=EXCELLENT if i % 3 else GOOD)
                                   for i, p in enumerate(people) for y in (2022, 2023, 2024)])
    t = award_type("CSTDCS")
    Award.objects.bulk_create([Award(award_type=t, person=p, unit=unit, recipient_kind="individual", year=y)
                               for p in people[::2] for y in (2022, 2023)])
    for p in people[:5]:
        initiative(p, 2024, InitiativeLevel.PROVINCIAL)
    return people


def _queries(award_type_, recipients, year=2024):
    with CaptureQueriesContext(connection) as ctx:
        verdicts = check_batch(award_type_, recipients, year)
    assert len(verdicts) == len(recipients)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("code", ["LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "BK_TINH", "GIAY_KHEN"])
def test_batch_of_500_people_costs_the_same_queries_as_one(unit, code):
    people = _crowd(unit, 500)
    t = award_type(code)
    one = _queries(t, people[:1])
    assert _queries(t, people) == one
    assert one <= 10


@pytest.mark.parametrize("code", ["TTLDXS", "TTLDTT"])
def test_batch_of_units_costs_the_same_queries_as_one(code):
    units = UnitFactory.create_batch(30)
    for u in units:
        rate(u, 2024, EXCELLENT)
        _crowd(u, 3)
    t = award_type(code)
    one = _queries(t, units[:1])
    assert _queries(t, units) == one
    assert one <= 10


def test_quota_warning_when_above_the_share(unit):
    QuotaSetting.objects.create(award_type=award_type("CSTDCS"), relative_to=award_type("LDTT"), max_percent=15,
                                valid_from=D(2018, 1, 1))
    people = PersonFactory.create_batch(10, unit=unit)
    for p in people:
        rate(p, 2024, EXCELLENT)
        give("LDTT", p, 2024)
    verdicts = check_batch(award_type("CSTDCS"), people[:2], 2024)
    assert [v.eligible for v in verdicts.values()] == [True, True]
    assert verdicts[people[0].pk].warnings == [
        "Vượt tỷ lệ tỉnh quy định tại Sở Thử nghiệm năm 2024: 2 Chiến sĩ thi đua cơ sở trên 10 Lao động tiên tiến "
        "(tối đa 15%)"]


def test_quota_within_the_share_gives_no_warning(unit):
    QuotaSetting.objects.create(award_type=award_type("CSTDCS"), relative_to=award_type("LDTT"), max_percent=15,
                                valid_from=D(2018, 1, 1))
    people = PersonFactory.create_batch(10, unit=unit)
    for p in people:
        rate(p, 2024, EXCELLENT)
        give("LDTT", p, 2024)
    assert check_batch(award_type("CSTDCS"), people[:1], 2024)[people[0].pk].warnings == []


def test_quota_counts_people_already_awarded(unit):
    QuotaSetting.objects.create(award_type=award_type("CSTDCS"), relative_to=None, max_percent=20,
                                valid_from=D(2018, 1, 1))
    people = PersonFactory.create_batch(5, unit=unit)
    for p in people:
        rate(p, 2024, EXCELLENT)
    give("CSTDCS", people[0], 2024)
    verdicts = check_batch(award_type("CSTDCS"), people[1:2], 2024)
    assert verdicts[people[1].pk].warnings == [
        "Vượt tỷ lệ tỉnh quy định tại Sở Thử nghiệm năm 2024: 2 Chiến sĩ thi đua cơ sở trên 5 người của đơn vị "
        "(tối đa 20%)"]


def test_quota_outside_its_dates_is_ignored(unit):
    QuotaSetting.objects.create(award_type=award_type("CSTDCS"), max_percent=1, valid_from=D(2018, 1, 1),
                                valid_to=D(2023, 12, 31))
    p = PersonFactory(unit=unit)
    rate(p, 2024, EXCELLENT)
    assert check_batch(award_type("CSTDCS"), [p], 2024)[p.pk].warnings == []


def test_quota_without_a_base_says_it_cannot_be_checked(unit):
    QuotaSetting.objects.create(award_type=award_type("CSTDCS"), relative_to=award_type("LDTT"), max_percent=15,
                                valid_from=D(2018, 1, 1))
    p = PersonFactory(unit=unit)
    rate(p, 2024, EXCELLENT)
    assert check_batch(award_type("CSTDCS"), [p], 2024)[p.pk].warnings == [
        "Chưa kiểm tra được tỷ lệ tỉnh quy định tại Sở Thử nghiệm năm 2024: chưa ghi nhận Lao động tiên tiến nào"]


def test_shared_cache_saves_queries_across_award_types(unit):
    people = _crowd(unit, 20)
    cache = {}
    fighter = award_type("CSTDCS")
    check_batch(award_type("LDTT"), people, 2024, cache=cache)
    check_batch(award_type("CSTD_TINH"), people, 2024, cache=cache)
    with CaptureQueriesContext(connection) as ctx:
        check_batch(fighter, people, 2024, cache=cache)
    assert len(ctx.captured_queries) == 1  # its quota settings: the records come from the cache


def test_a_rule_registered_elsewhere_is_used(unit):
    @register("test_always_no")
    def always_no(recipient, year, ctx):

        return Verdict(False, ["không"])

    t = award_type("KNC")
    t.rule = "test_always_no"
    p = PersonFactory(unit=unit)
    with CaptureQueriesContext(connection) as ctx:
        verdicts = check_batch(t, [p], 2024)
    assert verdicts[p.pk].reasons == ["không"]
    assert len(ctx.captured_queries) == 0
