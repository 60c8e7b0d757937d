"""The load balancer's health URL, ``/healthz``: is this host able to serve?

Four checks: the database (``SELECT 1``), the cache (a write and a read), the broker (a connection, when a
broker is configured) and the file storage (the bucket answers, or the media folder is there and writable).
The database and the cache are checked on every call (each costs one round trip); the broker and the storage
results are reused for ``HEALTH_CACHE_SECONDS`` in the process, so a balancer calling every few seconds costs
next to nothing.

The answer reveals nothing to outsiders: ``ok`` (200) or ``unavailable`` (503) as plain text, never cached.
The checks one by one (JSON, still 200/503) go only to a request with the header ``X-Health-Token`` equal to
``settings.HEALTH_TOKEN`` (compared in constant time; an empty setting accepts none) or to a signed-in board
user or administrator.

``HealthCheckMiddleware`` stands first in ``MIDDLEWARE`` and answers before anything else: no session, no
host check (a balancer calls a host by its address, which ``ALLOWED_HOSTS`` need not list), no HTTPS redirect.
A request that carries a session cookie goes on to the ``healthz`` view (same answer, plus the details for a
board user). Why not django-health-check: it brings an app and a plugin per check and a page listing them to
whoever asks; the four checks, their time limits and the caching fit in this one module.
"""

import hmac
import json
import os
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from config.celery import app

from .downloads import presigns
from .roles import roles_of

PATH = "/healthz"
TIMEOUT = 2  # seconds a broker or storage check may take

_remembered = {}
_lock = threading.Lock()


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"health:{os.getpid()}"
    cache.set(key, "1", timeout=30)
    if cache.get(key) != "1":
        raise RuntimeError("cache does not keep a value")


def check_broker():
    if app.conf.task_always_eager or not settings.CELERY_BROKER_URL:
        return "not used"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=TIMEOUT)
    return None


def check_storage():
    storage = default_storage
    if presigns(storage):
        storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        return None
    if isinstance(storage, FileSystemStorage):
        root = storage.location
        os.makedirs(root, exist_ok=True)  # as the storage itself does on its first save
        if not os.access(root, os.W_OK):
            raise RuntimeError("media folder missing or not writable")
        return None
    storage.exists("healthz")  # any other storage: it answers
    return None


def _run(name, fn, remember):
    now = time.monotonic()
    if remember:
        with _lock:
            hit = _remembered.get(name)
        if hit and now - hit[0] < settings.HEALTH_CACHE_SECONDS:
            return hit[1]
    try:
        result = fn() or "ok"
    except Exception as exc:  # any failure is a failed check; the message is for the token holder only
        result = f"error: {type(exc).__name__}: {str(exc)[:200]}"
    if remember:
        with _lock:
            _remembered[name] = (now, result)
    return result


def forget():
    """Drop the remembered broker and storage results (tests)."""
    with _lock:
        _remembered.clear()


def run_checks():
    """``{"database": "ok", "cache": "ok", "broker": "ok" | "not used", "storage": "ok"}`` or error texts."""
    return {
        "database": _run("database", check_database, remember=False),
        "cache": _run("cache", check_cache, remember=False),
        "broker": _run("broker", check_broker, remember=True),
        "storage": _run("storage", check_storage, remember=True),
    }


def healthy(results):
    return all(value == "ok" or value == "not used" for value in results.values())


def token_ok(request):
    expected = settings.HEALTH_TOKEN
    given = request.META.get("HTTP_X_HEALTH_TOKEN", "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def answer(details):
    results = run_checks()
    status = 200 if healthy(results) else 503
    if details:
        response = HttpResponse(json.dumps({"status": "ok" if status == 200 else "unavailable", **results}),
                                content_type="application/json", status=status)
    else:
        response = HttpResponse("ok" if status == 200 else "unavailable", content_type="text/plain", status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers ``GET``/``HEAD /healthz`` before host checks, sessions and redirects."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") == PATH and request.method in ("GET", "HEAD"):
            if token_ok(request):
                return answer(details=True)
            if settings.SESSION_COOKIE_NAME not in request.COOKIES:
                return answer(details=False)
        return self.get_response(request)


@never_cache
def healthz(request):
    """The same answer for a browser with a session; the details for the board and administrators."""
    user = request.user
    details = token_ok(request) or (user.is_authenticated and roles_of(user).manages_everything)
    return answer(details=bool(details))
