from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Person, Unit


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%d/%m/%Y")
        kwargs.setdefault("attrs", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        super().__init__(**kwargs)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "kind", "parent", "is_active"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "gender", "date_of_birth", "cccd", "staff_code", "unit", "position", "category",
                  "is_active"]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        if editing:
            self.fields["unit"].disabled = True
            self.fields["unit"].help_text = _("Use “Move to another unit” to change the unit.")

    def clean_cccd(self):
        cccd = "".join(self.cleaned_data.get("cccd", "").split())
        if cccd and (not cccd.isdigit() or len(cccd) not in (9, 12)):
            raise forms.ValidationError(_("The citizen ID number must have 12 digits (or 9 for an old ID card)."))
        if cccd and Person.objects.filter(cccd=cccd).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another person already has this citizen ID number."))
        return cccd


class MovePersonForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("New unit"))
    date = forms.DateField(label=_("From"), widget=DateInput())
    position = forms.CharField(label=_("Position in the new unit"), required=False, max_length=200)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Code from the authenticator app"), max_length=8, min_length=6,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, min_length=5,
                             help_text=_("Why you need the full CCCD number and date of birth; it is kept in "
                                         "the activity log."))
