"""Forms of khen cao (the province's cover letter to the central level) and hiệp y (concurrence)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import ConcurrenceAnswer

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.final_award_type} – {obj.recipient} ({obj.nomination.unit}, {obj.nomination.year})"


class UpwardForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    number = forms.CharField(label=_("Cover letter number"), max_length=100, required=False)
    date = forms.DateField(label=_("Cover letter date"), **DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    items = ItemChoiceField(label=_("Nominees sent up"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items


class UpwardEditForm(forms.Form):
    number = forms.CharField(label=_("Cover letter number"), max_length=100, required=False)
    file = forms.FileField(label=_("Signed cover letter"), required=False)
    items = ItemChoiceField(label=_("Add nominees"), queryset=None, required=False,
                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items


class UpwardSendForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), **DATE)
    sent_reference = forms.CharField(label=_("Dispatch reference"), max_length=100, required=False)


class UpwardAnswerForm(forms.Form):
    OUTCOMES = [("return", _("Returned with reasons")), ("refuse", _("Refused"))]
    outcome = forms.ChoiceField(label=_("Central level's answer"), choices=OUTCOMES)
    answered_on = forms.DateField(label=_("Answered on"), **DATE)
    reason = forms.CharField(label=_("Reasons given"), widget=forms.Textarea(attrs={"rows": 2}))


class UpwardDecideForm(forms.Form):
    AUTHORITIES = ["Chủ tịch nước", "Thủ tướng Chính phủ", "Chính phủ"]
    number = forms.CharField(label=_("Central decision number"), max_length=100)
    date = forms.DateField(label=_("Central decision date"), **DATE)
    signer = forms.CharField(label=_("Signed by"), max_length=255, required=False)
    authority = forms.CharField(label=_("Conferring authority"), max_length=255,
                                help_text=_("E.g. the President (orders, medals, state honorary titles) or the Prime "
                                            "Minister (Government flag, Prime Minister's diploma, national emulation "
                                            "fighter)."))
    answered_on = forms.DateField(label=_("Received on"), required=False, **DATE)


class ConcurrenceAskForm(forms.Form):
    bodies = forms.CharField(label=_("Bodies asked (one per line)"), widget=forms.Textarea(attrs={"rows": 3}))
    asked_on = forms.DateField(label=_("Asked on"), **DATE)

    def clean_bodies(self):
        return [line.strip() for line in self.cleaned_data["bodies"].splitlines() if line.strip()]


class ConcurrenceAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=[c for c in ConcurrenceAnswer.choices
                                                           if c[0] != ConcurrenceAnswer.PENDING])
    answered_on = forms.DateField(label=_("Answered on"), **DATE)
    note = forms.CharField(label=_("Note"), required=False)
