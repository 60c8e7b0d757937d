"""Every change of state of nominations, council results and decisions.

Pattern of each service: ``transaction.atomic`` → lock the row (``select_for_update``) → guard (state,
role, separation of duties) raising ``DomainError`` → mutate with ``save(update_fields=…)`` →
``log_action`` → ``notify`` the other side (the board when a unit acts, the unit's clerks when the board acts).
"""

import os

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import log_action, snapshot
from emulation.errors import DomainError
from emulation.models import Unit
from emulation.notifications import board_users, clerks_of, council_users, notify
from emulation.roles import roles_of

from .eligibility import check_batch
from .enums import AwardKind, AwardLevel, AwardMethod, RecipientKind
from .models import Award, AwardType, Initiative
from .money import reward_amount
from .nomination_calendar import add_working_days, appraisal_limit, submission_deadline, vote_threshold
from .nomination_enums import (
    POSITIVE_OUTCOMES,
    TRANSITIONS,
    DecisionKind,
    DecisionState,
    DocumentKind,
    ItemOutcome,
    NominationLevel,
    NominationState,
)
from .nomination_models import (
    CouncilMeeting,
    Decision,
    DecisionRevocation,
    Nomination,
    NominationDocument,
    NominationItem,
    PostingComment,
)

# The catalogue entries the nominations part looks up by code (the register's data migration defines
# them fully; these defaults only apply on a database that does not have them yet).
CATALOGUE_DEFAULTS = {
    "LDTT": ("Lao động tiên tiến", AwardKind.TITLE, True, False, AwardLevel.GRASSROOTS, 10),
    "CSTDCS": ("Chiến sĩ thi đua cơ sở", AwardKind.TITLE, True, False, AwardLevel.GRASSROOTS, 20),
    "CSTD_TINH": ("Chiến sĩ thi đua cấp tỉnh", AwardKind.TITLE, True, False, AwardLevel.PROVINCIAL, 30),
    "TTLDTT": ("Tập thể lao động tiên tiến", AwardKind.TITLE, False, True, AwardLevel.GRASSROOTS, 50),
    "TTLDXS": ("Tập thể lao động xuất sắc", AwardKind.TITLE, False, True, AwardLevel.PROVINCIAL, 60),
    "CO_TINH": ("Cờ thi đua của UBND tỉnh", AwardKind.TITLE, False, True, AwardLevel.PROVINCIAL, 70),
    "GIAY_KHEN": ("Giấy khen", AwardKind.FORM, True, True, AwardLevel.GRASSROOTS, 90),
    "BK_TINH": ("Bằng khen của Chủ tịch UBND tỉnh", AwardKind.FORM, True, True, AwardLevel.PROVINCIAL, 100),
    "KNC": ("Kỷ niệm chương", AwardKind.FORM, True, False, AwardLevel.STATE, 120),
}
BLOC_PROPOSAL_TYPES = {"flag": "CO_TINH", "diploma": "BK_TINH"}


def award_type_by_code(code):
    """The catalogue entry with this code, created with the domain's name if it is not there yet."""
    name, kind, ind, coll, level, order = CATALOGUE_DEFAULTS[code]
    award_type, _created = AwardType.objects.get_or_create(
        code=code,
        defaults={"name": name, "kind": kind, "for_individuals": ind, "for_collectives": coll, "level": level,
                  "order": order, "requires_council_vote": code in ("CSTD_TINH", "CO_TINH")},
    )
    return award_type


# Guards ---------------------------------------------------------------------------------------------------


def _lock(nomination):
    return Nomination.objects.select_for_update().get(pk=nomination.pk)


def _state(nomination, transition):
    if nomination.state not in TRANSITIONS[transition]:
        raise DomainError(
            _("This cannot be done while the nomination is “%(state)s”.") % {"state": nomination.get_state_display()}
        )


def _is_board(actor):
    return roles_of(actor).manages_everything


def _require_board(actor):
    if not _is_board(actor):
        raise DomainError(_("Only the commendation board may do this."))


def _require_editor(actor, nomination):
    r = roles_of(actor)
    if not (r.manages_everything or nomination.unit_id in r.clerk_unit_ids):
        raise DomainError(_("Only the sending unit's clerks or the board may change this nomination."))


def is_submitter(actor, nomination):
    return actor is not None and actor.pk in {nomination.submitted_by_id, nomination.created_by_id}


def _not_submitter(actor, nomination):
    if is_submitter(actor, nomination):
        raise DomainError(_("Whoever prepared or submitted a nomination may not appraise or decide it."))


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason."), field="reason")
    return reason


