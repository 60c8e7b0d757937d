"""Nothing typed is lost: on every editing form (``data-guard-unsaved``, handled once in static/js/app.js)
leaving the page with unsaved changes asks first; an untouched form and a saved one let the user go."""

import pytest
from playwright.sync_api import expect

from awards import services
from tests.e2e.conftest import follow, goto, login
from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_typed_person_is_not_lost_by_leaving_the_form(page, shot, unit, clerk):
    login(page, "clerk")
    # untouched: leaving is silent
    goto(page, "/people/new/")
    with page.expect_navigation():
        page.locator(".breadcrumb a").first.click()
    assert page.url == page.base + "/"

    goto(page, "/people/new/")
    page.get_by_label("Họ và tên").fill("Phạm Thị Lan")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    with page.expect_event("dialog"):
        page.locator(".breadcrumb a").first.click()
    page.remove_listener("dialog", answer)
    assert dialogs == ["beforeunload"]
    assert page.url == page.base + "/people/new/"
    expect(page.get_by_label("Họ và tên")).to_have_value("Phạm Thị Lan")
    shot(page, "person-kept")

    # submitting is not leaving: no question; the server's answer (a missing unit here) keeps what was typed
    follow(page, page.get_by_role("button", name="Lưu"))
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Họ và tên")).to_have_value("Phạm Thị Lan")
    expect(page.get_by_text("Trường này là bắt buộc.")).to_be_visible()


def test_ticked_nominees_are_not_lost_by_leaving_the_builder(page, shot, unit, clerk):
    PersonFactory(unit=unit, full_name="Nguyễn Văn An")
    nomination = services.create_nomination(clerk, unit, 2024, "Đề nghị khen thưởng năm 2024")
    login(page, "clerk")
    goto(page, f"/awards/nominations/{nomination.pk}/builder/")
    page.get_by_label("Nguyễn Văn An", exact=False).first.check()
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    with page.expect_event("dialog"):
        page.get_by_role("link", name="Quay lại hồ sơ").click()
    page.remove_listener("dialog", answer)
    assert dialogs == ["beforeunload"]
    expect(page.get_by_label("Nguyễn Văn An", exact=False).first).to_be_checked()
    shot(page, "builder-kept")
