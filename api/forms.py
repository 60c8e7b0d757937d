from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.models import Unit


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Integration"), max_length=200,
                           help_text=_("Who uses this token, e.g. the civil-servant database of the province."))
    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=Unit.objects.none(),
        help_text=_("The token reads these units and every unit below them."))
    include_pii = forms.BooleanField(label=_("May read personal data"), required=False,
                                     help_text=_("Citizen ID numbers (CCCD) and dates of birth."))
    expires_at = forms.DateTimeField(label=_("Expires at"), required=False,
                                     input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M"],
                                     help_text=_("dd/mm/yyyy; empty: never."))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
