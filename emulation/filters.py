"""Filters of the core's list pages (django-filter), and the pieces the other apps' filters share.

A filter over units (or blocs, or anything the user's role limits) starts with an empty queryset; the view
passes the scoped one by the filter's name, e.g. ``PersonFilter(data, queryset=qs, unit=units_for_user(user))``,
so nobody can pick (or even see) a unit outside their scope.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .actions import action_choices, codes_matching
from .enums import Gender, PersonCategory, UnitKind
from .forms import DateInput, RemoteUnitChoiceField
from .models import ActivityLog, Notification, Person, Unit
from .selectors import search_by_name, search_people


class ListFilter(django_filters.FilterSet):
    """A FilterSet whose choice querysets come from the view: ``SomeFilter(data, queryset=qs, unit=units)``."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, **choices):
        super().__init__(data, queryset, request=request, prefix=prefix)
        for name, choice_qs in choices.items():
            self.filters[name].queryset = choice_qs


def year_filter(field_name="year", label=None, **kwargs):
    return django_filters.NumberFilter(
        field_name=field_name, label=label or _("Year"),
        widget=forms.NumberInput(attrs={"min": 1945, "max": 2100, "inputmode": "numeric"}), **kwargs)


def unit_filter(label=None, **kwargs):
    """A unit chosen among those the view passes (the user's scope)."""
    return UnitChoiceFilter(queryset=Unit.objects.none(), label=label or _("Unit"), **kwargs)


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    """A unit filter with the searchable tree chooser, its options loaded when opened
    (``emulation.forms.RemoteUnitChoiceField``)."""

    field_class = RemoteUnitChoiceField


def date_filter(field_name, lookup_expr, label):
    return django_filters.DateFilter(field_name=field_name, lookup_expr=lookup_expr, label=label,
                                     widget=DateInput())


class PersonFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search by name, CCCD or staff code"), method="filter_q")
    unit = unit_filter()
    category = django_filters.ChoiceFilter(choices=PersonCategory.choices, label=_("Statistical category"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Person
        fields = ["q", "unit", "category", "gender", "is_active"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(cccd=value) | queryset.filter(staff_code=value)
        return search_people(queryset, value)


class UnitFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search by name or code"), method="filter_q")
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("Kind"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "is_active"]

    def filter_q(self, queryset, name, value):
        return search_by_name(queryset, value)


class ActivityLogFilter(ListFilter):
    """The action is chosen among the labelled actions, grouped by app (or all actions of one app); an
    older link's free text still filters, by code prefix or by words of the labels."""

    action = django_filters.CharFilter(method="filter_action", label=_("Action"), widget=forms.Select)
    actor = django_filters.CharFilter(field_name="actor__username", lookup_expr="iexact", label=_("User name"))
    unit = unit_filter()
    date_from = date_filter("created_at", "date__gte", _("From"))
    date_to = date_filter("created_at", "date__lte", _("Until"))

    class Meta:
        model = ActivityLog
        fields = ["action", "actor", "unit", "date_from", "date_to"]

    def __init__(self, data=None, *args, **kwargs):

        super().__init__(data, *args, **kwargs)
        groups, other = action_choices((data or {}).get("action", "").strip())
        choices = [("", _("All actions"))]
        for app, prefix, items in groups:
            choices.append((app, [(prefix, _("All actions: %(app)s") % {"app": app}), *items]))
        if other:
            choices.append((other, other))
        self.filters["action"].extra["widget"] = forms.Select(choices=choices)

    def filter_action(self, queryset, name, value):

        value = value.strip()
        return queryset.filter(Q(action__startswith=value) | Q(action__in=codes_matching(value)))


class NotificationFilter(ListFilter):
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="filter_status", empty_label=_("All"),
        choices=[("unread", pgettext_lazy("notification", "Unread")), ("read", pgettext_lazy("notification", "Read"))])

    class Meta:
        model = Notification
        fields = ["status"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "unread")
