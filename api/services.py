"""Creating and revoking API tokens (by the board), and counting a token's use."""

import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.roles import roles_of

from .models import TOKEN_PREFIX, ApiToken, hash_token


def _require_board(actor):
    if not roles_of(actor).manages_everything:
        raise DomainError(_("Only the emulation board manages API tokens."))


@transaction.atomic
def create_token(actor, *, name, units, include_pii=False, expires_at=None):
    """A new token for one integration. Returns ``(token, raw)``: ``raw`` is shown once and never stored."""
    _require_board(actor)
    units = list(units)
    if not units:
        raise DomainError(_("Choose at least one unit the token may read."), field="units")
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("The expiry must be in the future."), field="expires_at")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(name=name.strip(), key_prefix=raw[:10], token_hash=hash_token(raw),
                                    include_pii=include_pii, expires_at=expires_at, created_by=actor)
    token.units.set(units)
    log_action(actor, "api.token.created", token, data={
        "units": sorted(u.pk for u in units), "include_pii": include_pii,
        "expires_at": expires_at.isoformat() if expires_at else None})
    return token, raw


@transaction.atomic
def revoke_token(token, actor):
    _require_board(actor)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not token.is_active:
        raise DomainError(_("This token has already been revoked."))
    token.is_active = False
    token.revoked_by = actor
    token.revoked_at = timezone.now()
    token.save(update_fields=["is_active", "revoked_by", "revoked_at"])
    log_action(actor, "api.token.revoked", token, data={"diff": {"is_active": [True, False]}})
    return token


def record_use(token):
    """Count one request of ``token`` and say whether it is within the rate limit.

    One UPDATE: the counter, ``last_used_at`` and a fixed one-minute window. The row is only changed while the
    window has room, so the same statement is the limit, consistent across processes (no shared cache needed).
    Requests are not written to the activity log (one entry per request would outgrow everything else there);
    creation and revocation are.
    """
    now = timezone.now()
    window = now.replace(second=0, microsecond=0)
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    room = ~Q(window_start=window) | Q(window_start__isnull=True) | Q(window_count__lt=limit)
    return bool(ApiToken.objects.filter(room, pk=token.pk).update(
        last_used_at=now, request_count=F("request_count") + 1, window_start=window,
        window_count=Case(When(window_start=window, then=F("window_count") + 1), default=Value(1))))
