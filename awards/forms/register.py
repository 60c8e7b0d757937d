"""Forms of the awards register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from emulation.forms import UnitChoiceField

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
    reason = forms.CharField(label=_("Reason for the revocation"), max_length=400)


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or CCCD"), required=False)
    unit = UnitChoiceField(label=_("Unit"), required=False)
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1945, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1945, max_value=2100)
    award_type = forms.ModelChoiceField(label=_("Award type"), queryset=AwardType.objects.all(), required=False)
    method = forms.ChoiceField(label=_("Award method"), required=False,
                               choices=[("", "---------")] + list(AwardMethod.choices))
    recipient_kind = forms.ChoiceField(label=_("Recipient"), required=False,
                                       choices=[("", "---------")] + list(RecipientKind.choices))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
