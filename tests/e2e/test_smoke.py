import pytest

from tests.e2e.conftest import login
from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_logs_in_and_finds_a_person_by_name_without_diacritics(page, shot, unit, clerk):
    PersonFactory(unit=unit, full_name="Nguyễn Văn An")
    PersonFactory(unit=unit, full_name="Trần Thị Bình")
    login(page, "clerk")
    shot(page, "dashboard")
    assert "Xin chào" in page.content()
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("button", name="Tổ chức").click()
    page.get_by_role("link", name="Cá nhân").first.click()
    page.get_by_label("Tìm theo họ tên, CCCD hoặc mã cán bộ").fill("nguyen van an")
    page.get_by_role("button", name="Lọc").click()
    shot(page, "search")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "Nguyễn Văn An" in rows.first.inner_text()


def test_the_working_year_is_chosen_once_and_kept(page, shot, clerk):
    login(page, "clerk")
    year = page.get_by_label("Năm", exact=True).first
    year.fill("2020")
    with page.expect_navigation():
        year.press("Tab")  # the change submits the small form (static/js/app.js, no inline handler)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("button", name="Tổ chức").click()
    page.get_by_role("link", name="Cá nhân").first.click()
    assert page.locator("#year-select").input_value() == "2020"
    shot(page, "year-kept")