def _clerks(nomination):
    return clerks_of([nomination.unit_id])


def subtree_ids(unit_id):
    found = {unit_id}
    frontier = {unit_id}
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def allowed_recipient_unit_ids(nomination):
    """Units whose people or collectives this nomination may propose."""
    ids = subtree_ids(nomination.unit_id)
    if nomination.bloc_year_id:
        ids |= set(nomination.bloc_year.memberships.values_list("unit_id", flat=True))
    return ids


# Nominations: the unit's side -----------------------------------------------------------------------------


@transaction.atomic
def create_nomination(actor, unit, year, title, method=AwardMethod.REGULAR, level=NominationLevel.PROVINCE,
                      campaign=None, reference="", bloc_year=None):
    r = roles_of(actor)
    if not (r.manages_everything or unit.pk in r.clerk_unit_ids):
        raise DomainError(_("You may only prepare nominations for your own unit."), field="unit")
    if method == AwardMethod.THEMATIC and campaign is None:
        raise DomainError(_("A thematic nomination names its campaign."), field="campaign")
    nomination = Nomination.objects.create(
        unit=unit, year=year, title=title, method=method, level=level, campaign=campaign, reference=reference,
        bloc_year=bloc_year, created_by=actor,
    )
    log_action(actor, "awards.nomination.created", nomination,
               data={"values": {"year": year, "method": method, "level": level, "title": title}})
    return nomination


@transaction.atomic
def update_nomination(nomination, actor, **changes):
    nomination = _lock(nomination)
    _require_editor(actor, nomination)
    if not nomination.is_editable:
        _state(nomination, "submit")
    if changes.get("method", nomination.method) == AwardMethod.THEMATIC and not changes.get(
            "campaign", nomination.campaign):
        raise DomainError(_("A thematic nomination names its campaign."), field="campaign")
    before = {k: str(getattr(nomination, k)) for k in changes}
    for key, value in changes.items():
        setattr(nomination, key, value)
    nomination.save(update_fields=list(changes))
    after = {k: str(getattr(nomination, k)) for k in changes}
    log_action(actor, "awards.nomination.updated", nomination,
               data={"diff": {k: [before[k], after[k]] for k in changes if before[k] != after[k]}})
    return nomination


def _verdict_fields(verdict, now):
    return {
        "verdict_eligible": verdict.eligible,
        "verdict_reasons": [str(r) for r in verdict.reasons],
        "verdict_warnings": [str(w) for w in verdict.warnings],
        "verdict_evidence": verdict.evidence or {},
        "verdict_checked_at": now,
    }


def preview_verdicts(award_type, recipients, year):
    """The engine's verdicts without saving anything (the builder shows them before adding)."""
    return check_batch(award_type, recipients, year)


@transaction.atomic
def add_items(nomination, actor, award_type, people=(), units=(), summary=""):
    """The fast builder: one award type for many people (or collectives) at once, each with its verdict.

    Returns ``(created_items, skipped_recipients)``; recipients already proposed for this type are skipped.
    """
    nomination = _lock(nomination)
    _require_editor(actor, nomination)
    if not nomination.is_editable:
        _state(nomination, "submit")
    people, units = list(people), list(units)
    if not people and not units:
        raise DomainError(_("Choose at least one person or collective."))
    if people and not award_type.for_individuals:
        raise DomainError(_("“%(type)s” is not awarded to individuals.") % {"type": award_type}, field="award_type")
    if units and not award_type.for_collectives:
        raise DomainError(_("“%(type)s” is not awarded to collectives.") % {"type": award_type}, field="award_type")
    allowed = allowed_recipient_unit_ids(nomination)
    outside = [str(p) for p in people if p.unit_id not in allowed] + [str(u) for u in units if u.pk not in allowed]
    if outside:
        raise DomainError(_("These do not belong to the sending unit: %(names)s.") % {"names": ", ".join(outside)})
    existing = nomination.items.filter(award_type=award_type)
    taken_people = set(existing.filter(person__isnull=False).values_list("person_id", flat=True))
    taken_units = set(existing.filter(person__isnull=True).values_list("unit_id", flat=True))
    skipped = [p for p in people if p.pk in taken_people] + [u for u in units if u.pk in taken_units]
    people = [p for p in people if p.pk not in taken_people]
    units = [u for u in units if u.pk not in taken_units]
    now = timezone.now()
    rows = []
    if people:
        verdicts = check_batch(award_type, people, nomination.year)
        rows += [NominationItem(nomination=nomination, award_type=award_type, recipient_kind=RecipientKind.INDIVIDUAL,
                                person=p, unit_id=p.unit_id, summary=summary, **_verdict_fields(verdicts[p.pk], now))
                 for p in people]
    if units:
        verdicts = check_batch(award_type, units, nomination.year)
        rows += [NominationItem(nomination=nomination, award_type=award_type, recipient_kind=RecipientKind.COLLECTIVE,
                                unit=u, summary=summary, **_verdict_fields(verdicts[u.pk], now)) for u in units]
    created = NominationItem.objects.bulk_create(rows)
    if created:
        log_action(actor, "awards.nomination.items_added", nomination,
                   data={"award_type": award_type.code, "count": len(created),
                         "people": [p.pk for p in people], "units": [u.pk for u in units]})
    return created, skipped


