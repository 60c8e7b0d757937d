"""The user guide inside the app, and each page's help link to its section."""

import pytest

from emulation.guide import guide, slug

pytestmark = pytest.mark.django_db


def test_guide_renders_every_section_with_an_anchor(client, clerk):
    client.force_login(clerk)
    response = client.get("/huong-dan/")
    assert response.status_code == 200
    page = response.content.decode()
    _html, sections = guide()
    assert sections
    for _text, anchor, _tag in sections:
        assert f'id="{anchor}"' in page
    assert 'id="can-bo-tdkt-don-vi-unit-clerk"' in page


def test_guide_needs_a_login(client):
    assert client.get("/huong-dan/").status_code == 302


def test_slug_folds_vietnamese():
    assert slug("Ban Thi đua – Khen thưởng (board)") == "ban-thi-dua-khen-thuong-board"


@pytest.mark.parametrize(("who", "path", "anchor"), [
    ("clerk", "/awards/nominations/", "can-bo-tdkt-don-vi-unit-clerk"),
    ("board", "/awards/nominations/queue/", "ban-thi-dua-khen-thuong-board"),
    ("council", "/", "hoi-dong-tdkt-council-member"),
    ("clerk", "/notifications/", "thong-bao-va-nhac-viec-notifications-and-reminders"),
    ("clerk", "/account/", "tai-khoan-va-du-lieu-ca-nhan-every-user"),
])
def test_each_page_links_to_its_section_of_the_guide(client, request, who, path, anchor):
    client.force_login(request.getfixturevalue(who))
    page = client.get(path).content.decode()
    assert f'href="/huong-dan/#{anchor}"' in page
    html, _sections = guide()
    assert f'id="{anchor}"' in html


def test_guide_query_count(client, clerk, django_assert_max_num_queries):
    client.force_login(clerk)
    with django_assert_max_num_queries(8):
        assert client.get("/huong-dan/").status_code == 200
