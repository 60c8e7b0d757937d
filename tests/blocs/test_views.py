import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from blocs import services
from blocs.enums import BlocYearState, ScorecardState
from blocs.excel import criteria_workbook
from blocs.models import Bloc, BlocYear, Criterion, Evidence, Proposal, Scorecard, ScoreEntry
from blocs.selectors import criteria_tree
from emulation import registry
from emulation.models import ActivityLog
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


def _set_state(by, state):
    BlocYear.objects.filter(pk=by.pk).update(state=state)
    by.refresh_from_db()


def _year_with(n, state=BlocYearState.SCORING, card_state=S.FINALISED):
    """A bloc year with ``n`` member units (the first heads it), each with a scorecard and a file."""
    units = [new_unit(f"Đơn vị số {i}") for i in range(n)]
    by = make_bloc_year(units[0], members=units[1:], state=state)
    for u in units:
        sc = make_card(by, u, state=card_state, points=FULL, reviewed=FULL, final=FULL)
        Evidence.objects.create(scorecard=sc, criterion=leaves(by)["A.1"], file="x.pdf", original_name="x.pdf")
    return by, units


def _warm(client, url):
    """First request fills per-process caches (content types, templates); then count."""
    assert client.get(url).status_code == 200


# Bloc list and detail ---------------------------------------------------------------------------


def test_bloc_list_shows_only_blocs_of_the_clerk(client, bloc, outsider, board):
    other = make_bloc_year(new_unit("Đơn vị khác"))
    client.force_login(bloc.clerk)
    response = client.get(_url("bloc_list"))
    assert [b.pk for b in response.context["page"]] == [bloc.by.bloc_id]
    client.force_login(outsider)
    assert list(client.get(_url("bloc_list")).context["page"]) == []
    client.force_login(board)
    assert {b.pk for b in client.get(_url("bloc_list")).context["page"]} == {bloc.by.bloc_id, other.bloc_id}


@pytest.mark.parametrize("n", [1, 3])
def test_bloc_list_query_count(client, board, django_assert_num_queries, n):
    for _ in range(n):
        _year_with(2)
    client.force_login(board)
    _warm(client, _url("bloc_list"))
    with django_assert_num_queries(7):  # 6 + the page count (the member filter loads its units on demand)
        client.get(_url("bloc_list"))


def test_bloc_detail_outsider_404_member_200(client, bloc, outsider):
    client.force_login(outsider)
    assert client.get(_url("bloc_detail", bloc.by.bloc_id)).status_code == 404
    client.force_login(bloc.clerk)
    response = client.get(_url("bloc_detail", bloc.by.bloc_id))
    assert response.status_code == 200
    assert bloc.head.name in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_bloc_detail_query_count(client, board, django_assert_num_queries, n):
    by, _units = _year_with(n)
    client.force_login(board)
    _warm(client, _url("bloc_detail", by.bloc_id))
    with django_assert_num_queries(8):
        client.get(_url("bloc_detail", by.bloc_id))


def test_bloc_create_board_only(client, board, council, clerk):
    for user in (council, clerk):
        client.force_login(user)
        assert client.get(_url("bloc_create")).status_code == 403
    client.force_login(board)
    response = client.post(_url("bloc_create"), {"name": "Khối 7", "code": "K7", "description": "", "council": ""})
    assert response.status_code == 302
    assert Bloc.objects.filter(code="K7").exists()


def test_blocyear_create_by_board(client, board, unit, other_unit, council):
    bloc = services.create_bloc(board, "Khối 8", "K8")
    client.force_login(council)
    assert client.get(_url("blocyear_create", bloc.pk)).status_code == 403
    client.force_login(board)
    response = client.post(_url("blocyear_create", bloc.pk), {
        "year": 2024, "head_unit": unit.pk, "deputy_unit": other_unit.pk, "members": [unit.pk, other_unit.pk],
        "self_scoring_deadline": "15/12/2024", "review_deadline": "", "meeting_date": ""})
    by = BlocYear.objects.get(bloc=bloc, year=2024)
    assert response.status_code == 302
    assert by.self_scoring_deadline == datetime.date(2024, 12, 15)


# Bloc year dashboard -------------------------------------------------------------------------------


