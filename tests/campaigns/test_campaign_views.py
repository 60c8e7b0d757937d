import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import services
from campaigns.enums import CampaignScope, CampaignState, RegistrationState
from campaigns.models import Campaign, CampaignRegistration
from emulation.models import ActivityLog
from tests.factories import PersonFactory, UnitFactory, make_clerk

from .campaign_helpers import CampaignFactory, award

pytestmark = pytest.mark.django_db


def _launched(**kwargs):
    return CampaignFactory(state=CampaignState.LAUNCHED, **kwargs)


# List ----------------------------------------------------------------------------------------------------


def test_list_clerk_sees_only_campaigns_in_scope(client, clerk, unit, other_unit):
    mine = _launched(scope=CampaignScope.UNIT, scope_unit=unit)
    _launched(scope=CampaignScope.UNIT, scope_unit=other_unit)
    CampaignFactory()  # planned
    client.force_login(clerk)
    response = client.get(reverse("campaigns:campaign_list"))
    assert [c.pk for c in response.context["page"]] == [mine.pk]
    assert response.context["can_add"] is True


def test_list_filters_by_state_and_counts_thematic_awards(client, board, unit):
    c = _launched()
    CampaignFactory()
    award(c, unit)
    client.force_login(board)
    response = client.get(reverse("campaigns:campaign_list"), {"state": "launched"})
    assert [(x.pk, x.thematic_count) for x in response.context["page"]] == [(c.pk, 1)]


def test_list_council_cannot_add(client, council):
    client.force_login(council)
    assert client.get(reverse("campaigns:campaign_list")).context["can_add"] is False


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    for _ in range(n):
        c = _launched(launching_unit=unit, scope=CampaignScope.UNIT, scope_unit=unit)
        award(c, unit)
    client.force_login(board)
    with django_assert_num_queries(6):  # the "launched by" filter loads its units on demand
        assert client.get(reverse("campaigns:campaign_list")).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_list_clerk_query_count_is_fixed(client, clerk, unit, django_assert_num_queries, n):
    for _ in range(n):
        _launched(scope=CampaignScope.UNIT, scope_unit=unit)
    client.force_login(clerk)
    with django_assert_num_queries(8):  # the "launched by" filter loads its units on demand
        assert client.get(reverse("campaigns:campaign_list")).status_code == 200


# Detail --------------------------------------------------------------------------------------------------


def test_detail_outsider_gets_404(client, other_clerk, unit):
    campaign = _launched(scope=CampaignScope.UNIT, scope_unit=unit)
    client.force_login(other_clerk)
    assert client.get(reverse("campaigns:campaign_detail", args=[campaign.pk])).status_code == 404


def test_detail_planned_hidden_from_units(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("campaigns:campaign_detail", args=[CampaignFactory().pk])).status_code == 404


def test_detail_launcher_sees_who_registered(client, board, clerk, unit, other_unit):
    campaign = _launched()
    services.register_unit(campaign, clerk, unit, "Chỉ tiêu A")
    client.force_login(board)
    response = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    assert response.context["counts"] == {"units": 2, "registered": 1, "missing": 1, "returned": 0}
    html = response.content.decode()
    assert "Chỉ tiêu A" in html and "Sở Khác" in html


def test_detail_clerk_sees_own_registration_only(client, clerk, other_clerk, unit, other_unit):
    campaign = _launched()
    services.register_unit(campaign, other_clerk, other_unit, "Bí mật của đơn vị khác")
    client.force_login(clerk)
    response = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    assert response.context["can_register"] is True
    assert [u.pk for u, _r in response.context["own_rows"]] == [unit.pk]
    assert "Bí mật của đơn vị khác" not in response.content.decode()


def test_detail_lists_people_and_units_commended(client, council, unit):

    campaign = _launched()
    award(campaign, unit, person=PersonFactory(unit=unit, full_name="Nguyễn Thị Khen"))
    award(campaign, unit)
    client.force_login(council)
    response = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    assert len(response.context["results"]) == 2
    assert "Nguyễn Thị Khen" in response.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_detail_query_count_is_fixed(client, board, django_assert_num_queries, n):
    campaign = _launched()
    for i in range(n):
        u = UnitFactory()
        services.register_unit(campaign, board, u, f"Chỉ tiêu {i}")
        services.attach_document(campaign, board, f"Văn bản {i}", SimpleUploadedFile(f"v{i}.pdf", b"%PDF-1.4 x"))
        award(campaign, u)
    client.force_login(board)
    with django_assert_num_queries(13):
        assert client.get(reverse("campaigns:campaign_detail", args=[campaign.pk])).status_code == 200


