"""Khen cao (awards conferred above the province) and hiệp y (concurrence of other bodies).

Khen cao: the board puts the items the provincial council passed, whose award the central level confers, in a
cover letter (tờ trình) to the Ban Thi đua – Khen thưởng Trung ương, sends it, and records the answer: returned
with reasons (edit and send again), refused, or decided — the central decision then enters the register, its
money paid by the conferring level (Law Art. 11.4: whoever signs the decision pays).

Hiệp y: an award type may require concurrence (configurable, with the bodies asked by default); the board
records the bodies asked, their answers and dates; ``missing_concurrences`` tells what still blocks an item,
and ``send_to_council`` refuses a nomination with such an item.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.notifications import clerks_of, notify
from emulation.uploads import validate_upload

from ..counts import bulk_create_awards
from ..enums import (
    CONCURRING_ANSWERS,
    POSITIVE_OUTCOMES,
    UPWARD_TRANSITIONS,
    ConcurrenceAnswer,
    NominationState,
    UpwardState,
)
from ..models import Award, Concurrence, NominationItem, UpwardSubmission
from ..selectors.nominations import upward_candidates
from .common import _not_submitter, _reason, _require_board
from .decisions import _close_decided

# Hiệp y ------------------------------------------------------------------------------------------------


def missing_concurrences(item, concurrences=None):
    """What keeps ``item`` from the council for want of concurrence: ``[]`` when its award needs none or every
    body asked (and every body the award type names by default) has agreed; else one Vietnamese line per gap."""
    award_type = item.final_award_type
    if not award_type.requires_concurrence:
        return []
    rows = list(item.concurrences.all()) if concurrences is None else concurrences
    by_body = {c.body.casefold(): c for c in rows}
    gaps = []
    for body in award_type.default_concurrence_bodies:
        if body.casefold() not in by_body:
            gaps.append(_("%(body)s has not been asked to concur") % {"body": body})
    if not rows and not gaps:
        gaps.append(_("no body has been asked to concur"))
    for c in rows:
        if c.answer == ConcurrenceAnswer.PENDING:
            gaps.append(_("%(body)s has not answered") % {"body": c.body})
        elif c.answer not in CONCURRING_ANSWERS:
            gaps.append(_("%(body)s does not concur") % {"body": c.body})
    return gaps


def concurrence_refusal(items):
    """The ``DomainError`` that refuses sending ``items`` on for want of concurrence, or None."""
    lines = []
    for item in items:
        gaps = missing_concurrences(item)
        if gaps:
            lines.append(f"{item.recipient} ({item.final_award_type}): {'; '.join(gaps)}")
    if lines:
        return DomainError(_("Concurrence (hiệp y) is incomplete, the council cannot review: %(lines)s.")
                           % {"lines": " | ".join(lines)})
    return None


def _lock_item(item):
    return (NominationItem.objects.select_for_update(of=("self",))
            .select_related("nomination", "award_type", "changed_award_type").get(pk=item.pk))


@transaction.atomic
def ask_concurrence(item, actor, bodies=None, asked_on=None):
    """Record the bodies asked to concur with ``item`` (by default those the award type names)."""
    _require_board(actor)
    item = _lock_item(item)
    if item.nomination.state not in (NominationState.RECEIVED, NominationState.APPRAISING):
        raise DomainError(_("Concurrence is asked while the nomination is with the board, before the council."))
    if item.outcome not in POSITIVE_OUTCOMES and item.outcome != "pending":
        raise DomainError(_("Only items still under consideration are sent for concurrence."))
    bodies = [b.strip() for b in (bodies if bodies is not None else item.final_award_type.default_concurrence_bodies)
              if b and b.strip()]
    if not bodies:
        raise DomainError(_("Name at least one body to ask."), field="bodies")
    asked_on = asked_on or timezone.localdate()
    known = {c.body.casefold() for c in item.concurrences.all()}
    new = [Concurrence(item=item, body=b[:255], asked_on=asked_on, recorded_by=actor)
           for b in dict.fromkeys(bodies) if b.casefold() not in known]
    Concurrence.objects.bulk_create(new)
    log_action(actor, "awards.nomination_item.concurrence_asked", item, unit=item.nomination.unit,
               data={"bodies": [c.body for c in new], "asked_on": asked_on.isoformat()})
    return new


@transaction.atomic
def record_concurrence(concurrence, actor, answer, answered_on=None, note=""):
    """Record a body's answer: agrees, agrees with a note, or disagrees (a note is then required)."""
    _require_board(actor)
    concurrence = Concurrence.objects.select_for_update().select_related("item__nomination").get(pk=concurrence.pk)
    if concurrence.item.nomination.state not in (NominationState.RECEIVED, NominationState.APPRAISING):
        raise DomainError(_("Concurrence is recorded while the nomination is with the board, before the council."))
    if answer not in ConcurrenceAnswer.values or answer == ConcurrenceAnswer.PENDING:
        raise DomainError(_("Choose the answer received."), field="answer")
    note = (note or "").strip()
    if answer in (ConcurrenceAnswer.AGREE_WITH_NOTE, ConcurrenceAnswer.DISAGREE) and not note:
        raise DomainError(_("Write down the body's note or reasons."), field="note")
    answered_on = answered_on or timezone.localdate()
    if answered_on < concurrence.asked_on:
        raise DomainError(_("The answer cannot come before the request (%(date)s).")
                          % {"date": concurrence.asked_on.strftime("%d/%m/%Y")}, field="answered_on")
    before = concurrence.answer
    concurrence.answer, concurrence.answered_on, concurrence.note = answer, answered_on, note
    concurrence.recorded_by = actor
    concurrence.save(update_fields=["answer", "answered_on", "note", "recorded_by"])
    log_action(actor, "awards.nomination_item.concurrence_answered", concurrence.item,
               unit=concurrence.item.nomination.unit,
               data={"body": concurrence.body, "diff": {"answer": [before, answer]}, "note": note,
                     "answered_on": answered_on.isoformat()})
    return concurrence