def test_blocyear_detail_leader_sees_who_is_late_and_what_awaits_review(client, bloc):
    make_card(bloc.by, bloc.unit, state=S.SUBMITTED, points=FULL)
    Scorecard.objects.filter(unit=bloc.unit).update(is_late=True)
    make_card(bloc.by, bloc.other_unit, state=S.DRAFT)
    client.force_login(bloc.leader)
    response = client.get(_url("blocyear_detail", bloc.by.pk))
    assert response.status_code == 200
    assert response.context["summary"]["submitted"] == 1
    assert response.context["summary"]["awaiting_review"] == 1
    assert response.context["summary"]["late"] == 2  # one submitted late, one draft past the deadline
    assert [a for a, _label in response.context["actions"]] == ["start_reviewing"]


def test_blocyear_detail_outsider_404(client, bloc, outsider):
    client.force_login(outsider)
    assert client.get(_url("blocyear_detail", bloc.by.pk)).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_blocyear_detail_query_count(client, board, django_assert_num_queries, n):
    by, _units = _year_with(n)
    client.force_login(board)
    _warm(client, _url("blocyear_detail", by.pk))
    with django_assert_num_queries(8):
        client.get(_url("blocyear_detail", by.pk))


def test_blocyear_transition_by_board_and_refused_for_council(client, bloc, board, council):
    _set_state(bloc.by, BlocYearState.PREPARING)
    client.force_login(council)
    assert client.post(_url("blocyear_transition", bloc.by.pk), {"action": "open_scoring"}).status_code == 403
    client.force_login(board)
    response = client.post(_url("blocyear_transition", bloc.by.pk), {"action": "open_scoring"})
    assert response.status_code == 302
    bloc.by.refresh_from_db()
    assert bloc.by.state == BlocYearState.SCORING


def test_blocyear_transition_refusal_shows_the_rule(client, bloc):
    client.force_login(bloc.leader)
    response = client.post(_url("blocyear_transition", bloc.by.pk), {"action": "open_voting"}, follow=True)
    assert "sau" in response.content.decode() or "after" in response.content.decode()
    bloc.by.refresh_from_db()
    assert bloc.by.state == BlocYearState.SCORING


def test_blocyear_transition_outsider_404(client, bloc, outsider):
    client.force_login(outsider)
    assert client.post(_url("blocyear_transition", bloc.by.pk), {"action": "start_reviewing"}).status_code == 404


# Members and dates, next year ---------------------------------------------------------------------


def test_manage_board_adds_member_and_leader_edits_dates_only(client, bloc, board):
    newcomer = new_unit("Đơn vị mới")
    client.force_login(bloc.leader)
    assert client.get(_url("blocyear_manage", bloc.by.pk)).status_code == 200
    assert client.post(_url("blocyear_manage", bloc.by.pk),
                       {"what": "add", "unit": newcomer.pk}).status_code == 403
    client.post(_url("blocyear_manage", bloc.by.pk), {"what": "dates", "meeting_date": "20/01/2021"})
    bloc.by.refresh_from_db()
    assert bloc.by.meeting_date == datetime.date(2021, 1, 20)
    client.force_login(board)
    client.post(_url("blocyear_manage", bloc.by.pk), {"what": "add", "unit": newcomer.pk, "reason": "Sáp nhập"})
    assert bloc.by.memberships.filter(unit=newcomer).exists()


def test_manage_member_clerk_403_outsider_404(client, bloc, outsider):
    client.force_login(bloc.clerk)
    assert client.get(_url("blocyear_manage", bloc.by.pk)).status_code == 403
    client.force_login(outsider)
    assert client.get(_url("blocyear_manage", bloc.by.pk)).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_manage_query_count(client, board, django_assert_num_queries, n):
    by, _units = _year_with(n)
    client.force_login(board)
    _warm(client, _url("blocyear_manage", by.pk))
    with django_assert_num_queries(10):
        client.get(_url("blocyear_manage", by.pk))


def test_next_year_page_creates_the_year(client, bloc, board, council):
    client.force_login(council)
    assert client.get(_url("blocyear_next", bloc.by.pk)).status_code == 403
    client.force_login(board)
    assert client.get(_url("blocyear_next", bloc.by.pk)).context["form"].initial["year"] == 2021
    response = client.post(_url("blocyear_next", bloc.by.pk), {
        "year": 2021, "head_unit": bloc.unit.pk, "deputy_unit": bloc.head.pk, "self_scoring_deadline": "",
        "review_deadline": "", "meeting_date": ""})
    new = BlocYear.objects.get(bloc=bloc.by.bloc, year=2021)
    assert response.url == new.get_absolute_url()
    assert new.head_unit == bloc.unit