# Create and edit -----------------------------------------------------------------------------------------


def test_board_creates_campaign_through_form(client, board, unit):
    client.force_login(board)
    assert client.get(reverse("campaigns:campaign_create")).status_code == 200
    response = client.post(reverse("campaigns:campaign_create"), {
        "code": "VNN", "title": "Cả nước chung tay vì người nghèo", "form": "thematic", "authority": "UBND tỉnh",
        "scope": "province", "start_date": "01/01/2021", "end_date": "31/12/2025", "goals": "", "criteria": ""})
    campaign = Campaign.objects.get(code="VNN")
    assert response.status_code == 302
    assert campaign.start_date.isoformat() == "2021-01-01"


def test_create_form_shows_scope_error(client, board):
    client.force_login(board)
    response = client.post(reverse("campaigns:campaign_create"), {"code": "X", "title": "X", "form": "regular",
                                                         "scope": "blocs"})
    assert response.status_code == 200
    assert response.context["form"].errors["scope_blocs"]


def test_create_council_gets_403(client, council):
    client.force_login(council)
    assert client.get(reverse("campaigns:campaign_create")).status_code == 403


def test_edit_clerk_not_launcher_gets_403(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("campaigns:campaign_edit", args=[_launched().pk])).status_code == 403


def test_edit_outsider_gets_404(client, other_clerk, unit):
    campaign = _launched(scope=CampaignScope.UNIT, scope_unit=unit)
    client.force_login(other_clerk)
    assert client.get(reverse("campaigns:campaign_edit", args=[campaign.pk])).status_code == 404


def test_edit_after_launch_locks_scope(client, board):
    campaign = _launched()
    client.force_login(board)
    form = client.get(reverse("campaigns:campaign_edit", args=[campaign.pk])).context["form"]
    assert form.fields["scope"].disabled is True


# Actions -----------------------------------------------------------------------------------------------------


def test_launch_action(client, board, clerk):
    campaign = CampaignFactory()
    client.force_login(board)
    assert client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "launch"])).status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.LAUNCHED


def test_conclude_action_needs_summary(client, board):
    campaign = CampaignFactory(state=CampaignState.UNDER_WAY)
    client.force_login(board)
    url = reverse("campaigns:campaign_action", args=[campaign.pk, "conclude"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"summary": ""}).status_code == 200
    assert client.post(url, {"summary": "Khen thưởng 12 tập thể"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.CONCLUDED


def test_action_clerk_403_outsider_404_unknown_404(client, clerk, other_clerk, unit):
    campaign = _launched(scope=CampaignScope.UNIT, scope_unit=unit)
    client.force_login(clerk)
    assert client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "start"])).status_code == 403
    assert client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "explode"])).status_code == 404
    client.force_login(other_clerk)
    assert client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "start"])).status_code == 404


def test_action_council_403(client, council):
    client.force_login(council)
    assert client.post(reverse("campaigns:campaign_action", args=[_launched().pk, "start"])).status_code == 403


# Documents ---------------------------------------------------------------------------------------------------


