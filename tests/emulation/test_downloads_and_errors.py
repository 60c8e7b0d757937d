"""The one download helper (emulation.downloads.serve_file) and the one way to show a DomainError
(emulation.errors.report_error / apply_service / DomainErrorMiddleware)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.test import RequestFactory

from emulation.downloads import MissingFile, ascii_name, content_disposition, serve_file
from emulation.errors import DomainError, apply_service, report_error
from pledges.models import FulfilmentLine

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def request_(db, board):
    request = RequestFactory().get("/download/")
    request.user = board
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def stored():
    line = FulfilmentLine()
    line.evidence_file.save("bien-ban.pdf", ContentFile(PDF), save=False)
    return line.evidence_file


def test_serve_file_sends_an_attachment_with_safe_headers(request_, stored):
    response = serve_file(request_, stored, "report.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content) == PDF


def test_serve_file_names_the_file_in_vietnamese_rfc5987(request_, stored):
    response = serve_file(request_, stored, "Biên bản họp Đoàn.pdf")
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Bien ban hop Doan.pdf\"; "
        "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp%20%C4%90o%C3%A0n.pdf")


def test_serve_file_defaults_to_the_stored_name_and_a_generic_type(request_):
    line = FulfilmentLine()
    line.evidence_file.save("du-lieu.bin", ContentFile(b"\x00\x01"), save=False)
    response = serve_file(request_, line.evidence_file)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('.bin"')


def test_serve_file_of_an_empty_field_is_a_404_with_a_message(request_):
    with pytest.raises(MissingFile) as exc:
        serve_file(request_, FulfilmentLine().evidence_file)
    assert exc.value.message == "Tệp không còn trên máy chủ. Hãy đề nghị người đã đính kèm tải tệp lên lại."


def test_serve_file_of_a_file_gone_from_storage_is_a_404(request_, stored):
    stored.storage.delete(stored.name)
    with pytest.raises(MissingFile):
        serve_file(request_, stored)


def test_serve_file_check_refuses_with_403(request_, stored):
    with pytest.raises(PermissionDenied):
        serve_file(request_, stored, check=lambda request: False)
    assert serve_file(request_, stored, check=lambda request: request.user.is_authenticated).status_code == 200


def test_content_disposition_never_breaks_the_header():
    assert content_disposition('a"b\r\n.pdf') == (
        "attachment; filename=\"a_b  .pdf\"; filename*=UTF-8''a%22b%20%20.pdf")
    assert ascii_name("Đợt 1") == "Dot 1"


# DomainError → message ---------------------------------------------------------------------------


class TitleForm(forms.Form):
    title = forms.CharField()


def test_report_error_puts_the_message_on_the_field_of_the_form(request_):
    form = TitleForm({"title": "x"})
    form.is_valid()
    report_error(request_, DomainError("Tên đã có.", field="title"), form=form)
    assert form.errors == {"title": ["Tên đã có."]}


def test_report_error_puts_a_message_of_an_unknown_field_on_the_whole_form(request_):
    form = TitleForm({"title": "x"})
    form.is_valid()
    report_error(request_, DomainError("Không được.", field="other"), form=form)
    assert form.non_field_errors() == ["Không được."]


def test_report_error_without_a_form_is_an_error_message(request_):
    report_error(request_, DomainError("Không được."))
    assert [(m.level_tag, m.message) for m in get_messages(request_)] == [("error", "Không được.")]


def test_apply_service_returns_the_result_or_none():
    form = TitleForm({"title": "x"})
    form.is_valid()
    assert apply_service(form, lambda value: value * 2, 21) == 42

    def refuse():
        raise DomainError("Sai tiêu đề.", field="title")

    assert apply_service(form, refuse) is None
    assert form.errors == {"title": ["Sai tiêu đề."]}
