"""Award decisions (quyết định khen thưởng) and the register entries a correction revokes."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from emulation.models import Stamped
from emulation.signing.models import SignedDocument
from emulation.uploads import RandomName, UploadValidator

from ..enums import DecisionKind, DecisionState
from .register import Award


def decision_upload_to(instance, filename):
    """The stored name of the first signed files (``decisions/<uuid>.<ext>``). New files are named by
    ``RandomName("decisions")``; this stays because migration 0003 refers to it."""
    ext = os.path.splitext(filename)[1].lower()
    return f"decisions/{uuid.uuid4().hex}{ext}"


class Decision(Stamped, SignedDocument):
    """Quyết định khen thưởng. Immutable once issued or digitally signed; corrections are new decisions.

    ``signed_file`` is the decision's file as uploaded; ``signed_pdf`` (``SignedDocument``) the PDF the app signed
    digitally from it, written once."""

    number = models.CharField(pgettext_lazy("decision", "number"), max_length=100)
    date = models.DateField(_("date"))
    signer = models.CharField(_("signed by"), max_length=255)
    signer_title = models.CharField(_("signer's title"), max_length=255)
    authority = models.CharField(_("issuing authority"), max_length=255)
    issuer = models.ForeignKey("ConferringAuthority", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="decisions", verbose_name=_("conferring authority"),
                               help_text=_("Whose powers the decision uses (Luật Thi đua, khen thưởng, Điều 77–80)."))
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.ORIGINAL)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", verbose_name=_("corrects decision"))
    state = models.CharField(_("state"), max_length=20, choices=DecisionState.choices,
                             default=DecisionState.DRAFT, db_index=True)
    signed_file = models.FileField(_("signed file"), upload_to=RandomName("decisions"), max_length=255, blank=True,
                                   validators=[UploadValidator("document")])
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("issued by"))
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-date", "-pk"]
        constraints = [
            # A number is given once per issuing body and year (e.g. "15/QĐ-UBND" of UBND tỉnh in 2024).
            models.UniqueConstraint(F("authority"), F("number"), ExtractYear("date"),
                                    name="decision_number_unique_per_body_year"),
        ]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("awards:decision_detail", args=[self.pk])

    @property
    def is_issued(self):
        return self.state == DecisionState.ISSUED


class DecisionRevocation(models.Model):
    """A register entry that a correction decision revokes."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="revocations",
                                 verbose_name=_("correction decision"))
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="revocations",
                              verbose_name=_("register entry"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")
        constraints = [models.UniqueConstraint(fields=["decision", "award"], name="decision_revocation_unique")]

    def __str__(self):
        return f"{self.decision}: {self.award}"


class AwardRevocation(models.Model):
    """Hủy bỏ quyết định khen thưởng (Law chapter VII): the revocation decision of one register entry and the
    recovery of the money and the physical items (certificate, medal). Made by a correction decision of this
    system (``correction``) or recorded from another body's decision."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="revocation",
                                 verbose_name=_("register entry"))
    correction = models.OneToOneField(DecisionRevocation, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="record", verbose_name=_("correction decision line"))
    decision_number = models.CharField(_("revocation decision number"), max_length=100)
    decision_date = models.DateField(_("revocation decision date"))
    authority = models.CharField(_("revoking authority"), max_length=255)
    reason = models.TextField(_("reason"))
    amount_to_recover = models.PositiveIntegerField(_("money to recover (VND)"), null=True, blank=True)
    money_recovered_on = models.DateField(_("money recovered on"), null=True, blank=True)
    items_to_recover = models.CharField(_("items to recover"), max_length=255, blank=True,
                                        help_text=_("E.g. the certificate, the medal and its ribbon."))
    items_recovered_on = models.DateField(_("items recovered on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("award revocation")
        verbose_name_plural = _("award revocations")
        ordering = ["-decision_date", "-pk"]

    def __str__(self):
        return f"{self.decision_number}: {self.award}"

    @property
    def money_outstanding(self):
        return bool(self.amount_to_recover) and self.money_recovered_on is None

    @property
    def items_outstanding(self):
        return bool(self.items_to_recover) and self.items_recovered_on is None
