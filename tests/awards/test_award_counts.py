"""The statistics summary (AwardCount, awards.counts) stays equal to the register after every way awards are
made, moved, revoked or removed, and the statistics page reads it for the whole register."""

# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)

import datetime

import pytest
from django.urls import reverse

from awards import services
from awards.counts import summary_counts
from awards.enums import NominationState
from awards.models import Award, AwardCount
from imports.pipeline import import_file
from tests.awards.nomination_factories import advance, base_salary, build, decide, ldtt, people  # noqa: F401
from tests.awards.register_factories import award_type, give
from tests.factories import PersonFactory
from tests.imports.conftest import award_types, make_xlsx  # noqa: F401
from tests.imports.test_import import award_people, awards_rows  # noqa: F401

pytestmark = pytest.mark.django_db


def live():
    """What the register holds, counted: {(year, award type id): n} of the awards not revoked."""
    counts = {}
    for year, type_id in Award.objects.filter(revoked=False).values_list("year", "award_type_id"):
        counts[(year, type_id)] = counts.get((year, type_id), 0) + 1
    return counts


def summary():
    return {(year, type_id): n for year, type_id, _name, _order, n in summary_counts()}


def test_single_saves_and_deletes_follow(unit):
    person = PersonFactory(unit=unit)
    a = give("LDTT", person, 2021)
    give("LDTT", PersonFactory(unit=unit), 2021)
    give("CSTDCS", person, 2022)
    assert summary() == live() == {(2021, a.award_type_id): 2, (2022, award_type("CSTDCS").pk): 1}
    a.delete()
    assert summary() == live()


def test_past_award_services_keep_it(board, unit):
    person = PersonFactory(unit=unit)
    award = services.record_past_award(board, award_type=award_type("LDTT"), person=person, unit=unit, year=2020)
    assert summary() == live() == {(2020, award.award_type_id): 1}
    services.update_past_award(award, board, year=2019)  # the year it leaves is recounted too
    assert summary() == live() == {(2019, award.award_type_id): 1}
    services.revoke_award(award, board, "Kê khai không trung thực", decision_number="1/QĐ",
                          decision_date=datetime.date(2025, 1, 2), authority="UBND tỉnh")
    assert summary() == live() == {}


def test_issued_decision_keeps_it(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:2]), clerk, board, NominationState.AT_COUNCIL)
    services.issue_decision(decide(nomination, board), board)  # bulk_create: no signal, the service recounts
    assert Award.objects.count() == 2
    assert summary() == live() == {(nomination.year, ldtt.pk): 2}


def test_import_keeps_it(unit, board, award_types, award_people):
    import_file(make_xlsx(awards_rows()), "awards", actor=board)  # a raw insert: the importer recounts
    assert Award.objects.count() == 3
    assert summary() == live()
    assert sum(summary().values()) == 3


def test_statistics_page_reads_the_summary_for_the_whole_register(client, board, unit):
    give("LDTT", PersonFactory(unit=unit), 2021)
    # a stale row written behind the services' back shows that the page reads the summary ...
    AwardCount.objects.filter(year=2021).update(count=5)
    client.force_login(board)
    assert client.get(reverse("awards:statistics")).context["counts"]["total"] == 5
    # ... and counts the awards themselves once a filter narrows the register
    assert client.get(reverse("awards:statistics"), {"year_from": 2021}).context["counts"]["total"] == 1


def test_clerk_statistics_count_their_scope_only(client, clerk, unit, other_unit):
    give("LDTT", PersonFactory(unit=unit), 2021)
    give("LDTT", PersonFactory(unit=other_unit), 2021)
    client.force_login(clerk)
    assert client.get(reverse("awards:statistics")).context["counts"]["total"] == 1
