from django import forms

from .models import BlocYearAssessment


class BlocAssessmentForm(forms.ModelForm):
    class Meta:
        model = BlocYearAssessment
        fields = list(BlocYearAssessment.TEXT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in BlocYearAssessment.TEXT_FIELDS}
