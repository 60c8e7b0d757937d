"""Changes of personal records: appraisals, discipline and review records, initiatives."""

from django.db import transaction
from django.utils.translation import gettext as _

from emulation.errors import DomainError

from ..models import Appraisal, DisciplineRecord, Initiative
from .common import _create, _fresh, _guard, _m2m, _merged, _update

APPRAISAL_FIELDS = ["year", "person", "unit", "rating", "note"]
DISCIPLINE_FIELDS = ["person", "unit", "kind", "measure", "start_date", "end_date", "description"]
INITIATIVE_FIELDS = ["title", "unit", "year", "level", "decision_number", "decision_date", "decision_body",
                     "description"]


# Records ---------------------------------------------------------------------------------------


def _check_one_owner(values):
    if bool(values.get("person")) == bool(values.get("unit")):
        raise DomainError(_("Choose either a person or a unit."), field="person")


def _guard_record(actor, obj):
    """The actor may change a record of this person or unit (board, or a clerk of its unit)."""
    _guard(actor, "awards.change_record", obj)


def _probe(model, values):
    """An unsaved instance carrying the owner, to ask the permission rules about it."""
    return model(person=values.get("person"), unit=values.get("unit"))


@transaction.atomic
def save_appraisal(appraisal, actor, **changes):
    appraisal = _fresh(appraisal)
    values = _merged(appraisal, changes, APPRAISAL_FIELDS)
    _check_one_owner(values)
    if values.get("person"):
        values["unit"] = None
        changes["unit"] = None
    _guard_record(actor, _probe(Appraisal, values))
    if appraisal is not None:
        _guard_record(actor, appraisal)
    owner = {"person": values["person"]} if values.get("person") else {"unit": values["unit"], "person": None}
    twin = Appraisal.objects.filter(year=values["year"], **owner)
    if appraisal is not None:
        twin = twin.exclude(pk=appraisal.pk)
    if twin.exists():
        raise DomainError(_("There is already an appraisal for %(year)s.") % {"year": values["year"]}, field="year")
    if appraisal is None:
        return _create(Appraisal, actor, "awards.appraisal.created", APPRAISAL_FIELDS, changes)
    return _update(appraisal, actor, "awards.appraisal.updated", APPRAISAL_FIELDS, changes)


@transaction.atomic
def save_discipline(record, actor, **changes):
    record = _fresh(record)
    values = _merged(record, changes, DISCIPLINE_FIELDS)
    _check_one_owner(values)
    _guard_record(actor, _probe(DisciplineRecord, values))
    if record is not None:
        _guard_record(actor, record)
    if values.get("end_date") and values["end_date"] < values["start_date"]:
        raise DomainError(_("The end date is before the start date."), field="end_date")
    if values.get("measure") and values.get("kind") != "discipline":
        raise DomainError(_("A disciplinary measure applies only to a discipline record."), field="measure")
    if record is None:
        return _create(DisciplineRecord, actor, "awards.disciplinerecord.created", DISCIPLINE_FIELDS, changes)
    return _update(record, actor, "awards.disciplinerecord.updated", DISCIPLINE_FIELDS, changes)


def check_initiative_authors(authors):
    """Raise ``DomainError`` unless an initiative has at least one author: the rule of hand entry and of the
    Excel import alike."""
    if not authors:
        raise DomainError(_("An initiative needs at least one author."), field="authors")


@transaction.atomic
def save_initiative(initiative, actor, **changes):
    initiative = _fresh(initiative)
    authors = _m2m(changes, "authors")
    values = _merged(initiative, changes, INITIATIVE_FIELDS)
    _guard_record(actor, Initiative(unit=values["unit"]))
    if initiative is not None:
        _guard_record(actor, initiative)
    if authors is not None:
        check_initiative_authors(authors)
    m2m = {"authors": authors}
    if initiative is None:
        return _create(Initiative, actor, "awards.initiative.created", INITIATIVE_FIELDS, changes, m2m)
    return _update(initiative, actor, "awards.initiative.updated", INITIATIVE_FIELDS, changes, m2m)
