"""Template helpers available in every template (registered as a builtin)."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.widgets import Input
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..listing import choice_label
from ..reforms import unit_name_on
from ..registry import nav_html
from ..security import mask_cccd as _mask_cccd
from ..security import mask_date as _mask_date
from ..selectors import history_for
from ..text import format_money  # noqa: F401 the one money format; imported from here by the report modules
from ..text import full_name as _full_name

register = template.Library()

@register.filter
def label(obj, name):
    """``obj.get_<name>_display()`` translated once per field and language (``emulation.listing.choice_label``)."""
    return choice_label(obj, name)


@register.filter
def fullname(user):
    """A user's name in Vietnamese order ("Phạm Thị Lan"), else the user name; "" for none."""
    return _full_name(user)


@register.filter
def with_unit(figure, unit):
    """A figure with its unit the Vietnamese way: ``100%`` (no space before a per cent sign), ``12 công trình``;
    decimals with a comma."""
    shown = points(figure)
    unit = (unit or "").strip()
    if not unit:
        return shown
    return f"{shown}{unit}" if unit in ("%", "‰") else f"{shown} {unit}"


@register.filter
def money(value):
    return format_money(value)


@register.filter
def vndate(value):
    if not value:
        return ""
    return date_format(value, "d/m/Y")


@register.filter
def name_on(unit, date):
    """The unit's name as it was on ``date`` (``{{ award.unit|name_on:award.decision_date }}``)."""
    return unit_name_on(unit, date)


@register.filter
def mask_cccd(value):
    """A CCCD number with the middle hidden: ``0010******45`` (personal data, shown in full only on reveal)."""
    return _mask_cccd(value)


@register.filter
def mask_date(value):
    """A date of birth as ``**/**/1980``."""
    return _mask_date(value)


@register.filter
def points(value):
    """Decimal points with a comma: 12.50 -> '12,5'."""
    if value is None or value == "":
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@register.inclusion_tag("emulation/_history.html")
def history(obj, limit=100):

    return {"entries": list(history_for(obj, limit))}


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for sorting and pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def sort_th(context, key, label, css_class="", title=""):
    """A sortable column header: ``{% sort_th "name" _("Full name") "text-end" title=_("What it counts") %}``.

    The link sorts by ``key`` (ascending; descending when already ascending), keeps the other GET
    parameters and returns to the first page. The column in force carries ``aria-sort`` and an arrow.
    """
    current = context.get("sort") or ""
    ascending = current == key
    descending = current == "-" + key
    target = "-" + key if ascending else key
    query = query_with(context, sort=target, page=None)
    if ascending or descending:
        state = "ascending" if ascending else "descending"
        arrow = format_html(' <span aria-hidden="true">{}</span>', "▲" if ascending else "▼")
        hint = _("sorted ascending, click to sort descending") if ascending else _(
            "sorted descending, click to sort ascending")
    else:
        state, arrow, hint = "", "", _("click to sort")
    return format_html(
        '<th scope="col"{}{}{}><a href="?{}" title="{}">{}{}</a></th>',
        format_html(' class="{}"', css_class) if css_class else "",
        format_html(' title="{}"', title) if title else "",
        format_html(' aria-sort="{}"', state) if state else "",
        query, hint, label, arrow,
    )


@register.inclusion_tag("_breadcrumbs.html")
def trail(*parts):
    """A page's own trail, rendered by the one breadcrumbs partial: ``{% trail label url label url … %}``.

    Labels and URLs alternate; an empty URL is a step without a link, an empty label is left out (an
    optional step such as a unit's parent). Templates never write breadcrumb markup of their own.
    """
    pairs = list(zip(parts[::2], parts[1::2], strict=True))  # an odd count is a template error
    return {"breadcrumbs": [(label, url) for label, url in pairs if label not in (None, "")]}


