"""Forms of the eligibility check and the year view."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import UnitChoiceField
from emulation.models import Person

from ..models import AwardType


class EligibilityForm(forms.Form):
    award_type = forms.ModelChoiceField(label=_("Award type"), queryset=AwardType.objects.filter(is_active=True))
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    unit = UnitChoiceField(label=_("Unit (for a collective)"), required=False)
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
    unit = UnitChoiceField(label=_("Unit"))
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
