"""Issue 14 (lawmoney part): who may confer what, reward money complete, the council ballot, catalogue additions.

Expected amounts are computed here from the law's own figures (coefficient × base salary, rounded up to the next
10,000 VND), written below as the decrees give them, not read from the app's tables.
"""

import datetime
import math
from decimal import Decimal

import pytest
from django.urls import reverse

from awards import services
from awards.calendar import add_working_days, quorum_percent, vote_threshold
from awards.eligibility import check_conferral_power, conferral_refusal, resolve_authority
from awards.enums import DocumentKind, ItemOutcome, NominationState, RecipientKind, VoteOutcome
from awards.models import (
    Award,
    AwardType,
    BaseSalary,
    ConferralPower,
    ConferringAuthority,
    Decision,
    NominationItem,
    PublicHoliday,
    RewardCoefficient,
)
from awards.money import ceiling_amount, item_amount
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.awards.nomination_factories import *  # noqa: F403
from tests.awards.nomination_factories import AwardTypeFactory, advance, build, decide, pdf
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def authority(code):
    return ConferringAuthority.objects.get(code=code)


def award_type(code):
    return AwardType.objects.get(code=code)


# Who may confer what ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["BK_TINH", "CO_TINH", "CSTD_TINH", "TTLDXS", "KNC_TINH"])
@pytest.mark.parametrize("on", [D(2023, 12, 31), D(2024, 1, 1), D(2025, 6, 30), D(2025, 7, 1)])
def test_province_chair_confers_provincial_awards(code, on):
    check_conferral_power(authority("CT_UBND_TINH"), award_type(code), on)  # no exception


@pytest.mark.parametrize("on", [D(2023, 12, 31), D(2024, 1, 1), D(2025, 6, 30), D(2025, 7, 1)])
def test_province_chair_may_not_confer_the_labour_order(on):
    with pytest.raises(DomainError) as refused:
        check_conferral_power(authority("CT_UBND_TINH"), award_type("HCLD_3"), on)
    assert "Chủ tịch UBND tỉnh không có thẩm quyền tặng “Huân chương Lao động hạng Ba”" in refused.value.message
    assert "Chủ tịch nước" in refused.value.message and "Điều 77" in refused.value.message


@pytest.mark.parametrize("code, authority_code", [("HCLD_1", "CT_NUOC"), ("CSTD_TQ", "THU_TUONG"),
                                                  ("BK_TTG", "THU_TUONG"), ("CO_CP", "THU_TUONG")])
def test_central_authorities_confer_central_awards(code, authority_code):
    check_conferral_power(authority(authority_code), award_type(code), D(2025, 9, 1))


def test_commune_chair_powers_widen_on_1_july_2025():
    chair = authority("CT_UBND_XA")
    for code in ("CSTDCS", "TTLDTT"):
        with pytest.raises(DomainError) as refused:
            check_conferral_power(chair, award_type(code), D(2025, 6, 30))
        assert "Chủ tịch UBND cấp xã không có thẩm quyền" in refused.value.message
        check_conferral_power(chair, award_type(code), D(2025, 7, 1))
    with pytest.raises(DomainError) as refused:  # the district chair's until 30/6/2025: not a province authority
        check_conferral_power(chair, award_type("THON_VH"), D(2025, 6, 30))
    assert "không cấp nào được tặng “Thôn, tổ dân phố văn hóa” vào ngày 30/06/2025" in refused.value.message
    check_conferral_power(chair, award_type("THON_VH"), D(2025, 7, 1))
    refusal = conferral_refusal(chair, award_type("CSTDCS"), D(2025, 6, 30))
    assert "Thủ trưởng cơ quan, đơn vị (Luật Thi đua, khen thưởng 06/2022/QH15, Điều 80.1)" in refusal
    power = ConferralPower.objects.get(authority=chair, award_type__code="CSTDCS")
    assert (power.valid_from, power.to_confirm) == (D(2025, 7, 1), False)
    assert "NĐ 129/2025" in power.legal_basis
    for code in ("LDTT", "GIAY_KHEN", "GIA_DINH_VH"):  # before and after
        check_conferral_power(chair, award_type(code), D(2025, 6, 30))
        check_conferral_power(chair, award_type(code), D(2025, 7, 1))


