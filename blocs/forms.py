from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import DateInput, UnitChoiceField, UnitMultipleChoiceField, UnitTreeSelectMultiple
from emulation.models import Unit
from emulation.uploads import UploadField

from .models import Bloc, BlocYearAssessment, Criterion


class BlocForm(forms.ModelForm):
    class Meta:
        model = Bloc
        fields = ["name", "code", "description", "council"]


class BlocYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    head_unit = UnitChoiceField(label=_("Head unit (Khối trưởng)"))
    deputy_unit = UnitChoiceField(label=_("Deputy unit (Khối phó)"), required=False)
    members = UnitMultipleChoiceField(label=_("Member units"), required=False,
                                      widget=UnitTreeSelectMultiple(attrs={"size": 10}))
    self_scoring_deadline = forms.DateField(label=_("Self-scoring deadline"), required=False, widget=DateInput())
    review_deadline = forms.DateField(label=_("Review deadline"), required=False, widget=DateInput())
    meeting_date = forms.DateField(label=_("Year-end meeting date"), required=False, widget=DateInput())

    def __init__(self, *args, units=None, with_members=True, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.filter(is_active=True).order_by("name")
        for name in ("head_unit", "deputy_unit", "members"):
            self.fields[name].queryset = units
        if not with_members:
            del self.fields["members"]


class DatesForm(forms.Form):
    self_scoring_deadline = forms.DateField(label=_("Self-scoring deadline"), required=False, widget=DateInput())
    review_deadline = forms.DateField(label=_("Review deadline"), required=False, widget=DateInput())
    meeting_date = forms.DateField(label=_("Year-end meeting date"), required=False, widget=DateInput())


class MemberForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class LeadershipForm(forms.Form):
    head_unit = UnitChoiceField(label=_("Head unit (Khối trưởng)"))
    deputy_unit = UnitChoiceField(label=_("Deputy unit (Khối phó)"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head_unit"].queryset = units
        self.fields["deputy_unit"].queryset = units


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class CriteriaSetForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=255)
    # localize: points shown and typed with a decimal comma ("4,5"), as everywhere else in Vietnamese
    standard_total = forms.DecimalField(label=_("Total of standard points"), max_digits=7, decimal_places=2,
                                        min_value=0, localize=True)
    bonus_cap = forms.DecimalField(label=_("Cap on bonus points"), max_digits=7, decimal_places=2, min_value=0,
                                   localize=True)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["parent", "is_section", "code", "title", "kind", "max_points", "evidence_required", "guidance"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ["max_points"]  # "4,5", not "4.5" beside the "4,5" of the criteria list

    def __init__(self, *args, criteria_set=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Criterion.objects.filter(criteria_set=criteria_set, is_section=True)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = qs
        self.fields["parent"].required = False
        self.fields["max_points"].required = False
        self.fields["max_points"].help_text = _("Leave empty for a section.")


class ImportForm(forms.Form):
    file = UploadField(label=_("Excel file (.xlsx)"), kind="spreadsheet")


class EvidenceForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    file = UploadField(label=_("Evidence file"), kind="document")


class VoteForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    voters_present = forms.IntegerField(label=_("Voters present"), min_value=1)
    note = forms.CharField(label=_("Minutes note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for u in self.units:
            self.fields[f"votes_{u.pk}"] = forms.IntegerField(label=u.name, min_value=0, required=False)

    def unit_fields(self):
        return [(u, self[f"votes_{u.pk}"]) for u in self.units]

    def results(self):
        return {u.pk: self.cleaned_data.get(f"votes_{u.pk}") for u in self.units}


class ProposalForm(forms.Form):
    flag = forms.TypedMultipleChoiceField(label=_("Emulation flag (Cờ thi đua)"), coerce=int, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    diploma = forms.TypedMultipleChoiceField(label=_("Diploma of Merit (Bằng khen)"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flag"].choices = choices
        self.fields["diploma"].choices = choices


class BlocAssessmentForm(forms.ModelForm):
    class Meta:
        model = BlocYearAssessment
        fields = list(BlocYearAssessment.TEXT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in BlocYearAssessment.TEXT_FIELDS}
