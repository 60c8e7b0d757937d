"""Revocation (Law chapter VII): the decision that revokes, the money and items to recover, and what a revoked
award no longer counts for."""
# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)

import datetime

import pytest
from django.urls import reverse

from awards import demo, services
from awards.eligibility import check
from awards.enums import InitiativeLevel, NominationState
from awards.models import Award, AwardRevocation, UpwardSubmission
from awards.selectors import award_counts_by_year
from emulation import demo as core_demo
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.awards.nomination_factories import advance, base_salary, build, decide, ldtt, pdf, people  # noqa: F401
from tests.awards.register_factories import EXCELLENT, award_type, give, initiative, rate
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REVOKE = {"decision_number": "35/QĐ-UBND", "decision_date": datetime.date(2025, 6, 15),
          "authority": "Ủy ban nhân dân tỉnh"}


@pytest.fixture
def person(unit):
    return PersonFactory(unit=unit, full_name="Trần Thị Hoa")


def test_revocation_needs_its_decision(board, person):
    award = give("LDTT", person, 2023, amount=710_000)
    with pytest.raises(DomainError) as exc:
        services.revoke_award(award, board, "Kê khai không trung thực")
    assert "Chương VII Luật TĐKT" in exc.value.message
    with pytest.raises(DomainError) as exc:
        services.revoke_award(award, board, "Kê khai không trung thực", decision_number="35/QĐ-UBND",
                              decision_date=datetime.date(2025, 6, 15))
    assert exc.value.message == "Nhập cấp ra quyết định hủy bỏ."
    award.refresh_from_db()
    assert award.revoked is False


def test_revocation_records_what_to_recover_and_is_logged(board, person):
    award = give("LDTT", person, 2023, amount=710_000)
    services.revoke_award(award, board, "Kê khai không trung thực", items_to_recover="Giấy chứng nhận", **REVOKE)
    award.refresh_from_db()
    record = award.revocation
    assert (award.revoked, record.decision_number, record.amount_to_recover, record.items_to_recover,
            record.money_outstanding) == (True, "35/QĐ-UBND", 710_000, "Giấy chứng nhận", True)
    entry = ActivityLog.objects.get(action="awards.award.revoked")
    assert (entry.data["decision"], entry.data["amount_to_recover"]) == ("35/QĐ-UBND", 710_000)
    with pytest.raises(DomainError):
        services.revoke_award(award, board, "lần hai", **REVOKE)


def test_recovery_recorded_with_dates(board, person):
    award = give("LDTT", person, 2023, amount=710_000)
    services.revoke_award(award, board, "Kê khai không trung thực", items_to_recover="Giấy chứng nhận", **REVOKE)
    with pytest.raises(DomainError) as exc:
        services.record_recovery(award, board, money_recovered_on=datetime.date(2025, 6, 1))
    assert exc.value.message == "Ngày thu hồi không thể trước quyết định hủy bỏ (15/06/2025)."
    services.record_recovery(award, board, money_recovered_on=datetime.date(2025, 7, 1))
    services.record_recovery(award, board, items_recovered_on=datetime.date(2025, 7, 3))
    record = AwardRevocation.objects.get()
    assert (record.money_recovered_on, record.items_recovered_on, record.money_outstanding,
            record.items_outstanding) == (datetime.date(2025, 7, 1), datetime.date(2025, 7, 3), False, False)
    assert ActivityLog.objects.filter(action="awards.award.recovered").count() == 2


def test_clerk_may_not_revoke(clerk, person):
    award = give("LDTT", person, 2023)
    with pytest.raises(DomainError):
        services.revoke_award(award, clerk, "lý do", **REVOKE)


def test_revoked_award_leaves_counts_and_eligibility(board, person):
    for year in (2023, 2024):
        rate(person, year, EXCELLENT)
    first, second = give("CSTDCS", person, 2023), give("CSTDCS", person, 2024)
    assert check(award_type("BK_TINH"), person, 2024).eligible is True
    services.revoke_award(first, board, "Sáng kiến không đúng sự thật", **REVOKE)
    assert check(award_type("BK_TINH"), person, 2024).eligible is False
    counts = award_counts_by_year(Award.objects.filter(revoked=False))
    assert counts["total"] == 1
    assert second.pk in Award.objects.filter(revoked=False).values_list("pk", flat=True)


