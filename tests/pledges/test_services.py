import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from emulation.errors import DomainError
from emulation.models import ActivityLog, Notification
from pledges import services
from pledges.enums import CommitmentKind, FulfilmentResult, PledgeState, ReportState
from pledges.models import Pledge, Signature
from tests.factories import make_clerk

pytestmark = pytest.mark.django_db


def _actions():
    return list(ActivityLog.objects.order_by("pk").values_list("action", flat=True))


# Drawing up -------------------------------------------------------------------------------------


def test_create_pledge_by_bloc_leader_is_logged(bloc_year, leader):
    pledge = services.create_pledge(bloc_year, leader, "Giao ước 2021", ceremony_place="Hội trường")
    assert (pledge.state, pledge.bloc_year) == (PledgeState.DRAFT, bloc_year)
    log = ActivityLog.objects.get(action="pledges.pledge.created")
    assert (log.actor, log.object_id, log.data["values"]["title"]) == (leader, str(pledge.pk), "Giao ước 2021")


def test_create_pledge_by_board_allowed(bloc_year, board):
    assert services.create_pledge(bloc_year, board, "Giao ước").pk is not None


def test_create_pledge_by_member_clerk_forbidden(bloc_year, clerk):
    with pytest.raises(DomainError):
        services.create_pledge(bloc_year, clerk, "Giao ước")
    assert Pledge.objects.count() == 0


def test_create_pledge_twice_forbidden(draft_pledge, leader):
    with pytest.raises(DomainError):
        services.create_pledge(draft_pledge.bloc_year, leader, "Lần hai")


def test_update_pledge_in_draft_logs_diff(draft_pledge, leader):
    services.update_pledge(draft_pledge, leader, ceremony_place="VQG Bù Gia Mập")
    log = ActivityLog.objects.get(action="pledges.pledge.updated")
    assert log.data["diff"] == {"ceremony_place": ["", "VQG Bù Gia Mập"]}


def test_update_pledge_when_signed_forbidden(signed_pledge, leader):
    with pytest.raises(DomainError):
        services.update_pledge(signed_pledge, leader, title="Khác")


def test_update_pledge_by_member_clerk_forbidden(draft_pledge, clerk):
    with pytest.raises(DomainError):
        services.update_pledge(draft_pledge, clerk, title="Khác")


def test_add_commitment_numbers_it_and_logs(draft_pledge, leader):
    c = services.add_commitment(draft_pledge, leader, text="Không có vi phạm kỷ luật")
    assert (c.position, c.kind) == (3, CommitmentKind.UNDERTAKING)
    assert "pledges.pledge.commitment_added" in _actions()


def test_add_measurable_commitment_needs_figure(draft_pledge, leader):
    with pytest.raises(DomainError) as exc:
        services.add_commitment(draft_pledge, leader, text="Tỷ lệ hồ sơ đúng hạn", kind=CommitmentKind.MEASURABLE)
    assert exc.value.field == "target_figure"


def test_add_commitment_when_open_forbidden(open_pledge, leader):
    with pytest.raises(DomainError):
        services.add_commitment(open_pledge, leader, text="Muộn")


def test_update_and_remove_commitment_logged(draft_pledge, leader):
    c = draft_pledge.commitments.get(position=1)
    services.update_commitment(c, leader, criterion_code="TC-1.2")
    services.remove_commitment(c, leader)
    assert draft_pledge.commitments.count() == 1
    assert _actions() == ["pledges.pledge.commitment_updated", "pledges.pledge.commitment_removed"]


# Opening -----------------------------------------------------------------------------------------


def test_open_for_signing_notifies_member_clerks(draft_pledge, leader, clerk, other_clerk):
    services.open_for_signing(draft_pledge, leader)
    draft_pledge.refresh_from_db()
    assert draft_pledge.state == PledgeState.OPEN
    assert draft_pledge.opened_at is not None
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["clerk"]
    assert ActivityLog.objects.get(action="pledges.pledge.opened").data["diff"] == {"state": ["draft", "open"]}


def test_open_without_commitments_forbidden(bloc_year, leader):
    pledge = services.create_pledge(bloc_year, leader, "Trống")
    with pytest.raises(DomainError):
        services.open_for_signing(pledge, leader)


