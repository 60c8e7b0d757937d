import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.db.models.functions import Collate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .collation import COLLATION
from .enums import Gender, PersonCategory, Role, UnitEventKind, UnitKind
from .text import normalize_text, search_key


class Stamped(models.Model):
    """Adds ``updated_at`` (set on every save, indexed): the API's ``updated_since`` reads it for incremental
    sync. A save with ``update_fields`` writes it too. ``QuerySet.update()`` does not: pass
    ``updated_at=timezone.now()`` there when the change should reach the integrations."""

    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"updated_at"}
        super().save(*args, **kwargs)


class Unit(Stamped):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("active"), default=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True, default="")
    # Reforms (sắp xếp đơn vị): a unit lives from ``valid_from`` to ``valid_to``; it is closed, never deleted.
    valid_from = models.DateField(_("in existence from"), null=True, blank=True)
    valid_to = models.DateField(_("in existence until"), null=True, blank=True,
                                help_text=_("Set by a merger, split or dissolution: the last day of the unit."))
    admin_code = models.CharField(
        _("administrative unit code"), max_length=20, blank=True,
        help_text=_("The code of the administrative unit (QĐ 19/2025/QĐ-TTg for the units from 1/7/2025); a code "
                    "is never given to another unit."))
    agency_code = models.CharField(
        _("agency identifier code"), max_length=30, blank=True,
        help_text=_("The identifier code of the agency (QĐ 20/2020/QĐ-TTg), where one is used."))

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = [Collate("name", COLLATION).asc(), "pk"]  # Vietnamese order (emulation.collation)
        constraints = [
            models.UniqueConstraint(fields=["admin_code"], condition=~Q(admin_code=""),
                                    name="unit_admin_code_never_reused"),
            models.UniqueConstraint(fields=["agency_code"], condition=~Q(agency_code=""),
                                    name="unit_agency_code_unique"),
        ]

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


class Person(Stamped):
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
        ordering = [Collate("full_name", COLLATION).asc(), "pk"]  # Vietnamese order (emulation.collation)
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


class UnitEvent(models.Model):
    """One reorganisation (sắp xếp, tổ chức lại): a rename, merger, split, dissolution or move, with its date
    and legal basis. ``date`` is the first day of the new organisation; a closed predecessor's last day is the
    day before. Made only by ``emulation.reforms.commit_event``; never edited or deleted."""

    kind = models.CharField(_("kind of change"), max_length=20, choices=UnitEventKind.choices)
    date = models.DateField(_("effective date"), db_index=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255,
                                   help_text=_("The decision or resolution, e.g. Nghị quyết 1662/NQ-UBTVQH15 "
                                               "dated 16/6/2025."))
    note = models.CharField(_("note"), max_length=500, blank=True)
    predecessors = models.ManyToManyField(Unit, related_name="events_as_predecessor", blank=True,
                                          verbose_name=_("units before"))
    successors = models.ManyToManyField(Unit, related_name="events_as_successor", blank=True,
                                        verbose_name=_("units after"))
    data = models.JSONField(_("what moved"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit reorganisation")
        verbose_name_plural = _("unit reorganisations")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y} ({self.legal_basis})"

    def get_absolute_url(self):
        return reverse("unit_event_detail", args=[self.pk])

    @property
    def day_before(self):
        """The last day of the old organisation (the closed units' last day, the old name's last day)."""
        return self.date - datetime.timedelta(days=1)


class UnitName(models.Model):
    """A former name of a unit and the days it was in use (a rename closes it). The current name is
    ``Unit.name``; ``emulation.reforms.unit_name_on(unit, date)`` picks the one of a date."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="former_names", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"))
    event = models.ForeignKey(UnitEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="names",
                              verbose_name=_("unit reorganisation"))

    class Meta:
        verbose_name = _("former unit name")
        verbose_name_plural = _("former unit names")
        ordering = ["unit", "valid_to"]

    def __str__(self):
        return self.name
