"""Nominations (hồ sơ đề nghị khen thưởng), their items and documents, posting comments and the council.

Every change of state goes through ``awards.services``."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from emulation.models import Person, Unit
from emulation.uploads import RandomName, UploadValidator

from ..enums import AwardMethod, DocumentKind, ItemOutcome, NominationLevel, NominationState, RecipientKind, VoteOutcome
from .catalogue import AwardType
from .register import Award

# The dossier ---------------------------------------------------------------------------------------------


class Nomination(models.Model):
    """Hồ sơ đề nghị khen thưởng: sent by a unit (or by a bloc's head unit for the bloc's proposals)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nominations",
                             verbose_name=_("sending unit"))
    bloc_year = models.ForeignKey("blocs.BlocYear", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="nominations", verbose_name=_("on behalf of the bloc"))
    title = models.CharField(_("title"), max_length=500)
    reference = models.CharField(_("cover letter number"), max_length=100, blank=True)
    year = models.PositiveIntegerField(_("year of achievement"), db_index=True)
    method = models.CharField(_("award method"), max_length=20, choices=AwardMethod.choices,
                              default=AwardMethod.REGULAR)
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="nominations", verbose_name=_("campaign"))
    level = models.CharField(_("level"), max_length=20, choices=NominationLevel.choices,
                             default=NominationLevel.PROVINCE)
    state = models.CharField(_("state"), max_length=20, choices=NominationState.choices,
                             default=NominationState.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    appraiser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("appraised by"))
    appraisal_due = models.DateField(_("appraisal due"), null=True, blank=True, db_index=True)
    returned_reason = models.TextField(_("reason for return"), blank=True)
    return_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["unit", "state"]), models.Index(fields=["year", "state"])]
        constraints = [
            models.CheckConstraint(condition=~Q(method=AwardMethod.THEMATIC) | Q(campaign__isnull=False),
                                   name="nomination_thematic_needs_campaign"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:nomination_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.state in (NominationState.DRAFT, NominationState.RETURNED)


class NominationItem(models.Model):
    """One award type proposed for one person or one unit, with its verdict and outcome."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="items",
                                   verbose_name=_("nomination"))
    award_type = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="nomination_items",
                                   verbose_name=_("proposed award"))
    recipient_kind = models.CharField(pgettext_lazy("award recipient", "recipient"), max_length=20,
                                      choices=RecipientKind.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="nomination_items", verbose_name=_("person"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nomination_items",
                             verbose_name=_("unit"), help_text=_("The collective proposed, or the person's unit."))
    summary = models.TextField(_("achievement summary"), blank=True)
    # Snapshot of the eligibility engine's verdict when the item was added or re-checked.
    verdict_eligible = models.BooleanField(_("eligible by the rules"), null=True)
    verdict_reasons = models.JSONField(_("reasons"), default=list, blank=True)
    verdict_warnings = models.JSONField(_("warnings"), default=list, blank=True)
    verdict_evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    verdict_checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    justification = models.TextField(_("justification for sending despite the rules"), blank=True)
    # What the board asks the unit to correct in this item when it returns the dossier; cleared on resubmission
    # (the activity log keeps every return with its items and notes).
    return_note = models.TextField(_("to correct (board's note on return)"), blank=True)
    appraisal_due = models.DateField(_("appraisal due"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ItemOutcome.choices,
                               default=ItemOutcome.PENDING)
    outcome_reason = models.TextField(_("reason"), blank=True)
    changed_award_type = models.ForeignKey(AwardType, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name=_("changed to"))
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("appraised by"))
    outcome_at = models.DateTimeField(_("appraised at"), null=True, blank=True)
    posting_start = models.DateField(_("posted from"), null=True, blank=True)
    posting_end = models.DateField(_("posted until"), null=True, blank=True)
    council_meeting = models.ForeignKey("CouncilMeeting", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="items", verbose_name=_("council meeting"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_total = models.PositiveSmallIntegerField(_("members voting"), null=True, blank=True)
    vote_threshold = models.DecimalField(_("threshold (%)"), max_digits=5, decimal_places=2, null=True,
                                         blank=True)
    vote_passed = models.BooleanField(_("passed the ballot"), null=True)
    vote_outcome = models.CharField(_("ballot outcome"), max_length=20, choices=VoteOutcome.choices, blank=True)
    amount_entered = models.PositiveIntegerField(
        _("reward amount entered (VND)"), null=True, blank=True,
        help_text=_("For an award whose coefficient is only a maximum (Kỷ niệm chương): the amount the giver sets."))
    decision = models.ForeignKey("Decision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="items", verbose_name=_("decision"))
    award = models.OneToOneField(Award, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="nomination_item", verbose_name=_("register entry"))
    upward = models.ForeignKey("UpwardSubmission", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="items", verbose_name=_("upward nomination (khen cao)"))

    class Meta:
        verbose_name = _("nomination item")
        verbose_name_plural = _("nomination items")
        ordering = ["nomination", "pk"]
        # The overdue test (items whose appraisal time is over) reads the few items with a due date through this
        # index instead of scanning them all, on the board queue, the nomination list and the home page.
        indexes = [models.Index(fields=["appraisal_due"], condition=Q(appraisal_due__isnull=False),
                                name="nomination_item_due")]
        constraints = [
            models.CheckConstraint(condition=~Q(recipient_kind=RecipientKind.INDIVIDUAL) | Q(person__isnull=False),
                                   name="nomination_item_individual_has_person"),
            models.UniqueConstraint(fields=["nomination", "award_type", "person"], condition=Q(person__isnull=False),
                                    name="nomination_item_person_once"),
            models.UniqueConstraint(fields=["nomination", "award_type", "unit"], condition=Q(person__isnull=True),
                                    name="nomination_item_unit_once"),
        ]

    def __str__(self):
        return f"{self.award_type} – {self.recipient}"

    @property
    def recipient(self):
        return self.person if self.person_id else self.unit

    @property
    def final_award_type(self):
        return self.changed_award_type if self.changed_award_type_id else self.award_type

    @property
    def final_award_type_id(self):
        return self.changed_award_type_id or self.award_type_id


def dossier_upload_to(instance, filename):
    """The stored name of the first dossier files (``nominations/<id>/<uuid>.<ext>``). New files are named by
    ``RandomName("nominations")``; this stays because migration 0003 refers to it, and the files it named stay
    where they are."""
    ext = os.path.splitext(filename)[1].lower()
    return f"nominations/{instance.nomination_id}/{uuid.uuid4().hex}{ext}"


class NominationDocument(models.Model):
    """A file of the dossier: cover letter, achievement report (per nominee), minutes, certificate, other."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="documents",
                                   verbose_name=_("nomination"))
    item = models.ForeignKey(NominationItem, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="documents", verbose_name=_("nominee"))
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=RandomName("nominations"), max_length=255,
                            validators=[UploadValidator("document")])
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["kind", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_pdf(self):
        return self.file.name.lower().endswith(".pdf")

    @property
    def unit_id(self):
        return self.nomination.unit_id


class PostingComment(models.Model):
    """A comment received while the nominee was publicly posted (công khai)."""

    item = models.ForeignKey(NominationItem, on_delete=models.CASCADE, related_name="posting_comments",
                             verbose_name=_("nominee"))
    received_on = models.DateField(_("received on"))
    commenter = models.CharField(_("from"), max_length=255, blank=True)
    content = models.TextField(_("comment"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("posting comment")
        verbose_name_plural = _("posting comments")
        ordering = ["received_on", "pk"]

    def __str__(self):
        return f"{self.item}: {self.content[:50]}"


# Council and decisions -----------------------------------------------------------------------------------


class CouncilMeeting(models.Model):
    """A meeting of the emulation and commendation council (Hội đồng TĐKT) that reviews nominations."""

    date = models.DateField(_("date"))
    number = models.CharField(_("minutes number"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    members_total = models.PositiveSmallIntegerField(_("council members"))
    members_present = models.PositiveSmallIntegerField(_("members present"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-date", "-pk"]

    def __str__(self):
        label = _("Council meeting")
        return f"{label} {self.date:%d/%m/%Y}" + (f" ({self.number})" if self.number else "")
