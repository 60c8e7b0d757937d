"""What every page pays less for: the top menu built once per role set (and language and URL configuration)
instead of on every request, and list links reversed once per page (``pk_urls``)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from awards.enums import NominationState
from awards.models import Nomination
from emulation import registry
from emulation.listing import pk_urls
from emulation.roles import roles_of
from emulation.templatetags.tdkt import label
from tests.factories import make_board, make_clerk

pytestmark = pytest.mark.django_db


def _flat(items):
    return [(str(i.label), i.url, i.header, _flat(i.children)) for i in items]


def test_the_menu_is_built_once_per_role_set_and_equals_a_fresh_build(board, council, clerk, unit):
    registry.clear_nav_cache()
    second_board, second_clerk = make_board(username="board2"), make_clerk(unit, username="clerk2")
    for user, twin in [(board, second_board), (clerk, second_clerk)]:
        menu = registry.nav_items(user, roles_of(user))
        assert registry.nav_items(twin, roles_of(twin)) is menu  # kept, not rebuilt
        assert _flat(menu) == _flat(registry.build_nav(user, roles_of(user)))
    assert _flat(registry.nav_items(council, roles_of(council))) != _flat(registry.nav_items(board, roles_of(board)))
    assert _flat(registry.nav_items(clerk, roles_of(clerk))) != _flat(registry.nav_items(board, roles_of(board)))


def test_the_kept_menu_is_drawn_in_the_page_language(board):
    menu = registry.nav_items(board, roles_of(board))
    with translation.override("en"):
        english = [str(i.label) for i in registry.nav_items(board, roles_of(board))]
    with translation.override("vi"):
        vietnamese = [str(i.label) for i in registry.nav_items(board, roles_of(board))]
    assert english != vietnamese and "Organisation" in english
    assert [str(i.label) for i in menu] in (english, vietnamese)


def test_pages_show_the_menu_of_their_user(client, board, clerk):
    client.force_login(board)
    assert reverse("activity_log") in client.get(reverse("dashboard")).content.decode()
    client.force_login(clerk)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("awards:nomination_list") in html and reverse("activity_log") not in html


def test_pk_urls_equal_reverse():
    url = pk_urls("unit_detail")
    for pk in (1, 7, 2147483646, 10**12):
        assert url(pk) == reverse("unit_detail", args=[pk])


def test_the_label_filter_equals_get_display_in_each_language():
    for language in ("vi", "en"):
        with translation.override(language):
            for value, _text in NominationState.choices:
                n = Nomination(state=value)
                assert label(n, "state") == n.get_state_display()
    assert label(Nomination(state="no-such-state"), "state") == "no-such-state"


def _menu_html(html):
    start = html.index('<ul class="navbar-nav me-auto">')
    return html[start:html.index("</ul>\n      <form", start)]


def test_the_kept_menu_html_follows_the_language_and_marks_a_plain_entry(client, board):
    """The menu's HTML is rendered once per menu, language and active entry (``registry.nav_html``): a page in
    English shows the English menu, and a plain (not drop-down) entry is marked on its own pages."""
    registry.clear_nav_cache()
    client.force_login(board)
    people = reverse("person_list")
    vietnamese = _menu_html(client.get(people).content.decode())
    assert _menu_html(client.get(people).content.decode()) == vietnamese  # from the kept copy
    with translation.override("en"):
        fresh = registry.build_nav(board, roles_of(board))
        english = _menu_html(client.get(people, HTTP_ACCEPT_LANGUAGE="en").content.decode())
        assert all(escape(str(item.label)) in english for item in fresh)
        assert all(escape(str(child.label)) in english for item in fresh for child in item.children)
    assert english != vietnamese

    roles = roles_of(board)
    registry._nav_cache[registry.nav_key(roles)] = [registry.NavItem("Khối", "/blocs/"),
                                                    registry.NavItem("Đơn vị", "/units/")]
    on_blocs = registry.nav_html(board, roles, "/blocs/2026/")
    assert '<a class="nav-link active" href="/blocs/">Khối</a>' in on_blocs
    assert '<a class="nav-link" href="/units/">Đơn vị</a>' in on_blocs
    assert "active" not in registry.nav_html(board, roles, "/")
    registry.clear_nav_cache()