def test_open_twice_forbidden(open_pledge, leader):
    with pytest.raises(DomainError):
        services.open_for_signing(open_pledge, leader)


def test_open_by_member_clerk_forbidden(draft_pledge, clerk):
    with pytest.raises(DomainError):
        services.open_for_signing(draft_pledge, clerk)


def test_back_to_draft_only_without_signatures(open_pledge, leader, clerk, unit):
    services.back_to_draft(open_pledge, leader)
    open_pledge.refresh_from_db()
    assert open_pledge.state == PledgeState.DRAFT
    services.open_for_signing(open_pledge, leader)
    services.sign_pledge(open_pledge, clerk, unit, "Trần Văn Ký", "Giám đốc")
    with pytest.raises(DomainError):
        services.back_to_draft(open_pledge, leader)


# Signing -----------------------------------------------------------------------------------------


def test_clerk_signs_for_own_unit_recorded_and_logged(open_pledge, clerk, unit):
    sig = services.sign_pledge(open_pledge, clerk, unit, "Trần Văn Ký", "Giám đốc Sở")
    assert (sig.unit, sig.signed_by, sig.representative_name, sig.representative_position) == (
        unit, clerk, "Trần Văn Ký", "Giám đốc Sở")
    assert sig.signed_at is not None
    log = ActivityLog.objects.get(action="pledges.pledge.signed")
    assert (log.actor, log.unit, log.data["representative"]) == (clerk, unit, "Trần Văn Ký")


def test_unit_outside_the_bloc_cannot_sign(open_pledge, other_clerk, other_unit):
    with pytest.raises(DomainError) as exc:
        services.sign_pledge(open_pledge, other_clerk, other_unit, "Người ngoài", "Giám đốc")
    assert exc.value.field == "unit"
    assert Signature.objects.count() == 0


def test_board_cannot_sign_for_unit_outside_the_bloc(open_pledge, board, other_unit):
    with pytest.raises(DomainError):
        services.sign_pledge(open_pledge, board, other_unit, "Người ngoài", "Giám đốc")


def test_clerk_cannot_sign_for_another_member(open_pledge, clerk, third_unit):
    with pytest.raises(DomainError):
        services.sign_pledge(open_pledge, clerk, third_unit, "Trần Văn Ký", "Giám đốc")


def test_council_cannot_sign(open_pledge, council, unit):
    with pytest.raises(DomainError):
        services.sign_pledge(open_pledge, council, unit, "Trần Văn Ký", "Giám đốc")


def test_sign_draft_forbidden(draft_pledge, clerk, unit):
    with pytest.raises(DomainError):
        services.sign_pledge(draft_pledge, clerk, unit, "Trần Văn Ký", "Giám đốc")


def test_sign_twice_forbidden(open_pledge, clerk, unit):
    services.sign_pledge(open_pledge, clerk, unit, "Trần Văn Ký", "Giám đốc")
    with pytest.raises(DomainError):
        services.sign_pledge(open_pledge, clerk, unit, "Lê Văn Hai", "Phó Giám đốc")


def test_sign_needs_representative(open_pledge, clerk, unit):
    with pytest.raises(DomainError) as exc:
        services.sign_pledge(open_pledge, clerk, unit, " ", "Giám đốc")
    assert exc.value.field == "representative_name"


def test_pledge_becomes_signed_exactly_when_last_member_signs(open_pledge, clerk, leader, unit, head_unit,
                                                               third_unit):
    third_clerk = make_clerk(third_unit, username="third")
    services.sign_pledge(open_pledge, leader, head_unit, "A", "Giám đốc")
    services.sign_pledge(open_pledge, clerk, unit, "B", "Giám đốc")
    open_pledge.refresh_from_db()
    assert (open_pledge.state, open_pledge.signed_at) == (PledgeState.OPEN, None)
    last = services.sign_pledge(open_pledge, third_clerk, third_unit, "C", "Giám đốc")
    open_pledge.refresh_from_db()
    assert (open_pledge.state, open_pledge.signed_at) == (PledgeState.SIGNED, last.signed_at)
    assert _actions()[-2:] == ["pledges.pledge.signed", "pledges.pledge.completed"]


