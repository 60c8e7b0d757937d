"""Readable on a laptop, usable on a tablet: the main pages of each role never scroll sideways.

Wide tables scroll inside their own box (``.table-responsive``) instead of pushing the page wider
than the screen; the menu collapses behind a button on the tablet.
"""

import pytest
from django.core.management import call_command

from tests.e2e.conftest import goto, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = {"laptop": (1366, 768), "tablet": (768, 1024)}
PAGES = {
    "khuyennong": ["/", "/blocs/", "/pledges/", "/awards/nominations/", "/people/"],
    "bantdkt": ["/", "/awards/nominations/queue/", "/awards/nominations/decisions/", "/activity/"],
}


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("screen", SCREENS)
def test_main_pages_fit_the_screen(page, shot, screen):
    call_command("load_demo", verbosity=0)
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    for username, paths in PAGES.items():
        page.context.clear_cookies()
        login(page, username, "demo12345")
        for path in paths:
            response = goto(page, path)
            assert response.status == 200, path
            assert overflow(page) <= 0, f"{path} scrolls sideways on the {screen} ({width}px)"
            shot(page, f"{screen}-{username}-{path.strip('/').replace('/', '-') or 'home'}")
        if screen == "tablet":
            assert page.get_by_role("button", name="Trình đơn").is_visible()
