import json

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.forms.utils import flatatt
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .collation import vi_sort_key
from .models import Person, Unit
from .text import search_key


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%d/%m/%Y")
        kwargs.setdefault("attrs", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        super().__init__(**kwargs)


def tree_order(units):
    """``units`` (a list) in tree order, each under its parent and siblings in Vietnamese order, each given a
    ``depth``; a unit whose parent is not in the list starts a tree of its own."""
    ids = {u.pk for u in units}
    children = {}
    for unit in sorted(units, key=lambda u: (vi_sort_key(u.name), u.pk)):
        children.setdefault(unit.parent_id if unit.parent_id in ids else None, []).append(unit)
    out, stack = [], [(u, 0) for u in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        unit.depth = depth
        out.append(unit)
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.pk, [])))
    return out


class UnitTreeIterator(ModelChoiceIterator):
    """The choices of a unit field in tree order (one query), each unit carrying its ``depth``."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit in tree_order(list(self.queryset)):
            yield self.choice(unit)

    def choice(self, obj):
        return (ModelChoiceIteratorValue(self.field.prepare_value(obj), obj), self.field.label_from_instance(obj))


class UnitTreeSelect(forms.Select):
    """A unit chooser that shows the tree (indented by depth) and is searchable, diacritics aside ("so gtvt"
    finds "Sở GTVT"): static/js/unit-select.js turns it into a Tom Select box; without scripts it is a plain
    select whose options are indented with non-breaking spaces."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-unit-tree": "1", **(attrs or {})}, choices)

    def render(self, name, value, attrs=None, renderer=None):
        """The same HTML as Django's select templates, written here: a province's 500 units would otherwise
        render two included templates each, tens of milliseconds on every page with a unit chooser."""
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(format_html('<option value="{}"{}>{}</option>', option["value"],
                                     flatatt(option["attrs"]), option["label"]) for option in options)
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # every part escaped by format_html above

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        if unit is not None:
            depth = getattr(unit, "depth", 0)
            option["label"] = "\u00a0\u00a0" * depth + str(label)
            words = search_key(f"{unit.name} {unit.short_name} {unit.code}")
            option["attrs"]["data-data"] = json.dumps({"depth": depth, "name": str(label), "search": words})
        return option


class UnitTreeSelectMultiple(UnitTreeSelect, forms.SelectMultiple):
    pass


def unit_option(unit, depth=0):
    """One unit as the chooser's script reads it (the ``data-data`` of an option, or a row of ``unit_options``)."""
    return {"value": str(unit.pk), "text": "\u00a0\u00a0" * depth + unit.name, "depth": depth, "name": unit.name,
            "search": search_key(f"{unit.name} {unit.short_name} {unit.code}")}