@transaction.atomic
def recheck_items(nomination, actor):
    """Run the eligibility rules again over every item (after new appraisals or initiatives were recorded)."""
    nomination = _lock(nomination)
    _require_editor(actor, nomination)
    items = list(nomination.items.select_related("award_type", "changed_award_type", "person", "unit"))
    now = timezone.now()
    by_type = {}
    for item in items:
        by_type.setdefault((item.final_award_type, item.recipient_kind == RecipientKind.INDIVIDUAL), []).append(item)
    for (award_type, individual), group in by_type.items():
        recipients = [i.person if individual else i.unit for i in group]
        verdicts = check_batch(award_type, recipients, nomination.year)
        for item in group:
            for key, value in _verdict_fields(verdicts[item.recipient.pk], now).items():
                setattr(item, key, value)
    NominationItem.objects.bulk_update(items, ["verdict_eligible", "verdict_reasons", "verdict_warnings",
                                               "verdict_evidence", "verdict_checked_at"])
    log_action(actor, "awards.nomination.rechecked", nomination,
               data={"ineligible": sum(1 for i in items if i.verdict_eligible is False)})
    return items


@transaction.atomic
def update_item(item, actor, summary=None, justification=None):
    nomination = _lock(item.nomination)
    _require_editor(actor, nomination)
    if not nomination.is_editable:
        _state(nomination, "submit")
    item = NominationItem.objects.select_for_update().get(pk=item.pk)
    fields, changes = [], {}
    for name, value in (("summary", summary), ("justification", justification)):
        if value is not None and value != getattr(item, name):
            changes[name] = [getattr(item, name), value]
            setattr(item, name, value)
            fields.append(name)
    if fields:
        item.save(update_fields=fields)
        log_action(actor, "awards.nomination_item.updated", item, unit=nomination.unit, data={"diff": changes})
    return item


@transaction.atomic
def remove_item(item, actor):
    nomination = _lock(item.nomination)
    _require_editor(actor, nomination)
    if not nomination.is_editable:
        _state(nomination, "submit")
    label = str(item)
    item.delete()
    log_action(actor, "awards.nomination.item_removed", nomination, data={"item": label})


def validate_upload(upload):
    """Size and type of an uploaded dossier file, against the settings."""
    if upload is None:
        raise DomainError(_("Choose a file."), field="file")
    ext = os.path.splitext(upload.name)[1].lower().lstrip(".")
    if ext not in settings.UPLOAD_EXTENSIONS:
        raise DomainError(_("Files of type “%(ext)s” are not accepted. Accepted: %(list)s.")
                          % {"ext": ext or "?", "list": ", ".join(settings.UPLOAD_EXTENSIONS)}, field="file")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(_("The file is larger than %(mb)s MB.")
                          % {"mb": round(settings.UPLOAD_MAX_BYTES / 1024 / 1024, 1)}, field="file")


def _may_change_documents(actor, nomination):
    if nomination.state == NominationState.DECIDED:
        raise DomainError(_("The nomination is decided: its dossier is closed."))
    if _is_board(actor):
        return
    _require_editor(actor, nomination)
    if not nomination.is_editable:
        _state(nomination, "submit")


@transaction.atomic
def add_document(nomination, actor, kind, upload, item=None):
    nomination = _lock(nomination)
    _may_change_documents(actor, nomination)
    validate_upload(upload)
    if item is not None and item.nomination_id != nomination.pk:
        raise DomainError(_("That nominee is not in this nomination."), field="item")
    if kind == DocumentKind.ACHIEVEMENT_REPORT and item is None and nomination.items.count() > 1:
        raise DomainError(_("Say which nominee the achievement report is for."), field="item")
    doc = NominationDocument(nomination=nomination, item=item, kind=kind, original_name=upload.name[:255],
                             size=upload.size, uploaded_by=actor)
    doc.file.save(upload.name, upload, save=False)
    doc.save()
    log_action(actor, "awards.nomination.document_added", nomination,
               data={"kind": kind, "name": doc.original_name, "item": item.pk if item else None})
    return doc