@pytest.mark.parametrize("n", [1, 3])
def test_next_year_query_count(client, board, django_assert_num_queries, n):
    by, _units = _year_with(n)
    client.force_login(board)
    _warm(client, _url("blocyear_next", by.pk))
    with django_assert_num_queries(8):
        client.get(_url("blocyear_next", by.pk))


# Criteria -------------------------------------------------------------------------------------------


def test_criteria_editor_leader_adds_a_criterion(client, bloc):
    _set_state(bloc.by, BlocYearState.PREPARING)
    client.force_login(bloc.leader)
    response = client.get(_url("criteria", bloc.by.pk))
    assert response.context["can_edit"] is True
    section = Criterion.objects.get(criteria_set__bloc_year=bloc.by, code="B")
    client.post(_url("criteria", bloc.by.pk), {
        "what": "add", "new-parent": section.pk, "new-code": "B.3", "new-title": "Sáng kiến", "new-kind": "bonus",
        "new-max_points": "2", "new-guidance": ""})
    assert Criterion.objects.filter(criteria_set__bloc_year=bloc.by, code="B.3", parent=section).exists()


def test_criteria_editor_member_reads_but_cannot_change(client, bloc):
    _set_state(bloc.by, BlocYearState.PREPARING)
    client.force_login(bloc.clerk)
    response = client.get(_url("criteria", bloc.by.pk))
    assert (response.status_code, response.context["can_edit"]) == (200, False)
    assert client.post(_url("criteria", bloc.by.pk), {"what": "settings"}).status_code == 403
    node = Criterion.objects.get(criteria_set__bloc_year=bloc.by, code="A.1")
    assert client.get(_url("criterion_edit", bloc.by.pk, node.pk)).status_code == 403


def test_criteria_editor_outsider_404(client, bloc, outsider):
    client.force_login(outsider)
    node = Criterion.objects.get(criteria_set__bloc_year=bloc.by, code="A.1")
    assert client.get(_url("criteria", bloc.by.pk)).status_code == 404
    assert client.get(_url("criterion_edit", bloc.by.pk, node.pk)).status_code == 404
    assert client.get(_url("criteria_export", bloc.by.pk)).status_code == 404


