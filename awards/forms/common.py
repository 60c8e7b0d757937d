"""Widgets and base forms shared by the awards forms."""

from django import forms

from emulation.forms import DateInput

DATE_WIDGETS = {name: DateInput() for name in ("valid_from", "valid_to", "start_date", "end_date", "decision_date",
                                                "achievement_date")}


class ScopedForm(forms.ModelForm):
    """Person and unit choices limited to what the user may edit."""

    def __init__(self, *args, people=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, qs in (("person", people), ("unit", units), ("authors", people)):
            if name in self.fields and qs is not None:
                self.fields[name].queryset = qs
