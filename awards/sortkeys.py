"""The register's stored sort keys: ``Award.type_order`` (the award type's display order) and
``Award.recipient_key`` (the search name of the person, or of the collective) with ``Award.recipient_name``
(the name as written, which the register orders in the Vietnamese collation), copied onto each award so that
the register's default order (newest year, catalogue order, name) is read from one index instead of sorting a
year of awards joined to their people (awards/views/register.py ``REGISTER_SORTS``).

They are kept equal to their sources by every path that changes one: ``Award.save`` (single saves, the
admin, the past-award services); the decision and upward services and the demo data through
``awards.counts.bulk_create_awards``; the importer writes them with the awards it inserts raw and calls the
helpers below after its bulk updates of awards, people and units; a saved person or unit passes its names on to
its awards (signals in ``awards.apps``); ``update_award_type`` passes a changed order on to its awards.
"""

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from emulation.models import Person, Unit

from .models import Award, AwardType


def refresh_sort_keys(awards):
    """Recompute the sort keys of ``awards`` (a queryset of ``Award``) in one UPDATE."""
    order = AwardType.objects.filter(pk=OuterRef("award_type_id")).values("order")[:1]
    person = Person.objects.filter(pk=OuterRef("person_id"))
    unit = Unit.objects.filter(pk=OuterRef("unit_id"))
    return awards.order_by().update(
        type_order=Subquery(order),
        recipient_key=Coalesce(Subquery(person.values("search_name")[:1]), Subquery(unit.values("search_name")[:1])),
        recipient_name=Coalesce(Subquery(person.values("full_name")[:1]), Subquery(unit.values("name")[:1])))


def person_renamed(person):
    """Pass a person's names on to their awards (one UPDATE, on the person index; none to change: no write)."""
    Award.objects.filter(Q(person=person), ~Q(recipient_key=person.search_name) | ~Q(
        recipient_name=person.full_name)).update(recipient_key=person.search_name, recipient_name=person.full_name)


def unit_renamed(unit):
    """Pass a unit's names on to its collective awards."""
    Award.objects.filter(Q(unit=unit, person__isnull=True), ~Q(recipient_key=unit.search_name) | ~Q(
        recipient_name=unit.name)).update(recipient_key=unit.search_name, recipient_name=unit.name)


CHUNK = 5000  # ids per UPDATE: SQLite's limit of parameters


def _in_chunks(ids, lookup, **extra):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        refresh_sort_keys(Award.objects.filter(Q(**{lookup: ids[start:start + CHUNK]}), **extra))


def awards_written(award_ids):
    """Awards the importer inserted or updated in bulk."""
    _in_chunks(award_ids, "pk__in")


def people_renamed(person_ids):
    """The importer's bulk update of people: their awards' names again."""
    _in_chunks(person_ids, "person_id__in")


def units_renamed(unit_ids):
    """The importer's bulk update of units: their collective awards' names again."""
    _in_chunks(unit_ids, "unit_id__in", person__isnull=True)


def award_type_reordered(award_type):
    Award.objects.filter(award_type=award_type).exclude(type_order=award_type.order).update(
        type_order=award_type.order)
