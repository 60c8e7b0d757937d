"""Forms of nominations, appraisal, posting and the council."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from emulation.forms import DateInput
from emulation.uploads import MultiUploadField

from ..enums import DocumentKind, ItemOutcome
from ..models import AwardType, CouncilMeeting, Nomination


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


class PersonChoiceField(forms.ModelMultipleChoiceField):
    """People shown with their position and office, so that namesakes can be told apart."""

    def label_from_instance(self, person):
        details = " · ".join(part for part in (person.position, person.unit.display_name) if part)
        return f"{person.full_name} — {details}" if details else person.full_name


class BuilderForm(forms.Form):
    award_type = forms.ModelChoiceField(AwardType.objects.none(), label=_("Award type"))
    people = PersonChoiceField(None, required=False, label=_("People"), widget=forms.CheckboxSelectMultiple)
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
    file = MultiUploadField(label=_("Files"), kind="document",
                            help_text=_("You may choose several files at once: they are attached with the same kind."))

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
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_total = forms.IntegerField(label=_("Members voting"), min_value=1, required=False)
    deferred = forms.BooleanField(label=_("Deferred to a later meeting"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("deferred") and data.get("votes_for") is None:
            self.add_error("votes_for", _("Enter the votes for, or defer the item."))
        return data
