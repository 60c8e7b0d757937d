from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emulation.models import Unit

from .enums import BlocYearState


class Bloc(models.Model):
    """Khối thi đua: a group of similar units organised by an emulation council."""

    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(_("code"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    council = models.CharField(_("organising council"), max_length=255, blank=True,
                               help_text=_("The emulation and commendation council that organises the bloc."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("emulation bloc")
        verbose_name_plural = _("emulation blocs")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blocs:bloc_detail", args=[self.pk])


class BlocYear(models.Model):
    """One bloc in one year: its members, head unit (Khối trưởng) and deputy unit (Khối phó)."""

    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="years", verbose_name=_("bloc"))
    year = models.PositiveIntegerField(_("year"))
    members = models.ManyToManyField(Unit, through="BlocMembership", related_name="bloc_years",
                                     verbose_name=_("member units"))
    head_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="headed_bloc_years",
                                  verbose_name=_("head unit (Khối trưởng)"))
    deputy_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="deputy_bloc_years", verbose_name=_("deputy unit (Khối phó)"))
    state = models.CharField(_("state"), max_length=20, choices=BlocYearState.choices,
                             default=BlocYearState.PREPARING)
    self_scoring_deadline = models.DateField(_("self-scoring deadline"), null=True, blank=True)
    review_deadline = models.DateField(_("review deadline"), null=True, blank=True)
    meeting_date = models.DateField(_("year-end meeting date"), null=True, blank=True)

    class Meta:
        verbose_name = _("bloc year")
        verbose_name_plural = _("bloc years")
        ordering = ["-year", "bloc__code"]
        constraints = [models.UniqueConstraint(fields=["bloc", "year"], name="bloc_year_unique")]

    def __str__(self):
        return f"{self.bloc.name} – {self.year}"

    def get_absolute_url(self):
        return reverse("blocs:blocyear_detail", args=[self.pk])


class BlocMembership(models.Model):
    bloc_year = models.ForeignKey(BlocYear, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bloc_memberships",
                             verbose_name=_("unit"))

    class Meta:
        verbose_name = _("bloc member")
        verbose_name_plural = _("bloc members")
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "unit"], name="bloc_membership_unique"),
        ]

    def __str__(self):
        return f"{self.unit} ∈ {self.bloc_year}"



