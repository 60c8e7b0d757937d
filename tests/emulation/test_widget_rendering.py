"""The select widget's options and the filter forms' fields are written in Python (emulation/templatetags/tdkt.py:
``select_options``, ``filter_field``) for speed; they must give the HTML Django's and crispy-forms' templates
give."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from emulation.templatetags.tdkt import filter_field


class SampleForm(forms.Form):
    q = forms.CharField(label="Tìm <tên>", required=False)
    state = forms.ChoiceField(label="Trạng thái", required=False, choices=[
        ("", "Tất cả"), ("draft", "Nháp & <mới>"), ("Nhóm", [("a", "Một"), ("b", mark_safe("<b>Hai</b>"))])])
    kinds = forms.MultipleChoiceField(label="Loại", required=False, choices=[(1, "Một"), (2, "Hai")])
    year = forms.IntegerField(label="Năm", help_text="Năm <i>khen</i> thưởng")
    since = forms.DateField(label="Từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="", required=False, widget=forms.TextInput(attrs={"class": "w-6-5rem",
                                                                                   "placeholder": 'a "b"'}))
    flag = forms.BooleanField(label="Đã đọc", required=False)
    text = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea)


DATA = {"q": "Đặng & Co", "state": "b", "kinds": ["2"], "year": "x", "since": "31/02/2026", "flag": "on"}


@pytest.mark.parametrize("data", [None, DATA], ids=["unbound", "with errors"])
@pytest.mark.parametrize("name", list(SampleForm.base_fields))
def test_filter_field_writes_what_crispy_writes(name, data):
    ours = str(filter_field(SampleForm(data)[name]))
    crispy = str(as_crispy_field(SampleForm(data)[name]))
    assert parse_html(ours) == parse_html(crispy), f"{name}:\n{ours}\n---\n{crispy}"
    if data and name in ("year", "since"):
        assert "is-invalid" in ours and "invalid-feedback" in ours


def test_filter_field_marks_the_chosen_option_and_escapes_labels():
    html = str(filter_field(SampleForm(DATA)["state"]))
    assert '<option value="b" selected><b>Hai</b></option>' in html  # a safe label as it is
    assert "Nháp &amp; &lt;mới&gt;" in html
    assert '<optgroup label="Nhóm">' in html


def test_select_options_writes_what_django_writes():
    """The same select with Django's own templates (two includes per option) and with ours."""
    for data in (None, DATA):
        for name in ("state", "kinds"):
            ours = str(SampleForm(data)[name])
            form = SampleForm(data)
            form.renderer = DjangoTemplates()  # Django's own widget templates, not the project's
            theirs = str(form[name])
            assert parse_html(ours) == parse_html(theirs), f"{name}:\n{ours}\n---\n{theirs}"
    html = Template("{{ form.kinds }}").render(Context({"form": SampleForm(DATA)}))
    assert '<select name="kinds" id="id_kinds" multiple>' in html
    assert '<option value="2" selected>Hai</option>' in html
