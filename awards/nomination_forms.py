from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from emulation.errors import DomainError
from emulation.forms import DateInput

from .models import Award, AwardType
from .nomination_enums import DocumentKind, ItemOutcome
from .nomination_models import (
    AppraisalTimeLimit,
    CouncilMeeting,
    CouncilVoteThreshold,
    Nomination,
    PublicHoliday,
    SubmissionDeadline,
)
from .nomination_services import validate_upload


class UploadField(forms.FileField):
    """A file checked against UPLOAD_MAX_BYTES and UPLOAD_EXTENSIONS."""

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "size"):
            try:
                validate_upload(value)
            except DomainError as exc:
                raise forms.ValidationError(exc.message) from None
        return value


class NominationForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = ["unit", "title", "reference", "year", "method", "campaign", "level"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = Campaign.objects.order_by("-start_date", "title")
        self.fields["campaign"].required = False


class BuilderForm(forms.Form):
    award_type = forms.ModelChoiceField(AwardType.objects.none(), label=_("Award type"))
    people = forms.ModelMultipleChoiceField(None, required=False, label=_("People"),
                                            widget=forms.CheckboxSelectMultiple)
    units = forms.ModelMultipleChoiceField(None, required=False, label=_("Collectives"),
                                           widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("Achievement summary (for everyone chosen)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, people=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.filter(is_active=True).order_by("order", "name")
        self.fields["people"].queryset = people
        self.fields["units"].queryset = units

    def clean(self):
        data = super().clean()
        if not data.get("people") and not data.get("units"):
            raise forms.ValidationError(_("Choose at least one person or collective."))
        return data


class ItemForm(forms.Form):
    summary = forms.CharField(label=_("Achievement summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    justification = forms.CharField(label=_("Justification for sending despite the rules"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    item = forms.ModelChoiceField(None, required=False, label=_("Nominee (for an achievement report)"))
    file = UploadField(label=_("File"))

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    """The board returns the dossier: a reason, and optionally the nominees to correct, each with its own note.

    The reason is checked by the service (one message for the form and the service)."""

    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    items = forms.ModelMultipleChoiceField(None, required=False, label=_("Nominees to correct"),
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        self.fields["items"].error_messages["invalid_choice"] = _("That nominee is not in this nomination.")

    def notes(self):
        """``{item pk: note}`` typed next to the ticked nominees."""
        return {item.pk: self.data.get(f"note_{item.pk}", "") for item in self.cleaned_data["items"]}


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in ItemOutcome.choices
                                                            if c[0] != ItemOutcome.PENDING])
    reason = forms.CharField(label=_("Reason"), required=False)
    changed_to = forms.ModelChoiceField(AwardType.objects.filter(is_active=True), required=False,
                                        label=_("Change to"))


class PostingForm(forms.Form):
    start = forms.DateField(label=_("Posted from"), widget=DateInput())


class CommentForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    commenter = forms.CharField(label=_("From"), required=False)
    content = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class CouncilMeetingForm(forms.ModelForm):
    class Meta:
        model = CouncilMeeting
        fields = ["date", "number", "place", "members_total", "members_present", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class VoteForm(forms.Form):
    meeting = forms.ModelChoiceField(CouncilMeeting.objects.all(), label=_("Council meeting"))
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_total = forms.IntegerField(label=_("Members voting"), min_value=1, required=False)


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=100)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    signer = forms.CharField(label=_("Signed by"), max_length=255)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=255)
    authority = forms.CharField(label=_("Issuing authority"), max_length=255)
    signed_file = UploadField(label=_("Signed file"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


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
        fields = ["award_type", "percent", "valid_from", "valid_to", "legal_basis"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}


class PublicHolidayForm(forms.ModelForm):
    class Meta:
        model = PublicHoliday
        fields = ["date", "name"]
        widgets = {"date": DateInput()}


SETTING_FORMS = {
    "deadline": SubmissionDeadlineForm,
    "limit": AppraisalTimeLimitForm,
    "threshold": CouncilVoteThresholdForm,
    "holiday": PublicHolidayForm,
}
