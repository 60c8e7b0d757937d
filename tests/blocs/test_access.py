"""Who sees what: a clerk never sees another unit's unfinalised scores; bloc leadership is per year."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocs import services
from blocs.enums import BlocYearState, ScorecardState
from blocs.models import BlocYear, Scorecard
from blocs.selectors import bloc_years_for_user, scorecards_for_user
from tests.blocs.factories import FULL, leaves, make_card, new_unit
from tests.factories import make_clerk

pytestmark = pytest.mark.django_db
S = ScorecardState


@pytest.fixture
def cards(bloc):
    mine = make_card(bloc.by, bloc.unit, state=S.SUBMITTED, points=FULL)
    theirs = make_card(bloc.by, bloc.other_unit, state=S.UNDER_REVIEW, points=FULL)
    head = make_card(bloc.by, bloc.head, state=S.SUBMITTED, points=FULL)
    deputy = make_card(bloc.by, bloc.deputy, state=S.DRAFT, points=FULL)
    return mine, theirs, head, deputy


def test_scorecards_for_user_scopes(bloc, cards, board, council):
    mine, theirs, head, deputy = cards
    assert set(scorecards_for_user(bloc.clerk)) == {mine}
    assert set(scorecards_for_user(bloc.leader)) == {mine, theirs, head, deputy}
    assert set(scorecards_for_user(bloc.deputy_clerk)) == {deputy, head}
    assert set(scorecards_for_user(board)) == set(scorecards_for_user(council)) == {mine, theirs, head, deputy}


def test_clerk_never_sees_another_units_unfinalised_scorecard(client, bloc, cards):
    _mine, theirs, _head, _deputy = cards
    ev = services.add_evidence(make_card(bloc.by, bloc.other_unit, state=S.DRAFT), bloc.other_clerk,
                               leaves(bloc.by)["A.1"], SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    client.force_login(bloc.clerk)
    assert client.get(reverse("blocs:scorecard", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("blocs:scorecard_review", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("blocs:evidence_download", args=[ev.pk])).status_code == 404
    response = client.get(reverse("blocs:scoreboard", args=[bloc.by.pk]))
    assert response.status_code == 403
    assert client.get(reverse("blocs:scoreboard_export", args=[bloc.by.pk])).status_code == 403
    detail = client.get(reverse("blocs:blocyear_detail", args=[bloc.by.pk]))
    assert [c.unit_id for c in detail.context["cards"]] == [bloc.unit.pk]


def test_finalised_scores_open_to_members_at_the_vote(client, bloc, cards):
    for sc in cards:
        sc.state = S.FINALISED
        sc.save()
    client.force_login(bloc.clerk)
    assert client.get(reverse("blocs:scoreboard", args=[bloc.by.pk])).status_code == 403  # still reviewing
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.VOTING)
    response = client.get(reverse("blocs:scoreboard", args=[bloc.by.pk]))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 4
    assert client.get(reverse("blocs:scorecard", args=[cards[1].pk])).status_code == 200


def test_reopened_scorecard_disappears_from_members_scoreboard(client, bloc, cards, board):
    for sc in cards:
        sc.state = S.FINALISED
        sc.save()
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.VOTING)

    Scorecard.objects.filter(pk=cards[1].pk).update(state=S.UNDER_REVIEW)
    client.force_login(bloc.clerk)
    response = client.get(reverse("blocs:scoreboard", args=[bloc.by.pk]))
    assert bloc.other_unit.pk not in [r.scorecard.unit_id for r in response.context["rows"]]
    assert client.get(reverse("blocs:scorecard", args=[cards[1].pk])).status_code == 404


def test_own_unit_does_not_see_reviewers_points_while_under_review(client, bloc):
    sc = make_card(bloc.by, bloc.unit, state=S.UNDER_REVIEW, points=FULL, reviewed={"A.1": 11})
    client.force_login(bloc.clerk)
    response = client.get(reverse("blocs:scorecard", args=[sc.pk]))
    assert response.context["show_review"] is False
    assert "Reviewed score" not in response.content.decode() and "Điểm khối chấm" not in response.content.decode()
    sc.state = S.RETURNED
    sc.save()
    assert client.get(reverse("blocs:scorecard", args=[sc.pk])).context["show_review"] is True


def test_bloc_leader_of_2020_has_no_leader_rights_in_2021(client, bloc, board):
    new = services.create_next_year(bloc.by, board, bloc.other_unit, bloc.unit)
    BlocYear.objects.filter(pk=new.pk).update(state=BlocYearState.SCORING)
    card = make_card(new, bloc.unit, state=S.SUBMITTED, points=FULL)
    client.force_login(bloc.leader)
    # still a member in 2021, so the year is visible, but the other units' scorecards are not
    assert client.get(reverse("blocs:blocyear_detail", args=[new.pk])).status_code == 200
    assert client.get(reverse("blocs:scorecard_review", args=[card.pk])).status_code == 404
    assert client.get(reverse("blocs:scoreboard", args=[new.pk])).status_code == 403
    assert client.post(reverse("blocs:blocyear_transition", args=[new.pk]),
                       {"action": "start_reviewing"}).status_code == 403
    assert bloc.leader.has_perm("blocs.review_scorecard", card) is False
    # the new head's clerk leads 2021
    new_leader = make_clerk(bloc.other_unit, username="leader2021")
    client.force_login(new_leader)
    assert client.get(reverse("blocs:scorecard_review", args=[card.pk])).status_code == 200


def test_bloc_years_for_user_follow_membership(bloc, board):
    outsider_unit = new_unit("Ngoài khối")
    outsider = make_clerk(outsider_unit, username="ngoai")
    assert list(bloc_years_for_user(outsider)) == []
    assert list(bloc_years_for_user(bloc.clerk)) == [bloc.by]
    new = services.create_next_year(bloc.by, board, bloc.head)
    services.remove_member(new, board, bloc.unit, "Chuyển khối")
    assert list(bloc_years_for_user(bloc.clerk)) == [bloc.by]
