"""Forms of award decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import DateInput
from emulation.uploads import UploadField

from ..eligibility import resolve_authority
from ..models import Award, AwardType, ConferringAuthority


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=100)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    signer = forms.CharField(label=_("Signed by"), max_length=255)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=255)
    issuer = forms.ModelChoiceField(ConferringAuthority.objects.all(), label=_("Conferring authority"), required=False,
                                    help_text=_("Whose powers the decision uses: it may confer only what the law "
                                                "gives this authority on the decision's date."))
    authority = forms.CharField(label=_("Issuing authority as written"), max_length=255, required=False,
                                help_text=_("Empty: the conferring authority's name."))
    signed_file = UploadField(label=_("Signed file"), kind="document", required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if not data.get("issuer"):
            data["issuer"] = resolve_authority(data.get("authority", ""))
            if data["issuer"] is None and "issuer" not in self.errors:
                self.add_error("issuer", _("Choose the conferring authority."))
        if not (data.get("authority") or "").strip() and data.get("issuer"):
            data["authority"] = data["issuer"].name
        return data


class DecisionCreateForm(DecisionForm):
    items = forms.ModelMultipleChoiceField(None, required=False, label=_("Items conferred"),
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items


class RevocationForm(forms.Form):
    award = forms.ModelChoiceField(Award.objects.none(), label=_("Register entry"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    new_award_type = forms.ModelChoiceField(AwardType.objects.filter(is_active=True), required=False,
                                            label=_("Amend to (leave empty to revoke only)"))

    def __init__(self, *args, awards=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = awards
