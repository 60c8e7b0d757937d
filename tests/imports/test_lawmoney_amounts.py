"""Issue 14: a past decision imported without an amount gets the amount the law gave on its date."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Award
from imports import services
from tests.imports.conftest import AWARD_HEADERS, make_xlsx

pytestmark = pytest.mark.django_db


def _import(board, rows):
    run = services.start_import(board, "awards", SimpleUploadedFile("kt.xlsx", make_xlsx(rows).getvalue()), None)
    assert run.preview["error_count"] == 0, run.preview["problems"]
    assert services.confirm_import(run, board).status == "done"


def test_past_decision_without_amount_gets_the_law_amount_of_its_date(board, unit, award_types):
    _import(board, [AWARD_HEADERS,
                    ["TTLDXS", None, 2019, "STN", None, None, None, None, "12/QĐ-UBND", "15/01/2020", "UBND tỉnh",
                     None, None, None],
                    ["TTLDXS", None, 2023, "STN", None, None, None, None, "3/QĐ-UBND", "10/01/2024", "UBND tỉnh",
                     None, "5.000.000", None]])
    # NĐ 91/2017: 1,5 × 1.490.000 (base salary from 1/7/2019) = 2.235.000, rounded up to 2.240.000
    assert Award.objects.get(year=2019).amount == 2_240_000
    assert Award.objects.get(year=2023).amount == 5_000_000  # an amount written on the row is kept


def test_past_decision_without_a_date_stays_without_amount(board, unit, award_types):
    _import(board, [AWARD_HEADERS, ["TTLDXS", None, 2019, "STN", None, None, None, None, "12/QĐ-UBND", None, None,
                                    None, None, None]])
    assert Award.objects.get().amount is None
