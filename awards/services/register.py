"""Changes of the awards register by hand: past awards entered from paper records, revocation."""

from django.db import transaction
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError

from ..counts import refresh_award_counts
from ..enums import RecipientKind
from ..models import Award, AwardRevocation
from .common import _create, _fresh, _guard, _m2m, _merged, _update, check_year_not_future

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
    check_year_not_future(values.get("year"))
    _check_award(values, initiatives)
    values["entered_manually"] = True
    if values.get("person") is not None and not values.get("person_category"):
        values["person_category"] = values["person"].category
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
    before = (award.year, award.award_type_id)
    award = _update(award, actor, "awards.award.updated", AWARD_FIELDS, changes, {"initiatives": initiatives})
    refresh_award_counts({before})  # the year or award type it leaves (the new one follows its save)
    return award


@transaction.atomic
def revoke_award(award, actor, reason, decision_number="", decision_date=None, authority="", amount_to_recover=None,
                 items_to_recover=""):
    """Hủy bỏ (Law chapter VII, Art. 94–95): the award stays in the register, marked revoked, its initiatives freed,
    with the revocation decision (number, date, authority, reason) and what must be recovered: the money (by
    default the amount paid) and the physical items (certificate, medal)."""
    _guard(actor, "awards.revoke_award", award)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.revoked:
        raise DomainError(_("This award is already revoked."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the revocation."), field="reason")
    decision_number, authority = (decision_number or "").strip(), (authority or "").strip()
    if not decision_number:
        raise DomainError(_("Give the number of the revocation decision (Law chapter VII: an award is revoked by "
                            "a decision of the authority that conferred it)."), field="decision_number")
    if decision_date is None:
        raise DomainError(_("Give the date of the revocation decision."), field="decision_date")
    if not authority:
        raise DomainError(_("Give the authority that issued the revocation decision."), field="authority")
    if award.decision_date and decision_date < award.decision_date:
        raise DomainError(_("The revocation cannot be dated before the award's decision (%(date)s).")
                          % {"date": award.decision_date.strftime("%d/%m/%Y")}, field="decision_date")
    if amount_to_recover is None and not award.paid_by_conferring_level:
        amount_to_recover = award.amount or None
    award.revoked = True
    award.note = ((f"{award.note} | " if award.note else "")
                  + _("Revoked by decision %(number)s: %(reason)s") % {"number": decision_number, "reason": reason}
                  )[:500]
    award.save(update_fields=["revoked", "note"])
    record = AwardRevocation.objects.create(
        award=award, decision_number=decision_number, decision_date=decision_date, authority=authority,
        reason=reason, amount_to_recover=amount_to_recover, items_to_recover=items_to_recover or "",
        recorded_by=actor)
    log_action(actor, "awards.award.revoked", award, data={
        "diff": {"revoked": [False, True]}, "reason": reason, "decision": decision_number,
        "date": decision_date.isoformat(), "authority": authority, "amount_to_recover": amount_to_recover,
        "items_to_recover": items_to_recover, "revocation": record.pk})
    return award


@transaction.atomic
def record_recovery(award, actor, money_recovered_on=None, items_recovered_on=None):
    """Record when the money and the physical items of a revoked award were recovered."""
    _guard(actor, "awards.revoke_award", award)
    record = AwardRevocation.objects.select_for_update().filter(award_id=award.pk).first()
    if record is None:
        raise DomainError(_("This award has not been revoked by a recorded decision."))
    if money_recovered_on is None and items_recovered_on is None:
        raise DomainError(_("Give the date the money or the items were recovered."), field="money_recovered_on")
    changed = {}
    for field, value in (("money_recovered_on", money_recovered_on), ("items_recovered_on", items_recovered_on)):
        if value is None:
            continue
        if value < record.decision_date:
            raise DomainError(_("Recovery cannot come before the revocation decision (%(date)s).")
                              % {"date": record.decision_date.strftime("%d/%m/%Y")}, field=field)
        if field == "money_recovered_on" and not record.amount_to_recover:
            raise DomainError(_("No money is to be recovered for this award."), field=field)
        if field == "items_recovered_on" and not record.items_to_recover:
            raise DomainError(_("No item is to be recovered for this award."), field=field)
        old = getattr(record, field)
        if old != value:
            changed[field] = [old.isoformat() if old else None, value.isoformat()]
            setattr(record, field, value)
    if changed:
        record.save(update_fields=list(changed))
        log_action(actor, "awards.award.recovered", record.award, data={"diff": changed})
    return record
