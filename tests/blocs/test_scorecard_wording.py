"""The scorecard's wording as rendered (issue 15, "Vietnamese done right"): a zero penalty reads "0", never
"−0"; a late scorecard's badges do not read as one phrase ("Đã gửi gửi muộn"); decimals have a comma."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.template import Context, Template

from blocs import services
from blocs.enums import ScorecardState
from blocs.models import Scorecard
from tests.blocs.factories import leaves, make_card

pytestmark = pytest.mark.django_db
S = ScorecardState


def _text(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _running_penalty(body):
    return re.search(r'id="run-penalty">([^<]*)</span>', body).group(1)


def test_running_total_shows_a_zero_penalty_as_0(client, bloc):
    make_card(bloc.by, bloc.unit, points={"A.1": "50", "A.2": "30"})
    client.force_login(bloc.clerk)
    body = client.get(Scorecard.objects.get(unit=bloc.unit).get_absolute_url()).content.decode()
    assert _running_penalty(body) == "0"
    assert "Điểm trừ 0" in _text(body)
    assert "−0" not in _text(body)


def test_running_total_shows_a_penalty_with_its_minus_sign_and_a_comma(client, bloc):
    make_card(bloc.by, bloc.unit, points={"A.1": "50", "A.2": "30", "C.1": "2.5"})
    client.force_login(bloc.clerk)
    body = client.get(Scorecard.objects.get(unit=bloc.unit).get_absolute_url()).content.decode()
    assert _running_penalty(body) == "−2,5"
    assert re.search(r'id="run-total">77,5<', body)


def test_submitted_card_totals_read_penalty_0_and_decimals_with_a_comma(client, bloc):
    make_card(bloc.by, bloc.unit, state=S.SUBMITTED, points={"A.1": "45.5", "A.2": "30", "B.1": "0",
                                                              "B.2": "0", "C.1": "0"})
    client.force_login(bloc.clerk)
    text = _text(client.get(Scorecard.objects.get(unit=bloc.unit).get_absolute_url()).content.decode())
    assert "Điểm trừ 0" in text and "−0" not in text
    assert "45,5" in text and "75,5" in text
    assert "45.5" not in text and "75.5" not in text


def test_a_late_scorecard_badges_do_not_read_as_one_phrase(client, bloc):
    card = make_card(bloc.by, bloc.unit, state=S.SUBMITTED, points={"A.1": "50"})
    Scorecard.objects.filter(pk=card.pk).update(is_late=True)
    client.force_login(bloc.clerk)
    text = _text(client.get(card.get_absolute_url()).content.decode())
    assert "Đã gửi muộn hạn" in text
    assert "gửi gửi" not in text


def test_history_shows_typed_points_with_a_comma(bloc):
    """The walkthrough saw "4.5" in the history where the sheet shows "4,5"."""
    card = make_card(bloc.by, bloc.unit, points={"A.1": "4"})
    a1 = leaves(bloc.by)["A.1"]
    services.save_self_scores(card, bloc.clerk, {a1.pk: (Decimal("4.5"), "")})
    history = _text(Template("{% history obj %}").render(Context({"obj": card})))
    assert "A.1: 4 → 4,5" in history
    assert "4.5" not in history
