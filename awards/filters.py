"""Filters of the register's lists: appraisals, discipline and review records, initiatives.

A record belongs either to a person (and is shown under the person's current unit) or to a collective (a unit);
the text and unit filters look at both, as the pages do. Unit choices come from the view (the user's scope).
"""

import django_filters
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from emulation.filters import ListFilter, unit_filter, year_filter
from emulation.models import Person, Unit
from emulation.selectors import search_by_name

from .enums import AppraisalRating, DisciplineKind, InitiativeLevel
from .models import Appraisal, DisciplineRecord, Initiative

RECIPIENTS = [("individual", _("Individual")), ("collective", _("Collective"))]

# Sort keys shared by the person-or-collective records.
RECIPIENT_NAME = Coalesce("person__search_name", "unit__search_name")
RECIPIENT_UNIT = Coalesce("person__unit__name", "unit__name")


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