@transaction.atomic
def remove_document(document, actor):
    nomination = _lock(document.nomination)
    _may_change_documents(actor, nomination)
    name = document.original_name
    document.file.delete(save=False)
    document.delete()
    log_action(actor, "awards.nomination.document_removed", nomination, data={"name": name})


def dossier_gaps(nomination):
    """What the dossier still lacks: ``(blocking, advisory)`` lists of translated sentences."""
    docs = list(nomination.documents.all())
    items = list(nomination.items.select_related("award_type", "person", "unit"))
    kinds = {d.kind for d in docs}
    blocking, advisory = [], []
    if not items:
        blocking.append(_("The nomination has no nominees."))
    if DocumentKind.COVER_LETTER not in kinds:
        blocking.append(_("Attach the cover letter (tờ trình)."))
    unjustified = [str(i.recipient) for i in items if i.verdict_eligible is False and not i.justification.strip()]
    if unjustified:
        blocking.append(_("These nominees do not meet the rules; write a justification or remove them: %(names)s.")
                        % {"names": ", ".join(unjustified)})
    if DocumentKind.MINUTES not in kinds:
        advisory.append(_("No minutes of the review meeting (biên bản) attached."))
    reported = {d.item_id for d in docs if d.kind == DocumentKind.ACHIEVEMENT_REPORT}
    if len(items) == 1 and None in reported:
        reported.add(items[0].pk)
    missing_reports = [i for i in items if i.pk not in reported]
    if missing_reports:
        advisory.append(_("%(n)s nominees have no achievement report.") % {"n": len(missing_reports)})
    if any(i.award_type.requires_initiative for i in items) and DocumentKind.INITIATIVE_CERTIFICATE not in kinds:
        advisory.append(_("Award types here need an initiative: attach the initiative certificates."))
    return blocking, advisory


@transaction.atomic
def submit_nomination(nomination, actor):
    nomination = _lock(nomination)
    _require_editor(actor, nomination)
    _state(nomination, "submit")
    deadline = submission_deadline(nomination.year, nomination.method)
    if deadline is not None and timezone.localdate() > deadline:
        raise DomainError(_("The submission deadline for these nominations was %(date)s.")
                          % {"date": deadline.strftime("%d/%m/%Y")})
    blocking, _advisory = dossier_gaps(nomination)
    if blocking:
        raise DomainError(" ".join(blocking))
    previous = nomination.state
    corrected = sorted(nomination.items.exclude(return_note="").values_list("pk", flat=True))
    nomination.items.update(outcome=ItemOutcome.PENDING, outcome_reason="", changed_award_type=None,
                            outcome_by=None, outcome_at=None, appraisal_due=None, return_note="")
    nomination.state = NominationState.SUBMITTED
    nomination.submitted_by = actor
    nomination.submitted_at = timezone.now()
    nomination.save(update_fields=["state", "submitted_by", "submitted_at"])
    data = {"diff": {"state": [previous, nomination.state]}, "resubmitted": previous == NominationState.RETURNED}
    if corrected:
        data["returned_items"] = corrected
    log_action(actor, "awards.nomination.submitted", nomination, data=data)
    notify(board_users(), _("%(unit)s submitted the nomination “%(title)s”.")
           % {"unit": nomination.unit, "title": nomination}, nomination.get_absolute_url(),
           action="awards.nomination.submitted", exclude=actor)
    return nomination


# Nominations: the board's side ----------------------------------------------------------------------------


def _board_transition(nomination, actor, transition):
    nomination = _lock(nomination)
    _require_board(actor)
    _state(nomination, transition)
    _not_submitter(actor, nomination)
    return nomination


def _log_and_tell_unit(actor, nomination, action, previous, message, reason=""):
    data = {"diff": {"state": [previous, nomination.state]}}
    if reason:
        data["reason"] = reason
    log_action(actor, action, nomination, data=data)
    notify(_clerks(nomination), message, nomination.get_absolute_url(), action=action, exclude=actor)


@transaction.atomic
def receive_nomination(nomination, actor):
    """The board records receipt; the appraisal clock of each item starts (working days per award type)."""
    nomination = _board_transition(nomination, actor, "receive")
    today = timezone.localdate()
    items = list(nomination.items.select_related("award_type"))
    for item in items:
        limit = appraisal_limit(item.award_type, today)
        item.appraisal_due = add_working_days(today, limit) if limit is not None else None
    NominationItem.objects.bulk_update(items, ["appraisal_due"])
    dues = [i.appraisal_due for i in items if i.appraisal_due]
    previous = nomination.state
    nomination.state = NominationState.RECEIVED
    nomination.received_at = timezone.now()
    nomination.appraisal_due = min(dues) if dues else None
    nomination.save(update_fields=["state", "received_at", "appraisal_due"])
    _log_and_tell_unit(actor, nomination, "awards.nomination.received", previous,
                       _("The board received your nomination “%(title)s”.") % {"title": nomination})
    return nomination


