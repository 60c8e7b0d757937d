import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.models import ActivityLog
from pledges import services
from pledges.enums import FulfilmentResult, PledgeState, ReportState
from pledges.models import Pledge, Signature
from tests.factories import UnitFactory

from .factories import CommitmentFactory, PledgeFactory, make_bloc_year

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"pledges:{name}", args=args)


# List ----------------------------------------------------------------------------------------------


def test_list_clerk_sees_only_own_blocs_pledge(client, clerk, draft_pledge, other_unit):
    PledgeFactory(bloc_year=make_bloc_year(other_unit, []))
    client.force_login(clerk)
    response = client.get(_url("pledge_list"))
    assert [p.pk for p in response.context["page"]] == [draft_pledge.pk]


def test_list_board_sees_all_with_counts(client, board, open_pledge, clerk, unit, other_unit):
    PledgeFactory(bloc_year=make_bloc_year(other_unit, [], year=2022))
    services.sign_pledge(open_pledge, clerk, unit, "B", "Giám đốc")
    client.force_login(board)
    rows = {p.pk: (p.signed_count, p.member_count) for p in client.get(_url("pledge_list")).context["page"]}
    assert len(rows) == 2
    assert rows[open_pledge.pk] == (1, 3)


def test_list_outsider_sees_nothing(client, other_clerk, draft_pledge):
    client.force_login(other_clerk)
    assert list(client.get(_url("pledge_list")).context["page"]) == []


def test_list_offers_leader_to_draw_up(client, leader, bloc_year):
    client.force_login(leader)
    response = client.get(_url("pledge_list"))
    create = _url("pledge_create", bloc_year.pk)
    assert response.context["to_draw_up"] == [(bloc_year.bloc.name, bloc_year.year, create)]
    assert f'href="{create}"' in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_is_fixed(client, board, django_assert_num_queries, n):
    for i in range(n):
        head = UnitFactory()
        pledge = PledgeFactory(bloc_year=make_bloc_year(head, [UnitFactory()], year=2020 + i))
        CommitmentFactory(pledge=pledge)
    client.force_login(board)
    with django_assert_num_queries(8):  # 7 + the blocs of the filter
        assert client.get(_url("pledge_list")).status_code == 200


# Detail --------------------------------------------------------------------------------------------


def test_detail_shows_who_signed_and_who_not(client, clerk, open_pledge, unit, board, third_unit):
    services.sign_pledge(open_pledge, board, third_unit, "Lê Văn Ba", "Giám đốc")
    client.force_login(clerk)
    response = client.get(_url("pledge_detail", open_pledge.pk))
    assert response.status_code == 200
    signed = {u.code: (s.representative_name if s else None) for u, s in response.context["signatures"]}
    assert signed == {"HEAD": None, "STN": None, "THIRD": "Lê Văn Ba"}
    assert response.context["can_sign"] is True
    assert "Lê Văn Ba" in response.content.decode()


def test_detail_outsider_gets_404(client, other_clerk, draft_pledge):
    client.force_login(other_clerk)
    assert client.get(_url("pledge_detail", draft_pledge.pk)).status_code == 404


def test_detail_council_reads_without_actions(client, council, open_pledge):
    client.force_login(council)
    response = client.get(_url("pledge_detail", open_pledge.pk))
    assert response.status_code == 200
    assert (response.context["can_change"], response.context["can_sign"]) == (False, False)


def test_detail_has_print_layout(client, clerk, draft_pledge):
    client.force_login(clerk)
    html = client.get(_url("pledge_detail", draft_pledge.pk)).content.decode()
    assert 'class="pledge-document"' in html
    assert "css/print.css" in html


@pytest.mark.parametrize("n", [1, 3])
def test_detail_query_count_is_fixed(client, board, django_assert_num_queries, n):
    head = UnitFactory()
    members = [UnitFactory() for _ in range(n)]
    pledge = PledgeFactory(bloc_year=make_bloc_year(head, members), state=PledgeState.OPEN)
    for i in range(n):
        CommitmentFactory(pledge=pledge, position=i + 1)
    for u in members:
        services.sign_pledge(pledge, board, u, "Đại diện", "Giám đốc")
    client.force_login(board)
    with django_assert_num_queries(10):
        assert client.get(_url("pledge_detail", pledge.pk)).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_detail_signed_query_count_is_fixed(client, board, django_assert_num_queries, n):
    head = UnitFactory()
    members = [UnitFactory() for _ in range(n)]
    pledge = PledgeFactory(bloc_year=make_bloc_year(head, members), state=PledgeState.OPEN)
    commitments = [CommitmentFactory(pledge=pledge, position=i + 1) for i in range(n)]
    for u in [head, *members]:
        services.sign_pledge(pledge, board, u, "Đại diện", "Giám đốc")
    for u in members:
        services.save_report(pledge, board, u, [{"commitment": c, "result": FulfilmentResult.ACHIEVED}
                                                 for c in commitments])
    client.force_login(board)
    with django_assert_num_queries(12):
        assert client.get(_url("pledge_detail", pledge.pk)).status_code == 200


