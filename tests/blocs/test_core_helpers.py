"""The blocs app on the core helpers: one upload check (evidence, criteria import), one download helper,
the vote threshold as a dated rule, errors shown through report_error, a read-only or logged admin."""

import datetime
import io
import zipfile
from decimal import Decimal as D

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocs import services
from blocs.enums import BlocYearState
from blocs.excel import criteria_workbook
from blocs.models import (
    Bloc,
    BlocYear,
    Criterion,
    Evidence,
    Scorecard,
    VoteResult,
    VoteThreshold,
)
from blocs.selectors import criteria_tree, vote_threshold_on
from emulation.admin_base import LoggedModelAdmin
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.blocs.factories import leaves, make_card, new_unit
from tests.factories import make_clerk, make_user

PDF = b"%PDF-1.4\n%test\n"
HTML_AS_PDF = b"%PDF-1.4\n<script>alert(1)</script>"


def _url(name, *args):
    return reverse(f"blocs:{name}", args=args)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


# Evidence uploads ------------------------------------------------------------------------------------------


def test_evidence_is_stored_under_a_random_name_and_sent_under_its_own(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    client.force_login(bloc.clerk)
    client.post(_url("evidence_upload", sc.pk), {"criterion": leaves(bloc.by)["A.1"].pk,
                                                 "file": SimpleUploadedFile("Biên bản họp.pdf", PDF)})
    ev = Evidence.objects.get()
    assert ev.original_name == "Biên bản họp.pdf"
    assert ev.file.name.startswith("blocs/evidence/") and "Bi" not in ev.file.name and ev.file.name.endswith(".pdf")
    response = client.get(_url("evidence_download", ev.pk))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Bien ban hop.pdf\"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf")
    assert (response["X-Content-Type-Options"], b"".join(response.streaming_content)) == ("nosniff", PDF)


