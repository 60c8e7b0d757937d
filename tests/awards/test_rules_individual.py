"""The rules for individuals, with the exact reasons (Vietnamese: the tests run with vi active)."""

import pytest

from awards.eligibility import check
from awards.enums import DisciplineKind, DisciplineMeasure, InitiativeLevel
from awards.models import RuleParameter
from tests.awards.register_factories import (
    COMPLETED,
    EXCELLENT,
    GOOD,
    D,
    award_type,
    discipline,
    give,
    initiative,
    rate,
    rate_years,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(unit):
    return PersonFactory(unit=unit, full_name="Trần Thị Hoa")


def verdict(code, recipient, year):
    return check(award_type(code), recipient, year)


# Lao động tiên tiến ----------------------------------------------------------------------------


@pytest.mark.parametrize("rating", [EXCELLENT, GOOD])
def test_ldtt_eligible_when_rated_well_or_better(person, rating):
    rate(person, 2024, rating)
    v = verdict("LDTT", person, 2024)
    assert (v.eligible, v.reasons) == (True, [])


def test_ldtt_refused_when_only_completed(person):
    rate(person, 2024, COMPLETED)
    v = verdict("LDTT", person, 2024)
    assert v.eligible is False
    assert v.reasons == ["Năm 2024 xếp loại “Hoàn thành nhiệm vụ”, cần từ “Hoàn thành tốt nhiệm vụ” trở lên"]


def test_ldtt_refused_without_appraisal(person):
    rate(person, 2023, GOOD)
    assert verdict("LDTT", person, 2024).reasons == ["Chưa có đánh giá, xếp loại năm 2024"]


def test_ldtt_refused_for_a_unit(unit):
    assert verdict("LDTT", unit, 2024).reasons == ["Lao động tiên tiến không xét tặng cho tập thể."]


def test_ldtt_refused_when_already_awarded_for_the_year(person):
    rate(person, 2024, GOOD)
    give("LDTT", person, 2024, decision_number="12/QĐ-STN")
    assert verdict("LDTT", person, 2024).reasons == [
        "Đã được tặng Lao động tiên tiến năm 2024 (Quyết định số 12/QĐ-STN)"]


def test_ldtt_revoked_award_does_not_count_as_given(person):
    rate(person, 2024, GOOD)
    give("LDTT", person, 2024, revoked=True)
    assert verdict("LDTT", person, 2024).eligible is True


# Discipline block ------------------------------------------------------------------------------


def test_discipline_in_the_year_blocks(person):
    rate(person, 2024, EXCELLENT)
    discipline(person, D(2024, 3, 1), D(2024, 12, 31), measure=DisciplineMeasure.REPRIMAND)
    assert verdict("LDTT", person, 2024).reasons == [
        "Bị kỷ luật (Khiển trách) từ 01/03/2024 đến 31/12/2024: không được đề nghị khen thưởng trong kỳ này"]


def test_open_investigation_blocks_later_years(person):
    rate(person, 2025, EXCELLENT)
    discipline(person, D(2024, 11, 5), kind=DisciplineKind.INVESTIGATION)
    assert verdict("CSTDCS", person, 2025).reasons == [
        "Đang bị điều tra từ 05/11/2024 (chưa kết thúc): không được đề nghị khen thưởng trong kỳ này"]


def test_discipline_ended_before_the_year_does_not_block(person):
    rate(person, 2024, GOOD)
    discipline(person, D(2022, 1, 1), D(2023, 12, 31))
    assert verdict("LDTT", person, 2024).eligible is True


def test_discipline_in_the_period_blocks_multi_year_titles(person):
    rate_years(person, [2022, 2023, 2024])
    for year in (2022, 2023, 2024):
        give("CSTDCS", person, year)
    initiative(person, 2023, InitiativeLevel.PROVINCIAL)
    discipline(person, D(2022, 2, 1), D(2022, 8, 1), kind=DisciplineKind.INSPECTION)
    assert verdict("CSTD_TINH", person, 2024).reasons == [
        "Đang bị thanh tra, kiểm tra từ 01/02/2022 đến 01/08/2022: không được đề nghị khen thưởng trong kỳ này"]


def test_discipline_of_another_person_does_not_block(person, unit):
    rate(person, 2024, GOOD)
    discipline(PersonFactory(unit=unit), D(2024, 1, 1))
    assert verdict("LDTT", person, 2024).eligible is True


# Chiến sĩ thi đua cơ sở ------------------------------------------------------------------------


def test_cstdcs_eligible_when_excellent(person):
    rate(person, 2024, EXCELLENT)
    v = verdict("CSTDCS", person, 2024)
    assert (v.eligible, v.reasons, v.evidence) == (True, [], {"appraisal": EXCELLENT})


def test_cstdcs_eligible_when_good_with_an_initiative(person):
    rate(person, 2024, GOOD)
    item = initiative(person, 2024)
    v = verdict("CSTDCS", person, 2024)
    assert (v.eligible, v.evidence) == (True, {"initiatives": [item.pk]})


def test_cstdcs_refused_when_good_without_initiative(person):
    rate(person, 2024, GOOD)
    initiative(person, 2023)  # outside the period
    assert verdict("CSTDCS", person, 2024).reasons == [
        "Năm 2024 không xếp loại “Hoàn thành xuất sắc nhiệm vụ” và chưa có sáng kiến được công nhận trong kỳ"]


def test_cstdcs_refused_when_the_initiative_was_used_already(person):
    rate(person, 2024, GOOD)
    item = initiative(person, 2024, title="Bản đồ số")
    give("BK_TINH", person, 2024).initiatives.add(item)
    assert verdict("CSTDCS", person, 2024).reasons == [
        "Năm 2024 không xếp loại “Hoàn thành xuất sắc nhiệm vụ” và chưa có sáng kiến được công nhận trong kỳ",
        "Sáng kiến “Bản đồ số” đã được dùng để xét Bằng khen của Chủ tịch UBND tỉnh năm 2024",
    ]


def test_cstdcs_refused_when_not_meeting_ldtt(person):
    rate(person, 2024, COMPLETED)
    initiative(person, 2024)
    assert verdict("CSTDCS", person, 2024).reasons == [
        "Năm 2024 xếp loại “Hoàn thành nhiệm vụ”, cần từ “Hoàn thành tốt nhiệm vụ” trở lên"]


# Chiến sĩ thi đua cấp tỉnh ---------------------------------------------------------------------


def test_cstd_tinh_eligible_with_three_cstdcs_and_a_provincial_initiative(person):
    awards = [give("CSTDCS", person, year) for year in (2022, 2023, 2024)]
    item = initiative(person, 2023, InitiativeLevel.PROVINCIAL)
    v = verdict("CSTD_TINH", person, 2024)
    assert (v.eligible, v.reasons) == (True, [])
    assert v.evidence == {"awards": [a.pk for a in awards], "initiatives": [item.pk]}


def test_cstd_tinh_names_the_missing_year(person):
    give("CSTDCS", person, 2023)
    give("CSTDCS", person, 2024)
    initiative(person, 2024, InitiativeLevel.PROVINCIAL)
    assert verdict("CSTD_TINH", person, 2024).reasons == [
        "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (có 2023, 2024; thiếu 2022)"]


def test_cstd_tinh_a_gap_breaks_the_run(person):
    give("CSTDCS", person, 2021)
    give("CSTDCS", person, 2022)
    give("CSTDCS", person, 2024)
    initiative(person, 2024, InitiativeLevel.NATIONAL)
    assert verdict("CSTD_TINH", person, 2024).reasons == [
        "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (có 2022, 2024; thiếu 2023)"]


def test_cstd_tinh_without_any_initiative(person):
    for year in (2022, 2023, 2024):
        give("CSTDCS", person, year)
    assert verdict("CSTD_TINH", person, 2024).reasons == ["Chưa có sáng kiến được công nhận trong kỳ"]


def test_cstd_tinh_grassroots_initiative_is_not_enough(person):
    for year in (2022, 2023, 2024):
        give("CSTDCS", person, year)
    initiative(person, 2023, title="Sổ tay số")
    assert verdict("CSTD_TINH", person, 2024).reasons == [
        "Sáng kiến “Sổ tay số” được công nhận ở cấp cơ sở; cần từ cấp tỉnh trở lên"]


def test_cstd_tinh_with_nothing(person):
    assert verdict("CSTD_TINH", person, 2024).reasons == [
        "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (chưa có năm nào; thiếu 2022, 2023, 2024)",
        "Chưa có sáng kiến được công nhận trong kỳ",
    ]


def test_cstd_tinh_reads_the_number_of_years_from_the_dated_parameter(person):
    RuleParameter.objects.filter(award_type=award_type("CSTD_TINH"), key="consecutive_years").update(value=2)
    give("CSTDCS", person, 2023)
    give("CSTDCS", person, 2024)
    initiative(person, 2024, InitiativeLevel.PROVINCIAL)
    assert verdict("CSTD_TINH", person, 2024).eligible is True


def test_cstd_tinh_before_the_first_parameter_row_uses_the_earliest_row(person):
    for year in (2017, 2018, 2019):
        give("CSTDCS", person, year)
    initiative(person, 2019, InitiativeLevel.PROVINCIAL)
    assert verdict("CSTD_TINH", person, 2019).eligible is True
    assert verdict("CSTD_TINH", person, 2020).reasons == [
        "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (có 2018, 2019; thiếu 2020)"]


# Chiến sĩ thi đua toàn quốc --------------------------------------------------------------------


def test_cstd_tq_eligible_after_two_consecutive_provincial_titles(person):
    give("CSTD_TINH", person, 2021)
    give("CSTD_TINH", person, 2024)
    for year in (2022, 2023, 2024):
        give("CSTDCS", person, year)
    initiative(person, 2023, InitiativeLevel.NATIONAL)
    v = verdict("CSTD_TQ", person, 2024)
    assert (v.eligible, v.reasons) == (True, [])


def test_cstd_tq_refused_with_one_provincial_title_and_a_provincial_initiative(person):
    give("CSTD_TINH", person, 2024)
    initiative(person, 2023, InitiativeLevel.PROVINCIAL, title="Cổng dịch vụ công")
    assert verdict("CSTD_TQ", person, 2024).reasons == [
        "Mới có 1 lần Chiến sĩ thi đua cấp tỉnh (2024); cần 2 lần liên tục (Điều 21)",
        "Sáng kiến “Cổng dịch vụ công” được công nhận ở cấp tỉnh; cần từ cấp toàn quốc trở lên",
    ]


# Bằng khen của Chủ tịch UBND tỉnh (Điều 74.1.d) ------------------------------------------------


def test_bk_tinh_eligible_with_two_consecutive_cstdcs(person):
    a, b = give("CSTDCS", person, 2023), give("CSTDCS", person, 2024)
    v = verdict("BK_TINH", person, 2024)
    assert (v.eligible, v.evidence) == (True, {"awards": [a.pk, b.pk]})


def test_bk_tinh_eligible_with_two_excellent_years_and_two_initiatives(person):
    rate_years(person, [2023, 2024])
    items = [initiative(person, 2023), initiative(person, 2024)]
    v = verdict("BK_TINH", person, 2024)
    assert (v.eligible, v.evidence) == (True, {"initiatives": [i.pk for i in items]})


def test_bk_tinh_an_initiative_used_for_cstdcs_does_not_count_again(person):
    rate_years(person, [2023, 2024])
    first = initiative(person, 2023, title="Một cửa số")
    initiative(person, 2024)
    give("CSTDCS", person, 2023).initiatives.add(first)
    v = verdict("BK_TINH", person, 2024)
    assert v.eligible is False
    assert v.reasons == [
        "Chưa đủ 2 năm liên tục đạt Chiến sĩ thi đua cơ sở (có 2023; thiếu 2024)",
        "Mới có 1/2 sáng kiến được công nhận trong kỳ 2023–2024",
        "Sáng kiến “Một cửa số” đã được dùng để xét Chiến sĩ thi đua cơ sở năm 2023",
    ]
    assert len(v.warnings) == 1 and v.warnings[0].startswith("Các điểm a–c khoản 1 Điều 74")


def test_bk_tinh_refused_names_both_routes(person):
    rate(person, 2024, EXCELLENT)
    rate(person, 2023, GOOD)
    assert verdict("BK_TINH", person, 2024).reasons == [
        "Chưa đủ 2 năm liên tục đạt Chiến sĩ thi đua cơ sở (chưa có năm nào; thiếu 2023, 2024)",
        "Cũng chưa đủ 2 năm liên tục xếp loại “Hoàn thành xuất sắc nhiệm vụ” (có 2024; thiếu 2023)",
        "Mới có 0/2 sáng kiến được công nhận trong kỳ 2023–2024",
    ]


def test_bk_tinh_for_a_collective_is_judged_by_hand(unit):
    v = verdict("BK_TINH", unit, 2024)
    assert v.eligible is True
    assert v.warnings == ["Tiêu chuẩn của Bằng khen của Chủ tịch UBND tỉnh được xét thủ công; hệ thống chỉ kiểm "
                          "tra kỷ luật và khen thưởng trùng."]


# Types checked by hand ---------------------------------------------------------------------------


def test_basic_rule_still_blocks_discipline(person):
    discipline(person, D(2024, 5, 1), kind=DisciplineKind.COMPLAINT)
    v = verdict("GIAY_KHEN", person, 2024)
    assert v.eligible is False
    assert v.reasons == ["Đang xác minh khiếu nại, tố cáo từ 01/05/2024 (chưa kết thúc): không được đề nghị khen "
                         "thưởng trong kỳ này"]


def test_award_type_without_rule_is_eligible_with_a_warning(person):
    t = award_type("GIAY_KHEN")
    t.rule = ""
    t.save()
    v = check(t, person, 2024)
    assert (v.eligible, v.warnings) == (True, ["Hình thức này chưa có quy tắc tự động: cần xét điều kiện thủ công."])