def test_criterion_edit_saves_and_frozen_refusal_is_shown(client, bloc, board):
    node = Criterion.objects.get(criteria_set__bloc_year=bloc.by, code="A.1")
    client.force_login(board)
    data = {"code": "A.1", "title": "Đổi", "kind": "standard", "max_points": "60", "guidance": "", "parent":
            node.parent_id}
    response = client.post(_url("criterion_edit", bloc.by.pk, node.pk), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    _set_state(bloc.by, BlocYearState.PREPARING)
    assert client.post(_url("criterion_edit", bloc.by.pk, node.pk), data).status_code == 302
    node.refresh_from_db()
    assert node.title == "Đổi"


@pytest.mark.parametrize("n", [1, 3])
def test_criteria_query_count(client, board, django_assert_num_queries, n):
    by, _units = _year_with(1, state=BlocYearState.PREPARING)
    section = Criterion.objects.get(criteria_set__bloc_year=by, code="A")
    for i in range(n):
        Criterion.objects.create(criteria_set=by.criteria_set, parent=section, code=f"A.x{i}", title="x",
                                 max_points=D(1), position=10 + i)
    client.force_login(board)
    _warm(client, _url("criteria", by.pk))
    with django_assert_num_queries(9):
        client.get(_url("criteria", by.pk))


def test_criteria_export_and_import_through_the_pages(client, bloc, board):
    _set_state(bloc.by, BlocYearState.PREPARING)
    client.force_login(board)
    response = client.get(_url("criteria_export", bloc.by.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    wb.worksheets[0]["C3"] = "Tên mới từ Excel"
    out = io.BytesIO()
    wb.save(out)
    client.post(_url("criteria_import", bloc.by.pk), {"file": SimpleUploadedFile("tc.xlsx", out.getvalue())})
    assert Criterion.objects.get(criteria_set__bloc_year=bloc.by, code="A.1").title == "Tên mới từ Excel"
    assert ActivityLog.objects.filter(action="blocs.criteria.imported").exists()


def test_criteria_import_by_member_403(client, bloc):
    client.force_login(bloc.clerk)
    data = criteria_workbook(criteria_tree(bloc.by))
    response = client.post(_url("criteria_import", bloc.by.pk), {"file": SimpleUploadedFile("tc.xlsx", data)})
    assert response.status_code == 403


# Scorecard form ---------------------------------------------------------------------------------------


def _form(by, points, notes=None):
    ls = leaves(by)
    data = {}
    for code, c in ls.items():
        data[f"points_{c.pk}"] = points.get(code, "")
        data[f"note_{c.pk}"] = (notes or {}).get(code, "")
    return data


def test_scorecard_form_saves_draft_then_submits(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    client.force_login(bloc.clerk)
    response = client.get(_url("scorecard", sc.pk))
    assert response.context["editable"] is True
    client.post(_url("scorecard", sc.pk), {**_form(bloc.by, {"A.1": "50,5"}, {"A.1": "Ghi chú"}), "version": 1,
                                           "action": "save"})
    entry = ScoreEntry.objects.get(scorecard=sc, criterion__code="A.1")
    assert (entry.self_points, entry.note) == (D("50.5"), "Ghi chú")
    refused = client.post(_url("scorecard", sc.pk), {**_form(bloc.by, {"A.1": "50"}), "version": 2,
                                                     "action": "submit"}, follow=True)
    sc.refresh_from_db()
    assert sc.state == S.DRAFT
    assert "A.2" in refused.content.decode()
    client.post(_url("scorecard", sc.pk), {**_form(bloc.by, {k: str(v) for k, v in FULL.items()}), "version": 3,
                                           "action": "submit"})
    sc.refresh_from_db()
    assert sc.state == S.SUBMITTED


def test_scorecard_form_keeps_typed_values_on_error(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    client.force_login(bloc.clerk)
    response = client.post(_url("scorecard", sc.pk), {**_form(bloc.by, {"A.1": "75", "A.2": "abc"}), "version": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="75"' in html and 'value="abc"' in html
    assert ScoreEntry.objects.filter(scorecard=sc, self_points__isnull=False).count() == 0


def test_scorecard_form_stale_version_is_refused(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    Scorecard.objects.filter(pk=sc.pk).update(version=5)
    client.force_login(bloc.clerk)
    response = client.post(_url("scorecard", sc.pk), {**_form(bloc.by, {"A.1": "10"}), "version": 4})
    assert response.status_code == 200
    assert ScoreEntry.objects.get(scorecard=sc, criterion__code="A.1").self_points is None


def test_scorecard_read_only_roles_get_403_on_post(client, bloc, council):
    sc = make_card(bloc.by, bloc.unit, points=FULL)
    for user in (council, bloc.leader):
        client.force_login(user)
        assert client.get(_url("scorecard", sc.pk)).status_code == 200
        assert client.post(_url("scorecard", sc.pk), {"version": 1}).status_code == 403


def test_scorecard_outsider_404(client, bloc, outsider):
    sc = make_card(bloc.by, bloc.unit)
    client.force_login(outsider)
    assert client.get(_url("scorecard", sc.pk)).status_code == 404


def test_scorecard_explanation_is_sent(client, bloc):
    sc = make_card(bloc.by, bloc.unit, state=S.RETURNED, points=FULL)
    a1 = leaves(bloc.by)["A.1"]
    ScoreEntry.objects.filter(scorecard=sc, criterion=a1).update(question="Vì sao?")
    client.force_login(bloc.clerk)
    assert client.get(_url("scorecard", sc.pk)).context["explaining"] is True
    client.post(_url("scorecard", sc.pk), {"action": "explain", f"explanation_{a1.pk}": "Vì đã đạt"})
    sc.refresh_from_db()
    assert sc.state == S.UNDER_REVIEW


def test_scorecard_renders_panels_from_other_apps(client, bloc):
    """The pledges app adds the unit's pledge fulfilment beside its scorecard (scorecard_panels hook)."""

    sc = make_card(bloc.by, bloc.unit)
    panels = registry.hook("scorecard_panels", scorecard=sc, user=bloc.clerk)
    assert [p.template for p in panels] == ["pledges/_scorecard_panel.html"]
    client.force_login(bloc.clerk)
    assert str(panels[0].title) in client.get(_url("scorecard", sc.pk)).content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_scorecard_query_count(client, bloc, django_assert_num_queries, n):
    sc = make_card(bloc.by, bloc.unit)
    for i in range(n):
        Evidence.objects.create(scorecard=sc, criterion=leaves(bloc.by)["A.1"], file=f"f{i}.pdf",
                                original_name=f"f{i}.pdf")
        ActivityLog.objects.create(action="blocs.scorecard.draft_saved", content_type_id=None)
    client.force_login(bloc.clerk)
    _warm(client, _url("scorecard", sc.pk))
    with django_assert_num_queries(12):  # 11 + the pledges panel beside the scorecard
        client.get(_url("scorecard", sc.pk))


# Evidence ------------------------------------------------------------------------------------------------


def test_evidence_upload_download_delete(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    a1 = leaves(bloc.by)["A.1"]
    client.force_login(bloc.clerk)
    client.post(_url("evidence_upload", sc.pk), {"criterion": a1.pk, "file": SimpleUploadedFile("bc.pdf", PDF)})
    ev = Evidence.objects.get()
    response = client.get(_url("evidence_download", ev.pk))
    assert b"".join(response.streaming_content) == PDF
    client.force_login(bloc.leader)
    assert client.get(_url("evidence_download", ev.pk)).status_code == 200
    assert client.post(_url("evidence_delete", ev.pk)).status_code == 403
    client.force_login(bloc.clerk)
    client.post(_url("evidence_delete", ev.pk))
    assert not Evidence.objects.exists()


def test_evidence_upload_wrong_type_shows_message(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    client.force_login(bloc.clerk)
    response = client.post(_url("evidence_upload", sc.pk), {"criterion": leaves(bloc.by)["A.1"].pk,
                                                            "file": SimpleUploadedFile("a.exe", b"MZ")}, follow=True)
    assert "pdf" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_upload_by_other_unit_404_and_leader_403(client, bloc, council):
    sc = make_card(bloc.by, bloc.unit)
    data = {"criterion": leaves(bloc.by)["A.1"].pk, "file": SimpleUploadedFile("a.pdf", PDF)}
    client.force_login(bloc.other_clerk)
    assert client.post(_url("evidence_upload", sc.pk), data).status_code == 404
    client.force_login(council)
    assert client.post(_url("evidence_upload", sc.pk), data).status_code == 403


# Review screen --------------------------------------------------------------------------------------------


def _review_form(by, values):
    ls = leaves(by)
    data = {}
    for code, c in ls.items():
        points, reason, question = values.get(code, ("", "", ""))
        data.update({f"points_{c.pk}": points, f"reason_{c.pk}": reason, f"question_{c.pk}": question})
    return data


def test_review_screen_leader_changes_points_with_reason_and_completes(client, bloc):
    sc = make_card(bloc.by, bloc.unit, state=S.SUBMITTED, points=FULL)
    client.force_login(bloc.leader)
    response = client.get(_url("scorecard_review", sc.pk))
    assert response.context["reviewing"] is True
    refused = client.post(_url("scorecard_review", sc.pk),
                          {**_review_form(bloc.by, {"A.1": ("45", "", "")}), "version": 1, "action": "save"})
    assert refused.status_code == 200
    assert 'value="45"' in refused.content.decode()
    client.post(_url("scorecard_review", sc.pk), {**_review_form(bloc.by, {"A.1": ("45", "Thiếu", "")}),
                                                  "version": 1, "action": "complete"})
    sc.refresh_from_db()
    assert sc.state == S.REVIEWED
    page = client.get(_url("scorecard_review", sc.pk))
    row = next(r for r in page.context["rows"] if r["node"].code == "A.1")
    assert (row["self"], row["reviewed"], row["review_changed"]) == (D(50), D(45), True)
    assert "diff-changed" in page.content.decode()


def test_review_screen_board_finalises_and_reopens(client, bloc, board):
    sc = make_card(bloc.by, bloc.unit, state=S.REVIEWED, points=FULL, reviewed=FULL)
    client.force_login(board)
    assert client.get(_url("scorecard_review", sc.pk)).context["adjusting_final"] is True
    client.post(_url("scorecard_review", sc.pk), {"action": "finalise"})
    sc.refresh_from_db()
    assert sc.state == S.FINALISED
    client.post(_url("scorecard_review", sc.pk), {"action": "reopen", "reason": ""})
    sc.refresh_from_db()
    assert sc.state == S.FINALISED
    client.post(_url("scorecard_review", sc.pk), {"action": "reopen", "reason": "Sai số liệu"})
    sc.refresh_from_db()
    assert sc.state == S.UNDER_REVIEW


def test_review_screen_own_unit_and_council_get_403(client, bloc, council):
    sc = make_card(bloc.by, bloc.unit, state=S.SUBMITTED, points=FULL)
    for user in (bloc.clerk, council):
        client.force_login(user)
        assert client.get(_url("scorecard_review", sc.pk)).status_code == 403


def test_review_screen_outsider_404(client, bloc, outsider):
    sc = make_card(bloc.by, bloc.unit, state=S.SUBMITTED, points=FULL)
    client.force_login(outsider)
    assert client.get(_url("scorecard_review", sc.pk)).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_review_query_count(client, bloc, django_assert_num_queries, n):
    sc = make_card(bloc.by, bloc.unit, state=S.UNDER_REVIEW, points=FULL)
    for i in range(n):
        Evidence.objects.create(scorecard=sc, criterion=leaves(bloc.by)["A.1"], file=f"f{i}.pdf",
                                original_name=f"f{i}.pdf")
    client.force_login(bloc.leader)
    _warm(client, _url("scorecard_review", sc.pk))
    with django_assert_num_queries(12):  # 11 + the pledges panel beside the scorecard
        client.get(_url("scorecard_review", sc.pk))


# Scoreboard ------------------------------------------------------------------------------------------------


def test_scoreboard_states_the_tie_rule_and_ranks(client, bloc, board):
    make_card(bloc.by, bloc.unit, state=S.FINALISED, final={**FULL, "A.1": 60})
    make_card(bloc.by, bloc.other_unit, state=S.FINALISED, final=FULL)
    client.force_login(board)
    response = client.get(_url("scoreboard", bloc.by.pk))
    html = response.content.decode()
    assert [r.scorecard.unit_id for r in response.context["rows"]] == [bloc.unit.pk, bloc.other_unit.pk]
    assert escape(str(response.context["tie_rule"])) in html


def test_scoreboard_council_reads_outsider_404(client, bloc, council, outsider):
    client.force_login(council)
    assert client.get(_url("scoreboard", bloc.by.pk)).status_code == 200
    client.force_login(outsider)
    assert client.get(_url("scoreboard", bloc.by.pk)).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_scoreboard_query_count(client, board, django_assert_num_queries, n):
    by, _units = _year_with(n)
    client.force_login(board)
    _warm(client, _url("scoreboard", by.pk))
    with django_assert_num_queries(10):
        response = client.get(_url("scoreboard", by.pk))
    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_scoreboard_query_count_for_member_clerk(client, django_assert_num_queries, n):
    by, units = _year_with(n, state=BlocYearState.VOTING)
    clerk = make_clerk(units[-1], username="member")
    client.force_login(clerk)
    _warm(client, _url("scoreboard", by.pk))
    with django_assert_num_queries(10):
        response = client.get(_url("scoreboard", by.pk))
    assert len(response.context["rows"]) == n


def test_scoreboard_export(client, bloc, board):
    make_card(bloc.by, bloc.unit, state=S.FINALISED, final=FULL)
    client.force_login(board)
    response = client.get(_url("scoreboard_export", bloc.by.pk))
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in ws[5]]
    first = [c.value for c in ws[6]]
    assert header[:2] == ["Hạng", "Đơn vị"]
    assert (first[0], first[1], first[header.index("Tổng")]) == (1, bloc.unit.name, 80)


# Vote ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def voting(bloc):
    _set_state(bloc.by, BlocYearState.VOTING)
    for u in (bloc.unit, bloc.other_unit, bloc.head, bloc.deputy):
        make_card(bloc.by, u, state=S.FINALISED, final=FULL)
    return bloc


def test_vote_page_records_result_and_proposals(client, voting):
    b = voting
    client.force_login(b.leader)
    data = {"what": "vote", "held_on": "20/01/2021", "voters_present": "10", "note": "",
            f"votes_{b.unit.pk}": "9", f"votes_{b.other_unit.pk}": "6", f"votes_{b.head.pk}": "2",
            f"votes_{b.deputy.pk}": ""}
    assert client.post(_url("vote", b.by.pk), data).status_code == 302
    page = client.get(_url("vote", b.by.pk))
    assert [c[0] for c in page.context["proposal_form"].fields["flag"].choices] == [b.unit.pk, b.other_unit.pk]
    client.post(_url("vote", b.by.pk), {"what": "proposals", "flag": [b.unit.pk], "diploma": [b.other_unit.pk]})
    assert sorted(Proposal.objects.values_list("unit_id", "kind")) == sorted(
        [(b.unit.pk, "flag"), (b.other_unit.pk, "diploma")])


def test_vote_page_member_reads_but_cannot_record(client, voting):
    client.force_login(voting.clerk)
    response = client.get(_url("vote", voting.by.pk))
    assert (response.status_code, response.context["can_record"]) == (200, False)
    assert client.post(_url("vote", voting.by.pk), {"what": "vote"}).status_code == 403


def test_vote_page_outsider_404(client, voting, outsider):
    client.force_login(outsider)
    assert client.get(_url("vote", voting.by.pk)).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_vote_query_count(client, board, django_assert_num_queries, n):
    by, units = _year_with(n, state=BlocYearState.VOTING)
    services.record_vote(by, board, datetime.date(2021, 1, 20), 10, {u.pk: 8 for u in units})
    client.force_login(board)
    _warm(client, _url("vote", by.pk))
    with django_assert_num_queries(14):  # + the ranked ballot (scoreboard: 4)
        client.get(_url("vote", by.pk))


# Dashboard and menu ----------------------------------------------------------------------------------------------


def test_dashboard_panels_for_clerk_leader_and_board(client, bloc, board):
    make_card(bloc.by, bloc.unit, state=S.DRAFT)
    make_card(bloc.by, bloc.other_unit, state=S.SUBMITTED, points=FULL)
    make_card(bloc.by, bloc.deputy, state=S.REVIEWED, points=FULL)
    client.force_login(bloc.clerk)
    html = client.get(reverse("dashboard")).content.decode()
    assert _url("scorecard", Scorecard.objects.get(unit=bloc.unit).pk) in html
    assert "15/12/2020" in html
    client.force_login(bloc.leader)
    html = client.get(reverse("dashboard")).content.decode()
    assert _url("scorecard_review", Scorecard.objects.get(unit=bloc.other_unit).pk) in html
    client.force_login(board)
    html = client.get(reverse("dashboard")).content.decode()
    assert _url("scorecard_review", Scorecard.objects.get(unit=bloc.deputy).pk) in html
    assert _url("bloc_list") in html


def test_every_page_of_a_bloc_is_404_for_an_outsider(client, bloc, outsider, board):
    sc = make_card(bloc.by, bloc.unit, points=FULL)
    node = Criterion.objects.get(criteria_set__bloc_year=bloc.by, code="A.1")
    ev = Evidence.objects.create(scorecard=sc, criterion=node, file="x.pdf", original_name="x.pdf")
    gets = [_url("bloc_detail", bloc.by.bloc_id), _url("blocyear_create", bloc.by.bloc_id),
            _url("blocyear_detail", bloc.by.pk), _url("blocyear_manage", bloc.by.pk), _url("blocyear_next", bloc.by.pk),
            _url("criteria", bloc.by.pk), _url("criterion_edit", bloc.by.pk, node.pk),
            _url("criteria_export", bloc.by.pk), _url("scoreboard", bloc.by.pk), _url("scoreboard_export", bloc.by.pk),
            _url("vote", bloc.by.pk), _url("scorecard", sc.pk), _url("scorecard_review", sc.pk),
            _url("evidence_download", ev.pk)]
    posts = [_url("blocyear_transition", bloc.by.pk), _url("criteria_import", bloc.by.pk),
             _url("evidence_upload", sc.pk), _url("evidence_delete", ev.pk)]
    client.force_login(outsider)
    assert {url: client.get(url).status_code for url in gets} == {url: 404 for url in gets}
    assert {url: client.post(url).status_code for url in posts} == {url: 404 for url in posts}
    client.force_login(board)
    assert {url: client.get(url).status_code for url in gets if "evidence" not in url} == {
        url: 200 for url in gets if "evidence" not in url}
