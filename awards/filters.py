"""Filters of the awards lists.

The register's lists: appraisals, discipline and review records, initiatives.

A record belongs either to a person (and is shown under the person's current unit) or to a collective (a unit);
the text and unit filters look at both, as the pages do. Unit choices come from the view (the user's scope).

The nomination lists: the unit's own list, the board's queue, the decisions. Unit and bloc choices come
from the view (the user's scope), as in ``emulation.filters.ListFilter``."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Collate
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc
from emulation.collation import COLLATION
from emulation.filters import ListFilter, unit_filter, year_filter
from emulation.models import Person, Unit
from emulation.selectors import search_by_name

from .enums import (
    AppraisalRating,
    AwardMethod,
    DecisionKind,
    DecisionState,
    DisciplineKind,
    InitiativeLevel,
    NominationState,
)
from .models import Appraisal, AwardType, Decision, DisciplineRecord, Initiative, Nomination, NominationItem
from .selectors import overdue_q

RECIPIENTS = [("individual", _("Individual")), ("collective", _("Collective"))]

# Sort keys shared by the person-or-collective records.
# Names as written, in the Vietnamese collation (D before Đ, a before ă before â), as the register orders them.
RECIPIENT_NAME = Collate(Coalesce("person__full_name", "unit__name"), COLLATION)
RECIPIENT_UNIT = Collate(Coalesce("person__unit__name", "unit__name"), COLLATION)


def recipient_named(queryset, text):
    """Records of a person, or of a collective, whose name has every word typed (diacritics ignored)."""
    people = search_by_name(Person.objects.all(), text).values("pk")
    units = search_by_name(Unit.objects.all(), text).values("pk")
    return queryset.filter(Q(person__in=people) | Q(person__isnull=True, unit__in=units))


class RecordFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Name"), method="filter_q")
    unit = unit_filter(method="filter_unit")
    recipient = django_filters.ChoiceFilter(choices=RECIPIENTS, label=_("Person or collective"),
                                            method="filter_recipient")

    def filter_q(self, queryset, name, value):
        return recipient_named(queryset, value)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Q(person__unit=value) | Q(person__isnull=True, unit=value))

    def filter_recipient(self, queryset, name, value):
        return queryset.filter(person__isnull=value == "collective")


class AppraisalFilter(RecordFilter):
    year = year_filter()
    rating = django_filters.ChoiceFilter(choices=AppraisalRating.choices, label=_("Rating"))

    class Meta:
        model = Appraisal
        fields = ["q", "year", "unit", "rating", "recipient"]


class DisciplineFilter(RecordFilter):
    year = year_filter(method="filter_year", label=_("In force in year"))
    kind = django_filters.ChoiceFilter(choices=DisciplineKind.choices, label=_("Kind"))

    class Meta:
        model = DisciplineRecord
        fields = ["q", "year", "unit", "kind", "recipient"]

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(Q(start_date__year__lte=year), Q(end_date__isnull=True) | Q(end_date__year__gte=year))


class InitiativeFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Title or author"), method="filter_q")
    year = year_filter()
    unit = unit_filter()
    level = django_filters.ChoiceFilter(choices=InitiativeLevel.choices, label=_("Recognised level"))

    class Meta:
        model = Initiative
        fields = ["q", "year", "unit", "level"]

    def filter_q(self, queryset, name, value):
        by_title = Initiative.objects.all()
        for word in value.split():
            by_title = by_title.filter(title__icontains=word)
        by_author = search_by_name(Initiative.objects.all(), value, field="authors__search_name")
        return queryset.filter(Q(pk__in=by_title.values("pk")) | Q(pk__in=by_author.values("pk")))


# Nominations and decisions --------------------------------------------------------------------------------


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
