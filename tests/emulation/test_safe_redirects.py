"""Redirect targets that come from the browser (``next``, the Referer) never lead off the site: one helper,
emulation.access.safe_next / safe_referer, on every view that reads them."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.urls import reverse

from emulation.access import safe_next, safe_referer
from emulation.errors import DomainError
from emulation.middleware import DomainErrorMiddleware
from tests.blocs.factories import make_bloc_year

EVIL = ["https://evil.example/", "//evil.example/x", "http://evil.example", "javascript:alert(1)",
        "https:///evil.example", "/\\evil.example"]


@pytest.mark.parametrize("bad", EVIL)
def test_helpers_refuse_other_sites(rf, bad):
    request = rf.post("/x/", {"next": bad}, HTTP_REFERER=bad)
    assert safe_next(request, "/fallback/", referer=True) == "/fallback/"
    assert safe_referer(request, "/fallback/") == "/fallback/"
    request = rf.post("/x/", {"next": "/awards/?page=2"})
    assert safe_next(request, "/fallback/") == "/awards/?page=2"


def _views(board, unit):
    """(method, url, data, Referer, where a safe request lands) of each view that reads next or the Referer."""
    by = make_bloc_year(unit)
    return [
        ("post", reverse("choose_year"), {"year": "2024"}, None, reverse("dashboard")),
        ("post", reverse("notifications_read"), {}, None, reverse("notification_list")),
        # the bloc has no proposals: refused, back to where the user came from
        ("post", reverse("awards:nomination_from_bloc", args=[by.pk]), {}, "referer",
         reverse("awards:nomination_list")),
    ]


@pytest.mark.parametrize("bad", EVIL[:3])
@pytest.mark.parametrize("index", range(3))
def test_unsafe_next_and_referer_are_ignored_on_every_redirecting_view(client, board, unit, bad, index):
    method, url, data, _referer, fallback = _views(board, unit)[index]
    client.force_login(board)
    response = getattr(client, method)(url, {**data, "next": bad}, HTTP_REFERER=bad)
    assert response.status_code == 302
    assert response.url == fallback
    assert "evil" not in response.url


def test_a_safe_next_is_followed(client, board):
    client.force_login(board)
    response = client.post(reverse("choose_year"), {"year": "2024", "next": "/awards/"})
    assert response.url == "/awards/"


def test_the_cancel_link_of_an_awards_form_ignores_a_foreign_referer(client, board):
    client.force_login(board)
    response = client.get(reverse("awards:award_create"), HTTP_REFERER="https://evil.example/")
    assert "evil" not in response.context["cancel_url"]
    assert "evil.example" not in response.content.decode()


@pytest.mark.parametrize("bad", EVIL)
def test_domain_error_middleware_goes_back_only_within_the_site(db, board, bad):
    request = RequestFactory().post("/blocs/1/", HTTP_REFERER=bad)
    request.user = board
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    response = DomainErrorMiddleware(lambda r: None).process_exception(request, DomainError("Không được."))
    assert response.url == "/"
