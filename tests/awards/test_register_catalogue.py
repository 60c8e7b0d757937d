"""The catalogue pages: award types, coefficients, rule parameters, quotas, base salary (board edits, logged)."""

import pytest
from django.urls import reverse

from awards import services
from awards.models import AwardType, BaseSalary, QuotaSetting, RewardCoefficient, RuleParameter
from awards.money import base_salary_on
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.awards.register_factories import D, award_type

pytestmark = pytest.mark.django_db

CODES = ["LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "TTLDTT", "TTLDXS", "CO_TINH", "CO_CP", "GIAY_KHEN", "BK_TINH",
         "BK_TTG", "KNC", "HCLD_1", "HCLD_2", "HCLD_3"]


def test_data_migration_loads_the_catalogue():
    assert set(CODES) <= set(AwardType.objects.values_list("code", flat=True))
    assert award_type("CSTD_TINH").rule == "cstd_tinh"
    assert award_type("TTLDXS").for_collectives and not award_type("TTLDXS").for_individuals
    assert award_type("HCLD_1").requires_posting and award_type("HCLD_1").posting_working_days == 10
    assert RuleParameter.objects.get(award_type=award_type("TTLDXS"), key="min_ldtt_percent").value == 70


def _type_values(**extra):
    values = {"code": "KT_CD", "name": "Khen thưởng chuyên đề thử", "kind": "form", "for_individuals": "on",
              "level": "provincial", "authority": "Chủ tịch UBND tỉnh", "rule": "basic", "posting_working_days": 0,
              "order": 200, "is_active": "on"}
    values.update(extra)
    return values


def test_type_list_everyone_reads(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("awards:type_list"))
    assert response.status_code == 200
    assert "Chiến sĩ thi đua cơ sở" in response.content.decode()
    assert response.context["can_manage"] is False


def test_type_create_board_creates_and_logs(client, board):
    client.force_login(board)
    response = client.post(reverse("awards:type_create"), _type_values())
    created = AwardType.objects.get(code="KT_CD")
    assert response.status_code == 302
    log = ActivityLog.objects.get(action="awards.awardtype.created")
    assert (log.actor, log.object_id, log.data["values"]["rule"]) == (board, str(created.pk), "basic")


def test_type_create_duplicate_code_is_a_form_error(client, board):
    client.force_login(board)
    response = client.post(reverse("awards:type_create"), _type_values(code="LDTT"))
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not ActivityLog.objects.exists()


def test_type_service_refuses_a_duplicate_code(board):
    with pytest.raises(DomainError, match="Đã có danh hiệu, hình thức với mã này."):
        services.create_award_type(board, code="LDTT", name="Trùng", kind="title", level="grassroots")


@pytest.mark.parametrize("who", ["council", "clerk"])
def test_type_create_read_only_roles_get_403(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("awards:type_create")).status_code == 403
    assert client.post(reverse("awards:type_create"), _type_values()).status_code == 403
    assert not AwardType.objects.filter(code="KT_CD").exists()


def test_type_edit_board_changes_the_rule_and_logs_the_diff(client, board):
    t = award_type("BK_TTG")
    client.force_login(board)
    values = _type_values(code="BK_TTG", name=t.name, kind=t.kind, level=t.level, rule="", for_collectives="on")
    response = client.post(reverse("awards:type_edit", args=[t.pk]), values)
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.rule == ""
    log = ActivityLog.objects.get(action="awards.awardtype.updated")
    assert log.data["diff"]["rule"] == ["basic", ""]


def test_type_edit_council_gets_403(client, council):
    client.force_login(council)
    assert client.get(reverse("awards:type_edit", args=[award_type("LDTT").pk])).status_code == 403


def test_type_detail_unknown_is_404(client, board):
    client.force_login(board)
    assert client.get(reverse("awards:type_detail", args=[999999])).status_code == 404


def test_type_detail_shows_unknown_coefficients(client, council):
    client.force_login(council)
    response = client.get(reverse("awards:type_detail", args=[award_type("GIA_DINH_VH").pk]))
    assert response.status_code == 200
    assert "chưa xác định" in response.content.decode()
    assert response.context["can_manage"] is False