def test_powers_change_basis_on_1_january_2024():
    head = authority("THU_TRUONG")
    before = ConferralPower.objects.filter(authority=head, award_type__code="LDTT").in_force(D(2023, 12, 31)).get()
    after = ConferralPower.objects.filter(authority=head, award_type__code="LDTT").in_force(D(2024, 1, 1)).get()
    assert before.to_confirm is True and "2003" in before.legal_basis  # the old law: shipped to confirm
    assert after.to_confirm is False and after.legal_basis.endswith("Điều 80.1")


def test_decision_without_authority_is_refused_for_a_described_type():
    with pytest.raises(DomainError) as refused:
        check_conferral_power(None, award_type("BK_TINH"), D(2024, 5, 1))
    assert "không ghi cơ quan có thẩm quyền" in refused.value.message


def test_award_type_without_any_power_is_not_checked():
    assert conferral_refusal(authority("CT_UBND_XA"), AwardTypeFactory(), D(2024, 5, 1)) is None


@pytest.mark.parametrize("text, code", [("UBND tỉnh", "CT_UBND_TINH"), ("Chủ tịch UBND tỉnh", "CT_UBND_TINH"),
                                        ("Sở Nội vụ", "THU_TRUONG"), ("Chủ tịch UBND xã Tân Lập", "CT_UBND_XA"),
                                        ("Thủ tướng Chính phủ", "THU_TUONG"), ("Chủ tịch nước", "CT_NUOC")])
def test_free_text_authority_resolves(text, code):
    assert resolve_authority(text).code == code


def test_unknown_text_resolves_to_nothing():
    assert resolve_authority("Hội Nông dân") is None


def _hcld_at_council(clerk, unit, board, people):
    """A Huân chương Lao động hạng Ba nominee at the council, its 10 working days of posting behind it."""
    nomination = build(clerk, unit, award_type("HCLD_3"), people[:1])
    nomination = advance(nomination, clerk, board, NominationState.APPRAISING)
    item = nomination.items.get()
    services.set_item_outcome(item, board, ItemOutcome.ELIGIBLE)
    services.open_posting(nomination, board, start=D(2024, 10, 1))
    return services.send_to_council(nomination, board)


def test_province_decision_with_the_labour_order_is_refused(clerk, unit, board, base_salary, people):
    nomination = _hcld_at_council(clerk, unit, board, people)
    with pytest.raises(DomainError) as refused:
        decide(nomination, board)  # "UBND tỉnh": the province chair
    assert "Chủ tịch UBND tỉnh không có thẩm quyền tặng “Huân chương Lao động hạng Ba”" in refused.value.message
    assert "Điều 77" in refused.value.message
    assert NominationItem.objects.get().decision is None


def test_central_decision_with_the_labour_order_is_recorded(clerk, unit, board, base_salary, people):
    nomination = _hcld_at_council(clerk, unit, board, people)
    decision = services.create_decision(board, "123/QĐ-CTN", D(2024, 12, 20), "A", "Chủ tịch nước", "",
                                        items=list(nomination.items.all()), signed_file=pdf(),
                                        issuer=authority("CT_NUOC"))
    assert (decision.authority, decision.issuer.code) == ("Chủ tịch nước", "CT_NUOC")
    services.issue_decision(decision, board)
    assert Award.objects.get().amount == 10_530_000  # 4,5 × 2.340.000


def test_changing_the_issuer_rechecks_the_items(clerk, unit, board, base_salary, people):
    nomination = advance(build(clerk, unit, award_type("KNC_TINH"), people[:1]), clerk, board,
                         NominationState.AT_COUNCIL)
    decision = decide(nomination, board)
    assert decision.issuer.code == "CT_UBND_TINH"
    with pytest.raises(DomainError):
        services.update_decision(decision, board, issuer=authority("CT_UBND_XA"))
    decision.refresh_from_db()
    assert decision.issuer.code == "CT_UBND_TINH"


