"""Accessibility and language, checked over the real pages of every role with the demo data.

A crawler logs in as each demo login, starts at the home page and follows the links it finds (menu,
panels, lists, details) breadth first. On every page: the page answers without error, is declared
Vietnamese, and every visible form field has a label (a <label for>, a wrapping <label>,
aria-label or aria-labelledby). Error pages, e-mails and form errors are Vietnamese too.
"""

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from emulation.notifications import notify
from emulation.views import error_500
from tests.factories import UnitFactory

SKIP = ("/logout", "/admin", "/static/", "/media/", "/i18n/", ".pdf", ".xlsx", "/download", "/export")
UNLABELLED_OK = {"hidden", "submit", "button", "reset", "image"}
MAX_PAGES = 70


class FormAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.links = []
        self.fields = []  # (tag, attrs, inside_label)
        self.label_for = set()
        self.ids = set()
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and (a.get("type") or "text").lower() in UNLABELLED_OK:
                return
            self.fields.append((tag, a, self._label_depth > 0))

    def handle_endtag(self, tag):
        if tag == "label" and self._label_depth:
            self._label_depth -= 1

    def unlabelled(self):
        out = []
        for tag, a, inside_label in self.fields:
            if inside_label or a.get("aria-label") or a.get("aria-labelledby") or a.get("title"):
                continue
            if a.get("id") and a["id"] in self.label_for:
                continue
            out.append(f"<{tag} name={a.get('name')!r} id={a.get('id')!r}>")
        return out


def crawl(client, start="/"):
    seen, queue, problems, visited = {start}, deque([start]), [], 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code in (302, 403, 404):  # a link the role may not follow is fine if refused cleanly
            continue
        if response.status_code != 200:
            problems.append(f"{url}: HTTP {response.status_code}")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        audit = FormAudit()
        audit.feed(response.content.decode())
        if audit.lang != "vi":
            problems.append(f"{url}: <html lang={audit.lang!r}>")
        for field in audit.unlabelled():
            problems.append(f"{url}: field without a label {field}")
        for href in audit.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if any(s in parts.path for s in SKIP):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query and "page=" not in parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return visited, problems


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data once for the module, rolled back afterwards (the catalogue's data migrations stay)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["bantdkt", "hoidong", "khuyennong", "nuocsach", "vqg"])
def test_every_page_a_role_reaches_is_vietnamese_and_every_field_has_a_label(demo, username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    visited, problems = crawl(client)
    assert visited >= 15, f"the crawler only reached {visited} pages"
    assert problems == []


@pytest.mark.django_db
def test_403_page_is_vietnamese(client, clerk, settings):
    settings.DEBUG = False
    client.force_login(clerk)
    response = client.get(reverse("activity_log"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Không được phép" in body and "Vai trò của bạn chỉ được xem" in body


def test_500_page_is_vietnamese_and_stands_alone(db, settings):
    response = error_500(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="vi">' in body and "Lỗi máy chủ" in body


@pytest.mark.django_db
def test_form_errors_are_vietnamese(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("person_create"), {})
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()


@pytest.mark.django_db
def test_notification_email_is_vietnamese(clerk, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.EMAIL_ENABLED = True
    clerk.email = "clerk@example.org"
    clerk.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([clerk], "Hồ sơ đề nghị đã được tiếp nhận.", url="/awards/nominations/1/")
    [message] = mailoutbox
    assert message.subject.startswith("[Thi đua – Khen thưởng]")
    assert "Hồ sơ đề nghị đã được tiếp nhận." in message.body
    assert message.body.rstrip().endswith("/awards/nominations/1/")


def test_the_audit_finds_an_unlabelled_field_and_accepts_the_labelled_ones():
    audit = FormAudit()
    audit.feed('<html lang="vi"><form><label for="a">A</label><input id="a" name="a">'
               '<label>B <select name="b"></select></label><input name="c" aria-label="C">'
               '<input type="hidden" name="csrf"><textarea name="d"></textarea></form></html>')
    assert audit.lang == "vi"
    assert audit.unlabelled() == ["<textarea name='d' id=None>"]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["bantdkt", "nuocsach"])
def test_every_page_below_the_home_page_shows_where_the_user_is(demo, username):
    """Breadcrumbs on every page: the view's own trail, else the menu entry the page belongs to."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    seen, queue, missing = {"/"}, deque(["/"]), []
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        body = response.content.decode()
        if url != "/" and body.count('aria-label="Đường dẫn"') != 1:
            missing.append(url)  # none, or a second trail beside the shared one
        audit = FormAudit()
        audit.feed(body)
        for href in audit.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or any(s in parts.path for s in SKIP):
                continue
            if parts.path not in seen:
                seen.add(parts.path)
                queue.append(parts.path)
    assert missing == []


def test_breadcrumb_markup_lives_only_in_the_shared_partial():
    """One breadcrumb trail per page, one markup for it: a template that writes its own trail fails here.

    Pages with a trail of their own pass it to the partial (the view's ``breadcrumbs``, or the ``trail`` tag).
    """
    root = Path(settings.BASE_DIR)
    partial = root / "templates" / "_breadcrumbs.html"
    offenders = []
    for path in root.rglob("*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts or path == partial:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r'class="[^"]*\bbreadcrumb\b', text) or "'Breadcrumb'" in text or '"Breadcrumb"' in text:
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


@pytest.mark.django_db
def test_an_object_page_shows_its_own_trail_once(client, board):
    parent = UnitFactory(name="Sở Tài chính")
    unit = UnitFactory(name="Phòng Ngân sách", parent=parent)
    client.force_login(board)
    body = client.get(reverse("unit_detail", args=[unit.pk])).content.decode()
    assert body.count('aria-label="Đường dẫn"') == 1
    nav = body[body.index('aria-label="Đường dẫn"'):]
    nav = nav[:nav.index("</nav>")]
    assert f'<a href="{reverse("unit_list")}">Đơn vị</a>' in nav
    assert "Sở Tài chính" in nav
    assert '<li class="breadcrumb-item active" aria-current="page">Phòng Ngân sách</li>' in nav


@pytest.mark.django_db
def test_a_page_without_its_own_trail_gets_the_menu_trail(client, board):
    client.force_login(board)
    body = client.get(reverse("person_create")).content.decode()
    nav = body[body.index('aria-label="Đường dẫn"'):]
    nav = nav[:nav.index("</nav>")]
    assert f'<a href="{reverse("dashboard")}">Trang chủ</a>' in nav
    assert f'<a href="{reverse("person_list")}">' in nav