@pytest.mark.parametrize("n", [1, 3])
def test_type_list_query_count_is_fixed(client, board, django_assert_num_queries, n):
    for i in range(n):
        AwardType.objects.create(code=f"X{i}", name=f"Loại {i}", kind="form", level="grassroots")
    client.force_login(board)
    client.get(reverse("awards:type_list"))  # warm-up (caches)
    with django_assert_num_queries(5):
        assert client.get(reverse("awards:type_list")).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_type_detail_query_count_is_fixed(client, board, django_assert_num_queries, n):
    t = AwardType.objects.create(code="X", name="Loại X", kind="form", level="grassroots", for_individuals=True)
    for i in range(n):
        RewardCoefficient.objects.create(award_type=t, recipient_kind="individual", coefficient=1,
                                         valid_from=D(2000 + 2 * i, 1, 1), valid_to=D(2001 + 2 * i, 1, 1))
        RuleParameter.objects.create(award_type=t, key="initiatives", value=i, valid_from=D(2000 + 2 * i, 1, 1),
                                     valid_to=D(2001 + 2 * i, 1, 1))
        QuotaSetting.objects.create(award_type=t, max_percent=10, valid_from=D(2000 + 2 * i, 1, 1),
                                    valid_to=D(2001 + 2 * i, 1, 1))
    client.force_login(board)
    client.get(reverse("awards:type_detail", args=[t.pk]))  # warm-up (caches)
    with django_assert_num_queries(9):
        assert client.get(reverse("awards:type_detail", args=[t.pk])).status_code == 200


# Coefficients and parameters ---------------------------------------------------------------------


def test_new_coefficient_closes_the_one_in_force_and_an_overlap_is_refused(client, board):
    t = award_type("LDTT")
    client.force_login(board)
    current = RewardCoefficient.objects.get(award_type=t, recipient_kind="individual", valid_from=D(2025, 7, 1))
    overlap = {"recipient_kind": "individual", "coefficient": "0.4", "valid_from": "01/01/2025",
               "valid_to": "31/12/2026", "legal_basis": "NĐ mới"}
    response = client.post(reverse("awards:coefficient_create", args=[t.pk]), overlap)
    assert response.status_code == 200
    assert "Đã có một mức khác đang có hiệu lực trong thời gian này (từ 01/01/2024)" in response.content.decode()
    new = {"recipient_kind": "individual", "coefficient": "0.4", "valid_from": "01/01/2027", "legal_basis": "NĐ mới"}
    assert client.post(reverse("awards:coefficient_create", args=[t.pk]), new).status_code == 302
    current.refresh_from_db()
    assert current.valid_to == D(2026, 12, 31)
    assert [a for a in ActivityLog.objects.order_by("pk").values_list("action", flat=True)] == [
        "awards.rewardcoefficient.created", "awards.rewardcoefficient.updated"]


