import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from config.celery import health
from emulation.models import Person, RoleAssignment, Unit

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_passes_under_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_production",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "tdkt.example.gov.vn",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser journeys' harness
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_language_and_timezone_defaults():
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE) == ("vi", "Asia/Ho_Chi_Minh")


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_prints_logins(capsys):
    call_command("load_demo")
    first = (Unit.objects.count(), Person.objects.count(), RoleAssignment.objects.count())
    call_command("load_demo")
    assert (Unit.objects.count(), Person.objects.count(), RoleAssignment.objects.count()) == first
    out = capsys.readouterr().out
    for username in ["admin", "bantdkt", "hoidong", "vqg", "khuyennong"]:
        assert username in out
    assert Unit.objects.filter(code__in=["SGTVT", "STNMT", "SXD", "LMHTX", "VQGBGM", "BQLDA"]).count() == 6
    assert Unit.objects.filter(parent__code="SNN", kind="public_service").count() >= 8


@pytest.mark.django_db
def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_404_page_is_vietnamese(client, board, settings):
    settings.DEBUG = False
    client.force_login(board)
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_shows_role_panels(client, clerk, unit):
    client.force_login(clerk)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert unit.name in response.content.decode()


@pytest.mark.django_db
def test_choose_year_is_kept_in_session(client, clerk):
    client.force_login(clerk)
    client.post(reverse("choose_year"), {"year": "2020", "next": "/"})
    assert client.get(reverse("dashboard")).context["year"] == 2020


def test_celery_health_task_runs_eagerly_without_broker(settings):

    if settings.CELERY_BROKER_URL:
        pytest.skip("a broker is configured; the real worker test covers this")
    assert health.delay().get() == "ok"
