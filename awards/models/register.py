"""The awards register: one row per conferred title or form."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from emulation.enums import PersonCategory
from emulation.models import Person, Stamped, Unit

from ..enums import AwardMethod, RecipientKind
from .catalogue import AwardType
from .records import Initiative


def new_verify_token():
    """An unguessable token for the public verification link (128 random bits, URL-safe, 22 characters)."""
    return secrets.token_urlsafe(16)


# The fields the register's stored sort keys are copied from (``Award.fill_sort_keys``).
SORT_SOURCES = {"award_type", "award_type_id", "person", "person_id", "unit", "unit_id"}


class Award(Stamped):
    """The register: one conferred title or form, for a person or a unit."""

    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="awards",
                                   verbose_name=_("award type"))
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="awards",
                               verbose_name=_("person"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="awards", verbose_name=_("unit"),
                             help_text=_("The collective awarded, or the person's unit at the time."))
    recipient_kind = models.CharField(pgettext_lazy("award recipient", "recipient"), max_length=20,
                                      choices=RecipientKind.choices)
    year = models.PositiveIntegerField(_("year of achievement"), db_index=True)
    method = models.CharField(_("award method"), max_length=20, choices=AwardMethod.choices,
                              default=AwardMethod.REGULAR)
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="awards", verbose_name=_("campaign"))
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("signed by"), max_length=255, blank=True)
    decision_authority = models.CharField(_("issuing authority"), max_length=255, blank=True)
    amount = models.PositiveIntegerField(_("reward amount (VND)"), null=True, blank=True)
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="used_for_awards",
                                         verbose_name=_("initiatives used"))
    revoked = models.BooleanField(_("revoked"), default=False)
    paid_by_conferring_level = models.BooleanField(
        _("reward paid by the conferring level"), default=False,
        help_text=_("Awards conferred above the province: the central level pays the reward, not the province."))
    person_category = models.CharField(
        _("statistical category at the time of the award"), max_length=30, choices=PersonCategory.choices,
        blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    achievement_date = models.DateField(_("date of achievement"), null=True, blank=True,
                                        help_text=_("For extraordinary or thematic awards; otherwise the year."))
    entered_manually = models.BooleanField(_("entered by hand"), default=False,
                                           help_text=_("History entered from paper records, not from a decision "
                                                       "made in this system."))
    # The register's default order, stored so that its first page is read from an index (see ``fill_sort_keys``).
    type_order = models.PositiveSmallIntegerField(_("award type's display order"), default=0, editable=False)
    recipient_key = models.CharField(_("recipient's sort name"), max_length=255, default="", editable=False)
    # the recipient's name as written (the person's full name, or the collective's name), ordered in the
    # Vietnamese collation (D before Đ, a before ă before â); recipient_key is the search form (no diacritics)
    recipient_name = models.CharField(_("recipient's name"), max_length=255, default="", editable=False)
    verify_token = models.CharField(_("verification token"), max_length=32, unique=True, default=new_verify_token,
                                    editable=False,
                                    help_text=_("The unguessable part of the public verification link (QR code)."))

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards register")
        ordering = ["year", "decision_date", "pk"]
        indexes = [
            models.Index(fields=["person", "year"]),
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["award_type", "year"]),
            # on PostgreSQL the default order is served by award_register_order_vi (migration 0018: the name in
            # the "vi" collation, which a model index cannot declare on SQLite, where "vi" is a Python function)
            models.Index(fields=["-year", "type_order"], condition=models.Q(revoked=False),
                         name="award_register_year_type"),
        ]

    def __str__(self):
        return f"{self.award_type} – {self.person or self.unit} ({self.year})"

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is None:
            self.fill_sort_keys()
        elif SORT_SOURCES & set(fields):
            self.fill_sort_keys()
            kwargs["update_fields"] = set(fields) | {"type_order", "recipient_key", "recipient_name"}
        super().save(*args, **kwargs)

    def fill_sort_keys(self):
        """Copy the register's sort keys from the award type and the recipient: the catalogue's order of the
        award type, the recipient's search name and name as written (the person's, or the collective's). Bulk
        writes go through ``awards.counts.bulk_create_awards``, or call ``awards.sortkeys.refresh_sort_keys``
        after the write; renames of people and units and changes of an award type's order carry over by
        ``awards.sortkeys``."""
        self.type_order = self.award_type.order
        recipient = self.person if self.person_id else self.unit
        self.recipient_key = recipient.search_name
        self.recipient_name = recipient.full_name if self.person_id else recipient.name

    def get_absolute_url(self):
        return reverse("awards:award_detail", args=[self.pk])

    def get_verify_url(self):
        """The public verification page's path (no login); ``awards.verification.verify_link`` makes it absolute."""
        return reverse("verify_award", args=[self.verify_token])

    @property
    def recipient(self):
        return self.person if self.person_id else self.unit


class AwardCount(models.Model):
    """How many awards (not revoked) of one award type the register holds for one year: the statistics page's
    summary, so it does not count 190,000 awards on every visit. Kept by ``awards.counts.refresh_award_counts``,
    which the services, the imports and a save/delete signal of ``Award`` call; the statistics page reads it
    when the whole register is shown, and counts the awards themselves when a filter or a scope narrows it."""

    year = models.PositiveIntegerField(_("year of achievement"))
    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("award type"))
    count = models.PositiveIntegerField(_("number of awards"), default=0)

    class Meta:
        verbose_name = _("award count")
        verbose_name_plural = _("award counts")
        constraints = [models.UniqueConstraint(fields=["year", "award_type"], name="award_count_unique_year_type")]

    def __str__(self):
        return f"{self.award_type_id}/{self.year}: {self.count}"
