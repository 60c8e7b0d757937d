"""Forms of the eligibility check and the year view."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.models import Person, Unit

from ..models import AwardType


class EligibilityForm(forms.Form):
    award_type = forms.ModelChoiceField(label=_("Award type"), queryset=AwardType.objects.filter(is_active=True))
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("Unit (for a collective)"), queryset=Unit.objects.none(), required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)

    def __init__(self, *args, people=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people
        if units is not None:
            self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("unit")):
            raise forms.ValidationError(_("Choose either a person or a unit."))
        return data


class YearViewForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