def test_evidence_upload_of_a_page_named_pdf_is_refused_with_the_reason(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    client.force_login(bloc.clerk)
    response = client.post(_url("evidence_upload", sc.pk), {"criterion": leaves(bloc.by)["A.1"].pk,
                                                            "file": SimpleUploadedFile("bao-cao.pdf", HTML_AS_PDF)},
                           follow=True)
    assert _messages(response) == [
        "Tệp có đuôi .pdf nhưng chứa trang web hoặc mã lệnh (script): không được chấp nhận."]
    assert not Evidence.objects.exists()


def test_evidence_upload_without_a_file_asks_for_one(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    client.force_login(bloc.clerk)
    response = client.post(_url("evidence_upload", sc.pk), {"criterion": leaves(bloc.by)["A.1"].pk}, follow=True)
    assert _messages(response) == ["Hãy chọn tệp để tải lên."]


def test_add_evidence_service_refuses_a_renamed_program(bloc):
    sc = make_card(bloc.by, bloc.unit)
    with pytest.raises(DomainError) as exc:
        services.add_evidence(sc, bloc.clerk, leaves(bloc.by)["A.1"], SimpleUploadedFile("bang.docx", b"MZ\x90\x00"))
    assert (exc.value.field, exc.value.message) == (
        "file", "Tệp này là một chương trình, không phải tài liệu: không được chấp nhận.")


def test_evidence_model_field_runs_the_upload_check(bloc):
    sc = make_card(bloc.by, bloc.unit)
    ev = Evidence(scorecard=sc, criterion=leaves(bloc.by)["A.1"], original_name="a.png",
                  file=SimpleUploadedFile("a.png", b"not a png"))
    with pytest.raises(ValidationError) as exc:
        ev.full_clean()
    assert exc.value.message_dict["file"] == ["Tệp có đuôi .png nhưng nội dung không phải là tệp PNG."]


def test_evidence_gone_from_storage_is_a_404_that_says_so(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    ev = services.add_evidence(sc, bloc.clerk, leaves(bloc.by)["A.1"], SimpleUploadedFile("a.pdf", PDF))
    ev.file.storage.delete(ev.file.name)
    client.force_login(bloc.clerk)
    response = client.get(_url("evidence_download", ev.pk))
    assert response.status_code == 404
    assert "Tệp không còn trên máy chủ." in response.content.decode()


def test_evidence_download_by_an_outsider_is_404(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    ev = services.add_evidence(sc, bloc.clerk, leaves(bloc.by)["A.1"], SimpleUploadedFile("a.pdf", PDF))
    client.force_login(make_clerk(new_unit("Đơn vị ngoài khối", "NGOAI"), username="outsider"))
    assert client.get(_url("evidence_download", ev.pk)).status_code == 404


# Criteria import (spreadsheet) -------------------------------------------------------------------------------


def _preparing(bloc):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.PREPARING)
    bloc.by.refresh_from_db()


def test_criteria_import_refuses_a_zip_named_xlsx(client, bloc, board):
    _preparing(bloc)
    before = list(Criterion.objects.filter(criteria_set__bloc_year=bloc.by).values_list("code", "title"))
    fake = io.BytesIO()
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    client.force_login(board)
    response = client.post(_url("criteria_import", bloc.by.pk),
                           {"file": SimpleUploadedFile("tieu-chi.xlsx", fake.getvalue())}, follow=True)
    assert _messages(response) == [
        "Tệp có đuôi .xlsx nhưng là tệp nén ZIP chứa nội dung khác, không phải văn bản Excel."]
    assert list(Criterion.objects.filter(criteria_set__bloc_year=bloc.by).values_list("code", "title")) == before
    assert not ActivityLog.objects.filter(action="blocs.criteria.imported").exists()


def test_criteria_import_accepts_only_xlsx(client, bloc, board):
    _preparing(bloc)
    client.force_login(board)
    response = client.post(_url("criteria_import", bloc.by.pk),
                           {"file": SimpleUploadedFile("tieu-chi.pdf", PDF)}, follow=True)
    assert _messages(response) == ["Không nhận tệp loại “pdf”. Các loại được nhận: xlsx."]
    page = client.get(_url("criteria", bloc.by.pk)).content.decode()
    assert 'accept=".xlsx"' in page


def test_criteria_import_of_a_real_workbook_still_works(client, bloc, board):
    _preparing(bloc)
    client.force_login(board)
    data = criteria_workbook(criteria_tree(bloc.by))
    response = client.post(_url("criteria_import", bloc.by.pk), {"file": SimpleUploadedFile("tc.xlsx", data)},
                           follow=True)
    assert _messages(response) == ["Đã nhập bộ tiêu chí."]


# A refused service call is shown through report_error --------------------------------------------------------


def test_a_refused_service_call_is_one_error_message(client, bloc):
    sc = make_card(bloc.by, bloc.unit)
    Scorecard.objects.filter(pk=sc.pk).update(state="submitted")
    client.force_login(bloc.clerk)
    response = client.post(_url("evidence_upload", sc.pk), {"criterion": leaves(bloc.by)["A.1"].pk,
                                                            "file": SimpleUploadedFile("a.pdf", PDF)}, follow=True)
    assert len(_messages(response)) == 1
    assert not Evidence.objects.exists()


# The vote threshold is a dated rule ---------------------------------------------------------------------------


def test_overlapping_thresholds_are_refused_on_save(db):
    VoteThreshold.objects.all().delete()
    VoteThreshold.objects.create(percent=D(50), valid_from=datetime.date(2020, 1, 1))
    with pytest.raises(DomainError) as exc:  # starts before the row in force and runs into it
        VoteThreshold.objects.create(percent=D(60), valid_from=datetime.date(2019, 1, 1))
    assert exc.value.field == "valid_from"
    assert VoteThreshold.objects.count() == 1


def test_a_later_threshold_closes_the_one_in_force(db):
    VoteThreshold.objects.all().delete()
    old = VoteThreshold.objects.create(percent=D(50), valid_from=datetime.date(2020, 1, 1))
    new = VoteThreshold.objects.create(percent=D(60), valid_from=datetime.date(2024, 1, 1))
    old.refresh_from_db()
    assert (old.valid_to, new.superseded) == (datetime.date(2023, 12, 31), old)
    assert list(VoteThreshold.objects.in_force(datetime.date(2024, 1, 1))) == [new]


def test_threshold_keeps_its_basis_and_label_and_reads_through_in_force(db):
    VoteThreshold.objects.all().delete()
    old = VoteThreshold.objects.create(percent=D(50), valid_from=datetime.date(2020, 1, 1),
                                       valid_to=datetime.date(2023, 12, 31), basis="Quy chế 2020")
    new = VoteThreshold.objects.create(percent=D(60), valid_from=datetime.date(2024, 1, 1), basis="Quy chế 2024")
    assert not hasattr(VoteThreshold, "legal_basis") or VoteThreshold.legal_basis is None
    assert str(VoteThreshold._meta.get_field("valid_to").verbose_name) == "hiệu lực đến"
    assert list(VoteThreshold.objects.in_force(datetime.date(2023, 6, 1))) == [old]
    assert VoteThreshold.current(on=datetime.date(2025, 1, 1)) == new
    assert vote_threshold_on(datetime.date(2025, 1, 1)) == D(60)


@pytest.fixture
def superuser(db):
    return make_user(username="root", is_staff=True, is_superuser=True)


def test_overlapping_threshold_is_refused_in_the_admin_form(client, superuser):
    VoteThreshold.objects.all().delete()
    VoteThreshold.objects.create(percent=D(50), valid_from=datetime.date(2020, 1, 1))
    client.force_login(superuser)
    response = client.post(reverse("admin:blocs_votethreshold_add"),
                           {"percent": "60", "valid_from": "2019-01-01", "valid_to": "", "basis": "Quy chế mới"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["valid_from"] == [
        "Đã có một mức khác đang có hiệu lực trong thời gian này (từ 01/01/2020). Hãy nhập ngày hết hiệu lực cho "
        "mức đó trước."]
    assert VoteThreshold.objects.count() == 1


def test_admin_edit_of_a_threshold_is_logged(client, superuser):
    VoteThreshold.objects.all().delete()
    row = VoteThreshold.objects.create(percent=D(50), valid_from=datetime.date(2020, 1, 1))
    client.force_login(superuser)
    response = client.post(reverse("admin:blocs_votethreshold_change", args=[row.pk]),
                           {"percent": "50", "valid_from": "2020-01-01", "valid_to": "2023-12-31", "basis": ""})
    assert response.status_code == 302
    entry = ActivityLog.objects.get(action="blocs.votethreshold.admin_changed")
    assert (entry.actor, entry.data) == (superuser, {"diff": {"valid_to": [None, "2023-12-31"]}})


def test_vote_results_show_only_inside_their_vote_and_the_threshold_admin_is_logged():
    assert VoteResult not in admin.site._registry
    assert isinstance(admin.site._registry[VoteThreshold], LoggedModelAdmin)


def test_admin_renames_a_bloc_logged_but_cannot_add_or_delete_one(client, rf, superuser, bloc):
    """A bloc has no rename page: the administrator renames it in the admin, and the change is logged."""
    bloc_row = bloc.by.bloc
    model_admin = admin.site._registry[Bloc]
    request = rf.get("/")
    request.user = superuser
    assert (model_admin.has_add_permission(request), model_admin.has_delete_permission(request, bloc_row)) \
        == (False, False)
    client.force_login(superuser)
    url = reverse("admin:blocs_bloc_change", args=[bloc_row.pk])
    response = client.post(url, {"name": "Khối thi đua mới", "code": bloc_row.code, "is_active": "on",
                                 "council": bloc_row.council})
    bloc_row.refresh_from_db()
    assert (response.status_code, bloc_row.name) == (302, "Khối thi đua mới")
    entry = ActivityLog.objects.get(action="blocs.bloc.admin_changed")
    assert entry.actor == superuser and entry.data["diff"]["name"][1] == "Khối thi đua mới"
