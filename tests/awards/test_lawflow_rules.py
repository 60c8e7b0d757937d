"""One achievement, one award: CSTĐ cấp tỉnh years, CSTĐ toàn quốc on the actual years, TTLĐXS discipline, years to
come; memberships for past years; the category a person had when awarded."""

import datetime

import pytest
from django.utils import timezone

from awards import services
from awards.eligibility import check
from awards.enums import DisciplineMeasure, InitiativeLevel
from emulation import services as core_services
from emulation.enums import PersonCategory
from emulation.errors import DomainError
from emulation.models import ActivityLog, UnitMembership
from reports import registry
from tests.awards.register_factories import (
    EXCELLENT,
    GOOD,
    D,
    award_type,
    discipline,
    give,
    initiative,
    people,
    rate,
)
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(unit):
    return PersonFactory(unit=unit, full_name="Trần Thị Hoa")


def verdict(code, recipient, year):
    return check(award_type(code), recipient, year)


def cstdcs(person, years):
    for year in years:
        rate(person, year, EXCELLENT)
        give("CSTDCS", person, year)


# CSTĐ cấp tỉnh: the CSTĐCS years of one are not used again -------------------------------------------------


def test_cstd_tinh_refuses_years_already_counted(person):
    cstdcs(person, range(2020, 2025))
    give("CSTD_TINH", person, 2022)  # counted 2020–2022
    initiative(person, 2024, InitiativeLevel.PROVINCIAL)
    assert verdict("CSTD_TINH", person, 2024).reasons == [
        "Chiến sĩ thi đua cơ sở các năm 2022 đã được tính cho Chiến sĩ thi đua cấp tỉnh năm 2022: một thành tích "
        "chỉ khen thưởng một lần (Điều 6 Luật TĐKT)"]


def test_cstd_tinh_allowed_on_fresh_years(person):
    cstdcs(person, range(2020, 2026))
    give("CSTD_TINH", person, 2022)
    initiative(person, 2025, InitiativeLevel.PROVINCIAL)
    v = verdict("CSTD_TINH", person, 2025)
    assert (v.eligible, v.reasons) == (True, [])


# CSTĐ toàn quốc: two consecutive CSTĐ cấp tỉnh, on the actual years (Điều 21) ---------------------------------


def test_cstd_tq_allowed_when_spacing_is_not_three_years(person):
    give("CSTD_TINH", person, 2020)
    give("CSTD_TINH", person, 2024)  # four years later, the CSTĐCS chain unbroken in between
    cstdcs(person, range(2021, 2025))
    initiative(person, 2024, InitiativeLevel.NATIONAL)
    v = verdict("CSTD_TQ", person, 2024)
    assert (v.eligible, v.reasons) == (True, [])


def test_cstd_tq_refused_when_chain_is_broken(person):
    give("CSTD_TINH", person, 2018)
    give("CSTD_TINH", person, 2024)
    cstdcs(person, [2022, 2023, 2024])
    initiative(person, 2024, InitiativeLevel.NATIONAL)
    assert verdict("CSTD_TQ", person, 2024).reasons == [
        "Chiến sĩ thi đua cấp tỉnh các năm 2018, 2024 không liên tục: không đạt Chiến sĩ thi đua cơ sở năm "
        "2019, 2020, 2021 (Điều 21)"]


def test_cstd_tq_refused_without_provincial_title_for_the_year(person):
    give("CSTD_TINH", person, 2020)
    give("CSTD_TINH", person, 2023)
    initiative(person, 2024, InitiativeLevel.NATIONAL)
    assert verdict("CSTD_TQ", person, 2024).reasons[0].startswith("Chưa có Chiến sĩ thi đua cấp tỉnh năm 2024")


def test_cstd_tq_does_not_reuse_provincial_titles_of_an_earlier_national_one(person):
    cstdcs(person, range(2015, 2025))
    for year in (2018, 2021, 2024):
        give("CSTD_TINH", person, year)
    give("CSTD_TQ", person, 2021)  # used 2018 and 2021
    initiative(person, 2024, InitiativeLevel.NATIONAL)
    assert verdict("CSTD_TQ", person, 2024).reasons == [
        "Mới có 1 lần Chiến sĩ thi đua cấp tỉnh (2024); cần 2 lần liên tục (Điều 21)"]


# TTLĐXS: the discipline condition of TTLĐTT ------------------------------------------------------------------


def staff(unit, n, cstdcs_count=1):
    members = people(unit, n)
    for i, p in enumerate(members):
        rate(p, 2024, GOOD)
        give("LDTT", p, 2024)
        if i < cstdcs_count:
            give("CSTDCS", p, 2024)
    return members


def test_ttldxs_member_with_a_warning_blocks(unit):
    rate(unit, 2024, EXCELLENT)
    members = staff(unit, 4)
    discipline(members[1], D(2024, 3, 1), D(2024, 12, 31), measure=DisciplineMeasure.WARNING)
    assert verdict("TTLDXS", unit, 2024).reasons == [
        f"Có thành viên bị kỷ luật từ mức cảnh cáo trở lên trong năm 2024: {members[1].full_name}"]


