import datetime

import pytest

from awards.enums import AwardMethod, RecipientKind
from emulation.templatetags.tdkt import format_money
from reports import registry
from tests.factories import PersonFactory, UnitFactory
from tests.reports.conftest import pdf_text, xlsx_rows
from tests.reports.factories import AwardFactory, AwardTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(unit, letterhead):
    person = PersonFactory(full_name="Lê Thị Hồng Nhung", unit=unit, position="Trưởng phòng")
    ldtt = AwardTypeFactory(code="LDTT", name="Lao động tiên tiến", order=1)
    cstd = AwardTypeFactory(code="CSTDCS", name="Chiến sĩ thi đua cơ sở", order=2)
    ttxs = AwardTypeFactory(code="TTLDXS", name="Tập thể lao động xuất sắc", for_collectives=True, order=3)
    awards = [
        AwardFactory(award_type=ldtt, person=person, year=2022, decision_number="12/QĐ-STN",
                     decision_date=datetime.date(2023, 1, 10), amount=710_000),
        AwardFactory(award_type=cstd, person=person, year=2023, decision_number="34/QĐ-STN",
                     decision_date=datetime.date(2024, 1, 12), amount=2_340_000),
        AwardFactory(award_type=cstd, person=person, year=2024, decision_number="56/QĐ-STN", amount=2_340_000,
                     revoked=True),
    ]
    AwardFactory(award_type=ldtt, person=PersonFactory(unit=unit), year=2024, amount=710_000)
    AwardFactory(award_type=ttxs, person=None, unit=unit, year=2024, decision_number="78/QĐ-UBND",
                 amount=3_510_000, method=AwardMethod.THEMATIC)
    AwardFactory(award_type=ldtt, person=PersonFactory(unit=UnitFactory()), year=2024)  # another unit
    return person, awards


def test_award_history_of_person_pdf_lists_every_award(history, board):
    person, awards = history
    spec = registry.get("award_history")
    data = spec.gather({"person": person.pk}, board)
    text = pdf_text(spec.render_pdf(data))
    assert "QUÁ TRÌNH KHEN THƯỞNG" in text
    assert "Lê Thị Hồng Nhung" in text
    assert "1 2022 Lao động tiên tiến" in text
    assert "12/QĐ-STN ngày 10/01/2023 Chủ tịch UBND tỉnh 710.000 đ" in text
    assert "2 2023 Chiến sĩ thi đua cơ sở" in text and "34/QĐ-STN ngày 12/01/2024" in text
    assert "3 2024 Chiến sĩ thi đua cơ sở (đã hủy bỏ)" in text
    # The revoked award is listed but not counted.
    assert f"Tổng số 2 lượt khen thưởng {format_money(710_000 + 2_340_000)}" in text


def test_award_history_of_person_xlsx_has_the_same_figures(history, board):
    person, awards = history
    spec = registry.get("award_history")
    rows = xlsx_rows(spec.render_xlsx(spec.gather({"person": person.pk}, board)))
    body = [r for r in rows[3:] if isinstance(r[0], int)]
    assert [(r[1], r[2], r[5], r[8]) for r in body] == [(a.year, a.award_type.name, a.decision_number, a.amount)
                                                     for a in awards]
    assert rows[-1][0] == "Tổng số" and (rows[-1][2], rows[-1][8]) == (2, 710_000 + 2_340_000)


def test_award_history_of_unit_has_collective_awards_and_people_by_year(history, board, unit):
    spec = registry.get("award_history")
    data = spec.gather({"unit": unit.pk}, board)
    text = pdf_text(spec.render_pdf(data))
    assert "1 2024 Tập thể lao động xuất sắc" in text
    assert "78/QĐ-UBND ngày 15/01/2026 Chủ tịch UBND tỉnh 3.510.000 đ" in text
    # People of the unit, by year and award: 2022 LĐTT 1, 2023 CSTĐCS 1, 2024 LĐTT 1 (the revoked one left out).
    assert f"2022 Lao động tiên tiến 1 {format_money(710_000)}" in text
    assert f"2023 Chiến sĩ thi đua cơ sở 1 {format_money(2_340_000)}" in text
    assert f"2024 Lao động tiên tiến 1 {format_money(710_000)}" in text
    assert f"Tổng số 3 {format_money(710_000 + 2_340_000 + 710_000)}" in text
    people = xlsx_rows(spec.render_xlsx(data), 1)
    assert [r for r in people[3:] if isinstance(r[0], int)] == [
        [2022, "Lao động tiên tiến", 1, 710_000], [2023, "Chiến sĩ thi đua cơ sở", 1, 2_340_000],
        [2024, "Lao động tiên tiến", 1, 710_000]]
    assert data["rows"][0]["recipient"] == str(RecipientKind.COLLECTIVE.label)


def test_award_history_access_follows_scope(history, clerk, other_clerk, council, unit):
    person, _awards = history
    spec = registry.get("award_history")
    assert spec.check_access(clerk, {"person": person.pk}) is True
    assert spec.check_access(clerk, {"unit": unit.pk}) is True
    assert spec.check_access(other_clerk, {"person": person.pk}) is False
    assert spec.check_access(other_clerk, {"unit": unit.pk}) is False
    assert spec.check_access(council, {"unit": unit.pk}) is True
    assert spec.check_access(clerk, {}) is False


def test_award_history_form_finds_person_by_staff_code(history, clerk, other_clerk):
    person, _awards = history
    person.staff_code = "NV-001"
    person.save()
    spec = registry.get("award_history")
    form = spec.Form({"person_code": "NV-001"}, user=clerk)
    assert form.is_valid(), form.errors
    assert spec.params_from(form.cleaned_data) == {"person": person.pk}
    assert not spec.Form({"person_code": "NV-001"}, user=other_clerk).is_valid()
    assert not spec.Form({}, user=clerk).is_valid()