def test_coefficient_unknown_figure_can_be_filled_in(client, board):
    row = RewardCoefficient.objects.get(award_type=award_type("GIA_DINH_VH"), recipient_kind="household",
                                        valid_from=D(2025, 7, 1))
    client.force_login(board)
    response = client.post(reverse("awards:coefficient_edit", args=[row.pk]),
                           {"recipient_kind": "household", "coefficient": "0.1", "valid_from": "01/07/2025",
                            "legal_basis": "NĐ 152/2025/NĐ-CP"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (str(row.coefficient), row.to_confirm) == ("0.10", False)  # checked: the board unticks "to confirm"
    diff = ActivityLog.objects.get(action="awards.rewardcoefficient.updated").data["diff"]
    assert (diff["coefficient"], diff["to_confirm"]) == ([None, "0.1"], [True, False])


def test_coefficient_pages_council_403(client, council):
    client.force_login(council)
    t = award_type("LDTT")
    assert client.get(reverse("awards:coefficient_create", args=[t.pk])).status_code == 403
    row = t.coefficients.first()
    assert client.get(reverse("awards:coefficient_edit", args=[row.pk])).status_code == 403


def test_parameter_create_and_edit_are_logged(client, board):
    t = award_type("CSTDCS")
    client.force_login(board)
    response = client.post(reverse("awards:parameter_create", args=[t.pk]),
                           {"key": "initiatives", "value": "1", "valid_from": "01/10/2026",
                            "legal_basis": "Luật sửa đổi"})
    assert response.status_code == 302
    row = RuleParameter.objects.get(award_type=t)
    response = client.post(reverse("awards:parameter_edit", args=[row.pk]),
                           {"key": "initiatives", "value": "2", "valid_from": "01/10/2026", "legal_basis": "x"})
    assert response.status_code == 302
    assert list(ActivityLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "awards.ruleparameter.created", "awards.ruleparameter.updated"]


def test_dated_row_with_end_before_start_is_refused(board):
    with pytest.raises(DomainError):
        services.save_parameter(None, board, award_type=award_type("CSTDCS"), key="initiatives", value=1,
                                valid_from=D(2026, 1, 1), valid_to=D(2025, 1, 1), legal_basis="")


# Base salary and quotas --------------------------------------------------------------------------


def test_base_salary_board_adds_a_new_figure(client, board):
    client.force_login(board)
    new = {"amount": "2530000", "valid_from": "01/07/2026", "legal_basis": "NĐ 161/2026"}
    assert client.post(reverse("awards:salary_create"), new).status_code == 302  # the 2024 row closes
    assert (base_salary_on(D(2026, 6, 30)), base_salary_on(D(2026, 7, 1))) == (2_340_000, 2_530_000)
    assert ActivityLog.objects.filter(action="awards.basesalary.created").count() == 1


@pytest.mark.parametrize("who", ["council", "clerk"])
def test_base_salary_read_only_roles(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("awards:salary_list")).status_code == 200
    assert client.get(reverse("awards:salary_create")).status_code == 403
    row = BaseSalary.objects.first()
    assert client.post(reverse("awards:salary_edit", args=[row.pk]), {"amount": "1"}).status_code == 403


def test_base_salary_service_refuses_a_clerk(clerk):
    with pytest.raises(DomainError):
        services.save_base_salary(None, clerk, amount=1, valid_from=D(2030, 1, 1))
    assert not ActivityLog.objects.exists()


def test_quota_create_by_board(client, board):
    client.force_login(board)
    response = client.post(reverse("awards:quota_create"),
                           {"award_type": award_type("CSTDCS").pk, "relative_to": award_type("LDTT").pk,
                            "max_percent": "15", "valid_from": "01/01/2024", "legal_basis": "QĐ của tỉnh"})
    assert response.status_code == 302
    assert QuotaSetting.objects.get().max_percent == 15
    assert ActivityLog.objects.filter(action="awards.quotasetting.created").count() == 1
    assert client.get(reverse("awards:quota_list")).status_code == 200


def test_quota_create_council_403(client, council):
    client.force_login(council)
    assert client.get(reverse("awards:quota_create")).status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_quota_list_query_count_is_fixed(client, board, django_assert_num_queries, n):
    for i in range(n):
        QuotaSetting.objects.create(award_type=award_type("CSTDCS"), relative_to=award_type("LDTT"), max_percent=15,
                                    valid_from=D(2000 + 2 * i, 1, 1), valid_to=D(2001 + 2 * i, 1, 1))
    client.force_login(board)
    client.get(reverse("awards:quota_list"))  # warm-up (caches)
    with django_assert_num_queries(5):
        assert client.get(reverse("awards:quota_list")).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_salary_list_query_count_is_fixed(client, board, django_assert_num_queries, n):
    BaseSalary.objects.all().delete()
    for i in range(n):
        BaseSalary.objects.create(amount=1_000_000 + i, valid_from=D(2000 + 2 * i, 1, 1),
                                  valid_to=D(2001 + 2 * i, 1, 1))
    client.force_login(board)
    client.get(reverse("awards:salary_list"))  # warm-up (caches)
    with django_assert_num_queries(5):
        assert client.get(reverse("awards:salary_list")).status_code == 200
