"""Filters of the nomination lists: the unit's own list, the board's queue, the decisions. Unit and bloc choices
come from the view (the user's scope), as in ``emulation.filters.ListFilter``."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc
from emulation.filters import ListFilter, unit_filter, year_filter
from emulation.selectors import search_by_name

from .enums import AwardMethod
from .models import AwardType
from .nomination_enums import DecisionKind, DecisionState, NominationState
from .nomination_models import Decision, Nomination, NominationItem
from .nomination_selectors import overdue_q


def _award_type_filter(**kwargs):
    return django_filters.ModelChoiceFilter(queryset=AwardType.objects.order_by("order", "name"),
                                            label=_("Award type"), method="filter_award_type", **kwargs)


class _NominationFilter(ListFilter):
    def filter_award_type(self, queryset, name, value):
        return queryset.filter(pk__in=Nomination.objects.filter(
            Q(items__award_type=value) | Q(items__changed_award_type=value)).values("pk"))


class NominationFilter(_NominationFilter):
    """The unit's list. The state is chosen by the tabs above the list and kept by a hidden field."""

    state = django_filters.ChoiceFilter(choices=NominationState.choices, widget=forms.HiddenInput)
    q = django_filters.CharFilter(label=_("Title or nominee"), method="filter_q")
    year = year_filter()
    unit = unit_filter(label=_("Sending unit"))
    method = django_filters.ChoiceFilter(choices=AwardMethod.choices, label=_("Award method"))
    award_type = _award_type_filter()

    class Meta:
        model = Nomination
        fields = ["state", "q", "year", "unit", "method", "award_type"]

    def filter_q(self, queryset, name, value):
        by_title = Nomination.objects.all()
        for word in value.split():
            by_title = by_title.filter(title__icontains=word)
        nominees = search_by_name(NominationItem.objects.all(), value, field="person__search_name")
        return queryset.filter(Q(pk__in=by_title.values("pk")) | Q(pk__in=nominees.values("nomination_id")))


class NominationQueueFilter(_NominationFilter):
    state = django_filters.ChoiceFilter(choices=NominationState.choices, label=_("Status"))
    unit = unit_filter()
    bloc = django_filters.ModelChoiceFilter(queryset=Bloc.objects.none(), label=_("Bloc"), method="filter_bloc")
    award_type = _award_type_filter()
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

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class DecisionFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Number, authority or signer"), method="filter_q")
    year = year_filter("date__year")
    unit = unit_filter(method="filter_unit")
    kind = django_filters.ChoiceFilter(choices=DecisionKind.choices, label=_("Kind"))
    state = django_filters.ChoiceFilter(choices=DecisionState.choices, label=_("Status"))

    class Meta:
        model = Decision
        fields = ["q", "year", "unit", "kind", "state"]

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(number__icontains=word) | Q(authority__icontains=word)
                                       | Q(signer__icontains=word))
        return queryset

    def filter_unit(self, queryset, name, value):
        """Decisions that confer or revoke an award of the unit or of one of its people."""
        ids = Decision.objects.filter(Q(items__nomination__unit=value) | Q(items__unit=value)
                                      | Q(revocations__award__unit=value)).values("pk")
        return queryset.filter(pk__in=ids)
