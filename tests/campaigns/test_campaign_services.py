import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns import services
from campaigns.enums import CampaignScope, CampaignState, RegistrationState
from campaigns.models import Campaign, CampaignRegistration
from campaigns.selectors import (
    campaigns_for_user,
    registration_overview,
    thematic_award_counts,
    unit_ids_in_scope,
    with_award_counts,
)
from emulation.errors import DomainError
from emulation.models import ActivityLog, Notification
from tests.factories import PersonFactory, UnitFactory, make_clerk
from tests.pledges.factories import make_bloc_year

from .campaign_helpers import CampaignFactory, award

pytestmark = pytest.mark.django_db


def _fields(**extra):
    values = {"code": "NTM", "title": "Cả nước chung sức xây dựng nông thôn mới", "form": "thematic",
              "authority": "Thủ tướng Chính phủ", "scope": CampaignScope.PROVINCE,
              "start_date": datetime.date(2021, 1, 1), "end_date": datetime.date(2025, 12, 31)}
    values.update(extra)
    return values


def _in_state(state, **kwargs):
    return CampaignFactory(state=state, **kwargs)


# Create and edit ------------------------------------------------------------------------------------


def test_board_creates_campaign_logged(board):
    campaign = services.create_campaign(board, **_fields())
    assert campaign.state == CampaignState.PLANNED
    log = ActivityLog.objects.get(action="emulation.campaign.created")
    assert (log.actor, log.data["values"]["code"]) == (board, "NTM")


def test_clerk_creates_campaign_for_own_sub_units(clerk, unit):
    campaign = services.create_campaign(clerk, **_fields(launching_unit=unit, scope=CampaignScope.UNIT,
                                                         scope_unit=unit))
    assert campaign.launching_unit == unit


def test_clerk_cannot_launch_for_the_province(clerk, unit):
    with pytest.raises(DomainError) as exc:
        services.create_campaign(clerk, **_fields(launching_unit=unit))
    assert exc.value.field == "scope"


def test_clerk_cannot_scope_another_unit(clerk, unit, other_unit):
    with pytest.raises(DomainError):
        services.create_campaign(clerk, **_fields(launching_unit=unit, scope=CampaignScope.UNIT,
                                                  scope_unit=other_unit))


def test_bloc_leader_creates_bloc_campaign_but_not_for_other_blocs(clerk, unit, other_unit):
    led = make_bloc_year(unit, [other_unit]).bloc
    other = make_bloc_year(other_unit, []).bloc
    campaign = services.create_campaign(clerk, scope_blocs=[led], **_fields(launching_unit=unit,
                                                                            scope=CampaignScope.BLOCS))
    assert list(campaign.scope_blocs.all()) == [led]
    with pytest.raises(DomainError):
        services.create_campaign(clerk, scope_blocs=[other], **_fields(code="X", launching_unit=unit,
                                                                        scope=CampaignScope.BLOCS))


def test_council_cannot_create(council):
    with pytest.raises(DomainError):
        services.create_campaign(council, **_fields())


def test_create_checks_scope_and_dates(board):
    with pytest.raises(DomainError) as exc:
        services.create_campaign(board, **_fields(scope=CampaignScope.BLOCS))
    assert exc.value.field == "scope_blocs"
    with pytest.raises(DomainError) as exc:
        services.create_campaign(board, **_fields(end_date=datetime.date(2020, 1, 1)))
    assert exc.value.field == "end_date"
    assert Campaign.objects.count() == 0


def test_update_logs_diff(board):
    campaign = CampaignFactory()
    services.update_campaign(campaign, board, goals="Mục tiêu mới")
    assert ActivityLog.objects.get(action="emulation.campaign.updated").data["diff"] == {"goals": ["", "Mục tiêu mới"]}


def test_update_scope_after_launch_forbidden(board, unit):
    campaign = _in_state(CampaignState.LAUNCHED)
    with pytest.raises(DomainError):
        services.update_campaign(campaign, board, scope=CampaignScope.UNIT, scope_unit=unit)
    services.update_campaign(campaign, board, criteria="Tiêu chí")


def test_update_concluded_forbidden(board):
    with pytest.raises(DomainError):
        services.update_campaign(_in_state(CampaignState.CONCLUDED), board, goals="x")


