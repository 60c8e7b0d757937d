"""Forms of the awards register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from emulation.forms import RemoteUnitChoiceField

from ..enums import AwardMethod, RecipientKind
from ..models import Award, AwardType
from .common import DATE_WIDGETS, ScopedForm


class PastAwardForm(ScopedForm):
    class Meta:
        model = Award
        fields = ["award_type", "person", "unit", "year", "achievement_date", "method", "campaign",
                  "decision_number", "decision_date", "decision_signer", "decision_authority", "amount",
                  "initiatives", "note"]
        widgets = DATE_WIDGETS
        help_texts = {"unit": _("For a person, leave empty to use the person's current unit.")}

    def __init__(self, *args, initiatives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = False
        self.fields["award_type"].queryset = AwardType.objects.filter(is_active=True)
        self.fields["campaign"].queryset = Campaign.objects.order_by("-start_date", "title")
        if initiatives is not None:
            self.fields["initiatives"].queryset = initiatives

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("unit"):
            self.add_error("person", _("Choose a person or a unit."))
        return data


class RevokeForm(forms.Form):
    decision_number = forms.CharField(label=_("Revocation decision number"), max_length=100)
    decision_date = forms.DateField(label=_("Revocation decision date"),
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    authority = forms.CharField(label=_("Revoking authority"), max_length=255)
    reason = forms.CharField(label=_("Reason for the revocation"), max_length=400)
    amount_to_recover = forms.IntegerField(label=_("Money to recover (VND)"), min_value=0, required=False,
                                           help_text=_("Empty: the amount paid."))
    items_to_recover = forms.CharField(label=_("Items to recover"), max_length=255, required=False,
                                       help_text=_("E.g. the certificate, the medal and its ribbon."))


class RecoveryForm(forms.Form):
    money_recovered_on = forms.DateField(label=_("Money recovered on"), required=False,
                                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    items_recovered_on = forms.DateField(label=_("Items recovered on"), required=False,
                                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or CCCD"), required=False)
    unit = RemoteUnitChoiceField(label=_("Unit"), required=False)
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1945, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1945, max_value=2100)
    award_type = forms.ModelChoiceField(label=_("Award type"), queryset=AwardType.objects.all(), required=False)
    method = forms.ChoiceField(label=_("Award method"), required=False,
                               choices=[("", "---------")] + list(AwardMethod.choices))
    recipient_kind = forms.ChoiceField(label=_("Recipient"), required=False,
                                       choices=[("", "---------")] + list(RecipientKind.choices))
    include_revoked = forms.BooleanField(label=_("Include revoked awards"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
