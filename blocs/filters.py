import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation.filters import ListFilter, unit_filter, year_filter

from .models import Bloc, BlocYear


class BlocFilter(ListFilter):
    """Blocs by name or code, by a year they run in, by a member unit. ``years`` are the bloc years the user
    may see, so a year or a membership outside them never selects a bloc."""

    q = django_filters.CharFilter(label=_("Name or code"), method="filter_q")
    year = year_filter(method="filter_year")
    member = unit_filter(label=_("Member unit"), method="filter_member")
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Bloc
        fields = ["q", "year", "member", "is_active"]

    def __init__(self, *args, years=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years if years is not None else BlocYear.objects.none()

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(code__icontains=word))
        return queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(pk__in=self.years.filter(year=int(value)).values("bloc_id"))

    def filter_member(self, queryset, name, value):
        return queryset.filter(pk__in=self.years.filter(memberships__unit=value).values("bloc_id"))
