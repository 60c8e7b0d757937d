"""Issue 16, "Logins and accounts": throttling and lockout, passwords, two-factor sign-in, sessions, demo data."""

import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from emulation.demo import DEMO_PASSWORD
from emulation.models import ActivityLog
from emulation.security import DemoPasswordValidator, check_no_demo_password
from tests.factories import make_board, make_user

LOGIN = "/login/"
PASSWORD = "pw-123456"  # tests.factories.UserFactory


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _code(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


# Throttling and lockout --------------------------------------------------------------------------------


def test_ten_wrong_passwords_lock_the_account_and_the_address(client, clerk, settings):
    settings.AXES_FAILURE_LIMIT = 10
    for _ in range(9):
        assert _login(client, "clerk", "wrong-password").status_code == 200
    response = _login(client, "clerk", "wrong-password")
    assert response.status_code == 429
    assert "bị khóa" in response.content.decode()
    # the right password no longer opens the account, from another address either
    assert _login(client, "clerk", PASSWORD, ip="10.0.0.2").status_code == 429
    # and the address is locked for other accounts too
    other = make_user(username="someoneelse")
    assert _login(client, other.username, PASSWORD, ip="10.0.0.1").status_code == 429
    assert ActivityLog.objects.filter(action="emulation.login.failed").count() >= 10
    locked = ActivityLog.objects.filter(action="emulation.login.locked_out").order_by("pk").first()
    assert locked.data["username"] == "clerk" and locked.data["ip_address"] == "10.0.0.1"


def test_lockout_ends_after_the_configured_cool_off(client, clerk, settings):
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    for _ in range(10):
        _login(client, "clerk", "wrong-password")
    assert _login(client, "clerk", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert _login(client, "clerk", PASSWORD).status_code == 302


def test_board_unlocks_an_account_and_it_is_logged(client, clerk, board, settings):
    settings.AXES_FAILURE_LIMIT = 10
    for _ in range(10):
        _login(client, "clerk", "wrong-password")
    client.force_login(board)
    page = client.get(reverse("locked_logins"))
    assert page.status_code == 200 and "clerk" in page.content.decode()
    response = client.post(reverse("locked_logins"), {"username": "clerk"})
    assert response.status_code == 302
    entry = ActivityLog.objects.get(action="emulation.login.unlocked")
    assert entry.actor == board and entry.data["username"] == "clerk"
    client.logout()
    assert _login(client, "clerk", PASSWORD, ip="10.0.0.9").status_code == 302


def test_a_clerk_cannot_unlock(client, clerk, other_clerk, settings):
    settings.AXES_FAILURE_LIMIT = 10
    for _ in range(10):
        _login(client, "otherclerk", "wrong-password")
    client.force_login(clerk)
    assert client.get(reverse("locked_logins")).status_code == 403
    assert client.post(reverse("locked_logins"), {"username": "otherclerk"}).status_code == 403
    assert AccessAttempt.objects.filter(username="otherclerk").exists()
    assert not ActivityLog.objects.filter(action="emulation.login.unlocked").exists()


def test_anonymous_is_sent_to_login_from_the_unlock_page(client):
    assert client.get(reverse("locked_logins")).status_code == 302


def test_locked_logins_page_query_count(client, board, settings, django_assert_num_queries):
    settings.AXES_FAILURE_LIMIT = 2
    for name in ("a1", "a2", "a3"):
        for _ in range(2):
            _login(client, name, "wrong-password", ip=f"10.1.0.{len(name)}{name[-1]}")
    client.force_login(board)
    client.get(reverse("locked_logins"))
    with django_assert_num_queries(5):
        assert client.get(reverse("locked_logins")).status_code == 200


# Passwords ---------------------------------------------------------------------------------------------


def test_passwords_need_ten_characters_and_every_rule_answers_in_vietnamese(settings, db):
    settings.DEMO = True
    with pytest.raises(ValidationError) as err:
        validate_password("Ab1-short")
    text = " ".join(err.value.messages)
    assert "10 ký tự" in text
    for password in ("1234567890", "password123"):
        with pytest.raises(ValidationError) as err:
            validate_password(password)
        assert all("password" not in m.lower() for m in err.value.messages), err.value.messages
    user = get_user_model()(username="nguyenvanan", first_name="Nguyễn Văn An")
    with pytest.raises(ValidationError) as err:
        validate_password("nguyenvanan1", user)
    assert "giống" in " ".join(err.value.messages)
    validate_password("Mật-khẩu-đủ-dài-2026")


def test_the_demo_password_is_refused_outside_the_demo(settings, db):
    settings.DEMO = False
    with pytest.raises(ValidationError) as err:
        validate_password(DEMO_PASSWORD)
    assert any("dữ liệu mẫu" in m for m in err.value.messages)
    validate_password("demo123456x")  # a different password of the same shape is fine
    validator = DemoPasswordValidator()
    with pytest.raises(ValidationError) as err:
        validator.validate(DEMO_PASSWORD)
    assert "dữ liệu mẫu" in err.value.messages[0]
    settings.DEMO = True
    validator.validate(DEMO_PASSWORD)
    settings.PRODUCTION = True
    with pytest.raises(ValidationError):
        validator.validate(DEMO_PASSWORD)


# Sessions ----------------------------------------------------------------------------------------------


def test_sessions_expire_after_the_idle_time(client, clerk, settings):
    settings.SESSION_COOKIE_AGE = 9 * 3600
    client.force_login(clerk)
    before = client.session.get_expiry_date()
    session = client.session
    session["_tdkt_seen"] = int(time.time()) - 3600  # last moved on an hour ago
    session.save()
    client.get("/")
    after = client.session.get_expiry_date()
    assert after > before
    assert abs((after - timezone.now()).total_seconds() - 9 * 3600) < 60


def test_idle_session_is_signed_out(client, clerk, settings):
    settings.SESSION_COOKIE_AGE = 60
    client.force_login(clerk)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_password_change_keeps_this_session_and_ends_the_others(client, clerk):
    other = client.__class__()
    client.force_login(clerk)
    other.force_login(clerk)
    assert other.get("/").status_code == 200
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Mật-khẩu-mới-2026", "new_password2": "Mật-khẩu-mới-2026"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302


# Demo data and production ------------------------------------------------------------------------------


def test_load_demo_refuses_under_production_settings(settings, db):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", verbosity=0)
    assert not get_user_model().objects.filter(username="bantdkt").exists()


def test_deploy_check_finds_accounts_with_the_demo_password(settings, db):
    user = make_user(username="leftover")
    user.set_password(DEMO_PASSWORD)
    user.save()
    settings.PRODUCTION = True
    settings.DEMO = False
    errors = check_no_demo_password(None)
    assert [e.id for e in errors] == ["emulation.E001"] and "leftover" in errors[0].msg
    user.set_password("Mật-khẩu-riêng-2026")
    user.save()
    assert check_no_demo_password(None) == []
    settings.PRODUCTION = False
    settings.DEMO = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    assert check_no_demo_password(None) == []


# Two-factor sign-in ------------------------------------------------------------------------------------


def test_any_user_enrols_from_their_account_with_a_real_code(client, clerk):
    client.force_login(clerk)
    assert "Bật xác thực hai bước" in client.get(reverse("account")).content.decode()
    page = client.get(reverse("two_factor_enrol"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    assert client.post(reverse("two_factor_enrol"), {"token": "000000" if _code(device) != "000000" else "111111"}
                       ).status_code == 400
    response = client.post(reverse("two_factor_enrol"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert ActivityLog.objects.filter(action="emulation.account.two_factor_enabled", actor=clerk).exists()
    assert client.get("/").status_code == 200  # verified in this session


def test_an_enrolled_user_verifies_a_code_before_any_page(client, clerk):
    device = TOTPDevice.objects.create(user=clerk, name="app", confirmed=True)
    response = _login(client, "clerk", PASSWORD)
    assert response.status_code == 302
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    # a password alone cannot enrol another phone
    assert client.get(reverse("two_factor_enrol"))["Location"].startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_verify") + "?next=/units/", {"token": "12"}).status_code == 400
    response = client.post(reverse("two_factor_verify"), {"token": _code(device), "next": "/units/"})
    assert response.status_code == 302 and response["Location"] == "/units/"
    assert client.get("/units/").status_code == 200


def test_required_roles_are_sent_to_enrol_when_the_setting_says_so(client, board, clerk, council, settings):
    client.force_login(board)
    assert client.get("/").status_code == 200  # off by default
    settings.TWO_FACTOR_REQUIRED = True
    for user in (board, council, make_user(username="root", is_superuser=True, is_staff=True)):
        client.force_login(user)
        response = client.get("/units/")
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_enrol")), user
    client.force_login(clerk)
    assert client.get("/units/").status_code == 200  # a clerk may, need not


def test_a_required_role_cannot_turn_two_factor_off(client, settings, db):
    settings.TWO_FACTOR_REQUIRED = True
    board = make_board(username="b2")
    device = TOTPDevice.objects.create(user=board, name="app", confirmed=True)
    _login(client, "b2", PASSWORD)
    client.post(reverse("two_factor_verify"), {"token": _code(device)})
    client.post(reverse("two_factor_disable"))
    assert TOTPDevice.objects.filter(user=board).exists()
    settings.TWO_FACTOR_REQUIRED = False
    client.post(reverse("two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=board).exists()
    assert ActivityLog.objects.filter(action="emulation.account.two_factor_disabled", actor=board).exists()


def test_account_page_needs_login(client):
    assert client.get(reverse("account")).status_code == 302
