"""Every change of state of nominations, public posting, the council's ballot and bloc proposals.

Pattern of each service: ``transaction.atomic`` → lock the row (``select_for_update``) → guard (state,
role, separation of duties) raising ``DomainError`` → mutate with ``save(update_fields=…)`` →
``log_action`` → ``notify`` the other side (the board when a unit acts, the unit's clerks when the board acts).
"""

import re

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.scoring import fmt_points
from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.notifications import board_users, clerks_of, council_users, notify
from emulation.roles import roles_of
from emulation.selectors import subtree_unit_ids
from emulation.text import search_key
from emulation.uploads import validate_upload

from ..calendar import add_working_days, appraisal_limit, quorum_percent, submission_deadline, vote_threshold
from ..eligibility import check_batch
from ..enums import (
    POSITIVE_OUTCOMES,
    AwardMethod,
    DocumentKind,
    ItemOutcome,
    NominationLevel,
    NominationState,
    RecipientKind,
    VoteOutcome,
)
from ..models import CouncilMeeting, Nomination, NominationDocument, NominationItem, PostingComment
from .catalogue import award_type_by_code
from .common import (
    _clerks,
    _is_board,
    _lock,
    _not_submitter,
    _reason,
    _require_board,
    _require_editor,
    _state,
    _verdict_fields,
    check_year_not_future,
)
from .upward import concurrence_refusal

BLOC_PROPOSAL_TYPES = {"flag": "CO_TINH", "diploma": "BK_TINH"}


def allowed_recipient_unit_ids(nomination):
    """Units whose people or collectives this nomination may propose."""
    ids = subtree_unit_ids(nomination.unit_id)
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
    check_year_not_future(year)
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
    name = validate_upload(upload, kind="document", field="file")
    if item is not None and item.nomination_id != nomination.pk:
        raise DomainError(_("That nominee is not in this nomination."), field="item")
    if kind == DocumentKind.ACHIEVEMENT_REPORT and item is None and nomination.items.count() > 1:
        raise DomainError(_("Say which nominee the achievement report is for."), field="item")
    doc = NominationDocument(nomination=nomination, item=item, kind=kind, original_name=name, size=upload.size,
                             uploaded_by=actor)
    doc.file.save(name, upload, save=False)  # stored under a random name (RandomName), shown under its own
    doc.save()
    log_action(actor, "awards.nomination.document_added", nomination,
               data={"kind": kind, "name": doc.original_name, "item": item.pk if item else None})
    return doc


@transaction.atomic
def add_documents(nomination, actor, kind, uploads, item=None):
    """Several files of one kind in one go (all or none). Achievement reports without a chosen nominee go
    to the nominee whose name the file name holds ("Bao-cao-Tran-Thi-Binh.pdf" → Trần Thị Bình)."""
    items = list(nomination.items.select_related("person", "unit")) if item is None else []
    docs = []
    for upload in uploads:
        target = item
        if target is None and kind == DocumentKind.ACHIEVEMENT_REPORT and len(items) > 1:
            name = " " + search_key(re.sub(r"[-_.]+", " ", upload.name)) + " "
            matches = [i for i in items if f" {search_key(str(i.recipient))} " in name]
            target = matches[0] if len(matches) == 1 else None
            if target is None:
                raise DomainError(_("Say which nominee the achievement report “%(name)s” is for (or put the "
                                    "nominee's name in the file name).") % {"name": upload.name}, field="item")
        docs.append(add_document(nomination, actor, kind, upload, item=target))
    return docs


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
def take_up_nomination(nomination, actor):
    """Receive the dossier and start its appraisal in one step (nothing needs to happen in between): a sent
    dossier is received, then appraised; a received one goes straight to appraisal. Both steps are logged."""
    if nomination.state == NominationState.SUBMITTED:
        nomination = receive_nomination(nomination, actor)
    return start_appraisal(nomination, actor)


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
    refusal = concurrence_refusal(positive)
    if refusal is not None:
        raise refusal
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


def ballot_passes(votes_for, members_total, threshold):
    """Passed when the votes for reach the threshold of the council's whole membership (NĐ 91/2017 Điều 45.8: "ít
    nhất 90% tổng số thành viên Hội đồng"), not of those present or voting."""
    return members_total > 0 and votes_for * 100 >= threshold * members_total


def _check_quorum(meeting):
    """Refuse a ballot at a meeting without its quorum (share of all members present, a dated setting)."""
    quorum = quorum_percent(meeting.date)
    if quorum is not None and meeting.members_present * 100 < quorum * meeting.members_total:
        raise DomainError(
            _("The meeting of %(date)s had no quorum: %(present)s of %(total)s members present, at least %(quorum)s%% "
              "needed.") % {"date": meeting.date.strftime("%d/%m/%Y"), "present": meeting.members_present,
                            "total": meeting.members_total, "quorum": quorum})