def test_issue_rechecks_the_power_on_the_decision_date(clerk, unit, board, base_salary, people):
    nomination = advance(build(clerk, unit, award_type("GIAY_KHEN"), people[:1]), clerk, board,
                         NominationState.AT_COUNCIL)
    decision = services.create_decision(board, "5/QĐ-UBND", D(2025, 7, 1), "A", "Chủ tịch", "UBND xã Tân Lập",
                                        items=list(nomination.items.all()), signed_file=pdf())
    Decision.objects.filter(pk=decision.pk).update(issuer=authority("CT_UBND_TINH"))  # edited behind the service
    with pytest.raises(DomainError) as refused:
        services.issue_decision(Decision.objects.get(pk=decision.pk), board)
    assert "Điều 75.1" in refused.value.message


# Reward money ---------------------------------------------------------------------------------------------

# The law's figures, written here as the sources give them (shared/docs/domain.md and issue 14).
BASE_SALARY = [  # (from, VND per month): NĐ 47/2017, 72/2018, 38/2019, 24/2023, 73/2024
    (D(2017, 7, 1), 1_300_000), (D(2018, 7, 1), 1_390_000), (D(2019, 7, 1), 1_490_000),
    (D(2023, 7, 1), 1_800_000), (D(2024, 7, 1), 2_340_000)]
ND91 = {"LDTT": "0.3", "CSTDCS": "1.0", "TTLDTT": "0.8", "BK_TINH": "1.0", "GIAY_KHEN": "0.3"}  # until 31/12/2023
ND98 = {"LDTT": "0.3", "CSTDCS": "1.0", "TTLDTT": "0.8", "BK_TINH": "1.0", "GIAY_KHEN": "0.3"}  # to 30/6/2025
ND152 = {"LDTT": "0.3", "CSTDCS": "1.0", "TTLDTT": "0.8", "BK_TINH": "1.5", "GIAY_KHEN": "0.3"}  # from 1/7/2025
COLLECTIVE_FACTOR = 2  # Bằng khen, Giấy khen: collective twice the individual (NĐ 91; NĐ 152 Điều 51.2 default)
COLLECTIVE_TITLES = {"TTLDTT"}  # a collective title: its coefficient is the collective's own


def law_amount(code, kind, on):
    base = [amount for start, amount in BASE_SALARY if start <= on][-1]
    table = ND91 if on <= D(2023, 12, 31) else ND98 if on <= D(2025, 6, 30) else ND152
    coefficient = Decimal(table[code])
    if kind == "collective" and code not in COLLECTIVE_TITLES:
        coefficient *= COLLECTIVE_FACTOR
    return math.ceil(coefficient * base / 10_000) * 10_000


DATES = [D(2023, 6, 30), D(2023, 7, 1), D(2023, 12, 31), D(2024, 1, 1), D(2024, 7, 1), D(2025, 7, 1)]
AWARDS = [("LDTT", "individual", "THU_TRUONG"), ("CSTDCS", "individual", "THU_TRUONG"),
          ("TTLDTT", "collective", "THU_TRUONG"), ("BK_TINH", "individual", "CT_UBND_TINH"),
          ("BK_TINH", "collective", "CT_UBND_TINH"), ("GIAY_KHEN", "individual", "THU_TRUONG"),
          ("GIAY_KHEN", "collective", "THU_TRUONG")]


@pytest.mark.parametrize("on", DATES, ids=[d.isoformat() for d in DATES])
@pytest.mark.parametrize("code, kind, issuer", AWARDS, ids=[f"{c}-{k}" for c, k, _i in AWARDS])
def test_decision_carries_the_amount_the_law_gave_that_day(code, kind, issuer, on):
    decision = Decision(number="1/QĐ", date=on, signer="A", signer_title="B", authority=issuer,
                        issuer=authority(issuer))
    item = NominationItem(award_type=award_type(code), recipient_kind=kind)
    check_conferral_power(decision.issuer, item.award_type, on)
    assert item_amount(item, decision) == (law_amount(code, kind, on), "")