def test_update_by_clerk_not_launcher_forbidden(clerk):
    with pytest.raises(DomainError):
        services.update_campaign(CampaignFactory(), clerk, goals="x")


# Lifecycle -----------------------------------------------------------------------------------------------


def test_launch_notifies_clerks_in_scope_only(board, unit, other_unit, clerk, other_clerk):
    child = UnitFactory(parent=unit)
    child_clerk = make_clerk(child, username="child")
    campaign = CampaignFactory(scope=CampaignScope.UNIT, scope_unit=unit)
    services.launch_campaign(campaign, board)
    campaign.refresh_from_db()
    assert (campaign.state, campaign.launched_at is not None) == (CampaignState.LAUNCHED, True)
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == sorted(
        [clerk.username, child_clerk.username])
    log = ActivityLog.objects.get(action="emulation.campaign.launched")
    assert (log.actor, log.data["diff"], log.data["notified"]) == (board, {"state": ["planned", "launched"]}, 2)


def test_launch_province_wide_notifies_every_clerk(board, clerk, other_clerk):
    services.launch_campaign(CampaignFactory(), board)
    assert Notification.objects.count() == 2


def test_launch_by_bloc_scope_notifies_members(board, unit, other_unit, clerk, other_clerk):
    bloc_year = make_bloc_year(unit, [])
    campaign = CampaignFactory(scope=CampaignScope.BLOCS)
    campaign.scope_blocs.set([bloc_year.bloc])
    services.launch_campaign(campaign, board)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["clerk"]


def test_launch_wrong_state_forbidden(board):
    with pytest.raises(DomainError):
        services.launch_campaign(_in_state(CampaignState.LAUNCHED), board)


@pytest.mark.parametrize("who", ["clerk", "council"])
def test_launch_wrong_role_forbidden(request, who):
    actor = request.getfixturevalue(who)
    campaign = CampaignFactory()
    with pytest.raises(DomainError):
        services.launch_campaign(campaign, actor)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.PLANNED


def test_launching_unit_clerk_manages(clerk, unit):
    campaign = CampaignFactory(launching_unit=unit, scope=CampaignScope.UNIT, scope_unit=unit)
    services.launch_campaign(campaign, clerk)
    services.start_campaign(campaign, clerk)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.UNDER_WAY


def test_full_lifecycle_with_repeated_reviews_logged(board):
    campaign = CampaignFactory()
    services.launch_campaign(campaign, board)
    services.start_campaign(campaign, board)
    services.open_mid_term_review(campaign, board, "Sơ kết 6 tháng", held_on=datetime.date(2021, 7, 15))
    services.close_mid_term_review(campaign, board, "Đúng tiến độ")
    services.open_mid_term_review(campaign, board, "Sơ kết 9 tháng")
    services.conclude_campaign(campaign, board, "Tổng kết: 12 tập thể được khen")
    campaign.refresh_from_db()
    assert (campaign.state, campaign.summary) == (CampaignState.CONCLUDED, "Tổng kết: 12 tập thể được khen")
    assert [(r.title, r.findings, r.closed_at is not None) for r in campaign.reviews.all()] == [
        ("Sơ kết 6 tháng", "Đúng tiến độ", True), ("Sơ kết 9 tháng", "", True)]
    assert list(ActivityLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "emulation.campaign.launched", "emulation.campaign.started", "emulation.campaign.review_opened",
        "emulation.campaign.review_closed", "emulation.campaign.review_opened", "emulation.campaign.concluded"]


def test_review_needs_title_and_findings(board):
    campaign = _in_state(CampaignState.UNDER_WAY)
    with pytest.raises(DomainError):
        services.open_mid_term_review(campaign, board, "")
    services.open_mid_term_review(campaign, board, "Sơ kết")
    with pytest.raises(DomainError):
        services.close_mid_term_review(campaign, board, " ")


@pytest.mark.parametrize("state", [CampaignState.PLANNED, CampaignState.LAUNCHED, CampaignState.CONCLUDED])
def test_conclude_wrong_state_forbidden(board, state):
    with pytest.raises(DomainError):
        services.conclude_campaign(_in_state(state), board, "Tổng kết")


