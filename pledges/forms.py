from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import DateInput, UnitChoiceField
from emulation.uploads import UploadField

from .enums import FulfilmentResult
from .models import Commitment, Pledge


class PledgeForm(forms.ModelForm):
    class Meta:
        model = Pledge
        fields = ["title", "preamble", "ceremony_date", "ceremony_place"]
        widgets = {"ceremony_date": DateInput(), "preamble": forms.Textarea(attrs={"rows": 6})}


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["position", "text", "kind", "target_figure", "target_unit", "criterion_code"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ["target_figure"]  # a decimal comma, as the pledge page shows it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False


class SignForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"))
    representative_name = forms.CharField(label=_("Representative who signed"), max_length=200)
    representative_position = forms.CharField(label=_("Representative's position"), max_length=200)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class FulfilmentLineForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=FulfilmentResult.choices)
    figure = forms.DecimalField(label=_("Figure achieved"), max_digits=14, decimal_places=2, required=False,
                                localize=True)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence_file = UploadField(label=_("Evidence file"), kind="document", required=False)

    def __init__(self, *args, commitment=None, **kwargs):
        self.commitment = commitment
        super().__init__(*args, **kwargs)
        if commitment is not None and not commitment.is_measurable:
            del self.fields["figure"]