# Drawing up ------------------------------------------------------------------------------------------


def test_create_by_leader(client, leader, bloc_year):
    client.force_login(leader)
    assert client.get(_url("pledge_create", bloc_year.pk)).status_code == 200
    response = client.post(_url("pledge_create", bloc_year.pk),
                           {"title": "Giao ước 2021", "preamble": "", "ceremony_date": "12/03/2021",
                            "ceremony_place": "VQG Bù Gia Mập"})
    pledge = Pledge.objects.get()
    assert response.status_code == 302
    assert (pledge.title, pledge.ceremony_date.isoformat()) == ("Giao ước 2021", "2021-03-12")


def test_create_by_member_clerk_gets_403(client, clerk, bloc_year):
    client.force_login(clerk)
    assert client.get(_url("pledge_create", bloc_year.pk)).status_code == 403


def test_create_by_council_gets_403(client, council, bloc_year):
    client.force_login(council)
    assert client.get(_url("pledge_create", bloc_year.pk)).status_code == 403


def test_create_by_outsider_gets_404(client, other_clerk, bloc_year):
    client.force_login(other_clerk)
    assert client.get(_url("pledge_create", bloc_year.pk)).status_code == 404


def test_edit_by_leader_logs(client, leader, draft_pledge):
    client.force_login(leader)
    response = client.post(_url("pledge_edit", draft_pledge.pk),
                           {"title": "Tên mới", "preamble": "", "ceremony_date": "", "ceremony_place": ""})
    assert response.status_code == 302
    assert ActivityLog.objects.get(action="pledges.pledge.updated").data["diff"]["title"][1] == "Tên mới"


def test_edit_by_member_clerk_gets_403(client, clerk, draft_pledge):
    client.force_login(clerk)
    assert client.get(_url("pledge_edit", draft_pledge.pk)).status_code == 403


def test_edit_by_outsider_gets_404(client, other_clerk, draft_pledge):
    client.force_login(other_clerk)
    assert client.get(_url("pledge_edit", draft_pledge.pk)).status_code == 404


def test_commitment_create_and_delete_by_leader(client, leader, draft_pledge):
    client.force_login(leader)
    assert client.get(_url("commitment_create", draft_pledge.pk)).status_code == 200
    response = client.post(_url("commitment_create", draft_pledge.pk),
                           {"position": "", "text": "Số sáng kiến được công nhận", "kind": "measurable",
                            "target_figure": "2", "target_unit": "sáng kiến", "criterion_code": "TC-3"})
    assert response.status_code == 302
    c = draft_pledge.commitments.get(position=3)
    assert (c.criterion_code, c.target_unit) == ("TC-3", "sáng kiến")
    client.post(_url("commitment_delete", draft_pledge.pk, c.pk))
    assert draft_pledge.commitments.count() == 2