def test_withdrawn_signature_does_not_count(open_pledge, board, clerk, unit, head_unit, third_unit):
    sig = services.sign_pledge(open_pledge, clerk, unit, "B", "Giám đốc")
    services.withdraw_signature(sig, clerk, "Sai người đại diện")
    services.sign_pledge(open_pledge, board, head_unit, "A", "Giám đốc")
    services.sign_pledge(open_pledge, board, third_unit, "C", "Giám đốc")
    open_pledge.refresh_from_db()
    assert open_pledge.state == PledgeState.OPEN
    services.sign_pledge(open_pledge, clerk, unit, "B2", "Giám đốc")
    open_pledge.refresh_from_db()
    assert open_pledge.state == PledgeState.SIGNED
    assert Signature.objects.filter(pledge=open_pledge, unit=unit).count() == 2


# Withdrawal --------------------------------------------------------------------------------------


def test_withdraw_while_open_with_reason_logged(open_pledge, clerk, unit, leader):
    sig = services.sign_pledge(open_pledge, clerk, unit, "B", "Giám đốc")
    services.withdraw_signature(sig, clerk, "Ghi nhầm chức vụ")
    sig.refresh_from_db()
    assert (sig.withdrawn_by, sig.withdraw_reason) == (clerk, "Ghi nhầm chức vụ")
    log = ActivityLog.objects.get(action="pledges.pledge.signature_withdrawn")
    assert (log.actor, log.unit, log.data["reason"]) == (clerk, unit, "Ghi nhầm chức vụ")
    assert Notification.objects.filter(recipient=leader).exists()


def test_withdraw_without_reason_forbidden(open_pledge, clerk, unit):
    sig = services.sign_pledge(open_pledge, clerk, unit, "B", "Giám đốc")
    with pytest.raises(DomainError) as exc:
        services.withdraw_signature(sig, clerk, "")
    assert exc.value.field == "reason"


def test_withdraw_after_signed_forbidden(signed_pledge, clerk, unit):
    sig = signed_pledge.signatures.get(unit=unit)
    with pytest.raises(DomainError):
        services.withdraw_signature(sig, clerk, "Muộn")


def test_withdraw_other_units_signature_forbidden(open_pledge, board, leader, unit):
    sig = services.sign_pledge(open_pledge, board, unit, "B", "Giám đốc")
    with pytest.raises(DomainError):
        services.withdraw_signature(sig, leader, "Không phải đơn vị mình")


# Fulfilment --------------------------------------------------------------------------------------


def _lines(pledge, result=FulfilmentResult.ACHIEVED):
    return [{"commitment": c, "result": result, "figure": 100 if c.is_measurable else None, "evidence": "Báo cáo"}
            for c in pledge.commitments.all()]


def test_report_before_signed_forbidden(open_pledge, clerk, unit):
    with pytest.raises(DomainError):
        services.save_report(open_pledge, clerk, unit, _lines(open_pledge))


def test_report_only_for_own_unit(signed_pledge, clerk, third_unit):
    with pytest.raises(DomainError):
        services.save_report(signed_pledge, clerk, third_unit, _lines(signed_pledge))


def test_submit_needs_every_commitment(signed_pledge, clerk, unit):
    services.save_report(signed_pledge, clerk, unit, _lines(signed_pledge)[:1])
    report = signed_pledge.reports.get(unit=unit)
    with pytest.raises(DomainError):
        services.submit_report(report, clerk)


def test_report_submit_confirm_logged(signed_pledge, clerk, leader, unit):
    services.save_report(signed_pledge, clerk, unit, _lines(signed_pledge))
    report = signed_pledge.reports.get(unit=unit)
    services.submit_report(report, clerk)
    services.confirm_report(report, leader)
    report.refresh_from_db()
    assert (report.state, report.confirmed_by) == (ReportState.CONFIRMED, leader)
    assert [a for a in _actions() if "fulfilment" in a] == [
        "pledges.pledge.fulfilment_saved", "pledges.pledge.fulfilment_submitted",
        "pledges.pledge.fulfilment_confirmed"]