def test_law_amount_table_pins_known_figures():
    """The arithmetic of the table above against figures published in domain.md section 3."""
    assert law_amount("LDTT", "individual", D(2024, 7, 1)) == 710_000
    assert law_amount("TTLDTT", "collective", D(2024, 7, 1)) == 1_880_000
    assert law_amount("BK_TINH", "individual", D(2025, 7, 1)) == 3_510_000


def test_decision_issued_on_each_side_of_1_july_2025_for_the_commune_giay_khen(clerk, unit, board, base_salary,
                                                                               people):
    """NĐ 98 paid the commune chair's Giấy khen 0,15; NĐ 152 Điều 54.1.e doubled it to 0,3."""
    amounts = []
    for number, on, person in (("1/QĐ-UBND", D(2025, 6, 30), people[0]), ("2/QĐ-UBND", D(2025, 7, 1), people[1])):
        nomination = advance(build(clerk, unit, award_type("GIAY_KHEN"), [person]), clerk, board,
                             NominationState.AT_COUNCIL)
        decision = services.create_decision(board, number, on, "A", "Chủ tịch", "UBND xã Tân Lập",
                                            items=list(nomination.items.all()), signed_file=pdf())
        services.issue_decision(decision, board)
        amounts.append(Award.objects.get(person=person).amount)
    assert amounts == [math.ceil(Decimal("0.15") * 2_340_000 / 10_000) * 10_000,
                       math.ceil(Decimal("0.3") * 2_340_000 / 10_000) * 10_000]


def test_decision_issued_on_each_side_of_1_january_2024(clerk, unit, board, people):
    """NĐ 91 until 31/12/2023, NĐ 98 from 1/1/2024: Bằng khen tỉnh for a collective, 2 × 1,0 × 1.800.000."""
    amounts = []
    for number, on, collective in (("1/QĐ-UBND", D(2023, 12, 31), unit), ("2/QĐ-UBND", D(2024, 1, 1), None)):
        collective = collective or UnitFactory(parent=unit)
        nomination = services.create_nomination(clerk, unit, 2023, "Bằng khen")
        services.add_items(nomination, clerk, award_type("BK_TINH"), units=[collective])
        services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
        nomination = advance(nomination, clerk, board, NominationState.AT_COUNCIL)
        decision = services.create_decision(board, number, on, "A", "Chủ tịch", "UBND tỉnh",
                                            items=list(nomination.items.all()), signed_file=pdf())
        services.issue_decision(decision, board)
        amounts.append(Award.objects.get(unit=collective, recipient_kind=RecipientKind.COLLECTIVE).amount)
    assert amounts == [3_600_000, 3_600_000]
    assert RewardCoefficient.objects.get(award_type__code="BK_TINH", recipient_kind="collective",
                                         valid_from=D(2024, 1, 1)).legal_basis.startswith("NĐ 98/2023")


def test_no_amount_says_why(clerk, unit, board, base_salary):
    household = award_type("GIA_DINH_VH")
    decision = Decision(number="1", date=D(2025, 9, 1), authority="x", issuer=authority("CT_UBND_XA"))
    amount, reason = item_amount(NominationItem(award_type=household, recipient_kind="household"), decision)
    assert amount is None
    assert reason.startswith("Chưa xác định")


def test_base_salary_after_2024_is_not_shipped_as_fact():
    assert BaseSalary.current(D(2026, 7, 1)).amount == 2_340_000
    assert not BaseSalary.objects.filter(amount=2_530_000).exists()


# Kỷ niệm chương: the giver enters the amount, up to the ceiling -----------------------------------------


