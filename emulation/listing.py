"""One way to show a list page: a filter form (django-filter), a sort order chosen by a column header and
pagination, every parameter kept in the query string.

    ctx = listing(request, people_for_user(user), PersonFilter,
                  sorts={"name": "search_name", "unit": ("unit__name", "search_name")}, default="name",
                  defaults={"is_active": "true"}, units=units_for_user(user))
    return render(request, "…", {**ctx, …})

The context holds ``filter`` (the bound FilterSet, or None), ``page`` (a Paginator page), ``sort`` (the
key in force, e.g. ``"-name"``) and ``filtered`` (whether the user narrowed the list). Templates draw the
form with ``{% include "_filter_form.html" %}`` and sortable headers with ``{% sort_th "name" _("Name") %}``.
"""

from django.core.paginator import Paginator
from django.db.models.expressions import OrderBy
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language

PAGE_SIZE = 50
# Lists count their rows exactly up to this many; beyond it they say "more than 1,000" (see CappedPaginator).
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows (or as far as the page asked for, if further), so a list of
    200,000 log entries or 190,000 awards does not count them all on every page: ``SELECT COUNT(*) FROM
    (… LIMIT cap + 1)`` stops early. When the list is longer, ``capped`` is true, ``count`` is the cap and
    there is always a next page up to the rows counted plus one page; the pagination template then says
    "more than 1,000 items" and "Page n". Lists of up to ``cap`` rows are counted and shown exactly as before.
    """

    def __init__(self, object_list, per_page, cap=COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.asked = 1

    def get_page(self, number):
        try:
            self.asked = max(1, int(number))
        except (TypeError, ValueError):
            self.asked = 1
        return super().get_page(number)

    @cached_property
    def _counted(self):
        limit = max(self.cap, self.asked * self.per_page)
        if isinstance(self.object_list, list) or not hasattr(self.object_list, "count"):
            n = len(self.object_list)
        else:
            n = self.object_list.order_by()[:limit + 1].count()  # no sort needed to count
        return (min(n, limit), n > limit)

    @cached_property
    def count(self):
        return self._counted[0]

    @property
    def capped(self):
        return self._counted[1]

    @cached_property
    def num_pages(self):
        pages = super().num_pages
        return pages + 1 if self.capped else pages


_NO_PK = 2147483647  # a primary key no row has, replaced by each row's own (see pk_urls)


def pk_urls(name):
    """``pk -> reverse(name, args=[pk])`` for a URL that takes one primary key, reversed once for a whole list
    instead of once per row (a list of a few hundred links spent tens of milliseconds in ``reverse``)."""
    head, _sep, tail = reverse(name, args=[_NO_PK]).rpartition(str(_NO_PK))
    return lambda pk: f"{head}{pk}{tail}"


_choice_labels = {}


def choice_label(obj, name):
    """``obj.get_<name>_display()`` for a list's rows: the field's choice labels are translated once per field and
    language and kept, where ``get_FOO_display`` hashes and translates every choice again on every row."""
    field = obj._meta.get_field(name)
    key = (obj._meta.label, name, get_language())
    labels = _choice_labels.get(key)
    if labels is None:
        labels = _choice_labels[key] = {value: str(text) for value, text in field.flatchoices}
    value = getattr(obj, field.attname)
    return labels.get(value, value)


def _reverse(field):
    if isinstance(field, str):
        return field[1:] if field.startswith("-") else "-" + field
    if isinstance(field, OrderBy):
        flipped = field.copy()
        flipped.reverse_ordering()
        return flipped
    return field.desc()  # F() or another expression


def sort_fields(sorts, key):
    """The ``order_by`` arguments for a sort key such as ``"name"`` or ``"-name"``.

    ``sorts`` maps a bare key to one field or a tuple of fields (names, ``F`` or other expressions): the
    first is the column's own order, reversed by a leading ``-`` on the key; the others break ties and keep
    their direction (by name descending, each person's newest year still comes first). The primary key
    comes last so that pages never overlap.
    """
    descending = key.startswith("-")
    fields = sorts[key.lstrip("-")]
    if not isinstance(fields, (tuple, list)):
        fields = (fields,)
    first, *rest = fields
    return [_reverse(first) if descending else first, *rest, "pk"]


def valid_sort(sorts, key, default):
    """``key`` if it names one of ``sorts`` (a callable one only ascending), else ``default``."""
    bare = key[1:] if key.startswith("-") else key
    if bare not in sorts or (bare != key and callable(sorts[bare])):
        return default
    return key


def filter_data(request, defaults=None):
    """The GET parameters, with ``defaults`` for those absent altogether (an emptied field stays empty)."""
    data = request.GET.copy()
    for name, value in (defaults or {}).items():
        if name not in data:
            data[name] = value
    return data


def listing(request, queryset, filterset_class=None, *, sorts=None, default=None, defaults=None,
            size=PAGE_SIZE, **filter_kwargs):
    """Filter ``queryset`` with ``filterset_class`` (extra keyword arguments go to it, e.g. the scoped
    querysets of its choice fields), order it by the ``sort`` parameter (one of ``sorts``, else
    ``default``; without either the queryset keeps its own order) and paginate it by the ``page`` parameter.

    ``sorts`` values may also be a callable taking the filtered queryset and returning a sequence to
    paginate (used for the units' tree order).
    """
    filterset = None
    qs = queryset
    filtered = False
    if filterset_class is not None:
        filterset = filterset_class(filter_data(request, defaults), queryset=queryset, **filter_kwargs)
        qs = filterset.qs
        filtered = any(request.GET.get(name, "") != "" for name in filterset.form.fields)
    sort = ""
    if sorts:
        sort = valid_sort(sorts, request.GET.get("sort", ""), default)
        if sort:
            spec = sorts[sort.lstrip("-")]
            qs = spec(qs) if callable(spec) else qs.order_by(*sort_fields(sorts, sort))
    return {"filter": filterset, "page": paginate(request, qs, size), "sort": sort, "filtered": filtered}


def paginate(request, queryset, size=PAGE_SIZE):
    """The page of ``queryset`` named by the ``page`` parameter (the first, or the last when out of range), the
    count capped (``CappedPaginator``)."""
    return CappedPaginator(queryset, size).get_page(request.GET.get("page"))

