import django_filters
from django.utils.translation import gettext_lazy as _

from .enums import Gender, PersonCategory
from .models import Person, Unit
from .selectors import search_people


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search by name, CCCD or staff code"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.none(), label=_("Unit"))
    category = django_filters.ChoiceFilter(choices=PersonCategory.choices, label=_("Statistical category"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Person
        fields = ["q", "unit", "category", "gender", "is_active"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.filters["unit"].queryset = units

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(cccd=value) | queryset.filter(staff_code=value)
        return search_people(queryset, value)
