"""Changes of the awards register by hand: past awards entered from paper records, revocation."""

from django.db import transaction
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError

from ..enums import RecipientKind
from ..models import Award
from .common import _create, _fresh, _guard, _m2m, _merged, _update

AWARD_FIELDS = ["award_type", "person", "unit", "recipient_kind", "year", "method", "campaign", "decision_number",
                "decision_date", "decision_signer", "decision_authority", "amount", "achievement_date", "note",
                "revoked"]


# The register ----------------------------------------------------------------------------------


def check_award_recipient(award_type, person=None):
    """Raise ``DomainError`` unless ``award_type`` may be conferred on this recipient: a person, or (``person``
    None) a collective. The rule of every way into the register: hand entry and the Excel import."""
    if person is not None:
        if not award_type.for_individuals:
            raise DomainError(_("%(title)s is not conferred on individuals.") % {"title": award_type.name},
                              field="award_type")
    elif not award_type.for_collectives:
        raise DomainError(_("%(title)s is not conferred on collectives.") % {"title": award_type.name},
                          field="award_type")


def register_key(award_type_id, year, person_id=None, unit_id=None):
    """What makes two awards of the register the same award, which the register holds once (revoked ones
    aside): one award type, one year, one recipient — the person, or the unit for a collective."""
    return (award_type_id, year, person_id, None if person_id is not None else unit_id)


def already_in_register(award_type, year):
    """The refusal of an award the register already holds (same ``register_key``)."""
    return DomainError(_("This recipient already has %(title)s for %(year)s in the register.") % {
        "title": award_type.name, "year": year}, field="year")


def _check_award(values, initiatives, award=None):
    award_type = values["award_type"]
    person = values.get("person")
    check_award_recipient(award_type, person)
    twin = Award.objects.filter(award_type=award_type, year=values["year"], revoked=False)
    twin = twin.filter(person=person) if person is not None else twin.filter(person__isnull=True, unit=values["unit"])
    if award is not None:
        twin = twin.exclude(pk=award.pk)
    if twin.exists():
        raise already_in_register(award_type, values["year"])
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
