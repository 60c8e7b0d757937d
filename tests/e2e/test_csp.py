"""The Content-Security-Policy holds on every page the five demo roles reach, in Chromium.

The policy (config/settings.py ``CONTENT_SECURITY_POLICY``, the same in tests as in production) allows no
inline script, no style attribute and no inline event handler. For each role (clerk, bloc leader, board,
council, administrator) the test signs in and walks the application breadth-first from the home page: every
same-origin link, GET only, no logout, download or export, each page kind (URL pattern) once per role, at most
``CSP_CRAWL_MAX`` pages (150) per role.
It fails on any refusal the browser reports (the ``securitypolicyviolation`` event, passed to the test
through an exposed function, and any "Refused to …" console message) and on any page answering 500.
"""

import os
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from tests.awards.nomination_factories import NominationFactory
from tests.e2e.conftest import SHOTS, login
from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLES = {
    "nuocsach": "clerk",
    "khuyennong": "bloc leader",
    "bantdkt": "board",
    "hoidong": "council",
    "admin": "administrator",
}
MAX_PAGES = int(os.environ.get("CSP_CRAWL_MAX", "150"))
# links the walk does not follow: leaving, files, exports (GET but not a page), the admin's deletion pages
SKIP = re.compile(r"logout|download|export|/file\.|\.(pdf|xlsx|csv|jsonl|zip|docx)(\?|$)|/signed|/media/|"
                  r"/delete/|/template\b|/qr\b|/qr\.|/openapi\.json", re.I)
# visited first by every role (a 403/404 for those who may not): pages few links lead to
SEEDS = ["/", "/api/v1/docs", "/admin/"]
# every page kind (URL pattern) once per role: its template is the same for every object, filter and sort order
# (the object-level access checks are the access probe's business, not the policy's); the Django admin's
# changelists are one template, so a few of them stand for all
ADMIN_PAGES = 8

LISTEN = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation([e.violatedDirective, e.blockedURI, e.sourceFile + ":" + e.lineNumber,
                         (e.sample || "").slice(0, 80)].join(" | "));
});
"""


def test_the_policy_forbids_inline_script_and_style():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for name in ("script-src", "style-src", "default-src"):
        assert directives[name] == ["'self'"], name
    assert not any("unsafe" in value for values in directives.values() for value in values)


def test_the_policy_is_sent_on_pages(client, clerk):
    client.force_login(clerk)
    header = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in header and "style-src 'self'" in header and "unsafe-inline" not in header


def _kind(link):
    """The page kind of a link: its URL pattern's name (``awards:decision_detail``), else its path."""
    path = urlsplit(link).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name or match.route or path


def _crawl(page, origin, violations, errors, walked):
    queue = deque(SEEDS)
    seen = set(SEEDS)
    kinds = {_kind(path) for path in SEEDS}
    admin_pages = 0
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        page.current = path
        try:
            response = page.goto(origin + path, wait_until="load")
        except Exception as exc:  # noqa: BLE001 a link that starts a download is no page: skip it
            if "Download is starting" in str(exc):
                continue
            raise
        visited += 1
        walked.append(f"{page.role}\t{response.status if response else '-'}\t{path}")
        if response is None:
            continue
        if response.status >= 500:
            errors.append(f"{path}: {response.status}")
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if response.status < 400:
            assert "unsafe-inline" not in (response.headers.get("content-security-policy") or ""), path
        if response.status < 400 and page.locator("script[src*='js/app.']").count():
            # the page's own scripts have run (charts, htmx's first request is on its way); a page outside the
            # layout (the API's docs) has no readiness signal and nothing of ours to wait for
            page.locator("html[data-ready='1']").wait_for(state="attached")
        hrefs = page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)")
        for href in hrefs:
            href = urldefrag(href)[0]
            if not href.startswith(origin + "/"):
                continue
            link = href[len(origin):]
            if link in seen or SKIP.search(link):
                continue
            seen.add(link)
            kind = _kind(link)
            if kind in kinds:
                continue
            if kind.startswith("admin:"):
                admin_pages += 1
                if admin_pages > ADMIN_PAGES:
                    continue
            kinds.add(kind)
            queue.append(link)
    return visited


def test_no_page_of_any_demo_role_breaks_the_content_security_policy(page):
    call_command("load_demo", verbosity=0)
    origin = page.base
    violations, errors, counts, walked = [], [], {}, []

    def record(text):
        violations.append(f"{page.role} {page.current}: {text}")

    page.current = "/login/"
    page.role = "anonymous"
    page.expose_function("__cspViolation", record)
    page.add_init_script(LISTEN)
    page.on("console", lambda msg: "Refused to" in msg.text and violations.append(
        f"{page.role} {page.current}: console: {msg.text[:300]}"))
    page.on("pageerror", lambda exc: errors.append(f"{page.role} {page.current}: script error: {exc}"))

    page.goto(origin + "/login/")  # the sign-in page itself, anonymous
    for username, role in ROLES.items():
        # Leave the last page first: a poll of it sent without cookies would set a new CSRF cookie that races
        # the sign-in page's own (a "CSRF token incorrect" sign-in seen once in a full run).
        page.goto("about:blank")
        page.context.clear_cookies()
        page.role = role
        page.current = "/login/"
        login(page, username, "demo12345")
        counts[role] = _crawl(page, origin, violations, errors, walked)

    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "csp-walk.txt").write_text("\n".join(walked) + "\n")  # what was walked, for whoever reads a failure
    print("pages visited per role:", counts)  # noqa: T201 the size of the walk, shown with -s
    assert not violations, "\n".join(sorted(set(violations))[:50])
    assert not errors, "\n".join(errors[:50])
    assert all(n >= 10 for n in counts.values()), counts  # each role really walked the application


def test_the_behaviour_moved_out_of_inline_handlers_works_under_the_policy(page, unit, clerk, board):
    """static/js/app.js: data-invert-checkboxes (the nomination builder) and data-history-back (a form's
    Cancel); the confirmations (data-confirm) and data-submit-on-change are clicked through in the journeys."""
    violations = []
    page.on("console", lambda msg: "Refused to" in msg.text and violations.append(msg.text))
    nomination = NominationFactory(unit=unit, created_by=clerk)
    PersonFactory(unit=unit, full_name="Nguyễn Văn An")
    PersonFactory(unit=unit, full_name="Trần Thị Bình")

    login(page, "clerk")
    page.goto(page.base + reverse("awards:nomination_builder", args=[nomination.pk]))
    boxes = page.locator('input[name="people"]')
    assert boxes.count() == 2
    boxes.first.check()
    page.locator("[data-invert-checkboxes]").click()
    assert [boxes.nth(i).is_checked() for i in range(2)] == [False, True]

    page.context.clear_cookies()
    login(page, "board")
    page.goto(page.base + reverse("blocs:bloc_create"))
    page.locator("[data-history-back]").click()
    page.wait_for_url(page.base + "/")
    assert not violations, violations