def test_submitted_report_cannot_be_changed(signed_pledge, clerk, unit):
    services.save_report(signed_pledge, clerk, unit, _lines(signed_pledge))
    services.submit_report(signed_pledge.reports.get(unit=unit), clerk)
    with pytest.raises(DomainError):
        services.save_report(signed_pledge, clerk, unit, _lines(signed_pledge, FulfilmentResult.PARTLY))


def test_member_clerk_cannot_confirm(signed_pledge, board, clerk, head_unit):
    services.save_report(signed_pledge, board, head_unit, _lines(signed_pledge))
    report = signed_pledge.reports.get(unit=head_unit)
    services.submit_report(report, board)
    with pytest.raises(DomainError):
        services.confirm_report(report, clerk)


def test_submitter_cannot_confirm_own_report(signed_pledge, leader, head_unit):
    services.save_report(signed_pledge, leader, head_unit, _lines(signed_pledge))
    report = signed_pledge.reports.get(unit=head_unit)
    services.submit_report(report, leader)
    with pytest.raises(DomainError):
        services.confirm_report(report, leader)


def test_return_report_then_resubmit(signed_pledge, clerk, leader, unit):
    services.save_report(signed_pledge, clerk, unit, _lines(signed_pledge))
    report = signed_pledge.reports.get(unit=unit)
    services.submit_report(report, clerk)
    with pytest.raises(DomainError):
        services.return_report(report, leader, "")
    services.return_report(report, leader, "Thiếu minh chứng")
    report.refresh_from_db()
    assert (report.state, report.return_reason) == (ReportState.RETURNED, "Thiếu minh chứng")
    services.save_report(signed_pledge, clerk, unit, _lines(signed_pledge, FulfilmentResult.PARTLY))
    services.submit_report(report, clerk)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert ActivityLog.objects.get(action="pledges.pledge.fulfilment_returned").data["reason"] == "Thiếu minh chứng"


def test_close_needs_every_report_confirmed(signed_pledge, board, leader):
    with pytest.raises(DomainError):
        services.close_pledge(signed_pledge, leader)
    for m in signed_pledge.bloc_year.memberships.select_related("unit"):
        services.save_report(signed_pledge, board, m.unit, _lines(signed_pledge))
        report = signed_pledge.reports.get(unit=m.unit)
        services.submit_report(report, board)
        services.confirm_report(report, leader)
    services.close_pledge(signed_pledge, leader)
    signed_pledge.refresh_from_db()
    assert signed_pledge.state == PledgeState.CLOSED
    assert ActivityLog.objects.get(action="pledges.pledge.closed").actor == leader


def test_close_by_member_clerk_forbidden(signed_pledge, clerk):
    with pytest.raises(DomainError):
        services.close_pledge(signed_pledge, clerk)


def test_close_open_pledge_forbidden(open_pledge, board):
    with pytest.raises(DomainError):
        services.close_pledge(open_pledge, board)


def test_evidence_file_type_checked(signed_pledge, clerk, unit):

    lines = _lines(signed_pledge)
    lines[0]["evidence_file"] = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(DomainError) as exc:
        services.save_report(signed_pledge, clerk, unit, lines)
    assert exc.value.field == "evidence_file"


def test_evidence_file_content_checked_and_logged_under_its_own_name(signed_pledge, clerk, unit):

    lines = _lines(signed_pledge)
    lines[0]["evidence_file"] = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n<script>alert(1)</script>")
    with pytest.raises(DomainError) as exc:
        services.save_report(signed_pledge, clerk, unit, lines)
    assert (exc.value.field, exc.value.message) == (
        "evidence_file", "Tệp có đuôi .pdf nhưng chứa trang web hoặc mã lệnh (script): không được chấp nhận.")
    lines[0]["evidence_file"] = SimpleUploadedFile("Biên bản.pdf", b"%PDF-1.4 ok")
    services.save_report(signed_pledge, clerk, unit, lines)
    entry = ActivityLog.objects.filter(action="pledges.pledge.fulfilment_saved").latest("pk")
    position = lines[0]["commitment"].position
    assert entry.data["diff"][f"{position}.evidence_file"] == [None, "Biên bản.pdf"]
