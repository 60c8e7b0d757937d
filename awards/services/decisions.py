"""Every change of state of award decisions: draft, items, corrections, issue (register rows)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.notifications import clerks_of, notify
from emulation.signing import get_provider, sign_pdf
from emulation.uploads import validate_upload

from ..counts import bulk_create_awards
from ..eligibility import check_batch, check_conferral_power, resolve_authority
from ..enums import (
    POSITIVE_OUTCOMES,
    AuthorityLevel,
    DecisionKind,
    DecisionState,
    ItemOutcome,
    NominationState,
    RecipientKind,
    UpwardState,
)
from ..models import Award, AwardRevocation, Decision, DecisionRevocation, Initiative, NominationItem
from ..money import ceiling_amount, item_amount
from .common import _lock, _not_submitter, _reason, _require_board, _verdict_fields

# Decisions ------------------------------------------------------------------------------------------------


def _lock_decision(decision):
    return Decision.objects.select_for_update().get(pk=decision.pk)


def _draft(decision):
    if decision.state != DecisionState.DRAFT:
        raise DomainError(_("An issued decision cannot be changed: issue a correction decision instead."))
    if decision.signed_pdf:
        raise DomainError(_("A digitally signed decision cannot be changed: issue it, then issue a new decision "
                            "that corrects it."))


def _check_decidable(item, actor):
    nomination = item.nomination
    if nomination.state != NominationState.AT_COUNCIL:
        raise DomainError(_("“%(item)s”: the nomination is not at the council.") % {"item": item})
    if item.outcome not in POSITIVE_OUTCOMES:
        raise DomainError(_("“%(item)s” was not found eligible.") % {"item": item})
    if item.final_award_type.requires_council_vote and not item.vote_passed:
        raise DomainError(_("“%(item)s” has not passed the council ballot.") % {"item": item})
    if item.award_id:
        raise DomainError(_("“%(item)s” has already been awarded.") % {"item": item})
    _not_submitter(actor, nomination)


def _may_confer(decision, item):
    """The decision's authority may confer the item's award on the decision's date (Law Art. 77–80, dated powers).
    An award conferred above the province goes up through khen cao, never into a decision of the province or below:
    the refusal says both why (the powers) and where it goes instead (Law Art. 78)."""
    award_type = item.final_award_type
    central_issuer = decision.issuer is not None and decision.issuer.level == AuthorityLevel.CENTRAL
    try:
        check_conferral_power(decision.issuer, award_type, decision.date)
    except DomainError as refused:
        if award_type.is_central and not central_issuer:
            raise DomainError(f"{refused.message} {_routing_message(item)}") from refused
        raise
    if award_type.is_central and not central_issuer:
        raise DomainError(_routing_message(item))


def _routing_message(item):
    return _("“%(item)s” is conferred by the central level: send it up in a khen cao cover letter (Law Art. 78), "
             "not in a provincial decision.") % {"item": item}


def _items_qs():
    return NominationItem.objects.select_related("nomination", "award_type", "changed_award_type", "person", "unit")


def _numbered(number, authority, date):
    """Decisions with this number from this issuing body in the year of ``date`` (at most one: a constraint)."""
    return Decision.objects.filter(number=number, authority=authority, date__year=date.year)


def _number_taken(number, authority, date):
    return DomainError(_("Decision number %(number)s of %(authority)s already exists for %(year)s: give another "
                         "number.") % {"number": number, "authority": authority, "year": date.year}, field="number")


def _repeat_or_refuse(existing, actor, values, items):
    """The number is taken in this body and year. The same draft sent twice (a double click on "new decision",
    same actor, same fields, same items) answers with the draft already made; anything else is refused."""
    same = (existing.state == DecisionState.DRAFT and existing.created_by_id == getattr(actor, "pk", None)
            and all(getattr(existing, key) == value for key, value in values.items())
            and set(existing.items.values_list("pk", flat=True)) == {i.pk for i in items})
    if not same:
        raise _number_taken(values["number"], values["authority"], values["date"])
    return existing


@transaction.atomic
def create_decision(actor, number, date, signer, signer_title, authority="", items=(), signed_file=None, note="",
                    corrects=None, issuer=None):
    """``issuer`` is the conferring authority whose powers the decision uses; without one it is read from the
    ``authority`` text ("UBND tỉnh" → Chủ tịch UBND tỉnh). The text stays as written on the decision."""
    _require_board(actor)
    if issuer is None:
        issuer = resolve_authority(authority)
    authority = (authority or "").strip() or (issuer.name if issuer else "")
    if not authority:
        raise DomainError(_("Name the issuing authority of the decision."), field="authority")
    kind = DecisionKind.ORIGINAL
    if corrects is not None:
        if not corrects.is_issued:
            raise DomainError(_("Only an issued decision can be corrected."))
        kind = DecisionKind.CORRECTION
    values = {"number": number, "date": date, "signer": signer, "signer_title": signer_title,
              "authority": authority, "note": note, "kind": kind, "corrects": corrects, "issuer": issuer}
    existing = _numbered(number, authority, date).first()
    if existing is not None:
        return _repeat_or_refuse(existing, actor, values, items)
    decision = Decision(**values, created_by=actor)
    if signed_file is not None:
        name = validate_upload(signed_file, kind="document", field="signed_file")
        decision.signed_file.save(name, signed_file, save=False)
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin that inserted first wins the unique index
            decision.save()
    except IntegrityError:
        existing = _numbered(number, authority, date).first()
        if existing is None:
            raise
        if decision.signed_file:
            decision.signed_file.delete(save=False)
        return _repeat_or_refuse(existing, actor, values, items)
    log_action(actor, "awards.decision.created", decision,
               data={"values": {"number": number, "date": date.isoformat(), "kind": kind,
                                "corrects": corrects.pk if corrects else None,
                                "issuer": issuer.code if issuer else None}})
    if items:
        add_decision_items(decision, actor, items)
    return decision


@transaction.atomic
def update_decision(decision, actor, signed_file=None, **changes):
    decision = _lock_decision(decision)
    _require_board(actor)
    _draft(decision)
    fields = []
    diff = {}
    for key, value in changes.items():
        if getattr(decision, key) != value:
            diff[key] = [str(getattr(decision, key)), str(value)]
            setattr(decision, key, value)
            fields.append(key)
    if {"number", "authority", "date"} & set(fields) and _numbered(
            decision.number, decision.authority, decision.date).exclude(pk=decision.pk).exists():
        raise _number_taken(decision.number, decision.authority, decision.date)
    if {"issuer", "date"} & set(fields):  # the items already in it must still be within the authority's powers
        for item in _items_qs().filter(decision=decision):
            _may_confer(decision, item)
    if signed_file is not None:
        name = validate_upload(signed_file, kind="document", field="signed_file")
        decision.signed_file.save(name, signed_file, save=False)
        fields.append("signed_file")
        diff["signed_file"] = ["", name]
    if fields:
        decision.save(update_fields=fields)
        log_action(actor, "awards.decision.updated", decision, data={"diff": diff})
    return decision


@transaction.atomic
def add_decision_items(decision, actor, items):
    decision = _lock_decision(decision)
    _require_board(actor)
    _draft(decision)
    ids = [i.pk for i in items]
    locked = list(_items_qs().select_for_update(of=("self",)).filter(pk__in=ids))
    for item in locked:
        if item.decision_id and item.decision_id != decision.pk:
            raise DomainError(_("“%(item)s” is already in decision %(number)s.")
                              % {"item": item, "number": item.decision.number})
        _check_decidable(item, actor)
        _may_confer(decision, item)
    NominationItem.objects.filter(pk__in=[i.pk for i in locked]).update(decision=decision)
    log_action(actor, "awards.decision.items_added", decision, data={"items": sorted(ids)})
    return locked


@transaction.atomic
def remove_decision_items(decision, actor, items):
    decision = _lock_decision(decision)
    _require_board(actor)
    _draft(decision)
    ids = [i.pk for i in items]
    NominationItem.objects.filter(pk__in=ids, decision=decision).update(decision=None)
    log_action(actor, "awards.decision.items_removed", decision, data={"items": sorted(ids)})


@transaction.atomic
def add_revocation(decision, actor, award, reason):
    """A correction decision revokes a register entry (annulment, or the first half of an amendment)."""
    decision = _lock_decision(decision)
    _require_board(actor)
    _draft(decision)
    if decision.kind != DecisionKind.CORRECTION:
        raise DomainError(_("Only a correction decision revokes awards."))
    reason = _reason(reason)
    if award.revoked:
        raise DomainError(_("This award has already been revoked."))
    revocation, created = DecisionRevocation.objects.get_or_create(decision=decision, award=award,
                                                                   defaults={"reason": reason})
    if created:
        log_action(actor, "awards.decision.revocation_added", decision, data={"award": award.pk, "reason": reason})
    return revocation


@transaction.atomic
def amend_award(decision, actor, award, new_award_type, reason):
    """Correction by amendment: revoke ``award`` and confer ``new_award_type`` on the same nominee instead."""
    revocation = add_revocation(decision, actor, award, reason)
    source = getattr(award, "nomination_item", None)
    if source is None:
        raise DomainError(_("This register entry did not come from a nomination: revoke it and nominate again."))
    individual = award.recipient_kind == RecipientKind.INDIVIDUAL
    if not (new_award_type.for_individuals if individual else new_award_type.for_collectives):
        raise DomainError(_("“%(type)s” does not fit this nominee.") % {"type": new_award_type})
    verdict = check_batch(new_award_type, [award.recipient], award.year)[award.recipient.pk]
    item = NominationItem.objects.create(
        nomination=source.nomination, award_type=new_award_type, recipient_kind=award.recipient_kind,
        person=award.person, unit=award.unit, summary=source.summary, outcome=ItemOutcome.ELIGIBLE,
        outcome_reason=revocation.reason, outcome_by=actor, outcome_at=timezone.now(), decision=decision,
        **_verdict_fields(verdict, timezone.now()),
    )
    log_action(actor, "awards.decision.amendment_added", decision,
               data={"award": award.pk, "item": item.pk, "award_type": new_award_type.code,
                     "reason": revocation.reason})
    return item


@transaction.atomic
def create_correction(original, actor, number, date, signer, signer_title, authority, note="", issuer=None):
    return create_decision(actor, number, date, signer, signer_title, authority, note=note, corrects=original,
                           issuer=issuer)


@transaction.atomic
def set_item_amount(item, actor, amount):
    """The amount the giver sets for an award whose coefficient is only a maximum (Kỷ niệm chương), on an item of a
    draft decision: at most the ceiling on the decision's date."""
    _require_board(actor)
    item = _items_qs().select_for_update(of=("self",)).get(pk=item.pk)
    if item.decision_id is None:
        raise DomainError(_("Put the item in a decision first: the ceiling depends on the decision's date."))
    decision = _lock_decision(item.decision)
    _draft(decision)
    ceiling = ceiling_amount(item.final_award_type, item.recipient_kind, decision.date, decision.issuer_id)
    if ceiling is None:
        raise DomainError(_("“%(type)s” has a fixed amount: it is computed, not entered.")
                          % {"type": item.final_award_type}, field="amount")
    if amount is None or amount < 0 or amount > ceiling:
        raise DomainError(_("The amount must be between 0 and %(ceiling)s VND.")
                          % {"ceiling": f"{ceiling:,}".replace(",", ".")}, field="amount")
    before = item.amount_entered
    item.amount_entered = amount
    item.save(update_fields=["amount_entered"])
    log_action(actor, "awards.nomination_item.amount_entered", item, unit=item.nomination.unit,
               data={"diff": {"amount_entered": [before, amount]}, "ceiling": ceiling, "decision": decision.pk})
    return item


