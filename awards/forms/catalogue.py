"""Forms of the catalogue and legal data, and the board's dated settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import DateInput

from ..eligibility import rule_choices
from ..models import (
    AppraisalTimeLimit,
    AwardType,
    BaseSalary,
    ConferralPower,
    CouncilQuorum,
    CouncilVoteThreshold,
    PublicHoliday,
    QuotaSetting,
    RewardCoefficient,
    RuleParameter,
    SubmissionDeadline,
)
from .common import DATE_WIDGETS


class AwardTypeForm(forms.ModelForm):
    class Meta:
        model = AwardType
        fields = ["code", "name", "kind", "for_individuals", "for_collectives", "for_households", "level",
                  "authority", "rule", "requires_initiative", "requires_posting", "posting_working_days",
                  "requires_council_vote", "requires_concurrence", "concurrence_bodies", "order", "is_active"]
        widgets = {"concurrence_bodies": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"] = forms.ChoiceField(
            label=_("eligibility rule"), required=False,
            choices=[("", _("(none: conditions judged by hand)"))] + rule_choices(),
            help_text=_("The rule of the law this award type is checked against."))


class CoefficientForm(forms.ModelForm):
    class Meta:
        model = RewardCoefficient
        fields = ["recipient_kind", "coefficient", "authority", "is_ceiling", "valid_from", "valid_to", "legal_basis",
                  "to_confirm"]
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
        fields = ["amount", "valid_from", "valid_to", "legal_basis", "to_confirm"]
        widgets = DATE_WIDGETS


class SubmissionDeadlineForm(forms.ModelForm):
    class Meta:
        model = SubmissionDeadline
        fields = ["year", "method", "deadline", "note"]
        widgets = {"deadline": DateInput()}


class AppraisalTimeLimitForm(forms.ModelForm):
    class Meta:
        model = AppraisalTimeLimit
        fields = ["award_type", "working_days", "valid_from", "valid_to", "legal_basis"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}


class CouncilVoteThresholdForm(forms.ModelForm):
    class Meta:
        model = CouncilVoteThreshold
        fields = ["award_type", "percent", "valid_from", "valid_to", "legal_basis", "to_confirm"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}
        help_texts = {"percent": _("Counted on all the members of the council, not on those who voted.")}


class CouncilQuorumForm(forms.ModelForm):
    class Meta:
        model = CouncilQuorum
        fields = ["percent", "valid_from", "valid_to", "legal_basis", "to_confirm"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}


class ConferralPowerForm(forms.ModelForm):
    class Meta:
        model = ConferralPower
        fields = ["authority", "award_type", "valid_from", "valid_to", "legal_basis", "to_confirm"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}


class PublicHolidayForm(forms.ModelForm):
    class Meta:
        model = PublicHoliday
        fields = ["date", "name", "to_confirm"]
        widgets = {"date": DateInput()}


SETTING_FORMS = {
    "deadline": SubmissionDeadlineForm,
    "limit": AppraisalTimeLimitForm,
    "threshold": CouncilVoteThresholdForm,
    "holiday": PublicHolidayForm,
    "quorum": CouncilQuorumForm,
    "power": ConferralPowerForm,
    "salary": BaseSalaryForm,
}