@transaction.atomic
def start_appraisal(nomination, actor):
    nomination = _board_transition(nomination, actor, "start_appraisal")
    previous = nomination.state
    nomination.state = NominationState.APPRAISING
    nomination.appraiser = actor
    nomination.save(update_fields=["state", "appraiser"])
    _log_and_tell_unit(actor, nomination, "awards.nomination.appraising", previous,
                       _("The board is appraising your nomination “%(title)s”.") % {"title": nomination})
    return nomination


@transaction.atomic
def return_nomination(nomination, actor, reason, items=(), item_notes=None):
    """Return the dossier to the unit for correction.

    ``items``: the nominees concerned, when the board returns only some of them; each gets a note the clerk
    sees on its row: its own from ``item_notes`` (``{item pk: text}``) or else the reason. With no items the
    whole dossier is returned. The notes are cleared when the unit sends the dossier again; the log keeps them.
    """
    nomination = _board_transition(nomination, actor, "return")
    reason = _reason(reason)
    ids = {item.pk for item in items}
    chosen = list(NominationItem.objects.select_for_update(of=("self",)).select_related("person", "unit")
                  .filter(nomination=nomination, pk__in=ids).order_by("pk"))
    if len(chosen) != len(ids):
        raise DomainError(_("That nominee is not in this nomination."), field="items")
    notes = {pk: (text or "").strip() for pk, text in (item_notes or {}).items()}
    for item in chosen:
        item.return_note = notes.get(item.pk) or reason
    NominationItem.objects.bulk_update(chosen, ["return_note"])
    nomination.items.exclude(pk__in=ids).exclude(return_note="").update(return_note="")
    previous = nomination.state
    nomination.state = NominationState.RETURNED
    nomination.returned_reason = reason
    nomination.return_count += 1
    nomination.appraisal_due = None
    nomination.save(update_fields=["state", "returned_reason", "return_count", "appraisal_due"])
    data = {"diff": {"state": [previous, nomination.state]}, "reason": reason}
    if chosen:
        data["items"] = [{"item": i.pk, "nominee": str(i.recipient), "note": i.return_note} for i in chosen]
        message = (_("The board returned your nomination “%(title)s” to correct %(n)s nominees (%(names)s): "
                     "%(reason)s") % {"title": nomination, "n": len(chosen), "reason": reason,
                                     "names": ", ".join(str(i.recipient) for i in chosen)})
    else:
        message = _("The board returned your nomination “%(title)s”: %(reason)s") % {"title": nomination,
                                                                                     "reason": reason}
    log_action(actor, "awards.nomination.returned", nomination, data=data)
    notify(_clerks(nomination), message, nomination.get_absolute_url(), action="awards.nomination.returned",
           exclude=actor)
    return nomination


@transaction.atomic
def set_item_outcome(item, actor, outcome, reason="", changed_to=None):
    """One-click outcome of one item during appraisal: eligible, ineligible (reason), changed (type, reason)."""
    nomination = _lock(item.nomination)
    _require_board(actor)
    if nomination.state != NominationState.APPRAISING:
        raise DomainError(_("Items get their outcome while the nomination is under appraisal."))
    _not_submitter(actor, nomination)
    item = NominationItem.objects.select_for_update(of=("self",)).select_related("award_type").get(pk=item.pk)
    if outcome not in (ItemOutcome.ELIGIBLE, ItemOutcome.INELIGIBLE, ItemOutcome.CHANGED):
        raise DomainError(_("Choose an outcome."), field="outcome")
    reason = (reason or "").strip()
    if outcome != ItemOutcome.ELIGIBLE:
        reason = _reason(reason)
    before = {"outcome": item.outcome, "changed_award_type": item.changed_award_type_id}
    fields = ["outcome", "outcome_reason", "changed_award_type", "outcome_by", "outcome_at"]
    if outcome == ItemOutcome.CHANGED:
        if changed_to is None or changed_to.pk == item.award_type_id:
            raise DomainError(_("Choose the award type it changes to."), field="changed_to")
        individual = item.recipient_kind == RecipientKind.INDIVIDUAL
        if not (changed_to.for_individuals if individual else changed_to.for_collectives):
            raise DomainError(_("“%(type)s” does not fit this nominee.") % {"type": changed_to}, field="changed_to")
        verdict = check_batch(changed_to, [item.recipient], nomination.year)[item.recipient.pk]
        for key, value in _verdict_fields(verdict, timezone.now()).items():
            setattr(item, key, value)
        fields += ["verdict_eligible", "verdict_reasons", "verdict_warnings", "verdict_evidence",
                   "verdict_checked_at"]
        item.changed_award_type = changed_to
    else:
        item.changed_award_type = None
    item.outcome = outcome
    item.outcome_reason = reason
    item.outcome_by = actor
    item.outcome_at = timezone.now()
    item.save(update_fields=fields)
    log_action(actor, "awards.nomination_item.appraised", item, unit=nomination.unit,
               data={"diff": {"outcome": [before["outcome"], outcome],
                              "changed_award_type": [before["changed_award_type"], item.changed_award_type_id]},
                     "reason": reason, "nomination": nomination.pk})
    return item


