"""My account (two-factor sign-in) and the board's page of locked sign-ins."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .access import require_perm
from .errors import DomainError, apply_service
from .forms import TokenForm
from .roles import roles_of
from .security import TWO_FACTOR_SESSION_KEY, cooloff_minutes, two_factor_required


def _next(request, default="dashboard"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse(default)


@login_required
def account(request):
    user = request.user
    return render(request, "emulation/account.html", {
        "roles": roles_of(user),
        "has_two_factor": user_has_device(user),
        "two_factor_required": two_factor_required(user),
        "breadcrumbs": [(_("My account"), None)],
    })


@login_required
def two_factor_enrol(request):
    """Show a new secret as a QR code; the first right code from the app confirms it."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        # a password alone must not replace the device of an enrolled user
        return redirect(reverse("two_factor_verify") + "?next=" + reverse("two_factor_enrol"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    form = TokenForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        done = apply_service(form, services.confirm_two_factor, user, device, form.cleaned_data["token"])
        if done is not None:
            otp_login(request, done)
            request.session[TWO_FACTOR_SESSION_KEY] = True
            messages.success(request, _("Two-factor sign-in is on. From now on you enter a code from the app "
                                        "after your password."))
            return redirect(_next(request, "account"))
    if device is None:
        device = services.start_two_factor(user)
    qr = segno.make(device.config_url, error="m")
    return render(request, "emulation/two_factor_enrol.html", {
        "form": form,
        "qr_svg": mark_safe(qr.svg_inline(scale=5, title=_("QR code for the authenticator app"))),
        "secret": _secret_text(device),
        "required": two_factor_required(user),
        "next": request.GET.get("next", ""),
        "breadcrumbs": [(_("My account"), reverse("account")), (_("Turn on two-factor sign-in"), None)],
    }, status=400 if request.method == "POST" else 200)


def _secret_text(device):
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@login_required
def two_factor_verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not user_has_device(user):
        return redirect("two_factor_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("The code is wrong or has expired. Enter the six digits the app shows now."))
    return render(request, "emulation/two_factor_verify.html", {
        "form": form, "next": request.GET.get("next", "") or request.POST.get("next", ""),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def two_factor_disable(request):
    user = request.user
    try:
        services.remove_two_factor(user, required=two_factor_required(user))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        request.session[TWO_FACTOR_SESSION_KEY] = False
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("account")


@login_required
def locked_logins(request):
    require_perm(request.user, "emulation.unlock_login", message=_("Only the board can unlock sign-ins."))
    if request.method == "POST":
        try:
            services.unlock_login(request.user, username=request.POST.get("username", ""),
                                  ip_address=request.POST.get("ip_address", ""))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The sign-in is unlocked."))
        return redirect("locked_logins")
    return render(request, "emulation/locked_logins.html", {
        "attempts": list(services.locked_logins()),
        "cooloff_minutes": cooloff_minutes(),
        "breadcrumbs": [(_("Locked sign-ins"), None)],
    })
