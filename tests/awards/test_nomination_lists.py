"""The nomination lists (the unit's list, the board's queue, decisions): filters, sorting, scope, query counts."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.enums import AwardMethod, DecisionKind, DecisionState, NominationState, RecipientKind
from awards.models import Decision, NominationItem
from tests.awards.nomination_factories import AwardTypeFactory, NominationFactory
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def url(name):
    return reverse(f"awards:{name}")


def pks(response):
    return [obj.pk for obj in response.context["page"]]


@pytest.fixture
def award_type(db):
    return AwardTypeFactory(name="Lao động tiên tiến (thử)")


def nomination(unit, award_type, names=("Nguyễn Văn An",), **kwargs):
    n = NominationFactory(unit=unit, **kwargs)
    for name in names:
        NominationItem.objects.create(nomination=n, award_type=award_type, recipient_kind=RecipientKind.INDIVIDUAL,
                                      person=PersonFactory(unit=unit, full_name=name), unit=unit)
    return n


def submitted(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


# The unit's list -------------------------------------------------------------------------------------------


def test_list_filters_by_nominee_year_method_and_award_type(client, board, unit, award_type):
    hit = nomination(unit, award_type, names=("Trần Thị Bích",), year=2024)
    nomination(unit, award_type, names=("Trần Thị Bích",), year=2023)
    nomination(unit, AwardTypeFactory(), names=("Trần Thị Bích",), year=2024)
    nomination(unit, award_type, names=("Lê Văn Cường",), year=2024, title="Đề nghị khen thưởng đột xuất",
               method=AwardMethod.EXTRAORDINARY)
    client.force_login(board)
    assert pks(client.get(url("nomination_list"), {"q": "tran thi bich", "year": 2024,
                                                   "award_type": award_type.pk})) == [hit.pk]
    assert len(pks(client.get(url("nomination_list"), {"q": "đột xuất", "method": "extraordinary"}))) == 1


def test_list_tabs_keep_the_other_filters(client, board, unit, award_type):
    draft = nomination(unit, award_type, year=2024)
    nomination(unit, award_type, year=2024, state=NominationState.SUBMITTED)
    nomination(unit, award_type, year=2023)
    client.force_login(board)
    response = client.get(url("nomination_list"), {"year": 2024, "state": "draft", "page": 1})
    assert pks(response) == [draft.pk]
    content = html.unescape(response.content.decode())
    assert 'href="?year=2024&state=submitted"' in content
    assert 'href="?year=2024"' in content  # "All" drops the state, keeps the year
    assert '<input type="hidden" name="state" value="draft"' in content


def test_list_sorts_by_title_and_submission(client, board, unit, award_type):
    b = nomination(unit, award_type, title="B hồ sơ", submitted_at=submitted(1))
    a = nomination(unit, award_type, title="A hồ sơ", submitted_at=submitted(5))
    client.force_login(board)
    assert pks(client.get(url("nomination_list"))) == [a.pk, b.pk]  # same year: newest created first
    assert pks(client.get(url("nomination_list"), {"sort": "-title"})) == [b.pk, a.pk]
    assert pks(client.get(url("nomination_list"), {"sort": "submitted"})) == [a.pk, b.pk]
    assert pks(client.get(url("nomination_list"), {"sort": "-submitted"})) == [b.pk, a.pk]


def test_list_clerk_cannot_pick_another_unit(client, clerk, unit, other_unit, award_type):
    mine = nomination(unit, award_type)
    nomination(other_unit, award_type)
    client.force_login(clerk)
    response = client.get(url("nomination_list"), {"unit": other_unit.pk, "sort": "unit"})
    assert pks(response) == [mine.pk]
    assert response.context["filter"].form.errors["unit"]
    assert list(response.context["filter"].form.fields["unit"].queryset) == [unit]


@pytest.mark.parametrize("query,count",
                         [("", 9), ("?q=nguyen&year=2024&unit={unit}&award_type={type}&state=draft&sort=-items", 12)])
@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_with_filter_and_sort(client, clerk, unit, award_type, django_assert_num_queries, n, query,
                                               count):
    for _ in range(n):
        nomination(unit, award_type, names=("Nguyễn Văn An", "Nguyễn Thị Ba"))
    client.force_login(clerk)
    with django_assert_num_queries(count):  # a chosen unit and award type are checked: two more
        response = client.get(url("nomination_list") + query.format(unit=unit.pk, type=award_type.pk))
    assert len(response.context["page"]) == n


# The board's queue -----------------------------------------------------------------------------------------


def test_queue_sorts_by_due_date_and_unit(client, board, award_type):
    first = UnitFactory(name="A Sở")
    second = UnitFactory(name="B Sở")
    early = nomination(second, award_type, state=NominationState.RECEIVED, submitted_at=submitted(3),
                       appraisal_due=D(2030, 1, 1))
    late = nomination(first, award_type, state=NominationState.RECEIVED, submitted_at=submitted(9),
                      appraisal_due=D(2030, 3, 1))
    client.force_login(board)
    assert pks(client.get(url("nomination_queue"))) == [late.pk, early.pk]  # oldest submission first
    assert pks(client.get(url("nomination_queue"), {"sort": "due"})) == [early.pk, late.pk]
    assert pks(client.get(url("nomination_queue"), {"sort": "-unit"})) == [early.pk, late.pk]


def test_queue_overdue_first_unless_sorted(client, board, unit, award_type):
    recent = nomination(unit, award_type, state=NominationState.RECEIVED, submitted_at=submitted(1))
    old = nomination(unit, award_type, state=NominationState.RECEIVED, submitted_at=submitted(30))
    NominationItem.objects.filter(nomination=recent).update(appraisal_due=D(2020, 1, 1))
    client.force_login(board)
    assert pks(client.get(url("nomination_queue"))) == [recent.pk, old.pk]
    assert pks(client.get(url("nomination_queue"), {"sort": "submitted"})) == [old.pk, recent.pk]


def test_queue_is_closed_to_clerks_whatever_the_filter(client, clerk, unit, award_type):
    nomination(unit, award_type, state=NominationState.SUBMITTED)
    client.force_login(clerk)
    assert client.get(url("nomination_queue"), {"unit": unit.pk, "sort": "due"}).status_code == 403


@pytest.mark.parametrize("query,count",
                         [("", 9), ("?state=received&unit={unit}&year=2024&overdue=false&sort=-due", 11)])
@pytest.mark.parametrize("n", [1, 3])
def test_queue_query_count_with_filter_and_sort(client, board, unit, award_type, django_assert_num_queries, n, query,
                                                count):
    for i in range(n):
        nomination(unit, award_type, names=("Nguyễn Văn An", "Nguyễn Thị Ba"), state=NominationState.RECEIVED,
                   submitted_at=submitted(i), appraisal_due=D(2030, 1, 1 + i))
    client.force_login(board)
    with django_assert_num_queries(count):  # a chosen unit is checked: one more
        response = client.get(url("nomination_queue") + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n


def test_item_counts_of_the_rows_shown_and_the_sort_by_them(client, board, unit, award_type):
    """The counts are subqueries worked out for the page's rows: each row still shows its own numbers, and
    sorting by them orders the whole list."""
    names = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")
    three = nomination(unit, award_type, names=names, state=NominationState.RECEIVED, submitted_at=submitted(5))
    one = nomination(unit, award_type, names=names[:1], state=NominationState.RECEIVED, submitted_at=submitted(9))
    empty = nomination(unit, award_type, names=(), state=NominationState.SUBMITTED, submitted_at=submitted(1))
    three.items.filter(person__full_name__in=names[:2]).update(verdict_eligible=False)
    expected = {three.pk: (3, 2), one.pk: (1, 0), empty.pk: (0, 0)}
    client.force_login(board)
    for name in ("nomination_list", "nomination_queue"):
        page = client.get(url(name)).context["page"]
        assert {n.pk: (n.n_items, n.n_ineligible) for n in page} == expected
        assert pks(client.get(url(name), {"sort": "items"})) == [empty.pk, one.pk, three.pk]
        assert pks(client.get(url(name), {"sort": "-items"})) == [three.pk, one.pk, empty.pk]
    assert pks(client.get(url("nomination_list"), {"sort": "-ineligible"}))[0] == three.pk


# Decisions -------------------------------------------------------------------------------------------------


def decision(number, unit=None, award_type=None, date=None, state=DecisionState.ISSUED, **kwargs):
    d = Decision.objects.create(number=number, date=date or D(2024, 12, 20), signer="Nguyễn Văn Chủ",
                                signer_title="Chủ tịch", authority=kwargs.pop("authority", "UBND tỉnh"),
                                state=state, **kwargs)
    if unit is not None:
        n = nomination(unit, award_type, state=NominationState.DECIDED)
        n.items.update(decision=d)
    return d


def test_decision_list_filters_by_year_kind_text_and_unit(client, board, unit, other_unit, award_type):
    hit = decision("12/QĐ-UBND", unit, award_type, kind=DecisionKind.CORRECTION)
    decision("13/QĐ-UBND", other_unit, award_type, kind=DecisionKind.CORRECTION)
    decision("14/QĐ-UBND", unit, award_type, date=D(2023, 5, 1), kind=DecisionKind.CORRECTION)
    decision("15/QĐ-UBND", unit, award_type)
    decision("16/QĐ-SNV", unit, award_type, kind=DecisionKind.CORRECTION, authority="Sở Nội vụ")
    client.force_login(board)
    response = client.get(url("decision_list"), {"year": 2024, "kind": "correction", "unit": unit.pk,
                                                 "q": "ubnd"})
    assert pks(response) == [hit.pk]


def test_decision_list_sorts_by_number_and_total(client, board, unit, award_type):
    b = decision("2/QĐ", date=D(2024, 1, 1))
    a = decision("1/QĐ", date=D(2024, 6, 1))
    client.force_login(board)
    assert pks(client.get(url("decision_list"))) == [a.pk, b.pk]
    assert pks(client.get(url("decision_list"), {"sort": "number"})) == [a.pk, b.pk]
    assert pks(client.get(url("decision_list"), {"sort": "-number"})) == [b.pk, a.pk]
    assert pks(client.get(url("decision_list"), {"sort": "date"})) == [b.pk, a.pk]


def test_decision_list_clerk_sees_own_issued_and_cannot_pick_another_unit(client, clerk, unit, other_unit,
                                                                          award_type):
    mine = decision("1/QĐ", unit, award_type)
    decision("2/QĐ", other_unit, award_type)
    decision("3/QĐ", unit, award_type, state=DecisionState.DRAFT)
    client.force_login(clerk)
    response = client.get(url("decision_list"), {"unit": other_unit.pk, "sort": "number"})
    assert pks(response) == [mine.pk]
    assert response.context["filter"].form.errors["unit"]
    assert list(response.context["filter"].form.fields["unit"].queryset) == [unit]


@pytest.mark.parametrize("query,count", [("", 9), ("?q=ubnd&year=2024&unit={unit}&state=issued&sort=-total", 11)])
@pytest.mark.parametrize("n", [1, 3])
def test_decision_list_query_count_with_filter_and_sort(client, clerk, unit, award_type, django_assert_num_queries,
                                                        n, query, count):
    for i in range(n):
        decision(f"{i}/QĐ", unit, award_type)
    client.force_login(clerk)
    with django_assert_num_queries(count):  # a chosen unit is checked: one more
        response = client.get(url("decision_list") + query.format(unit=unit.pk))
    assert len(response.context["page"]) == n