def test_revoked_award_frees_its_initiative(board, person):
    item = initiative(person, 2024, InitiativeLevel.GRASSROOTS)
    award = give("CSTDCS", person, 2024)
    award.initiatives.set([item])
    services.revoke_award(award, board, "Hủy", **REVOKE)
    rate(person, 2024, EXCELLENT)
    assert item.used_for_awards.filter(revoked=False).count() == 0
    assert list(item.used_for_awards.all()) == [award]  # the history stays


def test_register_history_and_lookup_show_revoked(client, board, person):
    award = give("LDTT", person, 2023, amount=710_000)
    services.revoke_award(award, board, "Kê khai không trung thực", **REVOKE)
    client.force_login(board)
    detail = client.get(award.get_absolute_url()).content.decode()
    assert "35/QĐ-UBND" in detail and "chưa thu hồi" in detail
    assert person.full_name not in client.get(reverse("awards:register")).content.decode()
    listed = client.get(reverse("awards:register") + "?include_revoked=on").content.decode()
    assert person.full_name in listed
    assert '<span class="badge text-bg-danger">đã hủy bỏ</span>' in listed
    history = client.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert "text-decoration-line-through" in history
    public = client.get(reverse("verify_award", args=[award.verify_token])).content.decode()
    assert "Đã bị hủy bỏ" in public


def test_statistics_never_count_revoked(client, board, person):
    give("LDTT", person, 2023)
    services.revoke_award(give("LDTT", PersonFactory(unit=person.unit), 2023), board, "Hủy", **REVOKE)
    client.force_login(board)
    response = client.get(reverse("awards:statistics") + "?include_revoked=on")
    assert response.context["counts"]["total"] == 1


def test_revoke_view(client, board, clerk, person):
    award = give("LDTT", person, 2023, amount=710_000)
    client.force_login(clerk)
    assert client.post(reverse("awards:award_revoke", args=[award.pk]), {"reason": "x", **REVOKE}).status_code == 403
    client.force_login(board)
    response = client.post(reverse("awards:award_revoke", args=[award.pk]), {
        "reason": "Kê khai không trung thực", "decision_number": "35/QĐ-UBND", "decision_date": "2025-06-15",
        "authority": "UBND tỉnh", "amount_to_recover": "", "items_to_recover": "Giấy chứng nhận"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.revoked and award.revocation.amount_to_recover == 710_000
    client.post(reverse("awards:award_recovery", args=[award.pk]), {"money_recovered_on": "2025-07-01"})
    award.revocation.refresh_from_db()
    assert award.revocation.money_recovered_on == datetime.date(2025, 7, 1)


def test_correction_decision_records_the_revocation(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    services.issue_decision(decide(nomination, board), board)
    award = Award.objects.get()
    original = award.nomination_item.decision
    correction = services.create_correction(original, board, "20/QĐ-UBND", datetime.date(2025, 2, 1), "Chủ tịch",
                                            "Chủ tịch", "UBND tỉnh")
    services.add_revocation(correction, board, award, "Hồ sơ không trung thực")
    services.update_decision(correction, board, signed_file=pdf("qd2.pdf"))
    services.issue_decision(correction, board)
    record = AwardRevocation.objects.get(award=award)
    assert (record.decision_number, record.authority, record.reason, record.amount_to_recover) == (
        "20/QĐ-UBND", "UBND tỉnh", "Hồ sơ không trung thực", award.amount)


def test_demo_shows_khen_cao_in_every_state_and_a_revoked_award():
    demo.load(core_demo.load())
    states = sorted(UpwardSubmission.objects.values_list("state", flat=True))
    assert states == ["decided", "draft", "refused", "returned", "sent"]
    decided = UpwardSubmission.objects.get(state="decided").items.get().award
    assert (decided.paid_by_conferring_level, decided.decision_authority) == (True, "Chủ tịch nước")
    revoked = AwardRevocation.objects.get()
    assert (revoked.award.revoked, revoked.money_recovered_on, revoked.items_recovered_on) == (
        True, datetime.date(2021, 7, 1), None)