class RemoteUnitSelect(UnitTreeSelect):
    """The list pages' unit filters: only the chosen unit is written into the page; the chooser's script loads
    the user's units from ``unit_options`` (the same scope as the filter's choices, ``units_for_user``) when the
    box is first opened. A province's 500 units are not rendered on every list page. The choice is still
    validated against the field's own queryset."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-unit-source": reverse_lazy("unit_options"), **(attrs or {})}, choices)

    def optgroups(self, name, value, attrs=None):
        ids = [v for v in value if v and str(v).isdigit()]
        field = getattr(self.choices, "field", None)
        queryset = getattr(self.choices, "queryset", None)
        if field is None or queryset is None:  # plain choices: nothing to spare
            return super().optgroups(name, value, attrs)
        chosen = [("", field.empty_label)] if field.empty_label is not None else []
        for unit in (queryset.filter(pk__in=ids) if ids else []):
            chosen.append((ModelChoiceIteratorValue(field.prepare_value(unit), unit), field.label_from_instance(unit)))
        full, self.choices = self.choices, chosen
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = full


class RemoteUnitChoiceField(forms.ModelChoiceField):
    """A unit filter of a list page (``RemoteUnitSelect``): one query for the chosen unit, none for the others."""

    widget = RemoteUnitSelect

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset if queryset is not None else Unit.objects.none(), **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    """Every unit choice of the app: tree order, indentation, search (``UnitTreeSelect``)."""

    iterator = UnitTreeIterator
    widget = UnitTreeSelect

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset if queryset is not None else Unit.objects.none(), **kwargs)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = UnitTreeIterator
    widget = UnitTreeSelectMultiple

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset if queryset is not None else Unit.objects.none(), **kwargs)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "code", "admin_code", "agency_code", "kind", "parent", "is_active"]
        field_classes = {"parent": UnitChoiceField}


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "gender", "date_of_birth", "cccd", "staff_code", "unit", "position", "category",
                  "is_active"]
        widgets = {"date_of_birth": DateInput()}
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        if editing:
            self.fields["unit"].disabled = True
            self.fields["unit"].help_text = _("Use “Move to another unit” to change the unit.")

    def clean_cccd(self):
        cccd = "".join(self.cleaned_data.get("cccd", "").split())
        if cccd and (not cccd.isdigit() or len(cccd) not in (9, 12)):
            raise forms.ValidationError(_("The citizen ID number must have 12 digits (or 9 for an old ID card)."))
        if cccd and Person.objects.filter(cccd=cccd).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another person already has this citizen ID number."))
        return cccd


class MovePersonForm(forms.Form):
    unit = UnitChoiceField(label=_("New unit"))
    date = forms.DateField(label=_("From"), widget=DateInput())
    position = forms.CharField(label=_("Position in the new unit"), required=False, max_length=200)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Code from the authenticator app"), max_length=8, min_length=6,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, min_length=5,
                             help_text=_("Why you need the full CCCD number and date of birth; it is kept in "
                                         "the activity log."))


# Reorganisations of units (emulation.reforms) ---------------------------------------------------------------


class UnitEventForm(forms.Form):
    """The fields every kind of reorganisation has; each kind adds its own and says how they become the
    planner's parameters (``params()``)."""

    date = forms.DateField(label=_("Effective date"), widget=DateInput(),
                           help_text=_("The first day of the new organisation, e.g. 01/07/2025."))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=255,
                                  help_text=_("The decision or resolution, with its number and date."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            if isinstance(f, forms.ModelChoiceField):
                f.queryset = units

    def common(self):
        d = self.cleaned_data
        return {"date": d["date"], "legal_basis": d["legal_basis"], "note": d["note"]}


def _unit_field(label, required=True):
    return forms.ModelChoiceField(queryset=Unit.objects.none(), label=label, required=required)


class RenameEventForm(UnitEventForm):
    unit = _unit_field(_("Unit"))
    name = forms.CharField(label=_("New name"), max_length=255)
    short_name = forms.CharField(label=_("New short name"), max_length=100, required=False)

    def params(self):
        d = self.cleaned_data
        return {**self.common(), "unit": d["unit"], "name": d["name"], "short_name": d["short_name"]}


class MergeEventForm(UnitEventForm):
    predecessors = forms.ModelMultipleChoiceField(queryset=Unit.objects.none(), label=_("Units that merge"),
                                                  widget=forms.SelectMultiple(attrs={"size": 8}))
    into = _unit_field(_("Into an existing unit"), required=False)
    new_code = forms.CharField(label=_("Code of the new unit"), max_length=50, required=False)
    new_name = forms.CharField(label=_("Name of the new unit"), max_length=255, required=False)
    new_short_name = forms.CharField(label=_("Short name of the new unit"), max_length=100, required=False)
    new_admin_code = forms.CharField(label=_("Administrative unit code of the new unit"), max_length=20,
                                     required=False)
    new_agency_code = forms.CharField(label=_("Agency identifier code of the new unit"), max_length=30,
                                      required=False)
    new_parent = _unit_field(_("Parent of the new unit"), required=False)

    def params(self):
        d = self.cleaned_data
        new_unit = None
        if d["into"] is None:
            new_unit = {"code": d["new_code"], "name": d["new_name"], "short_name": d["new_short_name"],
                        "admin_code": d["new_admin_code"], "agency_code": d["new_agency_code"],
                        "parent": d["new_parent"]}
        return {**self.common(), "predecessors": list(d["predecessors"]), "into": d["into"], "new_unit": new_unit}


class SplitEventForm(UnitEventForm):
    unit = _unit_field(_("Unit that splits"))
    successors = forms.CharField(
        label=_("New units"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: code | name | short name (optional) | administrative unit code (optional)."))
    keep_original = forms.BooleanField(label=_("The unit goes on (a part splits off)"), required=False)

    def clean_successors(self):
        rows = []
        for line in self.cleaned_data["successors"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + ["", "", ""]
            if not parts[0] or not parts[1]:
                raise forms.ValidationError(_("Each line needs a code and a name, separated by |."))
            rows.append({"code": parts[0], "name": parts[1], "short_name": parts[2], "admin_code": parts[3]})
        if not rows:
            raise forms.ValidationError(_("Name at least one new unit."))
        return rows

    def params(self, allocation=None):
        d = self.cleaned_data
        return {**self.common(), "unit": d["unit"], "new_units": d["successors"],
                "keep_original": d["keep_original"], "allocation": allocation or {}}


class DissolveEventForm(UnitEventForm):
    unit = _unit_field(_("Unit that is dissolved"))
    receiver = _unit_field(_("Unit that takes over its people"), required=False)

    def params(self):
        d = self.cleaned_data
        return {**self.common(), "unit": d["unit"], "receiver": d["receiver"]}


class MoveEventForm(UnitEventForm):
    unit = _unit_field(_("Unit"))
    parent = _unit_field(_("New parent unit"), required=False)

    def params(self):
        d = self.cleaned_data
        return {**self.common(), "unit": d["unit"], "parent": d["parent"]}


EVENT_FORMS = {"rename": RenameEventForm, "merge": MergeEventForm, "split": SplitEventForm,
               "dissolve": DissolveEventForm, "move": MoveEventForm}
