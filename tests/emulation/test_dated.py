"""The one dated-rule base (emulation.dated): one overlap check on every save path, one in_force().

The functions are tested against an existing dated table (awards.BaseSalary, not yet adopted); the abstract
model itself through a concrete test model whose table is created for the test and dropped after.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import isolate_apps

from awards.models import BaseSalary
from emulation import selectors
from emulation.dated import DatedRule, check_overlap, check_period, find_overlap, in_force
from emulation.errors import DomainError

D = datetime.date
OVERLAP = ("Đã có một mức khác đang có hiệu lực trong thời gian này (từ 01/07/2024). Hãy nhập ngày hết hiệu lực "
           "cho mức đó trước.")


@pytest.fixture
def salaries(db):
    """Two of the base salaries the data migrations record (NĐ 24/2023, NĐ 73/2024; the rows since 2017 before)."""
    return BaseSalary.objects.get(valid_from=D(2023, 7, 1)), BaseSalary.objects.get(valid_from=D(2024, 7, 1))


@pytest.mark.parametrize(("day", "amount"), [
    (D(2017, 6, 30), None), (D(2023, 6, 30), 1_490_000),
    (D(2023, 7, 1), 1_800_000), (D(2024, 6, 30), 1_800_000), (D(2024, 7, 1), 2_340_000),
    (D(2030, 1, 1), 2_340_000),
])
def test_in_force_picks_the_row_of_the_day_on_the_boundaries(salaries, day, amount):
    row = in_force(BaseSalary.objects.all(), day).first()
    assert (row.amount if row else None) == amount
    assert list(selectors.in_force(BaseSalary.objects.all(), day)) == list(in_force(BaseSalary.objects.all(), day))


def test_find_overlap_finds_the_row_in_force_in_the_period(salaries):
    old, new = salaries
    assert find_overlap(BaseSalary.objects, D(2024, 6, 30), D(2024, 6, 30)) == old
    assert find_overlap(BaseSalary.objects, D(2025, 1, 1)) == new
    assert find_overlap(BaseSalary.objects, D(2010, 1, 1), D(2017, 6, 30)) is None
    assert find_overlap(BaseSalary.objects, D(2024, 1, 1), None) == old
    assert find_overlap(BaseSalary.objects, D(2025, 1, 1), exclude_pk=new.pk) is None


def test_find_overlap_keeps_to_the_key(salaries):
    assert find_overlap(BaseSalary.objects, D(2025, 1, 1), key={"amount": 1}) is None


def test_check_overlap_says_which_row_to_close(salaries):
    with pytest.raises(DomainError) as exc:
        check_overlap(BaseSalary.objects, D(2025, 1, 1))
    assert (exc.value.field, exc.value.message) == ("valid_from", OVERLAP)


def test_check_period_refuses_an_end_before_the_start():
    with pytest.raises(DomainError) as exc:
        check_period(D(2025, 1, 2), D(2025, 1, 1))
    assert (exc.value.field, exc.value.message) == ("valid_to", "Ngày hết hiệu lực trước ngày bắt đầu hiệu lực.")
    check_period(D(2025, 1, 1), D(2025, 1, 1))
    check_period(D(2025, 1, 1), None)


# The abstract model ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def Rule(django_db_setup, django_db_blocker):  # noqa: N802 (a model class)
    """A concrete dated rule. Its table is created once for this module, outside any transaction (SQLite's
    schema editor needs that), and dropped after; each test's rows are rolled back as usual."""
    with isolate_apps("emulation"):
        class Rule(DatedRule):
            overlap_key = ("kind",)
            kind = models.CharField(max_length=10)
            value = models.IntegerField()

            class Meta:
                app_label = "emulation"
                db_table = "test_dated_rule"

    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(Rule)
    yield Rule
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.delete_model(Rule)


def test_dated_rule_has_the_fields_of_the_existing_tables(db, Rule):  # noqa: N803
    for name in ("valid_from", "valid_to", "legal_basis"):
        theirs, ours = BaseSalary._meta.get_field(name), Rule._meta.get_field(name)
        assert (type(ours), ours.null, ours.blank, ours.max_length, str(ours.verbose_name)) == (
            type(theirs), theirs.null, theirs.blank, theirs.max_length, str(theirs.verbose_name))


def test_dated_rule_save_refuses_an_overlap_of_the_same_rule(db, Rule):  # noqa: N803
    Rule.objects.create(kind="a", value=1, valid_from=D(2024, 7, 1))
    with pytest.raises(DomainError) as exc:
        Rule.objects.create(kind="a", value=2, valid_from=D(2020, 1, 1), valid_to=D(2024, 7, 1))
    assert (exc.value.field, exc.value.message) == ("valid_from", OVERLAP)
    Rule.objects.create(kind="b", value=3, valid_from=D(2024, 7, 1))  # another rule: allowed
    Rule.objects.create(kind="a", value=4, valid_from=D(2020, 1, 1), valid_to=D(2024, 6, 30))  # before: allowed
    assert Rule.objects.count() == 3


def test_dated_rule_save_refuses_a_backwards_period(db, Rule):  # noqa: N803
    with pytest.raises(DomainError) as exc:
        Rule.objects.create(kind="a", value=1, valid_from=D(2024, 7, 1), valid_to=D(2024, 6, 1))
    assert exc.value.field == "valid_to"


def test_dated_rule_edit_of_a_row_does_not_clash_with_itself(db, Rule):  # noqa: N803
    row = Rule.objects.create(kind="a", value=1, valid_from=D(2024, 7, 1))
    row.valid_to = D(2025, 6, 30)
    row.save()
    later = Rule.objects.create(kind="a", value=2, valid_from=D(2025, 7, 1))
    later.valid_from = D(2025, 6, 30)
    with pytest.raises(DomainError):
        later.save()
    with pytest.raises(DomainError):
        later.save(update_fields=["valid_from"])


def test_dated_rule_clean_reports_the_overlap_on_valid_from(db, Rule):  # noqa: N803
    Rule.objects.create(kind="a", value=1, valid_from=D(2024, 7, 1))
    row = Rule(kind="a", value=2, valid_from=D(2024, 1, 1))  # starts before the row in force, runs into it
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert exc.value.message_dict == {"valid_from": [OVERLAP]}
    Rule(kind="a", value=2, valid_from=D(2025, 1, 1)).full_clean()  # a later row succeeds it: saving closes it


def test_dated_rule_in_force_and_current_on_the_boundaries(db, Rule):  # noqa: N803
    old = Rule.objects.create(kind="a", value=1, valid_from=D(2023, 7, 1), valid_to=D(2024, 6, 30))
    new = Rule.objects.create(kind="a", value=2, valid_from=D(2024, 7, 1))
    other = Rule.objects.create(kind="b", value=3, valid_from=D(2000, 1, 1))
    assert list(Rule.objects.in_force(D(2024, 6, 30))) == [old, other]
    assert list(Rule.objects.filter(kind="a").in_force(D(2024, 7, 1))) == [new]
    assert (Rule.current(kind="a", on=D(2024, 6, 30)), Rule.current(kind="a", on=D(2024, 7, 1)),
            Rule.current(kind="a", on=D(2023, 6, 30))) == (old, new, None)
    assert Rule.current(kind="a") == new  # today
