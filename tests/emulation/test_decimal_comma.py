"""Decimal numbers are shown and typed with a comma in the forms too ("4,5", never "4.5" beside "4,5")."""

from decimal import Decimal

import pytest

from blocs.forms import CriteriaSetForm, CriterionForm
from pledges.forms import CommitmentForm


def test_criteria_forms_show_a_decimal_comma():
    form = CriteriaSetForm(initial={"standard_total": Decimal("4.5"), "bonus_cap": Decimal("10.25")})
    html = str(form["standard_total"]) + str(form["bonus_cap"])
    assert 'value="4,5' in html and 'value="10,25' in html
    assert 'type="number"' not in html


@pytest.mark.parametrize("typed", ["4,5", "4.5"])
def test_criteria_form_reads_comma_and_point(typed):
    form = CriteriaSetForm(data={"standard_total": typed, "bonus_cap": "0"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["standard_total"] == Decimal("4.5")


def test_criterion_and_commitment_forms_are_localized():
    assert CriterionForm._meta.localized_fields == ["max_points"]
    assert CommitmentForm._meta.localized_fields == ["target_figure"]
