"""Template helpers available in every template (registered as a builtin)."""

from django import template
from django.utils.formats import date_format

register = template.Library()


def format_money(value):
    """2340000 -> '2.340.000 đ'."""
    if value is None or value == "":
        return "–"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đ"


@register.filter
def money(value):
    return format_money(value)


@register.filter
def vndate(value):
    if not value:
        return ""
    return date_format(value, "d/m/Y")


@register.filter
def points(value):
    """Decimal points with a comma: 12.50 -> '12,5'."""
    if value is None or value == "":
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@register.inclusion_tag("emulation/_history.html")
def history(obj, limit=100):
    from ..selectors import history_for

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
