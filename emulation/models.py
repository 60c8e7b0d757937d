from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import (
    CampaignForm,
    CampaignScope,
    CampaignState,
    Gender,
    PersonCategory,
    RegistrationState,
    Role,
    UnitKind,
)
from .text import normalize_text, search_key


class Unit(models.Model):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("active"), default=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        self.search_name = " " + search_key(f"{self.name} {self.short_name} {self.code}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"search_name", "name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("unit_detail", args=[self.pk])

    @property
    def display_name(self):
        return self.short_name or self.name


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    cccd = models.CharField(_("citizen ID number (CCCD)"), max_length=12, blank=True)
    staff_code = models.CharField(_("staff code"), max_length=50, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people")
    position = models.CharField(_("position"), max_length=200, blank=True)
    category = models.CharField(
        _("statistical category"), max_length=30, choices=PersonCategory.choices, default=PersonCategory.WORKER
    )
    is_active = models.BooleanField(_("active"), default=True)
    search_name = models.CharField(max_length=200, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["search_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cccd"], condition=~Q(cccd=""), name="person_cccd_unique_when_given"),
        ]
        indexes = [models.Index(fields=["unit", "is_active"])]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalize_text(self.full_name)
        self.search_name = " " + search_key(self.full_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"search_name", "full_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("person_detail", args=[self.pk])


class UnitMembership(models.Model):
    """Which unit a person belonged to, and when (the history of moves)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        ordering = ["person", "start_date", "pk"]

    def __str__(self):
        return f"{self.person} – {self.unit}"


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments", verbose_name=_("unit")
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=~Q(role=Role.CLERK) | Q(unit__isnull=False), name="clerk_role_needs_unit"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}" + (f" ({self.unit})" if self.unit_id else "")


class ActivityLog(models.Model):
    """One entry per change of state, written in the same transaction as the change."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("actor")
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("unit"))
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"


class Notification(models.Model):
    """An in-app message to one user about an event that concerns them."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=500, blank=True)
    action = models.CharField(_("action"), max_length=100, blank=True)
    key = models.CharField(max_length=200, blank=True, help_text="De-duplication key for reminders sent once.")
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="notification_key_once"),
        ]

    def __str__(self):
        return self.message


class Campaign(models.Model):
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
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaign_detail", args=[self.pk])


# Campaign documents, registrations (đăng ký thi đua) and mid-term reviews (sơ kết) ---------------


def campaign_document_path(instance, filename):
    return f"campaigns/{instance.campaign_id}/{filename}"


class CampaignDocument(models.Model):
    """A document attached to a campaign: the plan, the launching decision, guidance, a summary report."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="documents",
                                 verbose_name=_("campaign"))
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=campaign_document_path, max_length=300)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign document")
        verbose_name_plural = _("campaign documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def filename(self):
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
        verbose_name = _("campaign registration")
        verbose_name_plural = _("campaign registrations")
        ordering = ["campaign", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_registration_unique"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.campaign}"

    def get_absolute_url(self):
        return reverse("campaign_detail", args=[self.campaign_id]) + "#registrations"


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
        verbose_name = _("mid-term review")
        verbose_name_plural = _("mid-term reviews")
        ordering = ["opened_at", "pk"]

    def __str__(self):
        return self.title