@pytest.fixture
def knc_decision(clerk, unit, board, base_salary, people):
    nomination = advance(build(clerk, unit, award_type("KNC_TINH"), people[:1]), clerk, board,
                         NominationState.AT_COUNCIL)
    return decide(nomination, board, date=D(2025, 9, 1))


def test_commemorative_medal_amount_is_entered_up_to_the_ceiling(knc_decision, board):
    item = knc_decision.items.get()
    ceiling = math.ceil(Decimal("0.6") * 2_340_000 / 10_000) * 10_000
    assert ceiling_amount(item.award_type, "individual", knc_decision.date) == ceiling
    with pytest.raises(DomainError) as refused:
        services.set_item_amount(item, board, ceiling + 10_000)
    assert "1.410.000" in refused.value.message
    with pytest.raises(DomainError):
        services.issue_decision(knc_decision, board)  # nothing entered yet
    services.set_item_amount(item, board, 1_000_000)
    assert ActivityLog.objects.filter(action="awards.nomination_item.amount_entered").count() == 1
    services.issue_decision(knc_decision, board)
    assert Award.objects.get().amount == 1_000_000


def test_fixed_amount_cannot_be_entered(clerk, unit, board, base_salary, people):
    nomination = advance(build(clerk, unit, award_type("GIAY_KHEN"), people[:1]), clerk, board,
                         NominationState.AT_COUNCIL)
    decision = services.create_decision(board, "7/QĐ-SNV", D(2025, 9, 1), "A", "Giám đốc", "Sở Nội vụ",
                                        items=list(nomination.items.all()))
    item = decision.items.get()
    with pytest.raises(DomainError):
        services.set_item_amount(item, board, 100_000)


def test_only_the_board_enters_an_amount(knc_decision, clerk):
    with pytest.raises(DomainError):
        services.set_item_amount(knc_decision.items.get(), clerk, 100_000)


# Council ballot -------------------------------------------------------------------------------------------


@pytest.fixture
def flag_at_council(clerk, unit, board, flag):
    nomination = services.create_nomination(clerk, unit, 2024, "Cờ")
    services.add_items(nomination, clerk, flag, units=[unit, UnitFactory(parent=unit)])
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    return advance(nomination, clerk, board, NominationState.AT_COUNCIL)


def test_ballot_counts_on_the_whole_membership(flag_at_council, board):
    first, second = flag_at_council.items.order_by("pk")
    meeting = services.create_council_meeting(board, D(2024, 12, 10), 20, 15)
    item = services.record_vote(first, board, meeting, 15)  # every member present votes for: 75 % of 20
    assert (item.vote_passed, item.vote_outcome, item.votes_total) == (False, VoteOutcome.FAILED, 15)
    meeting = services.create_council_meeting(board, D(2024, 12, 11), 20, 18)
    item = services.record_vote(second, board, meeting, 18)  # 90 % of 20
    assert (item.vote_passed, item.vote_outcome) == (True, VoteOutcome.PASSED)


def test_ballot_without_quorum_is_refused(flag_at_council, board):
    meeting = services.create_council_meeting(board, D(2024, 12, 10), 12, 7)  # 58 % present, 2/3 needed
    with pytest.raises(DomainError) as refused:
        services.record_vote(flag_at_council.items.first(), board, meeting, 7)
    assert "không đủ số thành viên" in refused.value.message
    assert quorum_percent(D(2024, 12, 10)) == Decimal("66.67")


def test_more_voters_than_present_is_refused(flag_at_council, board):
    meeting = services.create_council_meeting(board, D(2024, 12, 10), 10, 8)
    with pytest.raises(DomainError):
        services.record_vote(flag_at_council.items.first(), board, meeting, 9, 9)