def _check_posted_before(item, award_type, meeting):
    """An item that must be posted publicly (NĐ 98 Điều 46.2; NĐ 152 Điều 60.3) goes to the ballot only when its
    posting started at least the posting period's working days before the council meeting (holidays excluded)."""
    if not award_type.requires_posting:
        return
    if item.posting_start is None:
        raise DomainError(_("“%(item)s” has not been posted publicly before the council.") % {"item": item})
    ready = add_working_days(item.posting_start, award_type.posting_working_days)
    if ready > meeting.date:
        raise DomainError(
            _("“%(item)s” was posted from %(start)s: %(days)s working days end on %(ready)s, after the council meeting "
              "of %(date)s (NĐ 98/2023 Điều 46.2; NĐ 152/2025 Điều 60.3).")
            % {"item": item, "start": item.posting_start.strftime("%d/%m/%Y"),
               "days": award_type.posting_working_days, "ready": ready.strftime("%d/%m/%Y"),
               "date": meeting.date.strftime("%d/%m/%Y")})


@transaction.atomic
def record_vote(item, actor, meeting, votes_for, votes_total=None, deferred=False):
    """The council's secret-ballot result for one item, judged against the threshold in force that day on the
    council's whole membership; or the item deferred to a later meeting (``deferred``, no votes counted)."""
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
    before = [item.votes_for, item.votes_total, item.vote_passed, item.vote_outcome]
    if deferred:
        item.council_meeting = meeting
        item.votes_for = item.votes_total = item.vote_threshold = item.vote_passed = None
        item.vote_outcome = VoteOutcome.DEFERRED
        item.save(update_fields=["council_meeting", "votes_for", "votes_total", "vote_threshold", "vote_passed",
                                 "vote_outcome"])
        log_action(actor, "awards.nomination_item.vote_deferred", item, unit=nomination.unit,
                   data={"diff": {"vote": [before, [None, None, None, VoteOutcome.DEFERRED]]}, "meeting": meeting.pk})
        return item
    _check_quorum(meeting)
    _check_posted_before(item, award_type, meeting)
    votes_total = meeting.members_present if votes_total is None else votes_total
    if votes_total <= 0 or votes_total > meeting.members_present:
        raise DomainError(_("The number of members voting must be between 1 and %(n)s (members present).")
                          % {"n": meeting.members_present}, field="votes_total")
    if votes_for < 0 or votes_for > votes_total:
        raise DomainError(_("Votes for cannot exceed the members voting."), field="votes_for")
    threshold = vote_threshold(award_type, meeting.date)
    if threshold is None:
        raise DomainError(_("No ballot threshold is configured for %(type)s on %(date)s.")
                          % {"type": award_type, "date": meeting.date.strftime("%d/%m/%Y")})
    item.council_meeting = meeting
    item.votes_for = votes_for
    item.votes_total = votes_total
    item.vote_threshold = threshold
    item.vote_passed = ballot_passes(votes_for, meeting.members_total, threshold)
    item.vote_outcome = VoteOutcome.PASSED if item.vote_passed else VoteOutcome.FAILED
    item.save(update_fields=["council_meeting", "votes_for", "votes_total", "vote_threshold", "vote_passed",
                             "vote_outcome"])
    log_action(actor, "awards.nomination_item.voted", item, unit=nomination.unit,
               data={"diff": {"vote": [before, [votes_for, votes_total, item.vote_passed, item.vote_outcome]]},
                     "threshold": str(threshold), "members_total": meeting.members_total, "meeting": meeting.pk})
    return item


# Bloc proposals -------------------------------------------------------------------------------------------


def _proposal_model():
    try:
        return apps.get_model("blocs", "Proposal")
    except LookupError:
        return None


def _vote_summary(proposal, vote):
    """The bloc's ballot for one proposal, in words: votes for, voters present and the threshold applied."""
    values = {"votes": proposal.votes, "present": proposal.voters_present}
    if vote is None:
        return _("Bloc vote: %(votes)s votes for out of %(present)s voters present.") % values
    return (_("Bloc vote: %(votes)s votes for out of %(present)s voters present (threshold %(threshold)s%%).")
            % {**values, "threshold": fmt_points(vote.threshold_percent)})


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
    vote = getattr(bloc_year, "vote", None)  # the ballot the proposals come from (None if it was removed)
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
            summary = "\n".join(line for line in (_vote_summary(p, vote), p.note.strip()) if line)
            rows.append(NominationItem(nomination=nomination, award_type=award_type,
                                       recipient_kind=RecipientKind.COLLECTIVE, unit=p.unit, summary=summary,
                                       **_verdict_fields(verdicts[p.unit.pk], now)))
    NominationItem.objects.bulk_create(rows)
    log_action(actor, "awards.nomination.created_from_bloc", nomination,
               data={"bloc_year": bloc_year.pk, "proposals": [p.pk for p in proposals], "items": len(rows)})
    notify(clerks_of([head.pk]), _("The bloc's proposals became the nomination “%(title)s”.") % {"title": nomination},
           nomination.get_absolute_url(), action="awards.nomination.created_from_bloc", exclude=actor)
    return nomination
