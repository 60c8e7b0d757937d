"""The one upload check (emulation.uploads): extension, size and content, for services, forms and models.

The sample files are built here, byte by byte or with zipfile/openpyxl, as an attacker or a user would make them.
"""

import datetime
import io
import re
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from emulation.errors import DomainError
from emulation.uploads import (
    RandomName,
    UploadField,
    UploadValidator,
    original_name,
    random_name,
    upload_to,
    validate_upload,
)
from pledges.models import FulfilmentLine

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes():
    return _zip({"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>",
                 "word/document.xml": "<w:document>Báo cáo thành tích</w:document>"})


def xlsx_bytes():
    book = Workbook()
    book.active["A1"] = "Họ và tên"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def odt_bytes():
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document/>"})


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refusal(name, content, kind="document", **kwargs):
    with pytest.raises(DomainError) as exc:
        validate_upload(upload(name, content), kind=kind, **kwargs)
    return exc.value


@pytest.mark.parametrize(("name", "content"), [
    ("Báo cáo.pdf", PDF),
    ("Tờ trình.docx", docx_bytes()),
    ("Danh sách.xlsx", xlsx_bytes()),
    ("ảnh.JPG", JPEG),
    ("ảnh.jpeg", JPEG),
    ("scan.png", PNG),
    ("cũ.doc", OLE2),
    ("cũ.xls", OLE2),
    ("văn bản.odt", odt_bytes()),
])
def test_validate_upload_accepts_real_files(name, content):
    assert validate_upload(upload(name, content)) == name


def test_validate_upload_accepts_a_real_xlsx_as_spreadsheet():
    assert validate_upload(upload("Danh sách.xlsx", xlsx_bytes()), kind="spreadsheet") == "Danh sách.xlsx"


def test_validate_upload_refuses_a_renamed_exe():
    error = refusal("bien-ban.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)
    assert (error.message, error.field) == ("Tệp này là một chương trình, không phải tài liệu: không được chấp nhận.",
                                            "file")


def test_validate_upload_refuses_an_exe_by_its_extension(settings):
    error = refusal("virus.exe", b"MZ", field="evidence_file")
    assert error.message.startswith("Không nhận tệp loại “exe”. Các loại được nhận: pdf, doc, docx")
    assert error.field == "evidence_file"


def test_validate_upload_refuses_a_zipped_html_page_named_docx():
    content = _zip({"index.html": "<html><script>alert(1)</script></html>"})
    assert refusal("to-trinh.docx", content).message == (
        "Tệp có đuôi .docx nhưng là tệp nén ZIP chứa nội dung khác, không phải văn bản Word.")


def test_validate_upload_refuses_an_xlsx_that_is_a_docx():
    assert refusal("bang.xlsx", docx_bytes()).message == (
        "Tệp có đuôi .xlsx nhưng là tệp nén ZIP chứa nội dung khác, không phải văn bản Excel.")


def test_validate_upload_refuses_a_docx_with_macros():
    content = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>", "word/vbaProject.bin": "x"})
    assert refusal("macro.docx", content).message == (
        "Tệp có chứa macro: hãy lưu thành tệp .docx không có macro rồi tải tệp lên lại.")


def test_validate_upload_refuses_an_odt_that_is_not_opendocument():
    content = _zip({"mimetype": "text/html", "content.xml": "<html/>"})
    assert "không phải văn bản OpenDocument" in refusal("a.odt", content).message


def test_validate_upload_refuses_a_pdf_html_polyglot():
    content = b"%PDF-1.4\n<html><body><script>fetch('/')</script></body></html>\n%%EOF"
    assert refusal("bien-ban.pdf", content).message == (
        "Tệp có đuôi .pdf nhưng chứa trang web hoặc mã lệnh (script): không được chấp nhận.")


def test_validate_upload_refuses_an_html_page_named_pdf():
    assert refusal("bien-ban.pdf", b"<!DOCTYPE html><html>%PDF-1.4</html>").message == (
        "Tệp có đuôi .pdf nhưng nội dung không phải là tệp PDF.")


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("anh.jpg", PNG, "JPEG"),
    ("anh.png", JPEG, "PNG"),
    ("cu.doc", PDF, "Word"),
    ("bang.xlsx", b"Ho ten;CCCD\nAn;001\n", "Excel"),
])
def test_validate_upload_refuses_content_that_does_not_match_the_extension(name, content, kind):
    ext = name.rsplit(".", 1)[1]
    assert refusal(name, content).message == f"Tệp có đuôi .{ext} nhưng nội dung không phải là tệp {kind}."


