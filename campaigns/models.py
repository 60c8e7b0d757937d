"""Campaigns (phong trào thi đua), their documents, registrations (đăng ký thi đua) and mid-term reviews.

The tables kept the names they had when these models lived in ``emulation`` (``db_table``): the move to
this app changed the code only, not the database (see ``migrations/0001_initial.py``).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.models import Stamped, Unit
from emulation.uploads import RandomName, UploadValidator

from .enums import CampaignForm, CampaignScope, CampaignState, RegistrationState


class Campaign(Stamped):
    """Phong trào thi đua: a regular or thematic emulation movement."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=500)
    form = models.CharField(_("form"), max_length=20, choices=CampaignForm.choices, default=CampaignForm.REGULAR)
    authority = models.CharField(_("launched by"), max_length=255, blank=True)
    launching_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="launched_campaigns", verbose_name=_("launching unit"))
    scope = models.CharField(_("scope"), max_length=20, choices=CampaignScope.choices,
                             default=CampaignScope.PROVINCE)
    scope_blocs = models.ManyToManyField("blocs.Bloc", blank=True, related_name="campaigns",
                                         verbose_name=_("blocs in scope"))
    scope_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="scoped_campaigns", verbose_name=_("unit in scope"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    criteria = models.TextField(_("criteria"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=CampaignState.choices, default=CampaignState.PLANNED)
    summary = models.TextField(_("summary of results"), blank=True)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    class Meta:
        db_table = "emulation_campaign"
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", args=[self.pk])


# Campaign documents, registrations (đăng ký thi đua) and mid-term reviews (sơ kết) ---------------


def campaign_document_path(instance, filename):
    """The former stored path (kept for the migrations); new files get a random name (``RandomName``)."""
    return f"campaigns/{instance.campaign_id}/{filename}"


class CampaignDocument(models.Model):
    """A document attached to a campaign: the plan, the launching decision, guidance, a summary report."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="documents",
                                 verbose_name=_("campaign"))
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=RandomName("campaigns/documents"), max_length=300,
                            validators=[UploadValidator("document")])
    original_name = models.CharField(_("file name"), max_length=255, blank=True, default="",
                                     help_text=_("The name of the file as it was uploaded."))
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        db_table = "emulation_campaigndocument"
        verbose_name = _("campaign document")
        verbose_name_plural = _("campaign documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def filename(self):
        """The name the file had when it was uploaded (documents attached before it was kept: the stored
        name's last part)."""
        if self.original_name:
            return self.original_name
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class CampaignRegistration(models.Model):
    """Đăng ký thi đua: a unit in scope registers its participation and its own targets."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations",
                                 verbose_name=_("campaign"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="campaign_registrations",
                             verbose_name=_("unit"))
    targets = models.TextField(_("targets"))
    state = models.CharField(_("state"), max_length=20, choices=RegistrationState.choices,
                             default=RegistrationState.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        db_table = "emulation_campaignregistration"
        verbose_name = _("campaign registration")
        verbose_name_plural = _("campaign registrations")
        ordering = ["campaign", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_registration_unique"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.campaign}"

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", args=[self.campaign_id]) + "#registrations"


class CampaignReview(models.Model):
    """Sơ kết: one mid-term review of a campaign (optional, repeatable)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reviews",
                                 verbose_name=_("campaign"))
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        db_table = "emulation_campaignreview"
        verbose_name = _("mid-term review")
        verbose_name_plural = _("mid-term reviews")
        ordering = ["opened_at", "pk"]

    def __str__(self):
        return self.title
