import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from emulation.models import RoleAssignment
from emulation.registry import nav_items
from emulation.roles import roles_of
from reports import conf
from reports.enums import JobStatus
from reports.models import ReportJob
from reports.nav import items
from tests.factories import PersonFactory, make_user
from tests.reports.conftest import pdf_text, xlsx_rows

pytestmark = pytest.mark.django_db


def _post_request(client, django_capture_on_commit_callbacks, kind, data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reports:request", args=[kind]), data)


def _body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def clerk_job(client, django_capture_on_commit_callbacks, clerk, unit, letterhead):
    client.force_login(clerk)
    _post_request(client, django_capture_on_commit_callbacks, "award_history", {"unit": unit.pk})
    client.logout()
    return ReportJob.objects.get(requested_by=clerk)


# Index, request page --------------------------------------------------------------------------


CLERK_REPORTS = ["bloc_summary", "decision_annex", "pledge_document", "award_history"]
BOARD_REPORTS = ["bloc_summary", "province_stats", "state_forms", "decision_annex", "pledge_document", "award_history"]


def test_index_lists_the_reports_of_the_role(client, clerk, board):
    client.force_login(clerk)
    assert [s.KIND for s in client.get(reverse("reports:index")).context["reports"]] == CLERK_REPORTS
    client.force_login(board)
    assert [s.KIND for s in client.get(reverse("reports:index")).context["reports"]] == BOARD_REPORTS


def test_nav_has_reports_for_roles_only(client, clerk):
    client.force_login(clerk)
    content = client.get(reverse("reports:index")).content.decode()
    assert "Báo cáo của tôi" in content and reverse("reports:mine") in content

    nobody = make_user()
    assert items(nobody, roles_of(nobody)) == []
    assert "Báo cáo, dữ liệu" in [str(i.label) for i in nav_items(clerk, roles_of(clerk))]


def test_request_province_stats_by_clerk_is_403(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("reports:request", args=["province_stats"])).status_code == 403


def test_request_unknown_report_is_404(client, board):
    client.force_login(board)
    assert client.get(reverse("reports:request", args=["nothing"])).status_code == 404


def test_request_award_history_of_another_unit_is_a_form_error(client, clerk, other_unit):
    client.force_login(clerk)
    response = client.post(reverse("reports:request", args=["award_history"]), {"unit": other_unit.pk})
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert ReportJob.objects.count() == 0


def test_request_without_broker_shows_the_file_at_once(client, django_capture_on_commit_callbacks, board, province):
    client.force_login(board)
    response = _post_request(client, django_capture_on_commit_callbacks, "province_stats", {"year": 2025})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    page = client.get(response.url)
    assert page.status_code == 200
    content = page.content.decode()
    assert reverse("reports:download", args=[job.pk, "pdf"]) in content
    assert reverse("reports:download", args=[job.pk, "xlsx"]) in content
    assert 'hx-trigger="every 2s"' not in content
    pdf = client.get(reverse("reports:download", args=[job.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "THỐNG KÊ KẾT QUẢ KHEN THƯỞNG CỦA TỈNH" in pdf_text(_body(pdf))
    xlsx = client.get(reverse("reports:download", args=[job.pk, "xlsx"]))
    assert xlsx_rows(_body(xlsx), 3)[0][0] == "THỐNG KÊ KẾT QUẢ KHEN THƯỞNG CỦA TỈNH – Năm 2025"


def test_request_form_prefilled_from_person_page_link(client, clerk, unit):
    person = PersonFactory(unit=unit)
    client.force_login(clerk)
    detail = client.get(reverse("person_detail", args=[person.pk])).content.decode()
    link = reverse("reports:request", args=["award_history"]) + f"?person={person.pk}"
    assert link in detail
    response = client.get(link)
    assert response.context["form"].initial["person"] == str(person.pk)


# Job page and status partial -------------------------------------------------------------------


def test_job_page_polls_while_waiting(client, board):
    job = ReportJob.objects.create(kind="province_stats", params={"year": 2025}, params_key="k", title="Thống kê",
                                   requested_by=board)
    client.force_login(board)
    content = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in content
    assert reverse("reports:job_status", args=[job.pk]) in content
    assert '<noscript><meta http-equiv="refresh"' in content
    # a long report can be left: it stays under "My reports" (and a notification says when it is ready)
    assert f'<a href="{reverse("reports:mine")}">Báo cáo của tôi</a> và sẽ có thông báo' in content
    partial = client.get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert partial.startswith('<div id="job-status" hx-get=') and 'data-status="queued"' in partial
    assert "<html" not in partial


def test_status_partial_shows_failure_and_retry_to_the_requester(client, board):
    job = ReportJob.objects.create(kind="province_stats", params={"year": 2025}, params_key="k",
                                   requested_by=board, status=JobStatus.FAILED, error="Lỗi dễ hiểu.")
    client.force_login(board)
    partial = client.get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert "Lỗi dễ hiểu." in partial and reverse("reports:job_retry", args=[job.pk]) in partial
    assert "hx-trigger" not in partial


def test_status_partial_fails_a_job_past_the_hard_limit(client, board):
    job = ReportJob.objects.create(
        kind="province_stats", params={"year": 2025}, params_key="k", requested_by=board, status=JobStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(seconds=conf.hard_time_limit() + conf.stale_grace_seconds()
                                                       + 1))
    client.force_login(board)
    partial = client.get(reverse("reports:job_status", args=[job.pk])).content.decode()
    assert 'data-status="failed"' in partial and "quá thời gian cho phép" in partial


def test_job_of_another_clerk_is_404_even_with_its_url(client, clerk_job, other_clerk):
    client.force_login(other_clerk)
    for url in (clerk_job.get_absolute_url(), reverse("reports:job_status", args=[clerk_job.pk]),
                reverse("reports:download", args=[clerk_job.pk, "pdf"]),
                reverse("reports:download", args=[clerk_job.pk, "xlsx"])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("reports:job_retry", args=[clerk_job.pk])).status_code == 404


def test_board_sees_and_downloads_the_clerks_job(client, clerk_job, board):
    client.force_login(board)
    assert client.get(clerk_job.get_absolute_url()).status_code == 200
    response = client.get(reverse("reports:download", args=[clerk_job.pk, "pdf"]))
    assert response.status_code == 200
    assert "QUÁ TRÌNH KHEN THƯỞNG" in pdf_text(_body(response))


def test_download_rechecks_access_after_the_role_is_gone(client, clerk_job, clerk):
    client.force_login(clerk)
    assert client.get(reverse("reports:download", args=[clerk_job.pk, "pdf"])).status_code == 200
    RoleAssignment.objects.filter(user=clerk).delete()
    assert client.get(reverse("reports:download", args=[clerk_job.pk, "pdf"])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_download_of_a_missing_file_renders_it_again(client, django_capture_on_commit_callbacks, clerk_job, clerk):
    default_storage.delete(clerk_job.file.name)
    client.force_login(clerk)
    # Without a broker the task runs in-process right after the commit: the file comes back at once.
    response = client.get(reverse("reports:download", args=[clerk_job.pk, "pdf"]))
    assert response.status_code == 200
    assert "QUÁ TRÌNH KHEN THƯỞNG" in pdf_text(_body(response))
    assert ReportJob.objects.get(pk=clerk_job.pk).attempts == 2


def test_download_while_waiting_redirects_to_the_job(client, board):
    job = ReportJob.objects.create(kind="province_stats", params={"year": 2025}, params_key="k", requested_by=board)
    client.force_login(board)
    response = client.get(reverse("reports:download", args=[job.pk, "pdf"]))
    assert response.status_code == 302 and response.url == job.get_absolute_url()


def test_retry_by_council_of_someone_elses_job_is_403(client, board, council):
    job = ReportJob.objects.create(kind="province_stats", params={"year": 2025}, params_key="k",
                                   requested_by=board, status=JobStatus.FAILED, error="x")
    client.force_login(council)
    assert client.get(job.get_absolute_url()).status_code == 200
    assert client.post(reverse("reports:job_retry", args=[job.pk])).status_code == 403


def test_retry_by_requester_requeues_and_runs(client, django_capture_on_commit_callbacks, board, province):
    job = ReportJob.objects.create(kind="province_stats", params={"year": 2025}, params_key="k",
                                   requested_by=board, status=JobStatus.FAILED, error="x")
    client.force_login(board)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


# My reports and query counts -------------------------------------------------------------------


def _jobs(user, n):
    for i in range(n):
        ReportJob.objects.create(kind="province_stats", params={"year": 2020 + i}, params_key=str(i),
                                 title=f"Thống kê {i}", requested_by=user,
                                 status=[JobStatus.DONE, JobStatus.FAILED, JobStatus.QUEUED][i % 3],
                                 file="reports/x.pdf" if i % 3 == 0 else "")


def test_my_reports_lists_only_my_jobs(client, board, council):
    _jobs(board, 2)
    _jobs(council, 1)
    client.force_login(board)
    response = client.get(reverse("reports:mine"))
    assert [j.title for j in response.context["page"]] == ["Thống kê 1", "Thống kê 0"]


@pytest.mark.parametrize("n", [1, 3])
def test_my_reports_query_count(client, board, django_assert_num_queries, n):
    _jobs(board, n)
    client.force_login(board)
    with django_assert_num_queries(6):
        assert client.get(reverse("reports:mine")).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_job_page_status_and_download_query_counts(client, clerk_job, clerk, django_assert_num_queries, n):
    _jobs(clerk, n)
    client.force_login(clerk)
    with django_assert_num_queries(7):
        assert client.get(clerk_job.get_absolute_url()).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("reports:job_status", args=[clerk_job.pk])).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("reports:download", args=[clerk_job.pk, "pdf"])).status_code == 200
