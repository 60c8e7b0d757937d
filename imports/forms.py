from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.forms import UnitChoiceField
from emulation.models import Unit
from emulation.uploads import UploadField

from .enums import ImportKind
from .models import import_max_bytes

FILE_LABEL = _("Excel file (.xlsx)")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    unit = UnitChoiceField(label=_("For unit"), queryset=Unit.objects.all(), required=False,
                                  help_text=_("Every row must belong to this unit or its sub-units."))
    file = UploadField(kind="spreadsheet", label=FILE_LABEL)

    def __init__(self, *args, units=(), board=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = UploadField(kind="spreadsheet", max_bytes=import_max_bytes(), label=FILE_LABEL)
        # Validation accepts any unit so that a clerk choosing another unit gets the service's message.
        empty = _("The whole province") if board else "---------"
        self.fields["unit"].choices = [("", empty)] + [(u.pk, str(u)) for u in units]
        if not board:
            self.fields["unit"].required = True
