"""The bloc leaders' year-end assessment (printed in the bloc summary): service and form page."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from blocs import services
from blocs.enums import BlocYearState
from blocs.models import BlocYearAssessment
from emulation.errors import DomainError
from emulation.models import ActivityLog
from emulation.selectors import history_for
from tests.factories import UnitFactory, make_clerk
from tests.reports.factories import make_bloc_year

pytestmark = pytest.mark.django_db

TEXTS = {"activities": "Hội thao truyền thống khối", "strengths": "Đoàn kết", "weaknesses": "Chậm báo cáo",
         "lessons": "Phân công rõ việc", "directions": "Chuyển đổi số", "recommendations": "Tăng kinh phí"}


@pytest.fixture
def bloc_year(unit, other_unit):
    head = UnitFactory(name="Sở Khối Trưởng")
    return make_bloc_year("KA", 2025, [head, unit], name="Khối thi đua A")


@pytest.fixture
def leader(bloc_year):
    return make_clerk(bloc_year.head_unit)


def test_leader_writes_the_assessment_and_it_is_logged(bloc_year, leader):
    assessment = services.save_bloc_assessment(bloc_year, leader, **TEXTS)
    assert {f: getattr(assessment, f) for f in TEXTS} == TEXTS and assessment.updated_by == leader
    services.save_bloc_assessment(bloc_year, leader, **{**TEXTS, "strengths": "  Đoàn kết, sáng tạo "})
    assert BlocYearAssessment.objects.get().strengths == "Đoàn kết, sáng tạo"
    entries = ActivityLog.objects.filter(action="reports.bloc_assessment.saved").order_by("pk")
    assert entries.count() == 2
    assert entries[1].data["diff"] == {"strengths": ["Đoàn kết", "Đoàn kết, sáng tạo"]}
    assert entries[1].actor == leader


def test_member_clerk_and_council_may_not_write(bloc_year, clerk, council):
    for user in (clerk, council):
        with pytest.raises(DomainError):
            services.save_bloc_assessment(bloc_year, user, **TEXTS)
    assert not BlocYearAssessment.objects.exists()


def test_closed_bloc_year_only_board_may_change(bloc_year, leader, board):
    bloc_year.state = BlocYearState.CLOSED
    bloc_year.save()
    with pytest.raises(DomainError):
        services.save_bloc_assessment(bloc_year, leader, **TEXTS)
    services.save_bloc_assessment(bloc_year, board, **TEXTS)
    assert BlocYearAssessment.objects.get().updated_by == board


def test_form_page_saves(client, bloc_year, leader):
    client.force_login(leader)
    url = reverse("blocs:assessment", args=[bloc_year.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("reports:request", args=["bloc_summary"]) + f"?bloc_year={bloc_year.pk}" in page.content.decode()
    response = client.post(url, TEXTS)
    assert response.status_code == 302
    assert BlocYearAssessment.objects.get(bloc_year=bloc_year).lessons == TEXTS["lessons"]


def test_form_page_shows_the_refusal_on_a_closed_year(client, bloc_year, leader):
    bloc_year.state = BlocYearState.CLOSED
    bloc_year.save()
    client.force_login(leader)
    response = client.post(reverse("blocs:assessment", args=[bloc_year.pk]), TEXTS)
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_form_page_outsider_404_member_and_council_403(client, bloc_year, clerk, other_clerk, council):
    url = reverse("blocs:assessment", args=[bloc_year.pk])
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    assert client.get(url).status_code == 403
    client.force_login(council)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_form_page_query_count(client, board, n, django_assert_num_queries):
    units = [UnitFactory() for _i in range(n)]
    bloc_year = make_bloc_year(f"KQ{n}", 2025, units)
    services.save_bloc_assessment(bloc_year, board, **TEXTS)
    client.force_login(board)
    url = reverse("blocs:assessment", args=[bloc_year.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200


QUERIES = 7


def test_old_reports_address_redirects_to_the_blocs_page(client, bloc_year, leader):
    client.force_login(leader)
    response = client.get(f"/reports/bloc-years/{bloc_year.pk}/assessment/")
    assert response.status_code == 301
    assert response["Location"] == reverse("blocs:assessment", args=[bloc_year.pk])


def _migration():
    return importlib.import_module("blocs.migrations.0004_bloc_year_assessment")


@pytest.fixture
def fresh_content_types():
    """These tests change content types inside the test's transaction: forget them after the rollback."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def test_migration_moves_the_content_type_and_the_history_follows(bloc_year, leader, fresh_content_types):
    """An upgraded database: the assessment's log entries were written under reports' content type."""
    assessment = services.save_bloc_assessment(bloc_year, leader, **TEXTS)
    ContentType.objects.filter(app_label="blocs", model="blocyearassessment").delete()  # as before the move
    old = ContentType.objects.create(app_label="reports", model="blocyearassessment")
    ActivityLog.objects.filter(action="reports.bloc_assessment.saved").update(content_type=old)
    ContentType.objects.clear_cache()
    _migration().forwards(django_apps, SimpleNamespace(connection=connection))
    moved = ContentType.objects.get(pk=old.pk)
    assert (moved.app_label, moved.model_class()) == ("blocs", BlocYearAssessment)
    assert [(e.action, e.label_known) for e in history_for(assessment)] == [("reports.bloc_assessment.saved", True)]
    _migration().backwards(django_apps, SimpleNamespace(connection=connection))
    assert ContentType.objects.get(pk=old.pk).app_label == "reports"


def test_migration_merges_into_an_existing_content_type(bloc_year, leader, fresh_content_types):
    assessment = services.save_bloc_assessment(bloc_year, leader, **TEXTS)
    old = ContentType.objects.create(app_label="reports", model="blocyearassessment")
    ActivityLog.objects.filter(action="reports.bloc_assessment.saved").update(content_type=old)
    _migration().forwards(django_apps, SimpleNamespace(connection=connection))
    assert not ContentType.objects.filter(pk=old.pk).exists()
    assert [e.action for e in history_for(assessment)] == ["reports.bloc_assessment.saved"]
