import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc
from emulation.filters import ListFilter, year_filter

from .enums import PledgeState
from .models import Pledge


class PledgeFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Title or bloc"), method="filter_q")
    year = year_filter("bloc_year__year")
    bloc = django_filters.ModelChoiceFilter(field_name="bloc_year__bloc", queryset=Bloc.objects.none(),
                                            label=_("Emulation bloc"))
    state = django_filters.ChoiceFilter(choices=PledgeState.choices, label=_("State"))

    class Meta:
        model = Pledge
        fields = ["q", "year", "bloc", "state"]

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(bloc_year__bloc__name__icontains=word)
                                       | Q(bloc_year__bloc__code__icontains=word))
        return queryset