def test_deferred_item_is_logged_and_cannot_be_decided(flag_at_council, board):
    item = flag_at_council.items.first()
    meeting = services.create_council_meeting(board, D(2024, 12, 10), 10, 10)
    item = services.record_vote(item, board, meeting, 0, deferred=True)
    assert (item.vote_outcome, item.vote_passed) == (VoteOutcome.DEFERRED, None)
    assert ActivityLog.objects.filter(action="awards.nomination_item.vote_deferred").count() == 1
    with pytest.raises(DomainError):
        services.create_decision(board, "3/QĐ", D(2024, 12, 20), "A", "Chủ tịch", "UBND tỉnh", items=[item])
    later = services.create_council_meeting(board, D(2025, 1, 10), 10, 10)
    assert services.record_vote(item, board, later, 10).vote_outcome == VoteOutcome.PASSED


def test_ballot_is_for_the_board_only(flag_at_council, clerk, board):
    meeting = services.create_council_meeting(board, D(2024, 12, 10), 10, 10)
    with pytest.raises(DomainError):
        services.record_vote(flag_at_council.items.first(), clerk, meeting, 10)


@pytest.mark.parametrize("on, basis_start, to_confirm", [(D(2023, 12, 31), "NĐ 91/2017", False),
                                                         (D(2024, 1, 1), "Luật 06/2022", True)])
def test_threshold_is_dated_on_each_side_of_1_january_2024(on, basis_start, to_confirm):
    from awards.models import CouncilVoteThreshold  # noqa: PLC0415 only this test reads the rows

    row = CouncilVoteThreshold.current(on, award_type=None)
    assert (row.percent, row.legal_basis.startswith(basis_start), row.to_confirm) == (Decimal("90"), True,
                                                                                       to_confirm)
    assert vote_threshold(award_type("CSTD_TINH"), on) == Decimal("90")


def test_posting_counts_working_days_to_the_council_meeting(clerk, unit, board, flag):
    flag.requires_posting, flag.posting_working_days = True, 10
    flag.save()
    nomination = services.create_nomination(clerk, unit, 2023, "Cờ")
    services.add_items(nomination, clerk, flag, units=[unit])
    services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    nomination = advance(nomination, clerk, board, NominationState.APPRAISING)
    services.set_item_outcome(nomination.items.get(), board, ItemOutcome.ELIGIBLE)
    start = D(2024, 4, 22)  # Monday; 30/4 and 1/5 are holidays (shipped data)
    services.open_posting(nomination, board, start=start)
    nomination = services.send_to_council(nomination, board)
    assert add_working_days(start, 10) == D(2024, 5, 8)  # 6/5 without the two holidays
    early = services.create_council_meeting(board, D(2024, 5, 7), 10, 10)
    with pytest.raises(DomainError) as refused:
        services.record_vote(nomination.items.get(), board, early, 10)
    assert "08/05/2024" in refused.value.message and "Điều 46.2" in refused.value.message
    on_time = services.create_council_meeting(board, D(2024, 5, 8), 10, 10)
    assert services.record_vote(nomination.items.get(), board, on_time, 10).vote_passed is True


def test_public_holidays_ship_for_2017_to_2027():
    for year in range(2017, 2028):
        days = set(PublicHoliday.objects.filter(date__year=year).values_list("date", flat=True))
        assert {D(year, 1, 1), D(year, 4, 30), D(year, 5, 1), D(year, 9, 2)} <= days
        assert PublicHoliday.objects.filter(date__year=year, name__startswith="Tết Nguyên đán").count() == 5
        assert PublicHoliday.objects.filter(date__year=year, name__startswith="Giỗ Tổ").count() == 1
    assert PublicHoliday.objects.get(date=D(2024, 2, 10)).name == "Tết Nguyên đán (mùng 1)"
    assert PublicHoliday.objects.get(date=D(2025, 4, 7)).name.startswith("Giỗ Tổ Hùng Vương")


# Catalogue additions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("code, kind, figure", [("THON_VH", "collective", Decimal("1.5")),
                                                ("XA_TIEU_BIEU", "collective", Decimal("2.0")),
                                                ("KNC_TINH", "individual", Decimal("0.6"))])
