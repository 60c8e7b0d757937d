"""Issue 13's import bugs: amounts read the Vietnamese way (or refused when in doubt), password-protected
workbooks named as such, and the preview's field labels in Vietnamese."""

import io

import msoffcrypto.format.ooxml
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Award
from emulation.errors import DomainError
from emulation.models import Person
from imports import services
from imports.models import ImportRun
from imports.pipeline import check_file
from imports.specs import SPECS, CellProblem, clean_cell, labelled_changes, read_amount
from tests.imports.conftest import AWARD_HEADERS, PEOPLE_HEADERS, make_xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["1.170.000,00", "1.170.000 đ", "1,170,000", "1170000", "1.170.000", 1170000,
                                  1170000.0, "1.170.000,00 đồng", "1,170,000.00"])
def test_amount_reads_as_one_million_one_hundred_seventy_thousand(text):
    assert read_amount(text) == 1_170_000


@pytest.mark.parametrize("text", ["1,170", "1.17", "12,5", "1.170.000,50"])
def test_doubtful_amount_is_a_row_error_in_vietnamese(text):
    column = SPECS["awards"].by_key["amount"]
    with pytest.raises(CellProblem) as problem:
        clean_cell(column, text)
    assert problem.value.message == (f"“{text}” không phải số tiền (đồng) đọc được rõ ràng: hãy ghi 1.170.000 "
                                     "hoặc 1170000.")


def test_importing_the_amount_with_a_decimal_comma_stores_the_right_amount(board, unit, award_types):
    rows = [AWARD_HEADERS, ["LDTT", None, 2024, "STN", None, None, None, None, "12/QĐ", None, None, None,
                            "1.170.000,00", None]]
    run = services.start_import(board, "awards", SimpleUploadedFile("kt.xlsx", make_xlsx(rows).getvalue()), None)
    assert run.preview["error_count"] == 0, run.preview["problems"]
    run = services.confirm_import(run, board)
    assert run.status == "done"
    assert Award.objects.get().amount == 1_170_000


def test_password_protected_workbook_is_named_as_such(board):
    plain = make_xlsx([PEOPLE_HEADERS, ["Nguyễn Văn An", None, None, None, "Nam", "STN"]])
    locked = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("mat-khau", locked)
    # At upload, the core check names it (and nothing is stored) ...
    with pytest.raises(DomainError) as refused:
        services.start_import(board, "people", SimpleUploadedFile("khoa.xlsx", locked.getvalue()), None)
    assert refused.value.field == "file"
    assert refused.value.message == "Tệp được đặt mật khẩu: hãy gỡ mật khẩu, lưu lại rồi tải tệp lên lại."
    assert not ImportRun.objects.exists()
    # ... and a file read from disk (manage.py import_xlsx) gets the import's own, more detailed, message.
    locked.seek(0)
    checked = check_file(locked, "people")
    assert checked.report.file_errors == [
        "Tệp Excel được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Excel, gỡ mật khẩu (File → Info → "
        "Protect Workbook), lưu lại rồi tải lên lại."]


def test_preview_changes_name_fields_by_their_vietnamese_headers():
    changes = [{"row": 2, "action": "update", "label": "x", "diff": {"full_name": ["A", "B"], "unit": ["X", "Y"]}}]
    assert list(labelled_changes("people", changes)[0]["diff"]) == ["Họ và tên", "Mã đơn vị"]


def test_run_page_shows_vietnamese_labels_not_code_names(client, board, unit):

    Person.objects.create(full_name="Nguyễn Văn An", unit=unit, cccd="001085000001", position="Cũ")
    rows = [PEOPLE_HEADERS, ["Nguyễn Văn An", "001085000001", None, None, "Nam", "STN", "Chuyên viên"]]
    run = services.start_import(board, "people", SimpleUploadedFile("a.xlsx", make_xlsx(rows).getvalue()), None)
    client.force_login(board)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Chức vụ: Cũ → Chuyên viên" in page and "position:" not in page