def test_commitment_measurable_without_figure_shows_error(client, leader, draft_pledge):
    client.force_login(leader)
    response = client.post(_url("commitment_create", draft_pledge.pk),
                           {"text": "Tỷ lệ", "kind": "measurable", "target_figure": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["target_figure"]


def test_commitment_create_member_clerk_403_outsider_404(client, clerk, other_clerk, draft_pledge):
    client.force_login(clerk)
    assert client.get(_url("commitment_create", draft_pledge.pk)).status_code == 403
    client.force_login(other_clerk)
    assert client.get(_url("commitment_create", draft_pledge.pk)).status_code == 404


def test_open_action_by_leader(client, leader, draft_pledge):
    client.force_login(leader)
    assert client.post(_url("pledge_action", draft_pledge.pk, "open")).status_code == 302
    draft_pledge.refresh_from_db()
    assert draft_pledge.state == PledgeState.OPEN


def test_action_member_clerk_403_council_403_outsider_404(client, clerk, council, other_clerk, draft_pledge):
    client.force_login(clerk)
    assert client.post(_url("pledge_action", draft_pledge.pk, "open")).status_code == 403
    client.force_login(council)
    assert client.post(_url("pledge_action", draft_pledge.pk, "open")).status_code == 403
    client.force_login(other_clerk)
    assert client.post(_url("pledge_action", draft_pledge.pk, "open")).status_code == 404


def test_close_action_refused_shows_message(client, leader, signed_pledge):
    client.force_login(leader)
    detail = _url("pledge_detail", signed_pledge.pk)
    response = client.post(_url("pledge_action", signed_pledge.pk, "close"), follow=True, HTTP_REFERER=detail)
    signed_pledge.refresh_from_db()
    assert signed_pledge.state == PledgeState.SIGNED
    assert response.redirect_chain == [(detail, 302)]
    assert len(list(response.context["messages"])) == 1


# Signing ---------------------------------------------------------------------------------------------


def test_sign_view_clerk_signs_own_unit(client, clerk, open_pledge, unit):
    client.force_login(clerk)
    response = client.get(_url("sign", open_pledge.pk))
    assert list(response.context["form"].fields["unit"].queryset) == [unit]
    response = client.post(_url("sign", open_pledge.pk),
                           {"unit": unit.pk, "representative_name": "Trần Văn Ký",
                            "representative_position": "Giám đốc"})
    assert response.status_code == 302
    sig = Signature.objects.get()
    assert (sig.unit, sig.signed_by) == (unit, clerk)


def test_sign_view_clerk_cannot_pick_another_member(client, clerk, open_pledge, third_unit):
    client.force_login(clerk)
    response = client.post(_url("sign", open_pledge.pk),
                           {"unit": third_unit.pk, "representative_name": "X", "representative_position": "Y"})
    assert response.status_code == 200
    assert Signature.objects.count() == 0


def test_sign_view_council_403_outsider_404(client, council, other_clerk, open_pledge):
    client.force_login(council)
    assert client.get(_url("sign", open_pledge.pk)).status_code == 403
    client.force_login(other_clerk)
    assert client.get(_url("sign", open_pledge.pk)).status_code == 404


def test_withdraw_view(client, clerk, open_pledge, unit):
    sig = services.sign_pledge(open_pledge, clerk, unit, "B", "Giám đốc")
    client.force_login(clerk)
    assert client.get(_url("withdraw", open_pledge.pk, sig.pk)).status_code == 200
    response = client.post(_url("withdraw", open_pledge.pk, sig.pk), {"reason": "Ghi nhầm"})
    assert response.status_code == 302
    sig.refresh_from_db()
    assert sig.withdraw_reason == "Ghi nhầm"


def test_withdraw_view_council_403_outsider_404(client, council, other_clerk, open_pledge, board, unit):
    sig = services.sign_pledge(open_pledge, board, unit, "B", "Giám đốc")
    client.force_login(council)
    assert client.get(_url("withdraw", open_pledge.pk, sig.pk)).status_code == 403
    client.force_login(other_clerk)
    assert client.get(_url("withdraw", open_pledge.pk, sig.pk)).status_code == 404


# Fulfilment ------------------------------------------------------------------------------------------


def _report_post(pledge, result="achieved", submit=False):
    data = {}
    for c in pledge.commitments.all():
        data[f"c{c.pk}-result"] = result
        data[f"c{c.pk}-evidence"] = "Báo cáo tổng kết"
        if c.is_measurable:
            data[f"c{c.pk}-figure"] = "95"
    if submit:
        data["submit"] = "1"
    return data


def test_report_view_clerk_saves_and_submits(client, clerk, signed_pledge, unit):
    client.force_login(clerk)
    assert client.get(_url("report", signed_pledge.pk, unit.pk)).context["editable"] is True
    response = client.post(_url("report", signed_pledge.pk, unit.pk), _report_post(signed_pledge, submit=True))
    assert response.status_code == 302
    report = signed_pledge.reports.get(unit=unit)
    assert report.state == ReportState.SUBMITTED
    assert sorted(str(line.figure) for line in report.lines.all() if line.figure is not None) == ["95.00"]


def test_report_view_with_evidence_file_and_download(client, clerk, signed_pledge, unit, other_clerk):
    client.force_login(clerk)
    c = signed_pledge.commitments.first()
    data = _report_post(signed_pledge)
    data[f"c{c.pk}-evidence_file"] = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", "application/pdf")
    assert client.post(_url("report", signed_pledge.pk, unit.pk), data).status_code == 302
    line = signed_pledge.reports.get(unit=unit).lines.get(commitment=c)
    response = client.get(_url("evidence_download", signed_pledge.pk, line.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    client.force_login(other_clerk)
    assert client.get(_url("evidence_download", signed_pledge.pk, line.pk)).status_code == 404


def test_report_view_other_member_reads_only(client, clerk, signed_pledge, third_unit):
    client.force_login(clerk)
    response = client.get(_url("report", signed_pledge.pk, third_unit.pk))
    assert (response.status_code, response.context["editable"]) == (200, False)
    assert client.post(_url("report", signed_pledge.pk, third_unit.pk), _report_post(signed_pledge)).status_code \
        == 404


def test_report_view_council_reads_403_on_post(client, council, signed_pledge, unit):
    client.force_login(council)
    assert client.get(_url("report", signed_pledge.pk, unit.pk)).status_code == 200
    assert client.post(_url("report", signed_pledge.pk, unit.pk), _report_post(signed_pledge)).status_code == 403


def test_report_view_outsider_404(client, other_clerk, signed_pledge, unit, other_unit):
    client.force_login(other_clerk)
    assert client.get(_url("report", signed_pledge.pk, unit.pk)).status_code == 404


def test_report_view_unit_not_member_404(client, board, signed_pledge, other_unit):
    client.force_login(board)
    assert client.get(_url("report", signed_pledge.pk, other_unit.pk)).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_report_view_query_count_is_fixed(client, board, django_assert_num_queries, n):
    head = UnitFactory()
    pledge = PledgeFactory(bloc_year=make_bloc_year(head, []), state=PledgeState.OPEN)
    commitments = [CommitmentFactory(pledge=pledge, position=i + 1) for i in range(n)]
    services.sign_pledge(pledge, board, head, "Đại diện", "Giám đốc")
    services.save_report(pledge, board, head, [{"commitment": c, "result": FulfilmentResult.ACHIEVED}
                                               for c in commitments])
    client.force_login(board)
    with django_assert_num_queries(9):
        assert client.get(_url("report", pledge.pk, head.pk)).status_code == 200


def _submitted(pledge, clerk, unit):
    services.save_report(pledge, clerk, unit, [{"commitment": c, "result": FulfilmentResult.ACHIEVED,
                                                "figure": 1 if c.is_measurable else None}
                                               for c in pledge.commitments.all()])
    report = pledge.reports.get(unit=unit)
    services.submit_report(report, clerk)
    return report


def test_confirm_and_return_by_leader(client, leader, clerk, signed_pledge, unit, third_unit, board):
    report = _submitted(signed_pledge, clerk, unit)
    other = _submitted(signed_pledge, board, third_unit)
    client.force_login(leader)
    assert client.post(_url("report_confirm", signed_pledge.pk, unit.pk)).status_code == 302
    assert client.post(_url("report_return", signed_pledge.pk, third_unit.pk), {"reason": "Thiếu số liệu"}) \
        .status_code == 302
    report.refresh_from_db()
    other.refresh_from_db()
    assert (report.state, other.state, other.return_reason) == (ReportState.CONFIRMED, ReportState.RETURNED,
                                                                "Thiếu số liệu")


def test_confirm_member_clerk_403_outsider_404(client, clerk, other_clerk, board, signed_pledge, third_unit):
    _submitted(signed_pledge, board, third_unit)
    client.force_login(clerk)
    assert client.post(_url("report_confirm", signed_pledge.pk, third_unit.pk)).status_code == 403
    client.force_login(other_clerk)
    assert client.post(_url("report_confirm", signed_pledge.pk, third_unit.pk)).status_code == 404


def test_evidence_is_stored_under_a_random_name_and_sent_under_its_own(client, clerk, signed_pledge, unit):
    client.force_login(clerk)
    c = signed_pledge.commitments.first()
    data = _report_post(signed_pledge)
    data[f"c{c.pk}-evidence_file"] = SimpleUploadedFile("Biên bản họp.pdf", b"%PDF-1.4 test", "application/pdf")
    assert client.post(_url("report", signed_pledge.pk, unit.pk), data).status_code == 302
    line = signed_pledge.reports.get(unit=unit).lines.get(commitment=c)
    assert line.evidence_name == "Biên bản họp.pdf"
    assert "Biên" not in line.evidence_file.name and line.evidence_file.name.startswith("pledges/evidence/")
    response = client.get(_url("evidence_download", signed_pledge.pk, line.pk))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Bien ban hop.pdf\"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_evidence_gone_from_storage_is_a_404_that_says_so(client, clerk, signed_pledge, unit):
    client.force_login(clerk)
    c = signed_pledge.commitments.first()
    data = _report_post(signed_pledge)
    data[f"c{c.pk}-evidence_file"] = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", "application/pdf")
    client.post(_url("report", signed_pledge.pk, unit.pk), data)
    line = signed_pledge.reports.get(unit=unit).lines.get(commitment=c)
    line.evidence_file.storage.delete(line.evidence_file.name)
    response = client.get(_url("evidence_download", signed_pledge.pk, line.pk))
    assert response.status_code == 404
    assert "Tệp không còn trên máy chủ." in response.content.decode()


def test_report_view_refuses_a_renamed_program_next_to_its_field(client, clerk, signed_pledge, unit):
    client.force_login(clerk)
    c = signed_pledge.commitments.first()
    data = _report_post(signed_pledge)
    data[f"c{c.pk}-evidence_file"] = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00", "application/pdf")
    response = client.post(_url("report", signed_pledge.pk, unit.pk), data)
    assert response.status_code == 200
    form = next(form for commitment, _line, form in response.context["rows"] if commitment == c)
    assert form.errors["evidence_file"] == ["Tệp này là một chương trình, không phải tài liệu: không được chấp nhận."]
    assert not signed_pledge.reports.filter(unit=unit).exists()
