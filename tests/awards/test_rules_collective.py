"""Tập thể lao động xuất sắc / tiên tiến: shares computed from the collective's people."""

import datetime

import pytest

from awards.eligibility import check
from awards.enums import DisciplineMeasure
from emulation.models import UnitMembership
from tests.awards.register_factories import (
    COMPLETED,
    EXCELLENT,
    GOOD,
    NOT_COMPLETED,
    D,
    award_type,
    discipline,
    give,
    people,
    rate,
)
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def verdict(code, unit, year=2024):
    return check(award_type(code), unit, year)


def staff(unit, n=10, ldtt=10, cstdcs=1, rating=GOOD):
    """``n`` people rated ``rating`` in 2024, ``ldtt`` of them LĐTT, ``cstdcs`` of them (among those) CSTĐCS."""
    members = people(unit, n)
    for i, p in enumerate(members):
        rate(p, 2024, rating)
        if i < ldtt:
            give("LDTT", p, 2024)
        if i < cstdcs:
            give("CSTDCS", p, 2024)
    return members


def test_ttldxs_eligible(unit):
    rate(unit, 2024, EXCELLENT)
    staff(unit, n=10, ldtt=7, cstdcs=1)
    v = verdict("TTLDXS", unit)
    assert (v.eligible, v.reasons) == (True, [])


def test_ttldxs_share_of_ldtt_below_70_percent(unit):
    rate(unit, 2024, EXCELLENT)
    staff(unit, n=8, ldtt=5, cstdcs=1)
    assert verdict("TTLDXS", unit).reasons == [
        "Chỉ 5/8 thành viên (62,5%) đạt Lao động tiên tiến năm 2024, cần ít nhất 70%"]


def test_ttldxs_cstdcs_alone_counts_towards_the_ldtt_share(unit):
    rate(unit, 2024, EXCELLENT)
    members = staff(unit, n=10, ldtt=6, cstdcs=0)
    give("CSTDCS", members[9], 2024)
    assert verdict("TTLDXS", unit).eligible is True


def test_ttldxs_needs_one_cstdcs(unit):
    rate(unit, 2024, EXCELLENT)
    staff(unit, n=4, ldtt=4, cstdcs=0)
    assert verdict("TTLDXS", unit).reasons == [
        "Có 0 thành viên đạt Chiến sĩ thi đua cơ sở năm 2024, cần ít nhất 1"]


def test_ttldxs_needs_every_member_to_complete_tasks(unit):
    rate(unit, 2024, EXCELLENT)
    members = staff(unit, n=10, ldtt=9, cstdcs=1)
    PersonFactory(unit=unit, full_name="Lê Văn Chậm")
    late = members[9]
    late.appraisals.filter(year=2024).update(rating=NOT_COMPLETED)
    assert verdict("TTLDXS", unit).reasons == [
        f"1/11 thành viên không hoàn thành nhiệm vụ năm 2024: {late.full_name}",
        "1/11 thành viên chưa có đánh giá, xếp loại năm 2024: Lê Văn Chậm",
    ]


def test_ttldxs_unit_must_be_rated_excellent(unit):
    rate(unit, 2024, GOOD)
    staff(unit, n=3, ldtt=3, cstdcs=1)
    assert verdict("TTLDXS", unit).reasons == [
        "Năm 2024 đơn vị xếp loại “Hoàn thành tốt nhiệm vụ”, cần “Hoàn thành xuất sắc nhiệm vụ”"]


def test_ttldxs_without_members_or_appraisal(unit):
    assert verdict("TTLDXS", unit).reasons == [
        "Đơn vị chưa có đánh giá, xếp loại năm 2024",
        "Đơn vị không có cá nhân nào trong năm 2024 để tính tỷ lệ",
    ]


def test_ttldxs_refused_for_a_person(unit):
    assert verdict("TTLDXS", PersonFactory(unit=unit)).reasons == [
        "Tập thể lao động xuất sắc không xét tặng cho cá nhân."]


def test_members_follow_the_membership_history(unit):
    """Someone who left during the year still counts for that year; someone who came later does not."""
    rate(unit, 2024, EXCELLENT)
    other = UnitFactory()
    stayed = staff(unit, n=2, ldtt=2, cstdcs=1)
    for p in stayed:
        UnitMembership.objects.create(person=p, unit=unit, start_date=D(2015, 1, 1))
    left = PersonFactory(unit=other, full_name="Người Đã Chuyển")
    UnitMembership.objects.create(person=left, unit=unit, start_date=D(2015, 1, 1), end_date=D(2024, 6, 30))
    UnitMembership.objects.create(person=left, unit=other, start_date=D(2024, 7, 1))
    newcomer = PersonFactory(unit=unit)
    UnitMembership.objects.create(person=newcomer, unit=unit, start_date=D(2025, 2, 1))
    rate(left, 2024, GOOD)
    assert verdict("TTLDXS", unit).reasons == [
        "Chỉ 2/3 thành viên (66,7%) đạt Lao động tiên tiến năm 2024, cần ít nhất 70%"]


def test_ttldxs_discipline_of_the_unit_blocks(unit):
    rate(unit, 2024, EXCELLENT)
    staff(unit, n=2, ldtt=2, cstdcs=1)
    discipline(unit, datetime.date(2024, 9, 1))
    assert verdict("TTLDXS", unit).reasons == [
        "Bị kỷ luật từ 01/09/2024 (chưa kết thúc): không được đề nghị khen thưởng trong kỳ này"]


def test_ttldtt_eligible_with_a_good_rating(unit):
    rate(unit, 2024, GOOD)
    staff(unit, n=10, ldtt=7, cstdcs=0)
    assert verdict("TTLDTT", unit).eligible is True


def test_ttldtt_member_with_a_warning_blocks(unit):
    rate(unit, 2024, GOOD)
    members = staff(unit, n=4, ldtt=4, cstdcs=0)
    discipline(members[0], D(2024, 2, 1), D(2024, 12, 31), measure=DisciplineMeasure.WARNING)
    discipline(members[1], D(2024, 2, 1), D(2024, 12, 31), measure=DisciplineMeasure.REPRIMAND)
    assert verdict("TTLDTT", unit).reasons == [
        f"Có thành viên bị kỷ luật từ mức cảnh cáo trở lên trong năm 2024: {members[0].full_name}"]


def test_ttldtt_unit_rated_completed(unit):
    rate(unit, 2024, COMPLETED)
    staff(unit, n=2, ldtt=2, cstdcs=0)
    assert verdict("TTLDTT", unit).reasons == [
        "Năm 2024 đơn vị xếp loại “Hoàn thành nhiệm vụ”, cần “Hoàn thành tốt nhiệm vụ”"]


def test_long_name_lists_are_shortened(unit):
    rate(unit, 2024, EXCELLENT)
    members = staff(unit, n=8, ldtt=8, cstdcs=1)
    for p in members[1:]:
        p.appraisals.all().delete()
    reason = verdict("TTLDXS", unit).reasons[0]
    assert reason.startswith("7/8 thành viên chưa có đánh giá, xếp loại năm 2024: ")
    assert reason.endswith(" và 2 người khác")
