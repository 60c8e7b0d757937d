import django_filters
from django.utils.translation import gettext_lazy as _

from emulation.filters import ListFilter

from . import registry
from .enums import JobStatus
from .models import ReportJob


class ReportJobFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Title"), method="filter_q")
    kind = django_filters.ChoiceFilter(choices=[], label=_("Report"))
    status = django_filters.ChoiceFilter(choices=JobStatus.choices, label=_("Status"))

    class Meta:
        model = ReportJob
        fields = ["q", "kind", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = [(m.KIND, m.LABEL) for m in registry.all_reports()]

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(title__icontains=word)
        return queryset