# Khen cao ----------------------------------------------------------------------------------------------


def _lock(submission):
    return UpwardSubmission.objects.select_for_update().get(pk=submission.pk)


def _state(submission, transition):
    if submission.state not in UPWARD_TRANSITIONS[transition]:
        raise DomainError(_("This cannot be done while the cover letter is “%(state)s”.")
                          % {"state": submission.get_state_display()})


def _editable(submission):
    if not submission.is_editable:
        raise DomainError(_("The cover letter can be changed only as a draft or when the central level returned "
                          "it."))


def _check_items(actor, items):
    ids = [i.pk for i in items]
    list(NominationItem.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))  # one letter each
    allowed = set(upward_candidates().filter(pk__in=ids).values_list("pk", flat=True))
    for item in items:
        if item.pk not in allowed:
            if not item.final_award_type.is_central:
                raise DomainError(_("“%(item)s” is conferred by the province: it goes in a provincial decision, not "
                                    "in a khen cao cover letter.") % {"item": item})
            raise DomainError(_("“%(item)s” is not ready to be sent up: it needs the provincial council's approval "
                                "and may not already be in another cover letter.") % {"item": item})
        _not_submitter(actor, item.nomination)


@transaction.atomic
def create_upward(actor, title, date, items=(), number="", note="", addressee=""):
    """A draft cover letter to the central level, with the items it proposes."""
    _require_board(actor)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give the cover letter a title."), field="title")
    items = list(items)
    if not items:
        raise DomainError(_("Choose at least one nominee to send up."), field="items")
    _check_items(actor, items)
    submission = UpwardSubmission(title=title, date=date, number=number, note=note, created_by=actor)
    if addressee:
        submission.addressee = addressee
    submission.save()
    NominationItem.objects.filter(pk__in=[i.pk for i in items]).update(upward=submission)
    log_action(actor, "awards.upward.created", submission,
               data={"values": {"title": title, "date": date.isoformat(), "number": number},
                     "items": sorted(i.pk for i in items)})
    return submission