def test_conclude_needs_summary(board):
    with pytest.raises(DomainError) as exc:
        services.conclude_campaign(_in_state(CampaignState.UNDER_WAY), board, "")
    assert exc.value.field == "summary"


def test_open_review_wrong_state_forbidden(board):
    with pytest.raises(DomainError):
        services.open_mid_term_review(_in_state(CampaignState.LAUNCHED), board, "Sơ kết")


# Documents -----------------------------------------------------------------------------------------------


def test_attach_document_logged(board):
    campaign = CampaignFactory()
    doc = services.attach_document(campaign, board, "Kế hoạch phát động",
                                   SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4", "application/pdf"))
    assert (doc.title, doc.size, doc.filename) == ("Kế hoạch phát động", 8, "ke-hoach.pdf")
    assert ActivityLog.objects.get(action="emulation.campaign.document_added").data["title"] == "Kế hoạch phát động"


def test_attach_wrong_type_refused(board):
    with pytest.raises(DomainError) as exc:
        services.attach_document(CampaignFactory(), board, "", SimpleUploadedFile("x.exe", b"MZ"))
    assert exc.value.field == "file"


def test_attach_too_large_refused(board, settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(DomainError):
        services.attach_document(CampaignFactory(), board, "", SimpleUploadedFile("a.pdf", b"x" * 11))


def test_attach_by_non_manager_refused(clerk):
    with pytest.raises(DomainError):
        services.attach_document(CampaignFactory(), clerk, "", SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))


def test_remove_document_logged(board):
    campaign = CampaignFactory()
    doc = services.attach_document(campaign, board, "", SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    services.remove_document(doc, board)
    assert campaign.documents.count() == 0
    assert ActivityLog.objects.filter(action="emulation.campaign.document_removed").count() == 1


# Registrations ------------------------------------------------------------------------------------------------


def test_clerk_registers_own_unit_logged_and_launcher_notified(clerk, unit, other_unit, other_clerk):
    campaign = _in_state(CampaignState.LAUNCHED, launching_unit=other_unit)
    reg = services.register_unit(campaign, clerk, unit, "Hỗ trợ 01 căn nhà tình thương")
    assert (reg.state, reg.submitted_by, reg.targets) == (RegistrationState.SUBMITTED, clerk,
                                                          "Hỗ trợ 01 căn nhà tình thương")
    log = ActivityLog.objects.get(action="emulation.campaign.registration_submitted")
    assert (log.actor, log.unit) == (clerk, unit)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["otherclerk"]


def test_registration_limited_to_units_in_scope(board, clerk, unit, other_unit):
    campaign = _in_state(CampaignState.LAUNCHED, scope=CampaignScope.UNIT, scope_unit=other_unit)
    with pytest.raises(DomainError) as exc:
        services.register_unit(campaign, clerk, unit, "Chỉ tiêu")
    assert exc.value.field == "unit"
    with pytest.raises(DomainError):
        services.register_unit(campaign, board, unit, "Chỉ tiêu")
    assert CampaignRegistration.objects.count() == 0


def test_registration_in_bloc_scope_only_for_members(clerk, other_clerk, unit, other_unit):
    bloc_year = make_bloc_year(unit, [], year=2021)
    campaign = _in_state(CampaignState.UNDER_WAY, scope=CampaignScope.BLOCS)
    campaign.scope_blocs.set([bloc_year.bloc])
    assert unit_ids_in_scope(campaign) == {unit.pk}
    services.register_unit(campaign, clerk, unit, "Chỉ tiêu")
    with pytest.raises(DomainError):
        services.register_unit(campaign, other_clerk, other_unit, "Chỉ tiêu")


def test_register_for_another_unit_forbidden(clerk, other_unit):
    with pytest.raises(DomainError):
        services.register_unit(_in_state(CampaignState.LAUNCHED), clerk, other_unit, "Chỉ tiêu")


@pytest.mark.parametrize("state", [CampaignState.PLANNED, CampaignState.CONCLUDED])
def test_register_when_closed_forbidden(clerk, unit, state):
    with pytest.raises(DomainError):
        services.register_unit(_in_state(state), clerk, unit, "Chỉ tiêu")


def test_return_then_resubmit_then_accept(board, clerk, unit):
    campaign = _in_state(CampaignState.LAUNCHED)
    reg = services.register_unit(campaign, clerk, unit, "Thực hiện tốt")
    with pytest.raises(DomainError):
        services.return_registration(reg, board, "")
    services.return_registration(reg, board, "Nêu chỉ tiêu đo được")
    reg.refresh_from_db()
    assert (reg.state, reg.return_reason) == (RegistrationState.RETURNED, "Nêu chỉ tiêu đo được")
    assert Notification.objects.filter(recipient=clerk).count() == 1
    services.register_unit(campaign, clerk, unit, "100% hồ sơ đúng hạn")
    services.accept_registration(reg, board)
    reg.refresh_from_db()
    assert (reg.state, reg.targets) == (RegistrationState.ACCEPTED, "100% hồ sơ đúng hạn")
    resubmitted = ActivityLog.objects.get(action="emulation.campaign.registration_resubmitted")
    assert resubmitted.data["diff"]["targets"] == ["Thực hiện tốt", "100% hồ sơ đúng hạn"]
    assert ActivityLog.objects.get(action="emulation.campaign.registration_returned").data["reason"] == \
        "Nêu chỉ tiêu đo được"
    with pytest.raises(DomainError):
        services.register_unit(campaign, clerk, unit, "Đổi")
    with pytest.raises(DomainError):
        services.return_registration(reg, board, "Muộn")


def test_return_by_non_manager_forbidden(clerk, other_clerk, unit):
    reg = services.register_unit(_in_state(CampaignState.LAUNCHED), clerk, unit, "Chỉ tiêu")
    with pytest.raises(DomainError):
        services.return_registration(reg, other_clerk, "Không")
    with pytest.raises(DomainError):
        services.accept_registration(reg, clerk)


# Selectors -------------------------------------------------------------------------------------------------


def test_clerk_sees_campaigns_reaching_their_units(clerk, unit, other_unit):
    child = UnitFactory(parent=unit)
    province = _in_state(CampaignState.LAUNCHED)
    _in_state(CampaignState.PLANNED)  # a plan is not shown to the units yet
    above = _in_state(CampaignState.LAUNCHED, scope=CampaignScope.UNIT, scope_unit=UnitFactory())
    unit.parent = above.scope_unit
    unit.save()
    below = _in_state(CampaignState.UNDER_WAY, scope=CampaignScope.UNIT, scope_unit=child)
    _in_state(CampaignState.LAUNCHED, scope=CampaignScope.UNIT, scope_unit=other_unit)
    bloc = make_bloc_year(unit, []).bloc
    in_bloc = _in_state(CampaignState.LAUNCHED, scope=CampaignScope.BLOCS)
    in_bloc.scope_blocs.set([bloc])
    own_plan = _in_state(CampaignState.PLANNED, launching_unit=unit, scope=CampaignScope.UNIT, scope_unit=unit)
    assert set(campaigns_for_user(clerk)) == {province, above, below, in_bloc, own_plan}


def test_council_sees_all_campaigns(council):
    CampaignFactory()
    _in_state(CampaignState.LAUNCHED)
    assert campaigns_for_user(council).count() == 2


def test_registration_overview_shows_who_did_not_register(board, clerk, unit, other_unit):
    campaign = _in_state(CampaignState.LAUNCHED)
    services.register_unit(campaign, clerk, unit, "Chỉ tiêu")
    rows = {u.code: (reg.state if reg else None) for u, reg in registration_overview(campaign)}
    assert rows == {"STN": RegistrationState.SUBMITTED, "SKH": None}


def test_awards_counted_per_campaign(unit):
    campaign, other = CampaignFactory(), CampaignFactory()
    person = PersonFactory(unit=unit)
    award(campaign, unit)
    award(campaign, unit, person=person)
    award(campaign, unit, method="regular")
    award(campaign, unit, revoked=True)
    award(other, unit, year=2020)
    assert thematic_award_counts() == {campaign.pk: 2, other.pk: 1}
    assert thematic_award_counts(year=2021) == {campaign.pk: 2}
    counted = {c.pk: (c.award_count, c.thematic_count) for c in with_award_counts(Campaign.objects.all())}
    assert counted == {campaign.pk: (3, 2), other.pk: (1, 1)}
