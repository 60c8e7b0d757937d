"""Template helpers available in every template (registered as a builtin)."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..listing import choice_label
from ..reforms import unit_name_on
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