def test_upload_and_download_document(client, board, clerk, other_clerk, unit):
    campaign = _launched(scope=CampaignScope.UNIT, scope_unit=unit)
    client.force_login(board)
    response = client.post(reverse("campaigns:campaign_document_upload", args=[campaign.pk]),
                           {"title": "Kế hoạch", "file": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 302
    doc = campaign.documents.get()
    client.force_login(clerk)
    response = client.get(reverse("campaigns:campaign_document_download", args=[campaign.pk, doc.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(other_clerk)
    assert client.get(reverse("campaigns:campaign_document_download", args=[campaign.pk, doc.pk])).status_code == 404


def test_upload_wrong_type_shows_message(client, board):
    campaign = _launched()
    client.force_login(board)
    url = reverse("campaigns:campaign_detail", args=[campaign.pk])
    response = client.post(reverse("campaigns:campaign_document_upload", args=[campaign.pk]),
                           {"title": "", "file": SimpleUploadedFile("x.exe", b"MZ")}, HTTP_REFERER=url, follow=True)
    assert campaign.documents.count() == 0
    assert len(list(response.context["messages"])) == 1


def test_upload_clerk_403(client, clerk):
    campaign = _launched()
    client.force_login(clerk)
    response = client.post(reverse("campaigns:campaign_document_upload", args=[campaign.pk]),
                           {"file": SimpleUploadedFile("a.pdf", b"x")})
    assert response.status_code == 403


def test_delete_document(client, board):
    campaign = _launched()
    doc = services.attach_document(campaign, board, "", SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    client.force_login(board)
    assert client.post(reverse("campaigns:campaign_document_delete", args=[campaign.pk, doc.pk])).status_code == 302
    assert campaign.documents.count() == 0


# Registration -------------------------------------------------------------------------------------------------


def test_register_view_clerk(client, clerk, unit):
    campaign = _launched()
    client.force_login(clerk)
    response = client.get(reverse("campaigns:campaign_register", args=[campaign.pk]))
    assert list(response.context["form"].fields["unit"].queryset) == [unit]
    response = client.post(reverse("campaigns:campaign_register", args=[campaign.pk]),
                           {"unit": unit.pk, "targets": "Hỗ trợ 01 căn nhà"})
    assert response.status_code == 302
    assert CampaignRegistration.objects.get().targets == "Hỗ trợ 01 căn nhà"


def test_register_view_unit_out_of_scope_404(client, clerk, other_unit):
    campaign = _launched(scope=CampaignScope.UNIT, scope_unit=other_unit)
    make_clerk(other_unit, username="x")
    client.force_login(clerk)
    assert client.get(reverse("campaigns:campaign_register", args=[campaign.pk])).status_code == 404


def test_register_view_council_403(client, council):
    client.force_login(council)
    assert client.get(reverse("campaigns:campaign_register", args=[_launched().pk])).status_code == 403


def test_register_view_closed_campaign_shows_error(client, clerk, unit):
    campaign = CampaignFactory(state=CampaignState.CONCLUDED)
    client.force_login(clerk)
    response = client.post(reverse("campaigns:campaign_register", args=[campaign.pk]),
                           {"unit": unit.pk, "targets": "x"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_return_and_accept_views(client, board, clerk, unit, other_unit, other_clerk):
    campaign = _launched()
    reg = services.register_unit(campaign, clerk, unit, "x")
    reg2 = services.register_unit(campaign, other_clerk, other_unit, "y")
    client.force_login(board)
    url = reverse("campaigns:campaign_registration_return", args=[campaign.pk, reg.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "Thiếu chỉ tiêu"}).status_code == 302
    accept = reverse("campaigns:campaign_registration_accept", args=[campaign.pk, reg2.pk])
    assert client.post(accept).status_code == 302
    reg.refresh_from_db()
    reg2.refresh_from_db()
    assert (reg.state, reg2.state) == (RegistrationState.RETURNED, RegistrationState.ACCEPTED)
    assert ActivityLog.objects.filter(action__startswith="emulation.campaign.registration_").count() == 4


def test_return_view_clerk_403_outsider_404(client, clerk, other_clerk, unit):
    campaign = _launched(scope=CampaignScope.UNIT, scope_unit=unit)
    reg = services.register_unit(campaign, clerk, unit, "x")
    client.force_login(clerk)
    assert client.get(reverse("campaigns:campaign_registration_return", args=[campaign.pk, reg.pk])).status_code == 403
    client.force_login(other_clerk)
    assert client.get(reverse("campaigns:campaign_registration_return", args=[campaign.pk, reg.pk])).status_code == 404


def test_dashboard_clerk_sees_campaign_to_register(client, clerk, unit):
    campaign = _launched()
    client.force_login(clerk)
    response = client.get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if p.count is not None and p.template.endswith("links.html"))
    assert panel.context["links"] == [(campaign.title, reverse("campaigns:campaign_register", args=[campaign.pk]))]
