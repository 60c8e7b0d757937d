"""The load balancer's health URL (/healthz, emulation.health): plain to everyone, details to the token holder
and the board, cheap, and answered whatever Host the balancer sends."""

import json
import os

import pytest

from emulation import health
from tests.conftest import need_service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_checks(settings):
    settings.HEALTH_TOKEN = "s3cret-health-token"
    health.forget()
    yield
    health.forget()


def test_an_outsider_reads_ok_and_nothing_more(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")
    assert response["Content-Type"] == "text/plain"
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response


def test_a_balancer_calling_the_host_by_its_address_is_answered(client, settings):
    settings.ALLOWED_HOSTS = ["tdkt.example.vn"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert (response.status_code, response.content) == (200, b"ok")


def test_a_broken_storage_is_503_without_saying_why(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker / "media")  # cannot be created: a file stands in the way
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"unavailable")


def test_the_token_holder_reads_each_check(client, settings, tmp_path):
    response = client.get("/healthz", HTTP_X_HEALTH_TOKEN="s3cret-health-token")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok", "broker": "not used",
                                            "storage": "ok"}
    health.forget()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker / "media")
    data = json.loads(client.get("/healthz", HTTP_X_HEALTH_TOKEN="s3cret-health-token").content)
    assert data["status"] == "unavailable"
    assert data["storage"].startswith("error: ")


def test_a_wrong_or_empty_token_reads_the_plain_answer(client, settings):
    assert client.get("/healthz", HTTP_X_HEALTH_TOKEN="guess").content == b"ok"
    settings.HEALTH_TOKEN = ""
    assert client.get("/healthz", HTTP_X_HEALTH_TOKEN="").content == b"ok"


def test_the_board_signed_in_reads_the_details_a_clerk_does_not(client, board, clerk):
    client.force_login(board)
    assert json.loads(client.get("/healthz").content)["database"] == "ok"
    client.force_login(clerk)
    assert client.get("/healthz").content == b"ok"


def test_the_storage_and_broker_results_are_reused_for_a_few_seconds(client, settings, tmp_path):
    settings.HEALTH_CACHE_SECONDS = 60
    assert client.get("/healthz").status_code == 200
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker / "media")
    assert client.get("/healthz").status_code == 200  # the remembered storage result
    settings.HEALTH_CACHE_SECONDS = 0
    assert client.get("/healthz").status_code == 503


def test_a_call_costs_one_query(client, django_assert_max_num_queries):
    client.get("/healthz")
    with django_assert_max_num_queries(1):  # SELECT 1
        assert client.get("/healthz").status_code == 200


def test_the_storage_check_reaches_the_bucket(client, s3_storage):
    data = json.loads(client.get("/healthz", HTTP_X_HEALTH_TOKEN="s3cret-health-token").content)
    assert data["storage"] == "ok"
    health.forget()
    storage_client, bucket = s3_storage
    storage_client.delete_bucket(Bucket=bucket)
    response = client.get("/healthz", HTTP_X_HEALTH_TOKEN="s3cret-health-token")
    assert response.status_code == 503
    assert "404" in json.loads(response.content)["storage"] or "NoSuchBucket" in json.loads(response.content)["storage"]


def test_the_broker_check_fails_when_the_broker_is_unreachable(settings, monkeypatch):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    health.app.conf.task_always_eager = False
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # Celery reads the variable first
    before = health.app.conf.broker_url
    health.app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        assert health.run_checks()["broker"].startswith("error: ")
    finally:
        monkeypatch.undo()
        health.app.conf.broker_url = before
        health.app._pool = None
        health.app.amqp._producer_pool = None


def test_the_broker_check_passes_against_the_real_broker(settings):
    if not os.environ.get("CELERY_BROKER_URL"):
        need_service("needs Redis: set CELERY_BROKER_URL=redis://…")
    settings.CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
    health.app.conf.task_always_eager = False
    assert health.run_checks()["broker"] == "ok"
