"""Changes of state of the awards register: catalogue, dated figures, records, manual history.

Every function: guard the role and the state (``DomainError`` with a translated message), save,
``log_action`` in the same transaction. Views never write these rows themselves.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from emulation.audit import diff, log_action, snapshot
from emulation.errors import DomainError

from .enums import RecipientKind
from .models import (
    Appraisal,
    Award,
    AwardType,
    BaseSalary,
    DisciplineRecord,
    Initiative,
    QuotaSetting,
    RewardCoefficient,
    RuleParameter,
)

TYPE_FIELDS = ["code", "name", "kind", "for_individuals", "for_collectives", "for_households", "level", "authority",
               "rule", "requires_initiative", "requires_posting", "posting_working_days", "requires_council_vote",
               "order", "is_active"]
COEFFICIENT_FIELDS = ["award_type", "recipient_kind", "coefficient", "valid_from", "valid_to", "legal_basis"]
PARAMETER_FIELDS = ["award_type", "key", "value", "valid_from", "valid_to", "legal_basis"]
QUOTA_FIELDS = ["award_type", "relative_to", "max_percent", "valid_from", "valid_to", "legal_basis"]
SALARY_FIELDS = ["amount", "valid_from", "valid_to", "legal_basis"]
APPRAISAL_FIELDS = ["year", "person", "unit", "rating", "note"]
DISCIPLINE_FIELDS = ["person", "unit", "kind", "measure", "start_date", "end_date", "description"]
INITIATIVE_FIELDS = ["title", "unit", "year", "level", "decision_number", "decision_date", "decision_body",
                     "description"]
AWARD_FIELDS = ["award_type", "person", "unit", "recipient_kind", "year", "method", "campaign", "decision_number",
                "decision_date", "decision_signer", "decision_authority", "amount", "achievement_date", "note",
                "revoked"]


def _guard(actor, perm, obj=None):
    if not actor.has_perm(perm, obj):
        raise DomainError(_("Your role may not make this change."))


def _m2m(values, name):
    items = values.pop(name, None)
    return None if items is None else list(items)


def _ids(items):
    return sorted(i.pk for i in items)


def _create(model, actor, action, fields, values, m2m=None):
    obj = model(**values)
    obj.save()
    data = snapshot(obj, fields)
    for name, items in (m2m or {}).items():
        if items is not None:
            getattr(obj, name).set(items)
            data[name] = _ids(items)
    log_action(actor, action, obj, data={"values": data})
    return obj


def _update(obj, actor, action, fields, changes, m2m=None):
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    before = snapshot(obj, fields)
    for key, value in changes.items():
        setattr(obj, key, value)
    after = snapshot(obj, fields)
    changed = diff(before, after)
    if changed:
        obj.save(update_fields=[obj._meta.get_field(k).name for k in changed])
    for name, items in (m2m or {}).items():
        if items is None:
            continue
        old = sorted(getattr(obj, name).values_list("pk", flat=True))
        if old != _ids(items):
            getattr(obj, name).set(items)
            changed[name] = [old, _ids(items)]
    if changed:
        log_action(actor, action, obj, data={"diff": changed})
    return obj


def _check_period(values, field="valid_to"):
    start, end = values.get("valid_from"), values.get(field)
    if start and end and end < start:
        raise DomainError(_("The end of the validity period is before its start."), field=field)


def _check_overlap(qs, values, exclude_pk=None):
    """Two rows of the same dated figure may not be in force on the same day."""
    start, end = values["valid_from"], values.get("valid_to")
    clash = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if end is not None:
        clash = clash.filter(valid_from__lte=end)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    other = clash.first()
    if other is not None:
        raise DomainError(
            _("Another row is already in force in this period (from %(start)s). Close it first by setting its end "
              "date.") % {"start": other.valid_from.strftime("%d/%m/%Y")}, field="valid_from")


def _fresh(obj):
    """The row as stored (a bound ModelForm has already copied the new values onto the instance it got)."""
    return None if obj is None else type(obj).objects.select_for_update().get(pk=obj.pk)


def _merged(obj, changes, fields):
    values = {f: getattr(obj, f) for f in fields} if obj is not None else {}
    values.update(changes)
    return values


# Catalogue -------------------------------------------------------------------------------------


@transaction.atomic
def create_award_type(actor, **values):
    _guard(actor, "awards.manage_catalogue")
    if AwardType.objects.filter(code=values["code"]).exists():
        raise DomainError(_("An award type with this code already exists."), field="code")
    return _create(AwardType, actor, "awards.awardtype.created", TYPE_FIELDS, values)


@transaction.atomic
def update_award_type(award_type, actor, **changes):
    _guard(actor, "awards.manage_catalogue")
    award_type = _fresh(award_type)
    if "code" in changes and AwardType.objects.filter(code=changes["code"]).exclude(pk=award_type.pk).exists():
        raise DomainError(_("An award type with this code already exists."), field="code")
    return _update(award_type, actor, "awards.awardtype.updated", TYPE_FIELDS, changes)


def _save_dated(model, obj, actor, fields, action, scope, changes):
    _guard(actor, "awards.manage_catalogue")
    obj = _fresh(obj)
    values = _merged(obj, changes, fields)
    _check_period(values)
    _check_overlap(model.objects.select_for_update().filter(**scope(values)), values,
                   exclude_pk=obj.pk if obj is not None else None)
    if obj is None:
        return _create(model, actor, f"{action}.created", fields, changes)
    return _update(obj, actor, f"{action}.updated", fields, changes)


@transaction.atomic
def save_coefficient(row, actor, **changes):
    """Create (``row`` None) or edit a reward coefficient. An empty figure means "unknown"."""
    return _save_dated(RewardCoefficient, row, actor, COEFFICIENT_FIELDS, "awards.rewardcoefficient",
                       lambda v: {"award_type": v["award_type"], "recipient_kind": v["recipient_kind"]}, changes)


@transaction.atomic
def save_parameter(parameter, actor, **changes):
    return _save_dated(RuleParameter, parameter, actor, PARAMETER_FIELDS, "awards.ruleparameter",
                       lambda v: {"award_type": v["award_type"], "key": v["key"]}, changes)


@transaction.atomic
def save_quota(quota, actor, **changes):
    return _save_dated(QuotaSetting, quota, actor, QUOTA_FIELDS, "awards.quotasetting",
                       lambda v: {"award_type": v["award_type"], "relative_to": v.get("relative_to")}, changes)


@transaction.atomic
def save_base_salary(salary, actor, **changes):
    return _save_dated(BaseSalary, salary, actor, SALARY_FIELDS, "awards.basesalary", lambda v: {}, changes)


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


@transaction.atomic
def save_initiative(initiative, actor, **changes):
    initiative = _fresh(initiative)
    authors = _m2m(changes, "authors")
    values = _merged(initiative, changes, INITIATIVE_FIELDS)
    _guard_record(actor, Initiative(unit=values["unit"]))
    if initiative is not None:
        _guard_record(actor, initiative)
    if authors is not None and not authors:
        raise DomainError(_("An initiative needs at least one author."), field="authors")
    m2m = {"authors": authors}
    if initiative is None:
        return _create(Initiative, actor, "awards.initiative.created", INITIATIVE_FIELDS, changes, m2m)
    return _update(initiative, actor, "awards.initiative.updated", INITIATIVE_FIELDS, changes, m2m)


# The register ----------------------------------------------------------------------------------


def _check_award(values, initiatives, award=None):
    award_type = values["award_type"]
    person = values.get("person")
    if person is not None:
        if not award_type.for_individuals:
            raise DomainError(_("%(title)s is not conferred on individuals.") % {"title": award_type.name},
                              field="award_type")
    elif not award_type.for_collectives:
        raise DomainError(_("%(title)s is not conferred on collectives.") % {"title": award_type.name},
                          field="award_type")
    twin = Award.objects.filter(award_type=award_type, year=values["year"], revoked=False)
    twin = twin.filter(person=person) if person is not None else twin.filter(person__isnull=True, unit=values["unit"])
    if award is not None:
        twin = twin.exclude(pk=award.pk)
    if twin.exists():
        raise DomainError(_("This recipient already has %(title)s for %(year)s in the register.") % {
            "title": award_type.name, "year": values["year"]}, field="year")
    for initiative in initiatives or []:
        used = initiative.used_for_awards.filter(revoked=False)
        if award is not None:
            used = used.exclude(pk=award.pk)
        other = used.select_related("award_type").first()
        if other is not None:
            raise DomainError(_("Initiative “%(title)s” was already used for %(award)s %(year)s") % {
                "title": initiative.title, "award": other.award_type.name, "year": other.year}, field="initiatives")
        if person is not None and not initiative.authors.filter(pk=person.pk).exists():
            raise DomainError(_("%(person)s is not an author of the initiative “%(title)s”.") % {
                "person": person, "title": initiative.title}, field="initiatives")


@transaction.atomic
def record_past_award(actor, **values):
    """Enter an award from paper records (history from before the system)."""
    initiatives = _m2m(values, "initiatives")
    if values.get("person") is not None and values.get("unit") is None:
        values["unit"] = values["person"].unit
    if values.get("unit") is None:
        raise DomainError(_("Choose a person or a unit."), field="person")
    values["recipient_kind"] = RecipientKind.INDIVIDUAL if values.get("person") else RecipientKind.COLLECTIVE
    _guard(actor, "awards.change_record", Award(person=values.get("person"), unit=values["unit"]))
    _check_award(values, initiatives)
    values["entered_manually"] = True
    return _create(Award, actor, "awards.award.entered", AWARD_FIELDS, values, {"initiatives": initiatives})


@transaction.atomic
def update_past_award(award, actor, **changes):
    """Correct an award entered by hand. Awards made by a decision in the system are not edited here."""
    initiatives = _m2m(changes, "initiatives")
    award = _fresh(award)
    _guard(actor, "awards.change_record", award)
    if not award.entered_manually:
        raise DomainError(_("This award comes from a decision in the system and cannot be edited by hand."))
    if award.revoked:
        raise DomainError(_("A revoked award cannot be edited."))
    values = _merged(award, changes, AWARD_FIELDS)
    if values.get("person") is not None and values.get("unit") is None:
        values["unit"] = changes["unit"] = values["person"].unit
    if values.get("unit") is None:
        raise DomainError(_("Choose a person or a unit."), field="person")
    values["recipient_kind"] = changes["recipient_kind"] = (
        RecipientKind.INDIVIDUAL if values.get("person") else RecipientKind.COLLECTIVE)
    _guard(actor, "awards.change_record", Award(person=values.get("person"), unit=values["unit"]))
    _check_award(values, initiatives, award)
    return _update(award, actor, "awards.award.updated", AWARD_FIELDS, changes, {"initiatives": initiatives})


@transaction.atomic
def revoke_award(award, actor, reason):
    """Hủy bỏ (law chapter VII): the award stays in the register, marked revoked, its initiatives freed."""
    _guard(actor, "awards.revoke_award", award)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.revoked:
        raise DomainError(_("This award is already revoked."))
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the revocation."), field="reason")
    award.revoked = True
    award.note = (f"{award.note} | " if award.note else "") + reason.strip()
    award.save(update_fields=["revoked", "note"])
    log_action(actor, "awards.award.revoked", award, data={"diff": {"revoked": [False, True]}, "reason": reason})
    return award