@transaction.atomic
def add_upward_items(submission, actor, items):
    submission = _lock(submission)
    _require_board(actor)
    _editable(submission)
    items = list(items)
    _check_items(actor, items)
    NominationItem.objects.filter(pk__in=[i.pk for i in items]).update(upward=submission)
    log_action(actor, "awards.upward.items_added", submission, data={"items": sorted(i.pk for i in items)})
    return submission


@transaction.atomic
def remove_upward_item(submission, actor, item):
    submission = _lock(submission)
    _require_board(actor)
    _editable(submission)
    if item.upward_id != submission.pk:
        raise DomainError(_("This nominee is not in the cover letter."))
    if submission.items.count() <= 1:
        raise DomainError(_("A cover letter keeps at least one nominee."))
    NominationItem.objects.filter(pk=item.pk).update(upward=None)
    log_action(actor, "awards.upward.item_removed", submission, data={"item": item.pk})
    return submission


@transaction.atomic
def attach_upward_file(submission, actor, upload):
    submission = _lock(submission)
    _require_board(actor)
    _editable(submission)
    name = validate_upload(upload, kind="document", field="file")
    submission.file.save(name, upload, save=False)
    submission.save(update_fields=["file"])
    log_action(actor, "awards.upward.file_attached", submission, data={"file": name})
    return submission


def _log_state(actor, submission, action, previous, **data):
    log_action(actor, action, submission, data={"diff": {"state": [previous, submission.state]}, **data})


def _tell_units(actor, submission, message):
    unit_ids = set(submission.items.values_list("nomination__unit_id", flat=True))
    notify(clerks_of(unit_ids), message, "", action="awards.upward." + submission.state, exclude=actor)


@transaction.atomic
def send_upward(submission, actor, sent_on, sent_reference=""):
    """Record that the cover letter was sent (date, reference of the dispatch); again after a return."""
    submission = _lock(submission)
    _require_board(actor)
    _state(submission, "send")
    if not submission.number.strip():
        raise DomainError(_("Give the cover letter its number before sending it."), field="number")
    if not submission.items.exists():
        raise DomainError(_("The cover letter proposes no nominee."))
    if sent_on is None:
        raise DomainError(_("Give the date it was sent."), field="sent_on")
    if sent_on < submission.date:
        raise DomainError(_("It cannot be sent before the cover letter's date (%(date)s).")
                          % {"date": submission.date.strftime("%d/%m/%Y")}, field="sent_on")
    if sent_on > timezone.localdate():
        raise DomainError(_("The sending date cannot be in the future."), field="sent_on")
    previous = submission.state
    submission.state = UpwardState.SENT
    submission.sent_on = sent_on
    submission.sent_reference = sent_reference
    submission.save(update_fields=["state", "sent_on", "sent_reference"])
    _log_state(actor, submission, "awards.upward.sent", previous, sent_on=sent_on.isoformat(),
               reference=sent_reference)
    return submission


def _answer(submission, actor, transition, answered_on):
    submission = _lock(submission)
    _require_board(actor)
    _state(submission, transition)
    if answered_on is None:
        raise DomainError(_("Give the date of the central level's answer."), field="answered_on")
    if answered_on < submission.sent_on:
        raise DomainError(_("The answer cannot come before the cover letter was sent (%(date)s).")
                          % {"date": submission.sent_on.strftime("%d/%m/%Y")}, field="answered_on")
    return submission


def _record_answer(submission, actor, transition, state, answered_on, reason, action):
    """The central level's answer without a decision (returned, refused): its date and reasons, logged."""
    submission = _answer(submission, actor, transition, answered_on)
    reason = _reason(reason)
    previous = submission.state
    submission.state = state
    submission.answered_on, submission.answer_reason = answered_on, reason
    submission.save(update_fields=["state", "answered_on", "answer_reason"])
    _log_state(actor, submission, action, previous, reason=reason)
    return submission


