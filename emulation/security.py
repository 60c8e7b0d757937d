"""Accounts and personal data: login throttling glue (django-axes), the demo-password rule, the production
checks, two-factor requirements and the masking of CCCD numbers and dates of birth.

The state changes (unlocking a login, confirming a two-factor device, revealing a person's data) are services
in ``emulation.services``; this module holds what settings, signals and templates call.
"""

import datetime
import time

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core import checks
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import user_has_device

from .audit import log_action
from .demo import DEMO_PASSWORD
from .roles import roles_of

# Masking ------------------------------------------------------------------------------------------------

def mask_cccd(value):
    """``001085012345`` → ``0010******45``: the first four and the last two digits."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


def mask_date(value):
    """A date of birth as ``**/**/1980``: the year only."""
    if not value:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"**/**/{value.year}"
    text = str(value)
    return "**/**/" + text[-4:] if len(text) >= 4 else "**"


# Passwords ----------------------------------------------------------------------------------------------

def demo_allowed():
    return bool(getattr(settings, "DEMO", False)) and not getattr(settings, "PRODUCTION", False)


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    """Django's rule with our own messages: its Vietnamese catalogue lacks the plural of this one, so it
    answered in English."""

    def get_error_message(self):
        return ngettext("The password is too short: it must have at least %(min_length)d character.",
                        "The password is too short: it must have at least %(min_length)d characters.",
                        self.min_length) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext("Your password must have at least %(min_length)d character.",
                        "Your password must have at least %(min_length)d characters.",
                        self.min_length) % {"min_length": self.min_length}


class DemoPasswordValidator:
    """Outside a demo installation the published demo password is refused."""

    def validate(self, password, user=None):
        if password == DEMO_PASSWORD and not demo_allowed():
            raise ValidationError(_("This password is published with the demo data and cannot be used here."),
                                  code="password_demo")

    def get_help_text(self):
        return _("Your password can't be the demo password.")


def has_demo_password(user):
    return user.has_usable_password() and user.check_password(DEMO_PASSWORD)


@checks.register(checks.Tags.security, deploy=True)
def check_no_demo_password(app_configs, **kwargs):
    """In production no active account may still sign in with the demo password."""
    if not getattr(settings, "PRODUCTION", False) or demo_allowed():
        return []
    try:
        users = list(get_user_model().objects.filter(is_active=True).exclude(password__startswith="!"))
    except Exception:  # no database yet (first deploy before migrate): nothing to check  # noqa: BLE001
        return []
    found = sorted(u.username for u in users if has_demo_password(u))
    if not found:
        return []
    return [checks.Error(
        "Active accounts still have the demo password: " + ", ".join(found),
        hint="Change their passwords or deactivate them (manage.py changepassword <username>).",
        id="emulation.E001",
    )]


# Login throttling (django-axes) -------------------------------------------------------------------------

def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address they saw."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR") or None


def cooloff_minutes():
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    """The login page with the lockout message (429), in Vietnamese."""
    minutes = cooloff_minutes()
    message = ngettext(
        "Too many wrong passwords: sign-in for this account or from this address is locked for %(minutes)s "
        "minute. Try again later or ask the Emulation and Commendation Board to unlock it.",
        "Too many wrong passwords: sign-in for this account or from this address is locked for %(minutes)s "
        "minutes. Try again later or ask the Emulation and Commendation Board to unlock it.",
        minutes,
    ) % {"minutes": minutes}
    return render(request, "registration/login.html", {"locked_message": message, "form": None}, status=429)


def _username(credentials):
    return str((credentials or {}).get("username", ""))[:150]


@receiver(user_login_failed)
def _log_failed_login(sender, credentials=None, request=None, **kwargs):
    if request is None:
        return
    log_action(None, "emulation.login.failed",
               data={"username": _username(credentials), "ip_address": client_ip(request) or ""})


@receiver(user_locked_out)
def _log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    log_action(None, "emulation.login.locked_out", data={"username": username or "", "ip_address": ip_address or ""})


# Two-factor sign-in -------------------------------------------------------------------------------------

# Whether the signed-in user has a confirmed device, looked up once at sign-in (not on every page).
TWO_FACTOR_SESSION_KEY = "_tdkt_two_factor"
# When the session's expiry last moved on (emulation.middleware.SessionIdleMiddleware).
SESSION_SEEN_KEY = "_tdkt_seen"


@receiver(user_logged_in)
def _remember_two_factor(sender, request=None, user=None, **kwargs):
    if request is not None and hasattr(request, "session") and user is not None:
        request.session[TWO_FACTOR_SESSION_KEY] = user_has_device(user)
        request.session[SESSION_SEEN_KEY] = int(time.time())


def two_factor_required(user):
    """The user must sign in with a second factor (TWO_FACTOR_REQUIRED and one of TWO_FACTOR_ROLES)."""
    if not getattr(settings, "TWO_FACTOR_REQUIRED", False) or not user.is_authenticated:
        return False
    wanted = set(settings.TWO_FACTOR_ROLES)
    r = roles_of(user)
    return bool(("admin" in wanted and (r.is_admin or user.is_staff)) or ("board" in wanted and r.is_board)
                or ("council" in wanted and r.is_council) or ("clerk" in wanted and r.is_clerk))