@transaction.atomic
def open_posting(nomination, actor, start=None):
    """Start the public posting window (công khai) of the items whose award type requires it."""
    nomination = _lock(nomination)
    _require_board(actor)
    if nomination.state != NominationState.APPRAISING:
        raise DomainError(_("Posting opens while the nomination is under appraisal."))
    _not_submitter(actor, nomination)
    start = start or timezone.localdate()
    items = [i for i in nomination.items.select_related("award_type", "changed_award_type")
             if i.outcome in POSITIVE_OUTCOMES and i.final_award_type.requires_posting]
    if not items:
        raise DomainError(_("No eligible item of this nomination needs public posting."))
    for item in items:
        item.posting_start = start
        item.posting_end = add_working_days(start, item.final_award_type.posting_working_days)
    NominationItem.objects.bulk_update(items, ["posting_start", "posting_end"])
    log_action(actor, "awards.nomination.posting_opened", nomination,
               data={"start": start.isoformat(), "items": [i.pk for i in items]})
    notify(_clerks(nomination), _("The nominees of “%(title)s” are publicly posted from %(date)s.")
           % {"title": nomination, "date": start.strftime("%d/%m/%Y")}, nomination.get_absolute_url(),
           action="awards.nomination.posting_opened", exclude=actor)
    return items


@transaction.atomic
def record_posting_comment(item, actor, content, received_on=None, commenter=""):
    _require_board(actor)
    item = NominationItem.objects.select_related("nomination").get(pk=item.pk)
    if item.posting_start is None:
        raise DomainError(_("This nominee has not been publicly posted."))
    content = (content or "").strip()
    if not content:
        raise DomainError(_("Write the comment received."), field="content")
    comment = PostingComment.objects.create(item=item, content=content, commenter=commenter,
                                            received_on=received_on or timezone.localdate(), recorded_by=actor)
    log_action(actor, "awards.nomination_item.comment_recorded", item, unit=item.nomination.unit,
               data={"comment": comment.pk, "from": commenter})
    return comment


@transaction.atomic
def send_to_council(nomination, actor):
    nomination = _board_transition(nomination, actor, "send_to_council")
    items = list(nomination.items.select_related("award_type", "changed_award_type"))
    pending = [str(i.recipient) for i in items if i.outcome == ItemOutcome.PENDING]
    if pending:
        raise DomainError(_("Give every item an outcome first. Still open: %(names)s.") % {"names": ", ".join(pending)})
    positive = [i for i in items if i.outcome in POSITIVE_OUTCOMES]
    if not positive:
        raise DomainError(_("No item is eligible: return the nomination to the unit instead."))
    today = timezone.localdate()
    unposted = [str(i.recipient) for i in positive if i.final_award_type.requires_posting
                and (i.posting_end is None or i.posting_end >= today)]
    if unposted:
        raise DomainError(_("The public posting window has not ended for: %(names)s.") % {"names": ", ".join(unposted)})
    previous = nomination.state
    nomination.state = NominationState.AT_COUNCIL
    nomination.appraisal_due = None
    nomination.save(update_fields=["state", "appraisal_due"])
    _log_and_tell_unit(actor, nomination, "awards.nomination.at_council", previous,
                       _("Your nomination “%(title)s” went to the council.") % {"title": nomination})
    notify(council_users(), _("The nomination “%(title)s” awaits the council.") % {"title": nomination},
           nomination.get_absolute_url(), action="awards.nomination.at_council", exclude=actor)
    return nomination


