import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc
from emulation.models import Unit

from .models import AwardType
from .nomination_enums import NominationState
from .nomination_models import Nomination
from .nomination_selectors import overdue_q


class NominationQueueFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=NominationState.choices, label=_("Status"))
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.order_by("name"), label=_("Unit"))
    bloc = django_filters.ModelChoiceFilter(queryset=Bloc.objects.order_by("code"), label=_("Bloc"),
                                            method="filter_bloc")
    award_type = django_filters.ModelChoiceFilter(queryset=AwardType.objects.order_by("order", "name"),
                                                  label=_("Award type"), method="filter_award_type")
    year = django_filters.NumberFilter(label=_("Year"))
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue",
        widget=forms.Select(choices=[("", "---------"), ("true", _("Overdue only")), ("false", _("Not overdue"))]))

    class Meta:
        model = Nomination
        fields = ["state", "unit", "bloc", "award_type", "year", "overdue"]

    def filter_bloc(self, queryset, name, value):
        members = Nomination.objects.filter(unit__bloc_memberships__bloc_year__bloc=value,
                                            unit__bloc_memberships__bloc_year__year=F("year")).values("pk")
        return queryset.filter(Q(bloc_year__bloc=value) | Q(pk__in=members))

    def filter_award_type(self, queryset, name, value):
        return queryset.filter(pk__in=Nomination.objects.filter(
            Q(items__award_type=value) | Q(items__changed_award_type=value)).values("pk"))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
