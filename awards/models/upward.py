"""Khen cao: the province's tờ trình to the central level (Ban Thi đua – Khen thưởng Trung ương) for the awards
conferred above the province, and hiệp y: the concurrence of other bodies asked before the council.

Every change of state goes through ``awards.services.upward``."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.uploads import RandomName, UploadValidator

from ..enums import ConcurrenceAnswer, UpwardState


class UpwardSubmission(models.Model):
    """Tờ trình đề nghị khen thưởng cấp Nhà nước: the province's letter to the central level, its items being
    appraised nomination items whose award the central level confers."""

    title = models.CharField(_("title"), max_length=500)
    number = models.CharField(_("cover letter number"), max_length=100, blank=True)
    date = models.DateField(_("cover letter date"))
    addressee = models.CharField(_("sent to"), max_length=255,
                                 default="Ban Thi đua – Khen thưởng Trung ương")
    state = models.CharField(_("state"), max_length=20, choices=UpwardState.choices, default=UpwardState.DRAFT,
                             db_index=True)
    file = models.FileField(_("signed cover letter"), upload_to=RandomName("upward"), max_length=255, blank=True,
                            validators=[UploadValidator("document")])
    note = models.TextField(_("note"), blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_reference = models.CharField(_("dispatch reference"), max_length=100, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_reason = models.TextField(_("central level's reasons"), blank=True)
    central_decision_number = models.CharField(_("central decision number"), max_length=100, blank=True)
    central_decision_date = models.DateField(_("central decision date"), null=True, blank=True)
    central_decision_signer = models.CharField(_("signed by"), max_length=255, blank=True)
    central_authority = models.CharField(_("conferring authority"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("upward nomination (khen cao)")
        verbose_name_plural = _("upward nominations (khen cao)")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:upward_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.state in (UpwardState.DRAFT, UpwardState.RETURNED)


class Concurrence(models.Model):
    """Hiệp y: one body asked to concur with one nominee, and its answer."""

    item = models.ForeignKey("NominationItem", on_delete=models.CASCADE, related_name="concurrences",
                             verbose_name=_("nominee"))
    body = models.CharField(_("body asked"), max_length=255)
    asked_on = models.DateField(_("asked on"))
    answer = models.CharField(_("answer"), max_length=20, choices=ConcurrenceAnswer.choices,
                              default=ConcurrenceAnswer.PENDING)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("concurrence")
        verbose_name_plural = _("concurrences")
        ordering = ["item", "body", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "body"], name="concurrence_body_once")]

    def __str__(self):
        return f"{self.body}: {self.get_answer_display()}"
