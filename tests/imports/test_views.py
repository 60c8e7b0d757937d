"""Views and services of the import runs: roles, scope, query counts, and the background job path."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.errors import DomainError
from emulation.models import ActivityLog, Notification, Person
from imports import services
from imports.models import ImportRun
from imports.xlsx import Workbook
from tests.factories import make_user
from tests.imports.conftest import PEOPLE_HEADERS, make_xlsx

pytestmark = pytest.mark.django_db


def people_upload(n=1, unit_code="STN", name="nhan-su.xlsx"):
    rows = [PEOPLE_HEADERS] + [[f"Nguyễn Văn Thử {i}", f"0010850{i:05d}", None, None, "Nam", unit_code]
                               for i in range(n)]
    return SimpleUploadedFile(name, make_xlsx(rows).getvalue())


def upload(client, unit=None, n=1, unit_code="STN"):
    data = {"kind": "people", "file": people_upload(n, unit_code)}
    if unit is not None:
        data["unit"] = unit.pk
    return client.post(reverse("imports:upload"), data)


# Services ----------------------------------------------------------------------------------------


def test_clerk_start_for_own_unit_checks_and_logs(clerk, unit):
    run = services.start_import(clerk, "people", people_upload(), unit)
    assert run.status == "previewed"
    assert run.preview["counts"] == {"create": 1, "update": 0, "unchanged": 0}
    assert Person.objects.count() == 0  # nothing written before the confirmation
    assert ActivityLog.objects.get(action="imports.run.uploaded").object_id == str(run.pk)


def test_clerk_import_for_another_unit_is_refused(clerk, other_unit):
    with pytest.raises(DomainError) as refused:
        services.start_import(clerk, "people", people_upload(unit_code="SKH"), other_unit)
    assert refused.value.message == "Bạn chỉ được nhập dữ liệu cho đơn vị của mình."
    assert ImportRun.objects.count() == 0


def test_clerk_without_unit_is_refused(clerk):
    with pytest.raises(DomainError):
        services.start_import(clerk, "people", people_upload(), None)


def test_council_cannot_start_an_import(council, unit):
    with pytest.raises(DomainError) as refused:
        services.start_import(council, "people", people_upload(), unit)
    assert refused.value.message == "Vai trò của bạn không được nhập dữ liệu."


def test_non_xlsx_upload_is_refused(board):
    with pytest.raises(DomainError) as refused:
        services.start_import(board, "people", SimpleUploadedFile("a.csv", b"x"), None)
    assert refused.value.field == "file"


def test_confirm_imports_in_one_go_and_logs(board, unit):
    run = services.start_import(board, "people", people_upload(3), None)
    run = services.confirm_import(run, board)
    assert run.status == "done"
    assert run.summary == {"create": 3, "update": 0, "unchanged": 0}
    assert Person.objects.count() == 3
    assert ActivityLog.objects.filter(action="imports.person.created", data__import=str(run.pk)).count() == 3
    assert ActivityLog.objects.filter(action="imports.run.completed").count() == 1


def test_confirm_twice_is_refused(board, unit):
    run = services.confirm_import(services.start_import(board, "people", people_upload(), None), board)
    with pytest.raises(DomainError) as refused:
        services.confirm_import(run, board)
    assert refused.value.message == "Lần nhập này không ở trạng thái chờ xác nhận."


def test_confirm_of_a_file_with_errors_is_refused(board, unit):
    run = services.start_import(board, "people", people_upload(unit_code="ZZZ"), None)
    assert run.preview["error_count"] == 1
    with pytest.raises(DomainError):
        services.confirm_import(run, board)
    assert Person.objects.count() == 0


def test_confirm_by_another_clerk_is_refused(clerk, unit):
    other = make_user("clerk", unit, username="clerk2")
    run = services.start_import(clerk, "people", people_upload(), unit)
    with pytest.raises(DomainError):
        services.confirm_import(run, other)


def test_data_changed_after_the_check_writes_nothing(board, unit):
    run = services.start_import(board, "people", people_upload(), None)
    unit.code = "STN-OLD"
    unit.save()
    run = services.confirm_import(run, board)
    assert run.status == "previewed"
    assert run.error == "Dữ liệu đã thay đổi sau khi kiểm tra và tệp nay có lỗi. Chưa có dữ liệu nào được nhập."
    assert run.preview["error_count"] == 1
    assert Person.objects.count() == 0


def test_cancel_a_checked_run(clerk, unit):
    run = services.cancel_run(services.start_import(clerk, "people", people_upload(), unit), clerk)
    assert run.status == "cancelled"
    assert ActivityLog.objects.filter(action="imports.run.cancelled").count() == 1
    with pytest.raises(DomainError):
        services.cancel_run(run, clerk)


def test_large_file_runs_as_a_job_end_to_end(client, clerk, unit, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_ASYNC_ROWS = 2
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(client, unit, n=5)
    run = ImportRun.objects.get()
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert (run.is_large, run.status, run.progress, run.row_count) == (True, "previewed", 100, 5)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("imports:run_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert len(callbacks) == 1
    assert run.status == "done"
    assert Person.objects.filter(unit=unit).count() == 5
    # The background steps tell the uploader: checked, then imported.
    actions = list(Notification.objects.filter(recipient=clerk).order_by("pk").values_list("action", "url"))
    url = run.get_absolute_url()
    assert actions == [("imports.run.checked", url), ("imports.run.completed", url)]


def test_large_file_waits_for_the_job_before_anything_runs(clerk, unit, settings):
    settings.IMPORT_ASYNC_ROWS = 2
    run = services.start_import(clerk, "people", people_upload(5), unit)
    assert (run.status, run.is_large) == ("queued", True)  # the task is dispatched after commit only


# Views ------------------------------------------------------------------------------------------


def test_home_shows_the_form_to_a_clerk(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("imports:home"))
    assert response.status_code == 200
    assert response.context["can_import"] is True
    assert "Tải tệp mẫu" in response.content.decode()


def test_home_council_reads_but_has_no_form(client, council):
    client.force_login(council)
    response = client.get(reverse("imports:home"))
    assert response.status_code == 200
    assert response.context["can_import"] is False


def test_home_anonymous_redirects_to_login(client):
    response = client.get(reverse("imports:home"))
    assert response.status_code == 302


@pytest.mark.parametrize("n", [1, 3])
def test_home_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    for _ in range(n):
        services.start_import(board, "people", people_upload(), None)
    client.force_login(board)
    with django_assert_num_queries(6):
        assert client.get(reverse("imports:home")).status_code == 200


def test_upload_by_clerk_redirects_to_the_preview(client, clerk, unit):
    client.force_login(clerk)
    response = upload(client, unit)
    run = ImportRun.objects.get()
    assert response.url == reverse("imports:run", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "Xác nhận và nhập" in page


def test_upload_by_clerk_for_another_unit_is_refused_with_a_message(client, clerk, other_unit):
    client.force_login(clerk)
    response = upload(client, other_unit, unit_code="SKH")
    assert response.status_code == 400
    assert "Bạn chỉ được nhập dữ liệu cho đơn vị của mình." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_upload_by_council_is_forbidden(client, council, unit):
    client.force_login(council)
    assert upload(client, unit).status_code == 403


def test_run_page_lists_problems_per_row_and_column(client, board, unit):
    run = services.start_import(board, "people", people_upload(unit_code="ZZZ"), None)
    client.force_login(board)
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "Không có đơn vị mã “ZZZ”." in page
    assert "Xác nhận và nhập" not in page


def test_run_page_outsider_gets_404(client, clerk, unit, other_clerk):
    run = services.start_import(clerk, "people", people_upload(), unit)
    client.force_login(other_clerk)
    assert client.get(reverse("imports:run", args=[run.pk])).status_code == 404
    assert client.get(reverse("imports:run_status", args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:run_confirm", args=[run.pk])).status_code == 404
    assert Person.objects.count() == 0


def test_run_confirm_by_council_is_forbidden(client, council, clerk, unit):
    run = services.start_import(clerk, "people", people_upload(), unit)
    client.force_login(council)
    assert client.get(reverse("imports:run", args=[run.pk])).status_code == 200
    assert client.post(reverse("imports:run_confirm", args=[run.pk])).status_code == 403
    assert client.post(reverse("imports:run_cancel", args=[run.pk])).status_code == 403
    assert Person.objects.count() == 0


def test_run_confirm_by_clerk_imports(client, clerk, unit):
    run = services.start_import(clerk, "people", people_upload(2), unit)
    client.force_login(clerk)
    response = client.post(reverse("imports:run_confirm", args=[run.pk]), follow=True)
    assert "Đã nhập xong tệp." in response.content.decode()
    assert Person.objects.filter(unit=unit).count() == 2


def test_run_cancel_by_clerk(client, clerk, unit):
    run = services.start_import(clerk, "people", people_upload(), unit)
    client.force_login(clerk)
    assert client.post(reverse("imports:run_cancel", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.status == "cancelled"


@pytest.mark.parametrize("n", [1, 3])
def test_run_page_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    run = services.start_import(board, "people", people_upload(n, unit_code="ZZZ"), None)
    assert run.preview["error_count"] == n
    client.force_login(board)
    with django_assert_num_queries(6):
        assert client.get(reverse("imports:run", args=[run.pk])).status_code == 200


def test_run_status_polls_while_running_and_refreshes_at_the_end(client, clerk, unit, settings):
    settings.IMPORT_ASYNC_ROWS = 2
    run = services.start_import(clerk, "people", people_upload(5), unit)
    client.force_login(clerk)
    response = client.get(reverse("imports:run_status", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in response.content.decode()
    assert "HX-Refresh" not in response
    services.check_run(run.pk)
    response = client.get(reverse("imports:run_status", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"


@pytest.mark.parametrize("n", [1, 3])
def test_run_status_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    run = services.start_import(board, "people", people_upload(n), None)
    client.force_login(board)
    with django_assert_num_queries(4):
        assert client.get(reverse("imports:run_status", args=[run.pk])).status_code == 200


def test_template_download(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("imports:template", args=["awards"]))
    assert response.status_code == 200
    book = Workbook(io.BytesIO(response.content))
    assert book.sheet_names == ["Khen thưởng đã có", "Hướng dẫn"]


def test_template_of_an_unknown_kind_is_404(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("imports:template", args=["nope"])).status_code == 404


def test_export_by_clerk_covers_only_their_units(client, clerk, unit, other_unit):
    Person.objects.create(full_name="Người Của Tôi", unit=unit)
    Person.objects.create(full_name="Người Khác", unit=other_unit)
    client.force_login(clerk)
    response = client.get(reverse("imports:export", args=["people"]))
    book = Workbook(io.BytesIO(response.content))
    names = [r[1][0] for r in book.read(book.sheet_names[0]).rows[1:]]
    assert names == ["Người Của Tôi"]


def test_export_of_another_unit_by_clerk_is_404(client, clerk, other_unit):
    client.force_login(clerk)
    response = client.get(reverse("imports:export", args=["people"]), {"unit": other_unit.pk})
    assert response.status_code == 404


def test_export_by_user_without_role_is_forbidden(client, db):
    client.force_login(make_user())
    assert client.get(reverse("imports:export", args=["people"])).status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_export_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):
    for i in range(n):
        Person.objects.create(full_name=f"Người {i}", unit=unit)
    client.force_login(board)
    with django_assert_num_queries(5):  # + the export of personal data logged (one insert)
        assert client.get(reverse("imports:export", args=["people"])).status_code == 200
