"""Links from the person and unit pages to their award history report."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from emulation.registry import Panel


def _panel(param, pk):
    url = reverse("reports:request", args=["award_history"]) + "?" + urlencode({param: pk})
    return [Panel(_("Reports"), "emulation/_panel_links.html",
                  {"links": [(_("Award history (PDF and Excel)"), url)]}, order=90)]


def person_panels(person, user):
    return _panel("person", person.pk)


def unit_panels(unit, user):
    return _panel("unit", unit.pk)