@transaction.atomic
def create_council_meeting(actor, date, members_total, members_present, number="", place="", note=""):
    _require_board(actor)
    if members_present > members_total:
        raise DomainError(_("More members present than the council has."), field="members_present")
    meeting = CouncilMeeting.objects.create(date=date, members_total=members_total, members_present=members_present,
                                            number=number, place=place, note=note, created_by=actor)
    log_action(actor, "awards.council_meeting.created", meeting,
               data={"date": date.isoformat(), "members": [members_present, members_total]})
    return meeting


def ballot_passes(votes_for, votes_total, threshold):
    return votes_total > 0 and votes_for * 100 >= threshold * votes_total


@transaction.atomic
def record_vote(item, actor, meeting, votes_for, votes_total=None):
    """The council's secret-ballot result for one item, judged against the threshold in force that day."""
    nomination = _lock(item.nomination)
    _require_board(actor)
    if nomination.state != NominationState.AT_COUNCIL:
        raise DomainError(_("Ballot results are recorded while the nomination is at the council."))
    _not_submitter(actor, nomination)
    item = (NominationItem.objects.select_for_update(of=("self",))
            .select_related("award_type", "changed_award_type").get(pk=item.pk))
    if item.outcome not in POSITIVE_OUTCOMES:
        raise DomainError(_("Only eligible items go to the ballot."))
    if item.decision_id:
        raise DomainError(_("This item is already in a decision."))
    award_type = item.final_award_type
    if not award_type.requires_council_vote:
        raise DomainError(_("“%(type)s” is not voted on by the council.") % {"type": award_type})
    votes_total = meeting.members_total if votes_total is None else votes_total
    if votes_total <= 0 or votes_total > meeting.members_total:
        raise DomainError(_("The number of members voting must be between 1 and %(n)s.")
                          % {"n": meeting.members_total}, field="votes_total")
    if votes_for < 0 or votes_for > votes_total:
        raise DomainError(_("Votes for cannot exceed the members voting."), field="votes_for")
    threshold = vote_threshold(award_type, meeting.date)
    if threshold is None:
        raise DomainError(_("No ballot threshold is configured for %(type)s on %(date)s.")
                          % {"type": award_type, "date": meeting.date.strftime("%d/%m/%Y")})
    before = [item.votes_for, item.votes_total, item.vote_passed]
    item.council_meeting = meeting
    item.votes_for = votes_for
    item.votes_total = votes_total
    item.vote_threshold = threshold
    item.vote_passed = ballot_passes(votes_for, votes_total, threshold)
    item.save(update_fields=["council_meeting", "votes_for", "votes_total", "vote_threshold", "vote_passed"])
    log_action(actor, "awards.nomination_item.voted", item, unit=nomination.unit,
               data={"diff": {"vote": [before, [votes_for, votes_total, item.vote_passed]]},
                     "threshold": str(threshold), "meeting": meeting.pk})
    return item


# Decisions ------------------------------------------------------------------------------------------------


def _lock_decision(decision):
    return Decision.objects.select_for_update().get(pk=decision.pk)


def _draft(decision):
    if decision.state != DecisionState.DRAFT:
        raise DomainError(_("An issued decision cannot be changed: issue a correction decision instead."))


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


def _items_qs():
    return NominationItem.objects.select_related("nomination", "award_type", "changed_award_type", "person", "unit")


@transaction.atomic
def create_decision(actor, number, date, signer, signer_title, authority, items=(), signed_file=None, note="",
                    corrects=None):
    _require_board(actor)
    kind = DecisionKind.ORIGINAL
    if corrects is not None:
        if not corrects.is_issued:
            raise DomainError(_("Only an issued decision can be corrected."))
        kind = DecisionKind.CORRECTION
    decision = Decision(number=number, date=date, signer=signer, signer_title=signer_title, authority=authority,
                        note=note, kind=kind, corrects=corrects, created_by=actor)
    if signed_file is not None:
        validate_upload(signed_file)
        decision.signed_file.save(signed_file.name, signed_file, save=False)
    decision.save()
    log_action(actor, "awards.decision.created", decision,
               data={"values": {"number": number, "date": date.isoformat(), "kind": kind,
                                "corrects": corrects.pk if corrects else None}})
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
    if signed_file is not None:
        validate_upload(signed_file)
        decision.signed_file.save(signed_file.name, signed_file, save=False)
        fields.append("signed_file")
        diff["signed_file"] = ["", signed_file.name]
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
def create_correction(original, actor, number, date, signer, signer_title, authority, note=""):
    return create_decision(actor, number, date, signer, signer_title, authority, note=note, corrects=original)


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
            amount=reward_amount(award_type, item.recipient_kind, decision.date),
        ))
    Award.objects.bulk_create(awards)
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


