from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import DateInput, UnitChoiceField
from emulation.uploads import UploadField

from .models import Campaign


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["code", "title", "form", "authority", "launching_unit", "scope", "scope_blocs", "scope_unit",
                  "start_date", "end_date", "registration_deadline", "goals", "criteria"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "registration_deadline": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "criteria": forms.Textarea(attrs={"rows": 4}),
            "scope_blocs": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, launching_units=None, scope_units=None, blocs=None, scope_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        if launching_units is not None:
            self.fields["launching_unit"].queryset = launching_units
        if scope_units is not None:
            self.fields["scope_unit"].queryset = scope_units
        if blocs is not None:
            self.fields["scope_blocs"].queryset = blocs
        if scope_locked:
            for name in ("scope", "scope_blocs", "scope_unit"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("The scope can no longer change once the campaign has been launched.")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    file = UploadField(label=_("File"), kind="document")


class RegistrationForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"))
    targets = forms.CharField(label=_("Targets"), widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("The targets your unit registers for in this campaign."))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class OpenReviewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DateInput())


class CloseReviewForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5}))


class ConcludeForm(forms.Form):
    summary = forms.CharField(label=_("Summary of results"), widget=forms.Textarea(attrs={"rows": 6}))
