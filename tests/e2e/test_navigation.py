"""Finding one's way: the top menu fits one line on a 1366 px laptop for every demo role, names read
family name first, and the home and nomination pages do not scroll sideways on a 390 px phone."""

import pytest
from django.core.management import call_command

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLES = {"admin": "Quản trị hệ thống", "bantdkt": "Đỗ Thanh Tâm", "hoidong": "Trần Văn Hội",
         "vqg": "Vương Đức Hòa", "khuyennong": "Nguyễn Văn An", "nuocsach": "Phạm Thị Lan"}

MENU_LINES = """() => {
  const items = [...document.querySelectorAll('#nav > ul > li')];
  const tops = new Set(items.map(el => Math.round(el.getBoundingClientRect().top)));
  const right = Math.max(...items.map(el => el.getBoundingClientRect().right));
  const bar = document.querySelector('nav.navbar').getBoundingClientRect().height;
  const link = document.querySelector('#nav .nav-link').getBoundingClientRect().height;
  return {tops: tops.size, bar, link, right, width: document.documentElement.clientWidth};
}"""


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_menu_fits_one_line_for_every_role(page, shot):
    call_command("load_demo", verbosity=0)
    page.set_viewport_size({"width": 1366, "height": 768})
    for username, name in ROLES.items():
        page.context.clear_cookies()
        login(page, username, "demo12345")
        menu = page.evaluate(MENU_LINES)
        shot(page, f"menu-{username}")
        assert menu["tops"] == 1, f"{username}: the menu wraps onto {menu['tops']} lines"
        assert menu["right"] <= menu["width"], f"{username}: the menu runs off the screen"
        # one line of links plus the bar's own padding: less than two lines high
        assert menu["bar"] < 2 * menu["link"], f"{username}: the bar is {menu['bar']}px high"
        # the name in the header reads family name first
        assert page.locator("#nav").get_by_text(name, exact=True).count() == 1, username
        given = name.split()[-1]
        assert page.locator("#nav").get_by_text(f"{given} {' '.join(name.split()[:-1])}").count() == 0


def test_phone_home_and_nomination_pages_do_not_scroll_sideways(page, shot):
    call_command("load_demo", verbosity=0)
    page.set_viewport_size({"width": 390, "height": 844})
    pages = {"nuocsach": ["/", "/awards/nominations/", "/awards/nominations/new/"],
             "bantdkt": ["/", "/awards/nominations/", "/awards/nominations/queue/"]}
    for username, paths in pages.items():
        page.context.clear_cookies()
        login(page, username, "demo12345")
        for path in paths:
            response = page.goto(page.base + path)
            assert response.status == 200, path
            shot(page, f"phone-{username}-{path.strip('/').replace('/', '-') or 'home'}")
            assert overflow(page) <= 0, f"{path} scrolls sideways at 390 px for {username}"
        # and a nomination's own page
        link = page.goto(page.base + "/awards/nominations/")
        first = page.locator("main table a[href*='/awards/nominations/']").first
        if first.count():
            first.click()
            page.wait_for_load_state("domcontentloaded")
            assert overflow(page) <= 0, f"{page.url} scrolls sideways at 390 px for {username}"
        assert link.status == 200