def test_validate_upload_refuses_an_empty_file():
    assert refusal("trong.pdf", b"").message == "Tệp rỗng."


def test_validate_upload_refuses_a_file_above_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    assert refusal("lon.pdf", PDF + b"0" * (1024 * 1024)).message == "Tệp lớn hơn 1 MB."


def test_validate_upload_takes_the_callers_limit():
    assert refusal("lon.pdf", PDF + b"0" * 2048, max_bytes=1536).message.startswith("Tệp lớn hơn 0,")


def test_validate_upload_refuses_missing_file():
    with pytest.raises(DomainError) as exc:
        validate_upload(None)
    assert exc.value.message == "Hãy chọn tệp."


def test_validate_upload_names_a_password_protected_workbook():
    content = OLE2 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    assert refusal("luong.xlsx", content, kind="spreadsheet").message == (
        "Tệp được đặt mật khẩu: hãy gỡ mật khẩu, lưu lại rồi tải tệp lên lại.")


def test_spreadsheet_kind_accepts_only_xlsx():
    assert refusal("bang.pdf", PDF, kind="spreadsheet").message == (
        "Không nhận tệp loại “pdf”. Các loại được nhận: xlsx.")


def test_validate_upload_leaves_the_file_at_its_start():
    file = upload("a.docx", docx_bytes())
    validate_upload(file)
    assert file.read(4) == b"PK\x03\x04"


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        UploadValidator("video")


class EvidenceForm(forms.Form):
    file = UploadField(label="Tệp", kind="document")


def test_upload_field_accepts_a_real_pdf_and_refuses_a_renamed_exe():
    good = EvidenceForm(files={"file": upload("a.pdf", PDF)})
    bad = EvidenceForm(files={"file": upload("a.pdf", b"MZ" + b"\x00" * 10)})
    assert (good.is_valid(), bad.is_valid()) == (True, False)
    assert bad.errors["file"] == ["Tệp này là một chương trình, không phải tài liệu: không được chấp nhận."]


def test_upload_field_tells_the_browser_what_to_offer():
    html = str(EvidenceForm()["file"])
    assert 'accept=".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.jpg,.jpeg,.png"' in html


def test_upload_validator_on_a_model_field_checks_new_files_only():
    line = FulfilmentLine()
    field = type(line)._meta.get_field("evidence_file")
    line.evidence_file = upload("a.pdf", b"<html>")
    with pytest.raises(ValidationError) as exc:
        field.clean(line.evidence_file, line)
    assert exc.value.messages == ["Tệp có đuôi .pdf nhưng nội dung không phải là tệp PDF."]
    line.evidence_file.save("a.pdf", upload("a.pdf", PDF), save=False)  # stored: not read again
    assert field.clean(line.evidence_file, line).name == line.evidence_file.name


def test_random_name_hides_the_original_name():
    name = random_name("pledges/evidence", "Biên bản họp.PDF", today=datetime.date(2026, 3, 9))
    assert re.fullmatch(r"pledges/evidence/2026/03/[0-9a-f]{32}\.pdf", name)
    assert random_name("x", "a.pdf") != random_name("x", "a.pdf")


def test_random_name_is_serialisable_for_migrations():
    assert upload_to("a/b") == RandomName("a/b")
    assert RandomName("a/b").deconstruct() == ("emulation.uploads.RandomName", ("a/b",), {})


def test_original_name_drops_folders():
    assert original_name("C:\\Users\\an\\Biên bản.pdf") == "Biên bản.pdf"
    assert original_name("../../etc/passwd") == "passwd"
