"""Pages of the stragglers work: the missing units and the remind button on the bloc year page, close-out,
entering on the unit's behalf, locking the reviewed scorecards, the ranked ballot, background evidence upload."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocs.enums import BlocYearState, ScorecardState
from blocs.models import BlocYear, Evidence, Scorecard, ScoreEntry, Vote
from emulation.models import ActivityLog, Notification
from tests.blocs.factories import FULL, leaves, make_bloc_year, make_card, new_unit
from tests.factories import make_clerk

pytestmark = pytest.mark.django_db
S = ScorecardState
PDF = b"%PDF-1.4\n"


@pytest.fixture
def outsider(db):
    return make_clerk(new_unit("Đơn vị ngoài khối", "NGOAI"), username="outsider")


def _url(name, *args):
    return reverse(f"blocs:{name}", args=args)


def _drafts(bloc):
    return {u: make_card(bloc.by, u, points=None) for u in (bloc.head, bloc.deputy, bloc.unit, bloc.other_unit)}


def _year(n, card_state=S.DRAFT, state=BlocYearState.SCORING):
    units = [new_unit(f"Đơn vị số {i}") for i in range(n + 1)]
    by = make_bloc_year(units[0], members=units[1:], state=state)
    cards = [make_card(by, u, state=card_state, points=None if card_state == S.DRAFT else FULL,
                       reviewed=None if card_state == S.DRAFT else FULL) for u in units[1:]]
    make_card(by, units[0], state=S.SUBMITTED, points=FULL)
    return by, cards


# The bloc year page: who is missing, one button -----------------------------------------------------------------


def test_leader_sees_the_missing_units_and_one_remind_button(client, bloc):
    _drafts(bloc)
    make_card(bloc.by, bloc.other_unit, state=S.SUBMITTED, points=FULL)
    client.force_login(bloc.leader)
    response = client.get(bloc.by.get_absolute_url())
    assert [c.unit for c in response.context["missing"]] == sorted([bloc.head, bloc.deputy, bloc.unit],
                                                                  key=lambda u: u.name)
    body = response.content.decode()
    assert body.count(_url("blocyear_remind", bloc.by.pk)) == 1
    assert _url("scorecard_close_out", Scorecard.objects.get(bloc_year=bloc.by, unit=bloc.unit).pk) not in body


def test_board_sees_close_out_and_on_behalf_links_after_the_deadline(client, bloc, board):
    cards = _drafts(bloc)
    client.force_login(board)
    body = client.get(bloc.by.get_absolute_url()).content.decode()
    assert _url("scorecard_close_out", cards[bloc.unit].pk) in body
    assert _url("scorecard_on_behalf", cards[bloc.unit].pk) in body


def test_member_clerk_sees_no_missing_list(client, bloc):
    _drafts(bloc)
    client.force_login(bloc.clerk)
    response = client.get(bloc.by.get_absolute_url())
    assert response.context["missing"] == []
    assert _url("blocyear_remind", bloc.by.pk) not in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_bloc_year_page_query_count_with_missing_units(client, board, django_assert_num_queries, n):
    by, _cards = _year(n)
    client.force_login(board)
    assert client.get(by.get_absolute_url()).status_code == 200
    with django_assert_num_queries(8):
        client.get(by.get_absolute_url())


def test_remind_button_reminds_and_redirects_to_the_list(client, bloc):
    _drafts(bloc)
    client.force_login(bloc.leader)
    response = client.post(_url("blocyear_remind", bloc.by.pk), follow=True)
    assert response.redirect_chain[-1][0].endswith("#missing")
    assert "Đã gửi lời nhắc tới 4 đơn vị" in response.content.decode()
    assert Notification.objects.filter(recipient=bloc.clerk, action="blocs.blocyear.reminded").count() == 1
    assert ActivityLog.objects.filter(action="blocs.blocyear.reminded").count() == 1


def test_remind_by_member_403_outsider_404_get_405(client, bloc, outsider):
    _drafts(bloc)
    client.force_login(bloc.clerk)
    assert client.post(_url("blocyear_remind", bloc.by.pk)).status_code == 403
    client.force_login(outsider)
    assert client.post(_url("blocyear_remind", bloc.by.pk)).status_code == 404
    client.force_login(bloc.leader)
    assert client.get(_url("blocyear_remind", bloc.by.pk)).status_code == 405
    assert not ActivityLog.objects.filter(action="blocs.blocyear.reminded").exists()


@pytest.mark.parametrize("n", [1, 3])
def test_remind_query_count(client, board, django_assert_max_num_queries, n):
    by, _cards = _year(n)
    for card in _cards:
        make_clerk(card.unit, username=f"c{card.unit.pk}")
    client.force_login(board)
    with django_assert_max_num_queries(14 + 2 * n):  # one notification (and its log) per unit reminded
        assert client.post(_url("blocyear_remind", by.pk)).status_code == 302


# Close out ---------------------------------------------------------------------------------------------------


def test_close_out_page_records_with_a_reason(client, bloc, board):
    cards = _drafts(bloc)
    client.force_login(board)
    url = _url("scorecard_close_out", cards[bloc.unit].pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(url, {"reason": "Không gửi dù đã nhắc"})
    assert response.status_code == 302
    assert Scorecard.objects.get(pk=cards[bloc.unit].pk).state == S.NOT_SUBMITTED
    body = client.get(bloc.by.get_absolute_url()).content.decode()
    assert "Không gửi dù đã nhắc" in body


def test_close_out_page_leader_and_council_403_outsider_404(client, bloc, council, outsider):
    cards = _drafts(bloc)
    url = _url("scorecard_close_out", cards[bloc.unit].pk)
    for user in (bloc.leader, council):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert Scorecard.objects.get(pk=cards[bloc.unit].pk).state == S.DRAFT


@pytest.mark.parametrize("n", [1, 3])
def test_close_out_page_query_count(client, board, django_assert_num_queries, n):
    by, cards = _year(n)
    client.force_login(board)
    url = _url("scorecard_close_out", cards[0].pk)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(6):
        client.get(url)


# Reopen a closed-out scorecard -------------------------------------------------------------------------------


def test_board_reopens_a_closed_out_scorecard_from_the_bloc_year_page(client, bloc, board):
    cards = _drafts(bloc)
    client.force_login(board)
    client.post(_url("scorecard_close_out", cards[bloc.unit].pk), {"reason": "Không gửi dù đã nhắc"})
    url = _url("scorecard_reopen_closed_out", cards[bloc.unit].pk)
    assert url in client.get(bloc.by.get_absolute_url()).content.decode()
    assert "Không gửi dù đã nhắc" in client.get(url).content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(url, {"reason": "Nhầm đơn vị"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#missing")
    assert "Bảng điểm của " + bloc.unit.name + " đã được mở lại ở trạng thái nháp." in response.content.decode()
    assert Scorecard.objects.get(pk=cards[bloc.unit].pk).state == S.DRAFT
    assert ActivityLog.objects.filter(action="blocs.scorecard.close_out_undone").count() == 1


def test_reopen_link_hidden_once_the_vote_is_recorded(client, bloc, board):
    cards = _drafts(bloc)
    client.force_login(board)
    client.post(_url("scorecard_close_out", cards[bloc.unit].pk), {"reason": "Không nộp"})
    url = _url("scorecard_reopen_closed_out", cards[bloc.unit].pk)
    Vote.objects.create(bloc_year=bloc.by, held_on="2021-01-20", voters_present=10, threshold_percent=70)
    assert url not in client.get(bloc.by.get_absolute_url()).content.decode()
    response = client.post(url, {"reason": "Nhầm"})
    assert response.status_code == 200
    assert Scorecard.objects.get(pk=cards[bloc.unit].pk).state == S.NOT_SUBMITTED


def test_reopen_page_leader_and_council_403_outsider_404(client, bloc, board, council, outsider):
    cards = _drafts(bloc)
    client.force_login(board)
    client.post(_url("scorecard_close_out", cards[bloc.unit].pk), {"reason": "Không nộp"})
    url = _url("scorecard_reopen_closed_out", cards[bloc.unit].pk)
    for user in (bloc.leader, council):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "x"}).status_code == 403
    assert url not in client.get(bloc.by.get_absolute_url()).content.decode()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert Scorecard.objects.get(pk=cards[bloc.unit].pk).state == S.NOT_SUBMITTED


@pytest.mark.parametrize("n", [1, 3])
def test_reopen_page_query_count(client, board, django_assert_num_queries, n):
    by, cards = _year(n, card_state=S.NOT_SUBMITTED)
    client.force_login(board)
    url = _url("scorecard_reopen_closed_out", cards[0].pk)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(7):
        client.get(url)


# Enter on the unit's behalf ----------------------------------------------------------------------------------


def test_on_behalf_page_shows_the_sheet_and_submits(client, bloc, board):
    cards = _drafts(bloc)
    client.force_login(board)
    url = _url("scorecard_on_behalf", cards[bloc.unit].pk)
    response = client.get(url)
    assert response.context["editable"] is True and response.context["on_behalf"] is True
    data = {f"points_{c.pk}": FULL[code] for code, c in leaves(bloc.by).items()}
    response = client.post(url, {**data, "reason": ""})
    assert response.status_code == 200  # refused: no reason; the typed points stay on the page
    assert f'value="{FULL["A.1"]}"' in response.content.decode()
    response = client.post(url, {**data, "reason": "Đơn vị gửi bản giấy"})
    assert response.status_code == 302 and response["Location"].endswith("#main")
    sc = Scorecard.objects.get(pk=cards[bloc.unit].pk)
    assert (sc.state, sc.entered_on_behalf) == (S.SUBMITTED, True)
    assert "bởi Ban" in client.get(sc.get_absolute_url()).content.decode() or sc.entered_on_behalf


def test_on_behalf_page_leader_and_own_clerk_403_outsider_404(client, bloc, outsider):
    cards = _drafts(bloc)
    url = _url("scorecard_on_behalf", cards[bloc.unit].pk)
    for user in (bloc.leader, bloc.clerk):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_on_behalf_page_query_count(client, board, django_assert_num_queries, n):
    by, cards = _year(n)
    client.force_login(board)
    url = _url("scorecard_on_behalf", cards[0].pk)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(12):
        client.get(url)


# Lock the reviewed scorecards --------------------------------------------------------------------------------


def test_finalise_reviewed_confirmation_lists_them_then_locks(client, bloc, board):
    reviewed = [make_card(bloc.by, u, state=S.REVIEWED, points=FULL, reviewed=FULL)
                for u in (bloc.deputy, bloc.unit)]
    make_card(bloc.by, bloc.other_unit, state=S.UNDER_REVIEW, points=FULL)
    client.force_login(board)
    url = _url("finalise_reviewed", bloc.by.pk)
    response = client.get(url)
    assert [c.pk for c, _total in response.context["cards"]] == [c.pk for c in sorted(
        reviewed, key=lambda c: c.unit.name)]
    body = response.content.decode()
    assert bloc.unit.name in body and bloc.other_unit.name not in body
    response = client.post(url, {"scorecard": [c.pk for c in reviewed]})
    assert response.status_code == 302
    assert Scorecard.objects.filter(bloc_year=bloc.by, state=S.FINALISED).count() == 2
    assert ActivityLog.objects.filter(action="blocs.blocyear.reviewed_finalised").count() == 1


def test_finalise_reviewed_leader_and_council_403_outsider_404(client, bloc, council, outsider):
    reviewed = make_card(bloc.by, bloc.unit, state=S.REVIEWED, points=FULL, reviewed=FULL)
    url = _url("finalise_reviewed", bloc.by.pk)
    for user in (bloc.leader, council):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"scorecard": [reviewed.pk]}).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert Scorecard.objects.get(pk=reviewed.pk).state == S.REVIEWED


@pytest.mark.parametrize("n", [1, 3])
def test_finalise_reviewed_page_query_count(client, board, django_assert_num_queries, n):
    by, _cards = _year(n, card_state=S.REVIEWED)
    client.force_login(board)
    url = _url("finalise_reviewed", by.pk)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(11):
        client.get(url)


# The ballot in rank order -------------------------------------------------------------------------------------


def test_vote_form_lists_units_in_rank_order_with_final_scores(client, bloc, board):
    scores = {bloc.head: {**FULL, "A.1": 40}, bloc.deputy: {**FULL, "A.1": 60}, bloc.unit: FULL}
    for unit, pts in scores.items():
        make_card(bloc.by, unit, state=S.FINALISED, points=pts, reviewed=pts, final=pts)
    make_card(bloc.by, bloc.other_unit, points=None)
    Scorecard.objects.filter(bloc_year=bloc.by, unit=bloc.other_unit).update(
        state=S.NOT_SUBMITTED, closed_out_reason="Không nộp")
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.VOTING)
    client.force_login(bloc.leader)
    response = client.get(_url("vote", bloc.by.pk))
    form = response.context["vote_form"]
    assert [(u.rank, u.name, u.final_score) for u, _f in form.unit_fields()] == [
        (1, bloc.deputy.name, 90), (2, bloc.unit.name, 80), (3, bloc.head.name, 70)]
    ballot = re.search(r'<table[^>]*id="ballot".*?</table>', response.content.decode(), re.S).group(0)
    assert bloc.other_unit.name not in ballot


# Background evidence upload -------------------------------------------------------------------------------------


def test_htmx_upload_answers_with_the_row_and_the_new_version(client, bloc):
    sc = make_card(bloc.by, bloc.unit, points=None)
    a1 = leaves(bloc.by)["A.1"]
    client.force_login(bloc.clerk)
    response = client.post(_url("evidence_upload", sc.pk), {"criterion": a1.pk,
                                                            "file": SimpleUploadedFile("bc.pdf", PDF)},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    sc.refresh_from_db()
    assert Evidence.objects.filter(scorecard=sc, criterion=a1).count() == 1
    assert f'value="{sc.version}" id="sheet-version" hx-swap-oob="true"' in body
    assert "bc.pdf" in body and f'id="forms-{a1.pk}" hx-swap-oob="true"' in body
    # the page's typed points, saved with the new version, are kept
    response = client.post(sc.get_absolute_url(), {"version": sc.version, f"points_{a1.pk}": "55"})
    assert response.status_code == 302
    assert ScoreEntry.objects.get(scorecard=sc, criterion=a1).self_points == 55


def test_htmx_upload_refused_file_shows_the_reason_in_the_row(client, bloc):
    sc = make_card(bloc.by, bloc.unit, points=None)
    client.force_login(bloc.clerk)
    response = client.post(_url("evidence_upload", sc.pk), {"criterion": leaves(bloc.by)["A.1"].pk,
                                                            "file": SimpleUploadedFile("x.exe", b"MZ")},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert not Evidence.objects.exists()


def test_htmx_upload_and_delete_by_leader_403_outsider_404(client, bloc, outsider):
    sc = make_card(bloc.by, bloc.unit, points=None)
    data = {"criterion": leaves(bloc.by)["A.1"].pk, "file": SimpleUploadedFile("bc.pdf", PDF)}
    client.force_login(bloc.leader)
    assert client.post(_url("evidence_upload", sc.pk), data, HTTP_HX_REQUEST="true").status_code == 403
    client.force_login(outsider)
    assert client.post(_url("evidence_upload", sc.pk), data, HTTP_HX_REQUEST="true").status_code == 404


def test_htmx_delete_answers_with_the_row(client, bloc):
    sc = make_card(bloc.by, bloc.unit, points=None)
    a1 = leaves(bloc.by)["A.1"]
    client.force_login(bloc.clerk)
    client.post(_url("evidence_upload", sc.pk), {"criterion": a1.pk, "file": SimpleUploadedFile("bc.pdf", PDF)},
                HTTP_HX_REQUEST="true")
    ev = Evidence.objects.get()
    response = client.post(_url("evidence_delete", ev.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "bc.pdf" not in response.content.decode().split("hx-swap-oob")[0]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("n", [1, 3])
def test_htmx_upload_query_count(client, bloc, django_assert_max_num_queries, n):
    sc = make_card(bloc.by, bloc.unit, points=None)
    a1 = leaves(bloc.by)["A.1"]
    for _i in range(n - 1):
        Evidence.objects.create(scorecard=sc, criterion=a1, file="x.pdf", original_name="x.pdf")
    client.force_login(bloc.clerk)
    with django_assert_max_num_queries(40):
        client.post(_url("evidence_upload", sc.pk), {"criterion": a1.pk, "file": SimpleUploadedFile("bc.pdf", PDF)},
                    HTTP_HX_REQUEST="true")
