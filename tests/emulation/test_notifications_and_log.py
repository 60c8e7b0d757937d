import pytest
from django.urls import reverse

from emulation.audit import log_action
from emulation.models import Notification
from emulation.notifications import clerks_of, notify
from emulation.services import update_unit
from tests.factories import make_clerk

pytestmark = pytest.mark.django_db


def test_notify_creates_one_per_recipient_and_counts_unread(client, clerk, unit):
    second = make_clerk(unit, username="clerk2")
    created = notify(clerks_of([unit.pk]), "Có bảng chấm điểm cần duyệt", url="/units/")
    assert sorted(n.recipient.username for n in created) == ["clerk", "clerk2"]
    client.force_login(clerk)
    response = client.get(reverse("dashboard"))
    assert response.context["unread_notifications"] == 1
    assert Notification.objects.filter(recipient=second).count() == 1


def test_notify_with_key_is_sent_once(clerk):
    notify([clerk], "Nhắc hạn tự chấm điểm", key="deadline:1")
    notify([clerk], "Nhắc hạn tự chấm điểm", key="deadline:1")
    assert Notification.objects.filter(recipient=clerk).count() == 1


def test_notification_open_marks_read_and_redirects(client, clerk):
    (n,) = notify([clerk], "Hồ sơ bị trả lại", url="/people/")
    client.force_login(clerk)
    response = client.get(reverse("notification_open", args=[n.pk]))
    assert (response.status_code, response.url) == (302, "/people/")
    n.refresh_from_db()
    assert n.read_at is not None


def test_notification_of_someone_else_is_404(client, clerk, other_clerk):
    (n,) = notify([clerk], "Riêng tư")
    client.force_login(other_clerk)
    assert client.get(reverse("notification_open", args=[n.pk])).status_code == 404


def test_mark_all_read(client, clerk):
    notify([clerk], "Một")
    notify([clerk], "Hai")
    client.force_login(clerk)
    client.post(reverse("notifications_read"))
    assert Notification.objects.filter(recipient=clerk, read_at__isnull=True).count() == 0


@pytest.mark.parametrize("n", [1, 3])
def test_notification_list_query_count_is_fixed(client, clerk, django_assert_num_queries, n):
    for i in range(n):
        notify([clerk], f"Thông báo {i}")
    client.force_login(clerk)
    with django_assert_num_queries(6):
        assert client.get(reverse("notification_list")).status_code == 200


def test_email_sent_after_commit_when_enabled(settings, clerk, django_capture_on_commit_callbacks, mailoutbox):
    settings.EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify([clerk], "Quyết định khen thưởng đã ban hành", url="/awards/")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [clerk.email]
    assert "Quyết định khen thưởng đã ban hành" in mailoutbox[0].body


def test_activity_log_page_board_only(client, board, clerk, council):
    client.force_login(clerk)
    assert client.get(reverse("activity_log")).status_code == 403
    client.force_login(council)
    assert client.get(reverse("activity_log")).status_code == 403
    client.force_login(board)
    assert client.get(reverse("activity_log")).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_activity_log_query_count_is_fixed(client, board, unit, django_assert_num_queries, n):

    for i in range(n):
        update_unit(unit, board, name=f"Tên {i}")
    client.force_login(board)
    with django_assert_num_queries(6):  # the unit chooser loads its units itself
        assert client.get(reverse("activity_log")).status_code == 200


def test_activity_log_names_actions_an_app_labels_and_shows_the_code_of_others(client, board, unit):
    """Regression: the history tabs showed only dotted codes ("awards.nomination.returned") to the user."""
    log_action(board, "awards.nomination.returned", unit)
    log_action(board, "someapp.thing.done", unit)
    client.force_login(board)
    html = client.get(reverse("activity_log")).content.decode()
    assert "Trả lại hồ sơ cho đơn vị" in html
    assert "awards.nomination.returned</code>" not in html
    assert "someapp.thing.done</code>" in html
