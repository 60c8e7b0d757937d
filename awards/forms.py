from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from emulation.forms import DateInput
from emulation.models import Person, Unit

from .eligibility import rule_choices
from .enums import AwardMethod, RecipientKind
from .models import (
    Appraisal,
    Award,
    AwardType,
    BaseSalary,
    DisciplineRecord,
    Initiative,
    QuotaSetting,
    RewardCoefficient,
    RuleParameter,
)

DATE_WIDGETS = {name: DateInput() for name in ("valid_from", "valid_to", "start_date", "end_date", "decision_date",
                                                "achievement_date")}


class AwardTypeForm(forms.ModelForm):
    class Meta:
        model = AwardType
        fields = ["code", "name", "kind", "for_individuals", "for_collectives", "for_households", "level",
                  "authority", "rule", "requires_initiative", "requires_posting", "posting_working_days",
                  "requires_council_vote", "order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"] = forms.ChoiceField(
            label=_("eligibility rule"), required=False,
            choices=[("", _("(none: conditions judged by hand)"))] + rule_choices(),
            help_text=_("The rule of the law this award type is checked against."))


class CoefficientForm(forms.ModelForm):
    class Meta:
        model = RewardCoefficient
        fields = ["recipient_kind", "coefficient", "valid_from", "valid_to", "legal_basis"]
        widgets = DATE_WIDGETS
        help_texts = {"coefficient": _("Leave empty when the legal texts do not give the figure (unknown).")}


class ParameterForm(forms.ModelForm):
    class Meta:
        model = RuleParameter
        fields = ["key", "value", "valid_from", "valid_to", "legal_basis"]
        widgets = DATE_WIDGETS


class QuotaForm(forms.ModelForm):
    class Meta:
        model = QuotaSetting
        fields = ["award_type", "relative_to", "max_percent", "valid_from", "valid_to", "legal_basis"]
        widgets = DATE_WIDGETS


class BaseSalaryForm(forms.ModelForm):
    class Meta:
        model = BaseSalary
        fields = ["amount", "valid_from", "valid_to", "legal_basis"]
        widgets = DATE_WIDGETS


class ScopedForm(forms.ModelForm):
    """Person and unit choices limited to what the user may edit."""

    def __init__(self, *args, people=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, qs in (("person", people), ("unit", units), ("authors", people)):
            if name in self.fields and qs is not None:
                self.fields[name].queryset = qs


class AppraisalForm(ScopedForm):
    class Meta:
        model = Appraisal
        fields = ["year", "person", "unit", "rating", "note"]
        help_texts = {"unit": _("For the rating of a collective; leave the person empty.")}


class DisciplineForm(ScopedForm):
    class Meta:
        model = DisciplineRecord
        fields = ["person", "unit", "kind", "measure", "start_date", "end_date", "description"]
        widgets = DATE_WIDGETS


class InitiativeForm(ScopedForm):
    class Meta:
        model = Initiative
        fields = ["title", "authors", "unit", "year", "level", "decision_number", "decision_date", "decision_body",
                  "description"]
        widgets = {**DATE_WIDGETS, "description": forms.Textarea(attrs={"rows": 3})}


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
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
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
