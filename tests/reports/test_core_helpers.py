"""Reports on the core helpers: rendered files under random names, downloads through serve_file (a file
gone after the check is a 404 that says so), a read-only job admin and a logged letterhead admin."""

import pytest
from django.contrib import admin
from django.core.files.storage import default_storage
from django.urls import reverse

from emulation.admin_base import LoggedModelAdmin, ServiceModelAdmin
from emulation.models import ActivityLog
from reports import services
from reports.models import Letterhead, ReportJob
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_job(client, django_capture_on_commit_callbacks, clerk, unit, letterhead):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:request", args=["award_history"]), {"unit": unit.pk})
    client.logout()
    return ReportJob.objects.get(requested_by=clerk)


def test_rendered_file_has_a_random_name_and_downloads_under_the_reports_name(client, clerk_job, clerk):
    assert clerk_job.file.name.startswith("reports/") and clerk_job.file.name.endswith(".pdf")
    assert services.filename_for(clerk_job, "pdf")[:-4] not in clerk_job.file.name
    client.force_login(clerk)
    response = client.get(reverse("reports:download", args=[clerk_job.pk, "pdf"]))
    assert response["Content-Disposition"] == f'attachment; filename="{services.filename_for(clerk_job, "pdf")}"'
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("application/pdf", "nosniff")


def test_a_file_gone_after_the_check_is_a_404_that_says_so(client, clerk_job, clerk, monkeypatch):
    default_storage.delete(clerk_job.file.name)
    monkeypatch.setattr(services, "file_present", lambda job, field="file": True)  # it went between check and send
    client.force_login(clerk)
    response = client.get(reverse("reports:download", args=[clerk_job.pk, "pdf"]))
    assert response.status_code == 404
    assert "Tệp không còn trên máy chủ." in response.content.decode()


def test_another_clerks_download_is_404(client, clerk_job, other_clerk):
    client.force_login(other_clerk)
    assert client.get(reverse("reports:download", args=[clerk_job.pk, "pdf"])).status_code == 404


@pytest.fixture
def superuser(db):
    return make_user(username="root", is_staff=True, is_superuser=True)


def test_report_jobs_are_read_only_in_the_admin(client, rf, superuser, clerk_job):
    model_admin = admin.site._registry[ReportJob]
    request = rf.get("/")
    request.user = superuser
    assert isinstance(model_admin, ServiceModelAdmin)
    assert (model_admin.has_add_permission(request), model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request)) == (False, False, False)
    client.force_login(superuser)
    url = reverse("admin:reports_reportjob_change", args=[clerk_job.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Khác"}).status_code == 403


def test_admin_edit_of_the_letterhead_is_logged(client, superuser, letterhead):
    assert isinstance(admin.site._registry[Letterhead], LoggedModelAdmin)
    client.force_login(superuser)
    data = {f: getattr(letterhead, f) for f in ("parent_body", "issuing_body", "symbol", "place", "signer_capacity",
                                                "signer_title", "signer_name", "recipients")}
    data.update(signer_name="Nguyễn Văn Ký", is_active="on")
    response = client.post(reverse("admin:reports_letterhead_change", args=[letterhead.pk]), data)
    assert response.status_code == 302
    entry = ActivityLog.objects.get(action="reports.letterhead.admin_changed")
    assert (entry.actor, entry.data) == (superuser, {"diff": {"signer_name": ["Trần Thị Ký", "Nguyễn Văn Ký"]}})