@transaction.atomic
def return_upward(submission, actor, answered_on, reason):
    """The central level returned the dossier with reasons: the board corrects it and sends it again."""
    return _record_answer(submission, actor, "return", UpwardState.RETURNED, answered_on, reason,
                          "awards.upward.returned")


@transaction.atomic
def refuse_upward(submission, actor, answered_on, reason):
    """The central level refused: final. The nominees stay out of the register."""
    submission = _record_answer(submission, actor, "refuse", UpwardState.REFUSED, answered_on, reason,
                                "awards.upward.refused")
    _close(actor, submission)
    _tell_units(actor, submission, _("The central level refused the khen cao proposal “%(title)s”.")
                % {"title": submission.title})
    return submission


@transaction.atomic
def decide_upward(submission, actor, number, date, signer, authority, answered_on=None):
    """The central decision (e.g. of the President or the Prime Minister): its nominees enter the register, the
    reward paid by the conferring level, not computed as provincial money."""
    answered_on = answered_on or date
    submission = _answer(submission, actor, "decide", answered_on)
    number, signer, authority = (number or "").strip(), (signer or "").strip(), (authority or "").strip()
    if not number:
        raise DomainError(_("Give the central decision's number."), field="number")
    if not authority:
        raise DomainError(_("Give the authority that conferred the award (e.g. the President, the Prime "
                            "Minister)."), field="authority")
    if date is None or date < submission.sent_on:
        raise DomainError(_("The central decision cannot be dated before the cover letter was sent (%(date)s).")
                          % {"date": submission.sent_on.strftime("%d/%m/%Y")}, field="date")
    items = list(submission.items.select_for_update(of=("self",))
                 .select_related("nomination", "award_type", "changed_award_type", "person", "unit").order_by("pk"))
    awards = []
    for item in items:
        if item.award_id:
            raise DomainError(_("“%(item)s” has already been awarded.") % {"item": item})
        nomination = item.nomination
        awards.append(Award(
            award_type=item.final_award_type, person=item.person, unit=item.unit, recipient_kind=item.recipient_kind,
            year=nomination.year, method=nomination.method, campaign_id=nomination.campaign_id,
            decision_number=number, decision_date=date, decision_signer=signer[:255], decision_authority=authority,
            amount=None, paid_by_conferring_level=True,
            person_category=item.person.category if item.person_id else "",
        ))
    bulk_create_awards(awards)  # with their sort keys and the statistics summary
    for item, award in zip(items, awards, strict=True):
        item.award = award
    NominationItem.objects.bulk_update(items, ["award"])
    previous = submission.state
    submission.state = UpwardState.DECIDED
    submission.answered_on = answered_on
    submission.central_decision_number, submission.central_decision_date = number, date
    submission.central_decision_signer, submission.central_authority = signer, authority
    submission.save(update_fields=["state", "answered_on", "central_decision_number", "central_decision_date",
                                   "central_decision_signer", "central_authority"])
    _log_state(actor, submission, "awards.upward.decided", previous, number=number, date=date.isoformat(),
               authority=authority, awards=[a.pk for a in awards])
    _close(actor, submission)
    _tell_units(actor, submission, _("Decision %(number)s of %(authority)s conferred the awards proposed in "
                                     "“%(title)s”.") % {"number": number, "authority": authority,
                                                        "title": submission.title})
    return submission


def _close(actor, submission):
    nominations = {i.nomination_id: i.nomination for i in submission.items.select_related("nomination")}
    _close_decided(actor, nominations.values(), upward=submission)


@transaction.atomic
def update_upward_number(submission, actor, number):
    submission = _lock(submission)
    _require_board(actor)
    _editable(submission)
    before = submission.number
    submission.number = (number or "").strip()
    submission.save(update_fields=["number"])
    log_action(actor, "awards.upward.updated", submission, data={"diff": {"number": [before, submission.number]}})
    return submission
