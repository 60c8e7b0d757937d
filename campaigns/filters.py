import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation.filters import ListFilter, unit_filter, year_filter

from .enums import CampaignForm, CampaignState
from .models import Campaign


class CampaignFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Code or title"), method="filter_q")
    year = year_filter(method="filter_year", label=_("Running in year"))
    state = django_filters.ChoiceFilter(choices=CampaignState.choices, label=_("State"))
    form = django_filters.ChoiceFilter(choices=CampaignForm.choices, label=_("Form"))
    launching_unit = unit_filter(label=_("Launched by"))

    class Meta:
        model = Campaign
        fields = ["q", "year", "state", "form", "launching_unit"]

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(code__icontains=word))
        return queryset

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(start_date__year__lte=year) | Q(start_date__isnull=True),
                               Q(end_date__year__gte=year) | Q(end_date__isnull=True))
