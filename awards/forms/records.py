"""Forms of personal records."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Appraisal, DisciplineRecord, Initiative
from .common import DATE_WIDGETS, ScopedForm


class AppraisalForm(ScopedForm):
    class Meta:
        model = Appraisal
        fields = ["year", "person", "unit", "rating", "note"]
        help_texts = {"unit": _("For the rating of a collective; leave the person empty.")}


class DisciplineForm(ScopedForm):
    class Meta:
        model = DisciplineRecord
        fields = ["person", "unit", "kind", "measure", "start_date", "end_date", "description"]
        widgets = DATE_WIDGETS


class InitiativeForm(ScopedForm):
    class Meta:
        model = Initiative
        fields = ["title", "authors", "unit", "year", "level", "decision_number", "decision_date", "decision_body",
                  "description"]
        widgets = {**DATE_WIDGETS, "description": forms.Textarea(attrs={"rows": 3})}