@transaction.atomic
def sign_decision(decision, actor, provider=None):
    """Sign the decision's attached PDF digitally (``emulation.signing``). Once only: the signed PDF is never
    overwritten, and the signed decision can no longer be edited (a correction decision replaces it)."""
    decision = _lock_decision(decision)
    _require_board(actor)
    if decision.signed_pdf:
        raise DomainError(_("Decision %(number)s has already been digitally signed.") % {"number": decision.number})
    if not decision.signed_file or not decision.signed_file.name.lower().endswith(".pdf"):
        raise DomainError(_("Attach the decision as a PDF file before signing it."), field="signed_file")
    with decision.signed_file.open("rb") as source:
        data = source.read()
    provider = provider or get_provider()
    signed = sign_pdf(data, provider, reason=_("Decision %(number)s") % {"number": decision.number})
    decision.record_signature(signed, actor, decision.number.replace("/", "-") + ".pdf")
    decision.save(update_fields=decision.signature_fields())
    log_action(actor, "awards.decision.signed", decision, data={
        "provider": provider.name, "subject": decision.signature_subject, "serial": decision.signature_serial,
        "issuer": decision.signature_issuer, "signed_at": decision.signed_pdf_at.isoformat()})
    return decision


@transaction.atomic
def issue_decision(decision, actor):
    """Issue the decision: register rows with their money, initiatives marked used, units notified. Once only."""
    decision = _lock_decision(decision)
    _require_board(actor)
    if decision.is_issued:
        raise DomainError(_("Decision %(number)s has already been issued.") % {"number": decision.number})
    if not decision.signed_file:
        raise DomainError(_("Attach the signed decision file before issuing it."), field="signed_file")
    items = list(_items_qs().select_for_update(of=("self",)).filter(decision=decision).order_by("pk"))
    revocations = list(decision.revocations.select_related("award"))
    if not items and not revocations:
        raise DomainError(_("The decision confers nothing and revokes nothing."))
    is_amendment = decision.kind == DecisionKind.CORRECTION
    for item in items:
        if is_amendment and item.nomination.state == NominationState.DECIDED:
            _not_submitter(actor, item.nomination)
            if item.award_id:
                raise DomainError(_("“%(item)s” has already been awarded.") % {"item": item})
        else:
            _check_decidable(item, actor)
        _may_confer(decision, item)
    amounts = {}
    for item in items:
        amount, reason = item_amount(item, decision)
        if amount is None and ceiling_amount(item.final_award_type, item.recipient_kind, decision.date,
                                             decision.issuer_id) is not None:
            raise DomainError(_("Enter the reward amount of “%(item)s” (the giver sets it, up to the ceiling).")
                              % {"item": item})
        amounts[item.pk] = amount
    signer = f"{decision.signer_title} {decision.signer}".strip()
    awards = []
    for item in items:
        nomination = item.nomination
        award_type = item.final_award_type
        awards.append(Award(
            award_type=award_type, person=item.person, unit=item.unit, recipient_kind=item.recipient_kind,
            year=nomination.year, method=nomination.method, campaign_id=nomination.campaign_id,
            decision_number=decision.number, decision_date=decision.date, decision_signer=signer[:255],
            decision_authority=decision.authority,
            amount=amounts[item.pk],
            person_category=item.person.category if item.person_id else "",
        ))
    bulk_create_awards(awards)  # with their sort keys and the statistics summary
    links, used = [], 0
    known = set(Initiative.objects.filter(
        pk__in={pk for i in items for pk in (i.verdict_evidence or {}).get("initiatives", [])}
    ).values_list("pk", flat=True))
    for item, award in zip(items, awards, strict=True):
        item.award = award
        for pk in (item.verdict_evidence or {}).get("initiatives", []):
            if pk in known:
                links.append(Award.initiatives.through(award_id=award.pk, initiative_id=pk))
    if links:
        Award.initiatives.through.objects.bulk_create(links, ignore_conflicts=True)
        used = len(links)
    NominationItem.objects.bulk_update(items, ["award"])
    for revocation in revocations:
        award = Award.objects.select_for_update().get(pk=revocation.award_id)
        award.revoked = True
        award.note = (_("Revoked by decision %(number)s: %(reason)s")
                      % {"number": decision.number, "reason": revocation.reason})[:500]
        award.save(update_fields=["revoked", "note"])
        AwardRevocation.objects.create(
            award=award, correction=revocation, decision_number=decision.number, decision_date=decision.date,
            authority=decision.authority, reason=revocation.reason, amount_to_recover=award.amount or None,
            recorded_by=actor)
    decision.state = DecisionState.ISSUED
    decision.issued_by = actor
    decision.issued_at = timezone.now()
    decision.save(update_fields=["state", "issued_by", "issued_at"])
    total = sum(a.amount or 0 for a in awards)
    log_action(actor, "awards.decision.issued", decision,
               data={"awards": len(awards), "revoked": [r.award_id for r in revocations], "total": total,
                     "initiatives_used": used})
    nominations = {i.nomination_id: i.nomination for i in items}
    for nomination in _close_decided(actor, nominations.values(), decision):
        nominations[nomination.pk] = nomination
    unit_ids = {n.unit_id for n in nominations.values()} | {r.award.unit_id for r in revocations}
    notify(clerks_of(unit_ids), _("Decision %(number)s of %(date)s has been issued.")
           % {"number": decision.number, "date": decision.date.strftime("%d/%m/%Y")}, decision.get_absolute_url(),
           action="awards.decision.issued", exclude=actor)
    return decision


def _close_decided(actor, nominations, decision=None, upward=None):
    """Nominations whose every eligible item (that passed its ballot where one is needed) is now awarded, or was
    refused by the central level (khen cao)."""
    closed = []
    for nomination in nominations:
        if nomination.state != NominationState.AT_COUNCIL:
            continue
        open_items = [
            i for i in nomination.items.select_related("award_type", "changed_award_type", "upward")
            .filter(outcome__in=POSITIVE_OUTCOMES, award__isnull=True)
            if not (i.final_award_type.requires_council_vote and i.vote_passed is False)
            and not (i.upward_id and i.upward.state == UpwardState.REFUSED)
        ]
        if open_items:
            continue
        locked = _lock(nomination)
        locked.state = NominationState.DECIDED
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "decided_at"])
        log_action(actor, "awards.nomination.decided", locked,
                   data={"diff": {"state": [NominationState.AT_COUNCIL, NominationState.DECIDED]},
                         "decision": decision.pk if decision else None, "upward": upward.pk if upward else None})
        closed.append(locked)
    return closed