def test_ttldxs_reprimand_does_not_block(unit):
    rate(unit, 2024, EXCELLENT)
    members = staff(unit, 4)
    discipline(members[1], D(2024, 3, 1), D(2024, 12, 31), measure=DisciplineMeasure.REPRIMAND)
    assert verdict("TTLDXS", unit, 2024).eligible is True


# A year of achievement to come is refused ---------------------------------------------------------------------


def test_future_year_refused_by_the_rules(person):
    next_year = timezone.localdate().year + 1
    assert verdict("LDTT", person, next_year).reasons == [
        f"Năm thành tích {next_year} chưa đến: thành tích chỉ được xét khi đã đạt được"]


def test_future_year_refused_for_a_nomination_and_the_register(clerk, unit, board, person):
    next_year = timezone.localdate().year + 1
    with pytest.raises(DomainError) as exc:
        services.create_nomination(clerk, unit, next_year, "Đề nghị năm sau")
    assert exc.value.message == f"Năm thành tích {next_year} chưa đến: thành tích chỉ được xét khi đã đạt được."
    with pytest.raises(DomainError):
        services.record_past_award(board, award_type=award_type("LDTT"), person=person, year=next_year)
    this_year = timezone.localdate().year
    assert services.create_nomination(clerk, unit, this_year, "Đề nghị năm nay").year == this_year


# Memberships for past years ------------------------------------------------------------------------------------


def test_new_person_is_member_from_the_start_of_the_year(board, unit):
    person = core_services.create_person(board, full_name="Phạm Văn Mới", unit=unit)
    assert person.memberships.get().start_date == datetime.date(timezone.localdate().year, 1, 1)


def test_unit_given_its_members_as_of_a_past_date(board, unit):
    members = [core_services.create_person(board, full_name=f"Người {i}", unit=unit) for i in range(3)]
    rate(unit, 2022, GOOD)
    for p in members:
        rate(p, 2022, GOOD)
        give("LDTT", p, 2022)
    assert verdict("TTLDTT", unit, 2022).reasons[-1] == "Đơn vị không có cá nhân nào trong năm 2022 để tính tỷ lệ"
    assert core_services.set_members_since(unit, board, datetime.date(2022, 1, 1)) == 3
    assert verdict("TTLDTT", unit, 2022).eligible is True
    entry = ActivityLog.objects.get(action="emulation.unit.members_since")
    assert entry.data["date"] == "2022-01-01"


def test_members_since_keeps_people_who_moved_in_later(board, unit):
    other = UnitFactory(code="OTH")
    mover = core_services.create_person(board, full_name="Người chuyển đến", unit=other)
    UnitMembership.objects.filter(person=mover).update(start_date=datetime.date(2020, 1, 1))
    core_services.move_person(mover, board, unit, date=timezone.localdate())
    assert core_services.set_members_since(unit, board, datetime.date(2022, 1, 1)) == 0
    assert mover.memberships.get(unit=unit).start_date == timezone.localdate()


def test_members_since_refused_for_clerk_of_another_unit_and_future(board, other_clerk, unit):
    with pytest.raises(DomainError):
        core_services.set_members_since(unit, other_clerk, datetime.date(2022, 1, 1))
    with pytest.raises(DomainError) as exc:
        core_services.set_members_since(unit, board, timezone.localdate() + datetime.timedelta(days=1))
    assert exc.value.message == "Ngày không thể ở tương lai."


def test_members_since_view(client, clerk, other_clerk, unit):
    core_services.create_person(clerk, full_name="Người A", unit=unit)
    url = f"/units/{unit.pk}/members-since/"
    client.force_login(other_clerk)
    assert client.post(url, {"date": "2022-01-01"}).status_code == 404
    client.force_login(clerk)
    assert client.post(url, {"date": "2022-01-01"}).status_code == 302
    assert UnitMembership.objects.get(unit=unit).start_date == datetime.date(2022, 1, 1)


# The category counted is the one at the time of the award --------------------------------------------------------


def test_award_keeps_category_of_its_time(board, person):
    person.category = PersonCategory.OTHER_LEADER
    person.save()
    award = services.record_past_award(board, award_type=award_type("LDTT"), person=person, year=2023)
    person.category = PersonCategory.DEPARTMENT_LEADER
    person.save()
    award.refresh_from_db()
    assert award.person_category == PersonCategory.OTHER_LEADER


def test_province_statistics_count_the_category_of_the_time(board, person):
    person.category = PersonCategory.OTHER_LEADER
    person.save()
    services.record_past_award(board, award_type=award_type("LDTT"), person=person, year=2023)
    person.category = PersonCategory.WORKER
    person.save()
    data = registry.get("province_stats").gather({"year": 2023}, board)
    row = next(r for r in data["tables"][0]["rows"] if r["labels"] == ["Lao động tiên tiến"])
    categories = dict(zip(list(PersonCategory), row["cells"][4:4 + len(PersonCategory)], strict=True))
    assert (categories[PersonCategory.OTHER_LEADER], categories[PersonCategory.WORKER]) == (1, 0)
