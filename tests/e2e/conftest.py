"""Browser journeys: Playwright driving Debian's Chromium (/usr/bin/chromium), headless.

Screenshots go to tests/e2e/screenshots/ (ignored by git). Without Chromium the journeys skip;
under REQUIRE_SERVICES=1 (CI, which installs Chromium) that is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import need_service

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "screenshots"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]


@pytest.fixture(scope="session")
def _playwright():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        need_service("needs Chromium (apt-get install chromium)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    # inline: Playwright is only loaded when a browser journey runs
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(_playwright, live_server):
    context = _playwright.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN",
                                      accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base = live_server.url
    yield pg
    context.close()


@pytest.fixture
def shot(request):
    SHOTS.mkdir(exist_ok=True)
    counter = {"n": 0}

    def take(page, name):
        counter["n"] += 1
        page.screenshot(path=str(SHOTS / f"{request.node.name}-{counter['n']:02d}-{name}.png"), full_page=True)

    return take


def ready(page):
    """Wait until the page's scripts have run and bound their handlers: ``static/js/app.js`` sets
    ``<html data-ready="1">`` after every script of the page (DOMContentLoaded, then a tick). Typing before
    that races the page (a keystroke the scorecard's handlers never saw left "Có thay đổi chưa lưu" hidden)."""
    # A locator wait, not wait_for_function: Playwright polls a function with eval, which the page's
    # Content-Security-Policy (no 'unsafe-eval') refuses whenever the flag is not set at the first look.
    page.locator("html[data-ready='1']").wait_for(state="attached")


def goto(page, path):
    """Open ``path`` of the live server and wait for the page to be ready; returns the response."""
    response = page.goto(page.base + path)
    ready(page)
    return response


def follow(page, locator):
    """Click what leads to another page (a link, a submit button) and wait for that page to be ready."""
    with page.expect_navigation():
        locator.click()
    ready(page)


def login(page, username, password="pw-123456"):
    goto(page, "/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(page.base + "/")
    ready(page)
