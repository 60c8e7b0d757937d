"""An import row is validated by the same code as the same record entered by hand.

Each test adds one rule to the model (a validator on one field) or changes one award type, and nothing
else: the hand-entry path (the app's form and service) and the import both refuse, with the same message,
the import naming the row and the column."""

import pytest
from django.core.validators import RegexValidator

from awards.forms.records import AppraisalForm, InitiativeForm
from awards.forms.register import PastAwardForm
from awards.models import Appraisal, Award, Initiative
from awards.services import record_past_award, save_initiative
from emulation.errors import DomainError
from emulation.forms import PersonForm, UnitForm
from emulation.models import Person, Unit
from imports.pipeline import check_file
from tests.imports.conftest import (
    APPRAISAL_HEADERS,
    AWARD_HEADERS,
    INITIATIVE_HEADERS,
    PEOPLE_HEADERS,
    UNIT_HEADERS,
    make_xlsx,
)

pytestmark = pytest.mark.django_db

NO_HASH = "Không được dùng ký tự “#”."


@pytest.fixture
def no_hash(monkeypatch):
    """Add one rule to one model field, for this test only: no “#” in it."""

    def add(model, name):
        field = model._meta.get_field(name)
        rule = RegexValidator(r"#", message=NO_HASH, code="no_hash", inverse_match=True)
        monkeypatch.setattr(field, "validators", [*field.validators, rule])

    return add


def problems(kind, rows):
    checked = check_file(make_xlsx(rows), kind)
    assert not checked.report.file_errors
    return [(p["row"], p["column"], p["message"]) for p in checked.report.sorted_problems() if p["level"] == "error"]


def test_units_share_the_model_rule(no_hash):
    row = ["X1", "Sở #1", None, None, None, None]
    assert problems("units", [UNIT_HEADERS, row]) == []
    no_hash(Unit, "name")
    form = UnitForm({"name": "Sở #1", "code": "X1", "kind": "department", "is_active": "on"})
    assert form.errors["name"] == [NO_HASH]
    assert problems("units", [UNIT_HEADERS, row]) == [(2, "Tên đơn vị", NO_HASH)]


def test_people_share_the_model_rule(no_hash, unit):
    row = ["Nguyễn Văn An", "001085000001", None, None, "Nam", "STN", "Tổ #2"]
    assert problems("people", [PEOPLE_HEADERS, row]) == []
    no_hash(Person, "position")
    form = PersonForm({"full_name": "Nguyễn Văn An", "unit": unit.pk, "position": "Tổ #2", "category": "worker",
                       "is_active": "on"})
    assert form.errors["position"] == [NO_HASH]
    assert problems("people", [PEOPLE_HEADERS, row]) == [(2, "Chức vụ", NO_HASH)]


def test_appraisals_share_the_model_rule(no_hash, unit):
    row = [2024, "STN", None, None, None, "Hoàn thành tốt nhiệm vụ", "Ghi chú #1"]
    assert problems("appraisals", [APPRAISAL_HEADERS, row]) == []
    no_hash(Appraisal, "note")
    form = AppraisalForm({"year": 2024, "unit": unit.pk, "rating": "good", "note": "Ghi chú #1"})
    assert form.errors["note"] == [NO_HASH]
    assert problems("appraisals", [APPRAISAL_HEADERS, row]) == [(2, "Ghi chú", NO_HASH)]


def test_initiatives_share_the_model_rule(no_hash, unit):
    author = Person.objects.create(full_name="Nguyễn Văn An", unit=unit, cccd="001085000001")
    row = ["Số hóa #1", 2024, "STN", "Cơ sở", "001085000001"]
    assert problems("initiatives", [INITIATIVE_HEADERS, row]) == []
    no_hash(Initiative, "title")
    form = InitiativeForm({"title": "Số hóa #1", "authors": [author.pk], "unit": unit.pk, "year": 2024,
                           "level": "grassroots"})
    assert form.errors["title"] == [NO_HASH]
    assert problems("initiatives", [INITIATIVE_HEADERS, row]) == [(2, "Tên sáng kiến", NO_HASH)]


def test_past_awards_share_the_model_rule(no_hash, unit, award_types):
    row = ["LDTT", None, 2024, "STN", None, None, None, None, "1/QĐ", None, None, "Ông #1"]
    assert problems("awards", [AWARD_HEADERS, row]) == []
    no_hash(Award, "decision_signer")
    form = PastAwardForm({"award_type": award_types["LDTT"].pk, "unit": unit.pk, "year": 2024, "method": "regular",
                          "decision_signer": "Ông #1"})
    assert form.errors["decision_signer"] == [NO_HASH]
    assert problems("awards", [AWARD_HEADERS, row]) == [(2, "Người ký", NO_HASH)]


def test_past_awards_share_the_register_rule_on_recipients(board, unit, award_types):
    giay_khen = award_types["GIAY_KHEN"]
    row = ["GIAY_KHEN", None, 2024, "STN", None, None, None, None, "1/QĐ"]
    assert problems("awards", [AWARD_HEADERS, row]) == []
    giay_khen.for_collectives = False  # the only change: the catalogue says individuals only
    giay_khen.save()
    with pytest.raises(DomainError) as refused:
        record_past_award(board, award_type=giay_khen, unit=unit, year=2024, decision_number="1/QĐ")
    assert refused.value.message == "Giấy khen không xét tặng cho tập thể."
    assert problems("awards", [AWARD_HEADERS, row]) == [(2, "Mã danh hiệu", refused.value.message)]


def test_past_awards_share_the_register_rule_on_twins(board, unit, award_types):
    ldtt = award_types["LDTT"]
    record_past_award(board, award_type=ldtt, unit=unit, year=2024, decision_number="1/QĐ")
    with pytest.raises(DomainError) as refused:
        record_past_award(board, award_type=ldtt, unit=unit, year=2024, decision_number="2/QĐ")
    same = ["LDTT", None, 2024, "STN", None, None, None, None, "1/QĐ"]
    other = ["LDTT", None, 2024, "STN", None, None, None, None, "2/QĐ"]
    assert problems("awards", [AWARD_HEADERS, same]) == []  # the same award again: unchanged
    assert problems("awards", [AWARD_HEADERS, other]) == [(2, "Năm thành tích", refused.value.message)]
    Award.objects.update(revoked=True)  # a revoked award no longer counts, by hand or by import
    assert problems("awards", [AWARD_HEADERS, other]) == []
    record_past_award(board, award_type=ldtt, unit=unit, year=2024, decision_number="2/QĐ")


def test_initiatives_share_the_service_rule_on_authors(board, unit):

    with pytest.raises(DomainError) as refused:
        save_initiative(None, board, title="Số hóa", unit=unit, year=2024, level="grassroots", authors=[])
    assert refused.value.message == "Sáng kiến phải có ít nhất một tác giả."
    row = ["Số hóa", 2024, "STN", "Cơ sở", None]
    assert problems("initiatives", [INITIATIVE_HEADERS, row]) == [(2, "Tác giả", refused.value.message)]
