"""Tokens of the read-only data API: one per integration (a civil-servant database, a portal).

Only a SHA-256 hash of the token is stored; the token itself is shown once, when the board creates it.
Each token is scoped to unit subtrees and, separately, to personal data (CCCD, date of birth).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation.models import Unit

TOKEN_PREFIX = "tdkt_"


def hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    name = models.CharField(_("integration"), max_length=200,
                            help_text=_("Who uses this token, e.g. the civil-servant database of the province."))
    key_prefix = models.CharField(_("token begins with"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    units = models.ManyToManyField(Unit, related_name="+", verbose_name=_("units"),
                                   help_text=_("The token reads these units and every unit below them."))
    include_pii = models.BooleanField(_("may read personal data"), default=False,
                                      help_text=_("Citizen ID numbers (CCCD) and dates of birth."))
    is_active = models.BooleanField(_("active"), default=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("revoked by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Use, counted cheaply: one UPDATE per request (also the rate limit's fixed one-minute window).
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    request_count = models.PositiveBigIntegerField(_("requests"), default=0)
    window_start = models.DateTimeField(null=True, blank=True, editable=False)
    window_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        return self.is_active and not self.is_expired
