"""The Django admin cannot bypass the services: read-only for models with services, logged otherwise."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from emulation.actions import action_label, describe
from emulation.admin_base import LoggedModelAdmin, ServiceModelAdmin
from emulation.enums import Role
from emulation.models import ActivityLog, RoleAssignment, Unit
from tests.factories import UnitFactory, make_user
from tests.pledges.factories import PledgeFactory


@pytest.fixture
def superuser(db):
    return make_user(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


# Every model whose state changes through services, in every app: read-only in the admin.
SERVICE_MODELS = [
    "emulation.Unit", "emulation.Person", "emulation.UnitMembership", "emulation.ActivityLog", "emulation.Notification",
    "pledges.Pledge", "pledges.Commitment", "pledges.Signature", "pledges.FulfilmentReport", "pledges.FulfilmentLine",
    "campaigns.Campaign", "campaigns.CampaignDocument", "campaigns.CampaignRegistration", "campaigns.CampaignReview",
    "blocs.BlocYear", "blocs.BlocMembership", "blocs.CriteriaSet", "blocs.Criterion", "blocs.Scorecard",
    "blocs.ScoreEntry", "blocs.Evidence", "blocs.Vote", "blocs.Proposal", "blocs.BlocYearAssessment",
    "awards.AwardType", "awards.RewardCoefficient", "awards.RuleParameter", "awards.QuotaSetting", "awards.BaseSalary",
    "awards.Appraisal", "awards.DisciplineRecord", "awards.Initiative", "awards.Award", "awards.AwardRevocation",
    "awards.Nomination", "awards.NominationItem", "awards.NominationDocument", "awards.PostingComment",
    "awards.CouncilMeeting", "awards.Concurrence", "awards.Decision", "awards.DecisionRevocation",
    "awards.UpwardSubmission", "reports.ReportJob", "imports.ImportRun", "api.ApiToken",
]
# Settings kept as data, without services: editable in the admin, every change logged.
LOGGED_MODELS = [
    "emulation.RoleAssignment", "blocs.Bloc", "blocs.VoteThreshold", "awards.SubmissionDeadline",
    "awards.AppraisalTimeLimit", "awards.CouncilVoteThreshold", "awards.PublicHoliday", "reports.Letterhead",
    "reports.IssuerSetting", "reports.StatisticalForm",
]
# Other libraries' admins (accounts, login throttling, two-factor devices): for administrators only.
THIRD_PARTY_APPS = {"auth", "axes", "otp_totp"}


def test_every_admin_of_ours_is_read_only_or_logged():
    ours = {m._meta.label for m in admin.site._registry if m._meta.app_label not in THIRD_PARTY_APPS}
    assert ours == set(SERVICE_MODELS) | set(LOGGED_MODELS)


@pytest.mark.parametrize("label", LOGGED_MODELS)
def test_settings_stay_editable_in_the_admin_and_are_logged(label):
    assert isinstance(admin.site._registry[apps.get_model(label)], LoggedModelAdmin)


@pytest.mark.parametrize("label", SERVICE_MODELS)
def test_models_with_services_are_read_only_in_the_admin(label, rf, superuser):
    model_admin = admin.site._registry[apps.get_model(label)]
    request = rf.get("/")
    request.user = superuser
    assert isinstance(model_admin, ServiceModelAdmin)
    assert (model_admin.has_add_permission(request), model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request), model_admin.has_view_permission(request)) \
        == (False, False, False, True)
    for inline in model_admin.get_inline_instances(request):
        assert (inline.has_add_permission(request, None), inline.has_change_permission(request),
                inline.has_delete_permission(request)) == (False, False, False)


def test_role_assignments_are_logged_in_the_admin():
    assert isinstance(admin.site._registry[RoleAssignment], LoggedModelAdmin)


def test_admin_post_to_change_a_unit_is_refused_and_changes_nothing(admin_client, unit):
    url = reverse("admin:emulation_unit_change", args=[unit.pk])
    assert admin_client.get(url).status_code == 200  # still visible
    response = admin_client.post(url, {"name": "Đổi tên lén", "code": unit.code, "kind": unit.kind,
                                       "is_active": "on"})
    unit.refresh_from_db()
    assert (response.status_code, unit.name) == (403, "Sở Thử nghiệm")
    assert not ActivityLog.objects.filter(object_id=str(unit.pk), action__startswith="emulation.unit").exists()


def test_admin_cannot_add_or_delete_a_unit(admin_client, unit):
    assert admin_client.post(reverse("admin:emulation_unit_add"), {"name": "Mới", "code": "MOI"}).status_code == 403
    response = admin_client.post(reverse("admin:emulation_unit_delete", args=[unit.pk]), {"post": "yes"})
    assert (response.status_code, Unit.objects.filter(pk=unit.pk).exists()) == (403, True)


def test_admin_post_to_change_a_pledge_is_refused(admin_client):

    pledge = PledgeFactory(title="Giao ước 2026")
    response = admin_client.post(reverse("admin:pledges_pledge_change", args=[pledge.pk]), {"title": "Khác"})
    pledge.refresh_from_db()
    assert (response.status_code, pledge.title) == (403, "Giao ước 2026")


def test_admin_edit_of_a_role_assignment_is_logged(admin_client, superuser, unit):
    other = UnitFactory(name="Sở Khác", code="SK2")
    clerk = make_user(Role.CLERK, unit, username="clerk2")
    assignment = RoleAssignment.objects.get(user=clerk)
    url = reverse("admin:emulation_roleassignment_change", args=[assignment.pk])
    response = admin_client.post(url, {"user": clerk.pk, "role": Role.CLERK, "unit": other.pk})
    assert response.status_code == 302
    entry = ActivityLog.objects.get(action="emulation.roleassignment.admin_changed")
    assert (entry.actor, entry.object_id, entry.data) == (superuser, str(assignment.pk),
                                                         {"diff": {"unit": [unit.pk, other.pk]}})
    [described] = describe([entry])
    assert (described.label, described.label_known) == ("Phân quyền: sửa trong trang quản trị", True)
    assert [(c.field, c.old, c.new) for c in described.changes] == [("Đơn vị", "Sở Thử nghiệm", "Sở Khác")]


def test_admin_save_without_change_writes_nothing(admin_client, unit):
    clerk = make_user(Role.CLERK, unit, username="clerk3")
    assignment = RoleAssignment.objects.get(user=clerk)
    url = reverse("admin:emulation_roleassignment_change", args=[assignment.pk])
    assert admin_client.post(url, {"user": clerk.pk, "role": Role.CLERK, "unit": unit.pk}).status_code == 302
    assert not ActivityLog.objects.filter(action__endswith=".admin_changed").exists()


def test_admin_add_and_delete_of_a_role_assignment_are_logged(admin_client, unit):
    user = make_user(username="newclerk")
    response = admin_client.post(reverse("admin:emulation_roleassignment_add"),
                                 {"user": user.pk, "role": Role.CLERK, "unit": unit.pk})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=user)
    added = ActivityLog.objects.get(action="emulation.roleassignment.admin_added")
    assert added.data["diff"] == {"user": [None, user.pk], "role": [None, "clerk"], "unit": [None, unit.pk]}
    response = admin_client.post(reverse("admin:emulation_roleassignment_delete", args=[assignment.pk]),
                                 {"post": "yes"})
    assert (response.status_code, RoleAssignment.objects.filter(user=user).exists()) == (302, False)
    deleted = ActivityLog.objects.get(action="emulation.roleassignment.admin_deleted")
    assert (deleted.object_id, deleted.data["diff"]["role"]) == (str(assignment.pk), ["clerk", None])


def test_admin_bulk_delete_logs_each_row(admin_client, unit):
    users = [make_user(Role.CLERK, unit, username=f"bulk{i}") for i in range(2)]
    pks = list(RoleAssignment.objects.filter(user__in=users).values_list("pk", flat=True))
    response = admin_client.post(reverse("admin:emulation_roleassignment_changelist"),
                                 {"action": "delete_selected", "_selected_action": pks, "post": "yes"})
    assert response.status_code == 302
    assert sorted(ActivityLog.objects.filter(action="emulation.roleassignment.admin_deleted")
                  .values_list("object_id", flat=True)) == sorted(str(pk) for pk in pks)


def test_admin_codes_have_a_label_for_every_model():
    assert action_label("pledges.pledge.admin_deleted") == "Giao ước thi đua: xoá trong trang quản trị"
