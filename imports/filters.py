import django_filters
from django.utils.translation import gettext_lazy as _

from emulation.filters import ListFilter, date_filter, unit_filter

from .enums import ImportKind, ImportStatus
from .models import ImportRun


class ImportRunFilter(ListFilter):
    q = django_filters.CharFilter(field_name="original_name", lookup_expr="icontains", label=_("File name"))
    kind = django_filters.ChoiceFilter(choices=ImportKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=ImportStatus.choices, label=_("Status"))
    scope_unit = unit_filter(label=_("For unit"))
    date_from = date_filter("created_at", "date__gte", _("From"))
    date_to = date_filter("created_at", "date__lte", _("Until"))

    class Meta:
        model = ImportRun
        fields = ["q", "kind", "status", "scope_unit", "date_from", "date_to"]