@pytest.mark.parametrize("on", [D(2025, 6, 30), D(2025, 7, 1)])
def test_new_catalogue_entries_have_their_coefficients(code, kind, figure, on):
    row = RewardCoefficient.current(on, award_type=award_type(code), recipient_kind=kind, authority=None)
    assert row.coefficient == figure
    assert row.is_ceiling is (code == "KNC_TINH")


def test_cultural_family_is_a_household_title():
    family = award_type("GIA_DINH_VH")
    assert (family.for_households, family.for_individuals, family.for_collectives) == (True, False, False)


# Views ----------------------------------------------------------------------------------------------------


def test_settings_page_shows_the_salary_in_force_and_what_is_to_confirm(client, board):
    client.force_login(board)
    response = client.get(reverse("awards:nomination_settings"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "2.340.000" in body and "01/07/2024" in body and "NĐ 73/2024/NĐ-CP" in body
    assert "Cần xác nhận" in body and "cần xác nhận" in body
    assert "Thẩm quyền khen thưởng" in body


def test_settings_page_is_the_boards(client, clerk, council):
    for user in (clerk, council):
        client.force_login(user)
        assert client.get(reverse("awards:nomination_settings")).status_code == 403


def test_new_base_salary_is_one_form_and_logged(client, board):
    client.force_login(board)
    response = client.post(reverse("awards:nomination_settings"), {
        "kind": "salary", "salary-amount": "2530000", "salary-valid_from": "01/07/2026",
        "salary-legal_basis": "Nghị định (số hiệu chưa rõ)", "salary-to_confirm": "on"})
    assert response.status_code == 302
    assert BaseSalary.current(D(2026, 7, 1)).amount == 2_530_000
    assert BaseSalary.current(D(2026, 6, 30)).amount == 2_340_000
    assert ActivityLog.objects.filter(action="awards.basesalary.created").count() == 1
    assert ActivityLog.objects.filter(action="awards.basesalary.updated").count() == 1  # the closed row


def test_amount_entry_view(client, board, knc_decision):
    client.force_login(board)
    url = reverse("awards:decision_item_amount", args=[knc_decision.pk, knc_decision.items.get().pk])
    assert client.post(url, {"amount": "1.200.000"}).status_code == 302
    assert knc_decision.items.get().amount_entered == 1_200_000
    detail = client.get(knc_decision.get_absolute_url()).content.decode()
    assert "1.200.000" in detail


def test_amount_entry_view_outsider_and_read_only(client, other_clerk, council, knc_decision):
    url = reverse("awards:decision_item_amount", args=[knc_decision.pk, knc_decision.items.get().pk])
    client.force_login(other_clerk)
    assert client.post(url, {"amount": "100000"}).status_code == 404
    client.force_login(council)
    assert client.post(url, {"amount": "100000"}).status_code == 403
    assert knc_decision.items.get().amount_entered is None


@pytest.mark.parametrize("n", [1, 3])
def test_draft_decision_detail_query_count(client, clerk, unit, board, base_salary, django_assert_num_queries, n):
    people = [PersonFactory(unit=unit, full_name=f"Người {i}") for i in range(n)]
    nomination = advance(build(clerk, unit, award_type("KNC_TINH"), people), clerk, board, NominationState.AT_COUNCIL)
    decision = decide(nomination, board, date=D(2025, 9, 1))
    client.force_login(board)
    with django_assert_num_queries(13):
        response = client.get(decision.get_absolute_url())
    assert response.content.decode().count("decision_item_amount") == 0  # names are urls, not the route name
    assert response.content.decode().count("/amount/") == n


def test_vote_view_defers(client, board, flag_at_council):
    meeting = services.create_council_meeting(board, D(2024, 12, 10), 10, 10)
    item = flag_at_council.items.first()
    client.force_login(board)
    client.post(reverse("awards:nomination_vote", args=[item.pk]), {"meeting": meeting.pk, "deferred": "on"})
    item.refresh_from_db()
    assert item.vote_outcome == VoteOutcome.DEFERRED
