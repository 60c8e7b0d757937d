"""Personal records: appraisals (đánh giá, xếp loại), discipline and reviews, initiatives (sáng kiến)."""


from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.models import Person, Unit

from ..enums import AppraisalRating, DisciplineKind, DisciplineMeasure, InitiativeLevel


class Appraisal(models.Model):
    """Đánh giá, xếp loại: a person's or a unit's yearly rating."""

    year = models.PositiveIntegerField(_("year"))
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="appraisals",
                               verbose_name=_("person"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="appraisals",
                             verbose_name=_("unit"))
    rating = models.CharField(_("rating"), max_length=20, choices=AppraisalRating.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) ^ Q(unit__isnull=False),
                                   name="appraisal_person_xor_unit"),
            models.UniqueConstraint(fields=["person", "year"], condition=Q(person__isnull=False),
                                    name="appraisal_person_year_unique"),
            models.UniqueConstraint(fields=["unit", "year"], condition=Q(person__isnull=True),
                                    name="appraisal_unit_year_unique"),
        ]

    def __str__(self):
        return f"{self.person or self.unit} {self.year}: {self.get_rating_display()}"


class DisciplineRecord(models.Model):
    """Discipline, investigation, inspection or complaint verification: blocks nomination in its period."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="discipline_records", verbose_name=_("person"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="discipline_records", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=20, choices=DisciplineKind.choices)
    measure = models.CharField(_("disciplinary measure"), max_length=20, choices=DisciplineMeasure.choices,
                               blank=True, default="")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("discipline or review")
        verbose_name_plural = _("discipline and reviews")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) ^ Q(unit__isnull=False),
                                   name="discipline_person_xor_unit"),
        ]

    def __str__(self):
        return f"{self.person or self.unit}: {self.get_kind_display()}"


class Initiative(models.Model):
    """Sáng kiến, recognised at a level by a decision."""

    title = models.CharField(_("title"), max_length=500)
    authors = models.ManyToManyField(Person, related_name="initiatives", verbose_name=_("authors"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("unit"))
    year = models.PositiveIntegerField(_("year"))
    level = models.CharField(_("recognised level"), max_length=20, choices=InitiativeLevel.choices)
    decision_number = models.CharField(_("recognising decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("recognising decision date"), null=True, blank=True)
    decision_body = models.CharField(_("recognising body"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("awards:initiative_detail", args=[self.pk])