@register.simple_tag(takes_context=True)
def page_trail(context):
    """The page's breadcrumbs: the view's own ``breadcrumbs``, else the menu trail of the context processor."""
    return context.get("breadcrumbs") or context.get("auto_breadcrumbs") or []


SELECT_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _option_attrs(attrs):
    """Django's ``attrs.html`` in Python: ``name="value"``, a bare ``name`` for True, nothing for False."""
    return format_html_join("", ' {}{}', ((name, "" if value is True else format_html('="{}"', str(value)))
                                           for name, value in attrs.items() if value is not False))


@register.simple_tag
def select_options(widget):
    """The ``<optgroup>``s and ``<option>``s of a select widget (templates/django/forms/widgets/select.html).

    Django's own select template includes two templates per option; a filter's action or award-type chooser has
    a hundred options or more, so that was a third of a list page's time. Written here once, with the same escaping
    (values and labels escaped unless marked safe) and the same attributes. An option with a template of its own
    still goes through it."""
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        for option in group_choices:
            if option.get("template_name", SELECT_OPTION_TEMPLATE) != SELECT_OPTION_TEMPLATE:
                parts.append(render_to_string(option["template_name"], {"widget": option}))
                continue
            parts.append(format_html('<option value="{}"{}>{}</option>', str(option["value"]),
                                     _option_attrs(option["attrs"]), option["label"]))
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("".join(str(p) for p in parts))


def _crispy_kind(widget):
    """"select" or "control" for the widgets ``filter_field`` writes itself, None for the others."""
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput,
                           forms.MultiWidget)) or getattr(widget, "widgets", None) or getattr(widget, "widget", None):
        return None
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, (Input, forms.Textarea)):
        return "control"
    return None


@register.simple_tag
def filter_field(field):
    """A field of a list page's filter form, in the markup crispy-forms' Bootstrap 5 pack gives it
    (``{{ field|as_crispy_field }}``: the wrapper, the label, the widget with its classes, the errors and the help
    text), written in Python: crispy's template, with its dozen includes and conditions per field, was a sixth of
    a list page's time. Check boxes, radio buttons, files and multi-part widgets still go through crispy;
    tests/emulation/test_widget_rendering.py holds both to the same HTML."""
    widget = field.field.widget
    kind = _crispy_kind(widget)
    if kind is None:
        return as_crispy_field(field)
    css = widget.attrs.get("class", "")
    name = widget.__class__.__name__.lower()
    classes = (css.split() if css else []) + ([] if css and name in css else [name])
    for extra in ("form-select" if kind == "select" else "form-control", "is-invalid" if field.errors else ""):
        if extra and extra not in classes:
            classes.append(extra)
    html = field.as_widget(attrs={"class": " ".join(classes)})
    required = field.field.required
    label = ""
    if field.label:
        label = format_html('<label {}class="form-label{}">{}{}</label>',
                            format_html('for="{}" ', field.id_for_label) if field.id_for_label else "",
                            " requiredField" if required else "", field.label,
                            mark_safe('<span class="asteriskField">*</span>') if required else "")
    errors = ""
    if field.errors:
        errors = format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field.auto_id,
                             format_html_join("", '<p id="error_{}_{}"><strong>{}</strong></p>',
                                              ((i, field.auto_id, e) for i, e in enumerate(field.errors, 1))))
    help_text = ""
    if field.help_text:
        help_text = format_html('<div {}class="form-text">{}</div>',
                                format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else "",
                                mark_safe(field.help_text))
    wrapper_css = " " + field.css_classes() if field.css_classes() else ""
    return format_html('<div id="div_{}" class="mb-3{}">{}{}{}{}</div>', field.auto_id, wrapper_css, label, html,
                       errors, help_text)


@register.simple_tag(takes_context=True)
def nav_menu(context):
    """The top menu's entries for the signed-in user (``emulation.registry.nav_html``)."""
    return nav_html(context["user"], context["roles"], context["request"].path)