def _close_decided(actor, nominations, decision):
    """Nominations whose every eligible item (that passed its ballot where one is needed) is now awarded."""
    closed = []
    for nomination in nominations:
        if nomination.state != NominationState.AT_COUNCIL:
            continue
        open_items = [
            i for i in nomination.items.select_related("award_type", "changed_award_type")
            .filter(outcome__in=POSITIVE_OUTCOMES, award__isnull=True)
            if not (i.final_award_type.requires_council_vote and i.vote_passed is False)
        ]
        if open_items:
            continue
        locked = _lock(nomination)
        locked.state = NominationState.DECIDED
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "decided_at"])
        log_action(actor, "awards.nomination.decided", locked,
                   data={"diff": {"state": [NominationState.AT_COUNCIL, NominationState.DECIDED]},
                         "decision": decision.pk})
        closed.append(locked)
    return closed


# Bloc proposals -------------------------------------------------------------------------------------------


def _proposal_model():
    try:
        return apps.get_model("blocs", "Proposal")
    except LookupError:
        return None


@transaction.atomic
def create_nomination_from_bloc_proposals(bloc_year, actor):
    """The bloc's vote proposals (flag → Cờ thi đua tỉnh, Diplomas → Bằng khen tỉnh) as one nomination.

    The sender is the bloc's head unit; the nomination starts as a draft the head unit completes and sends.
    """
    Proposal = _proposal_model()
    if Proposal is None:
        raise DomainError(_("Bloc proposals are not available."))
    r = roles_of(actor)
    if not (r.manages_everything or bloc_year.head_unit_id in r.clerk_unit_ids):
        raise DomainError(_("Only the bloc's head unit or the board may send the bloc's proposals."))
    if Nomination.objects.filter(bloc_year=bloc_year).exists():
        raise DomainError(_("The proposals of this bloc year have already been made into a nomination."))
    proposals = list(Proposal.objects.filter(bloc_year=bloc_year).select_related("unit").order_by("pk"))
    proposals = [p for p in proposals if getattr(p, "kind", None) in BLOC_PROPOSAL_TYPES]
    if not proposals:
        raise DomainError(_("The bloc has no flag or Diploma of Merit proposals for this year."))
    head = bloc_year.head_unit
    nomination = Nomination.objects.create(
        unit=head, bloc_year=bloc_year, year=bloc_year.year, method=AwardMethod.REGULAR,
        level=NominationLevel.PROVINCE, created_by=actor,
        title=_("Proposals of %(bloc)s, %(year)s") % {"bloc": bloc_year.bloc.name, "year": bloc_year.year},
    )
    now = timezone.now()
    rows = []
    for code in sorted({BLOC_PROPOSAL_TYPES[p.kind] for p in proposals}):
        award_type = award_type_by_code(code)
        group = [p for p in proposals if BLOC_PROPOSAL_TYPES[p.kind] == code]
        verdicts = check_batch(award_type, [p.unit for p in group], bloc_year.year)
        for p in group:
            summary = next((str(getattr(p, f)) for f in ("summary", "reason", "note") if getattr(p, f, "")), "")
            votes = getattr(p, "votes_for", None)
            if not summary and votes is not None:
                summary = _("Bloc vote: %(n)s votes for.") % {"n": votes}
            rows.append(NominationItem(nomination=nomination, award_type=award_type,
                                       recipient_kind=RecipientKind.COLLECTIVE, unit=p.unit, summary=summary,
                                       **_verdict_fields(verdicts[p.unit.pk], now)))
    NominationItem.objects.bulk_create(rows)
    log_action(actor, "awards.nomination.created_from_bloc", nomination,
               data={"bloc_year": bloc_year.pk, "proposals": [p.pk for p in proposals], "items": len(rows)})
    notify(clerks_of([head.pk]), _("The bloc's proposals became the nomination “%(title)s”.") % {"title": nomination},
           nomination.get_absolute_url(), action="awards.nomination.created_from_bloc", exclude=actor)
    return nomination



# Settings kept as data ------------------------------------------------------------------------------------


@transaction.atomic
def save_setting(actor, instance):
    """Deadlines, appraisal time limits, ballot thresholds and holidays: the board's dated settings."""
    _require_board(actor)
    created = instance.pk is None
    instance.save()
    fields = [f.name for f in instance._meta.concrete_fields if f.name != "id"]
    log_action(actor, f"awards.{instance._meta.model_name}.{'created' if created else 'updated'}", instance,
               data={"values": snapshot(instance, fields)})
    return instance
