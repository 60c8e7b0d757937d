"""Sections the awards register adds to the person and unit pages (see emulation/registry.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.reforms import lineage_note, unit_lineage
from emulation.registry import Panel

from . import selectors


def person_panels(person, user):
    awards = list(selectors.person_award_history(person))
    links = []
    if user.has_perm("awards.check_eligibility"):
        links.append((_("Check eligibility"), reverse("awards:eligibility") + f"?person={person.pk}"))
    if user.has_perm("awards.change_record", person.awards.model(person=person, unit=person.unit)):
        links.append((_("Enter a past award"), reverse("awards:award_create") + f"?person={person.pk}"))
        links.append((_("Add an appraisal"), reverse("awards:appraisal_create") + f"?person={person.pk}"))
    return [Panel(_("Award history"), "awards/_award_history.html",
                  {"awards": awards, "links": links, "show_unit": True}, order=30, count=len(awards))]


def unit_panels(unit, user):
    line = unit_lineage(unit)
    awards = list(selectors.unit_award_history(unit, [entry.unit_id for entry in line]))
    links = []
    if user.has_perm("awards.check_eligibility"):
        links.append((_("Who qualifies this year"), reverse("awards:year_view") + f"?unit={unit.pk}"))
    return [Panel(_("Award history of the collective"), "awards/_award_history.html",
                  {"awards": awards, "links": links, "show_unit": len(line) > 1, "unit_id": unit.pk,
                   "lineage": lineage_note(line)}, order=30, count=len(awards))]
