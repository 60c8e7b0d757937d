"""What every page pays less for: the top menu built once per role set (and language and URL configuration)
instead of on every request, and list links reversed once per page (``pk_urls``)."""

import pytest
from django.urls import reverse
from django.utils import translation

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
