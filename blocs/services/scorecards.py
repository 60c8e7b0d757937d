"""Scorecards: self-scoring, the bloc's review, explanations, final points, and evidence files.

Scorecard saves carry the version the user's form was built from: a stale form is refused, so two
reviewers never silently overwrite each other."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.notifications import board_users, clerks_of, notify
from emulation.roles import roles_of
from emulation.uploads import validate_upload

from ..enums import SCORECARD_OPEN_STATES, ScorecardState
from ..models import Evidence, Scorecard, ScoreEntry
from ..scoring import points_of, validate_points
from ._common import _fmt, _require, _require_board, _tree


def _lock_card(scorecard):
    return (Scorecard.objects.select_for_update(of=("self",))
            .select_related("bloc_year__bloc", "unit").get(pk=scorecard.pk))


def _reviewer_units(bloc_year, unit_id):
    """Whose clerks review this unit's scorecard: the head unit, or the deputy for the head's own."""
    if unit_id == bloc_year.head_unit_id:
        return [bloc_year.deputy_unit_id] if bloc_year.deputy_unit_id else []
    return [bloc_year.head_unit_id]


def _check_version(scorecard, expected_version):
    if expected_version is not None and int(expected_version) != scorecard.version:
        raise DomainError(_(
            "Someone else saved this scorecard while you were editing it. Reload the page to see their "
            "changes; nothing of yours has been saved."))


def _bump(scorecard, *fields):
    scorecard.version += 1
    scorecard.save(update_fields=["version", *fields])


def _require_open_year(bloc_year):
    if bloc_year.state not in SCORECARD_OPEN_STATES:
        raise DomainError(_("Scorecards can only be changed while the bloc year is in self-scoring or review."))


def _require_state(scorecard, *states):
    if scorecard.state not in states:
        raise DomainError(_("This is not possible while the scorecard is “%(state)s”.")
                          % {"state": scorecard.get_state_display()})


def _entries(scorecard):
    return {e.criterion_id: e for e in ScoreEntry.objects.filter(scorecard=scorecard).select_related("criterion")}


def _totals_data(tree, entries, basis):
    t = tree.totals(entries, basis)
    return {"standard": _fmt(t.standard), "bonus": _fmt(t.bonus), "penalty": _fmt(t.penalty),
            "total": _fmt(t.total)}


def _card_url(scorecard, review=False):
    return reverse("blocs:scorecard_review" if review else "blocs:scorecard", args=[scorecard.pk])


def _guard_fill(sc, actor):
    _require(actor, "blocs.fill_scorecard", sc, _("Only the unit's own clerks may fill in its scorecard."))


def _guard_review(sc, actor):
    if sc.unit_id in roles_of(actor).clerk_unit_ids:
        raise DomainError(_("You cannot review your own unit's scorecard."))
    _require(actor, "blocs.review_scorecard", sc, _("Only the bloc leaders or the board may review this scorecard."))


@transaction.atomic
def save_self_scores(scorecard, actor, values, expected_version=None):
    """Save the unit's draft: ``values`` maps criterion ids to ``(points or None, note)``."""
    sc = _lock_card(scorecard)
    _guard_fill(sc, actor)
    _check_version(sc, expected_version)
    _require_state(sc, ScorecardState.DRAFT)
    _require_open_year(sc.bloc_year)
    entries = _entries(sc)
    changed, errors, dirty = {}, [], []
    for cid, (points, note) in values.items():
        entry = entries.get(int(cid))
        if entry is None:
            continue
        error = validate_points(entry.criterion, points)
        if error:
            errors.append(str(error))
            continue
        note = (note or "").strip()
        if entry.self_points != points or entry.note != note:
            if entry.self_points != points:
                changed[entry.criterion.code] = [_fmt(entry.self_points), _fmt(points)]
            entry.self_points, entry.note = points, note
            dirty.append(entry)
    if errors:
        raise DomainError(" ".join(errors))
    if dirty:
        ScoreEntry.objects.bulk_update(dirty, ["self_points", "note"])
        _bump(sc)
        log_action(actor, "blocs.scorecard.draft_saved", sc, data={"diff": changed})
    return sc


@transaction.atomic
def submit_scorecard(scorecard, actor, today=None):
    """draft → submitted, by the unit's clerk; every criterion must be scored. Late ones are marked."""
    sc = _lock_card(scorecard)
    _guard_fill(sc, actor)
    _require_state(sc, ScorecardState.DRAFT)
    _require_open_year(sc.bloc_year)
    entries = _entries(sc)
    tree = _tree(sc.bloc_year)
    missing = [c.code for c in tree.leaves if points_of(entries.get(c.pk), "self") is None]
    if missing:
        raise DomainError(_("Score every criterion before submitting. Missing: %(codes)s.")
                          % {"codes": ", ".join(missing)})
    with_files = set(Evidence.objects.filter(scorecard=sc).values_list("criterion_id", flat=True))
    no_evidence = [c.code for c in tree.leaves
                   if c.evidence_required and entries[c.pk].self_points > 0 and c.pk not in with_files]
    if no_evidence:
        raise DomainError(_("Attach evidence for: %(codes)s.") % {"codes": ", ".join(no_evidence)})
    today = today or timezone.localdate()
    deadline = sc.bloc_year.self_scoring_deadline
    sc.is_late = deadline is not None and today > deadline
    sc.state = ScorecardState.SUBMITTED
    sc.submitted_at, sc.submitted_by = timezone.now(), actor
    _bump(sc, "state", "is_late", "submitted_at", "submitted_by")
    log_action(actor, "blocs.scorecard.submitted", sc,
               data={"diff": {"state": [ScorecardState.DRAFT, ScorecardState.SUBMITTED]}, "late": sc.is_late,
                     "totals": _totals_data(tree, entries, "self")})
    message = (_("%(unit)s submitted its scorecard late.") if sc.is_late
               else _("%(unit)s submitted its scorecard.")) % {"unit": sc.unit}
    notify(clerks_of(_reviewer_units(sc.bloc_year, sc.unit_id)), message, url=_card_url(sc, review=True),
           action="blocs.scorecard.submitted")
    return sc


def _start_review(sc, actor):
    sc.state = ScorecardState.UNDER_REVIEW
    _bump(sc, "state")
    log_action(actor, "blocs.scorecard.review_started", sc,
               data={"diff": {"state": [ScorecardState.SUBMITTED, ScorecardState.UNDER_REVIEW]}})
    notify(clerks_of([sc.unit_id]), _("The bloc has started reviewing your scorecard (%(bloc_year)s).")
           % {"bloc_year": sc.bloc_year}, url=_card_url(sc), action="blocs.scorecard.review_started")


@transaction.atomic
def start_review(scorecard, actor):
    """submitted → under review."""
    sc = _lock_card(scorecard)
    _guard_review(sc, actor)
    _require_state(sc, ScorecardState.SUBMITTED)
    _require_open_year(sc.bloc_year)
    _start_review(sc, actor)
    return sc


@transaction.atomic
def save_review(scorecard, actor, values, expected_version):
    """Save reviewed points: ``values`` maps criterion ids to dicts with ``points`` (None = accept the
    self score), ``reason`` (required when the points differ from the self score) and ``question``
    (a request for explanation; changing it reopens the question)."""
    sc = _lock_card(scorecard)
    _guard_review(sc, actor)
    _check_version(sc, expected_version)
    _require_state(sc, ScorecardState.SUBMITTED, ScorecardState.UNDER_REVIEW)
    _require_open_year(sc.bloc_year)
    if sc.state == ScorecardState.SUBMITTED:
        _start_review(sc, actor)
    entries = _entries(sc)
    changed, errors, dirty = {}, [], []
    for cid, v in values.items():
        entry = entries.get(int(cid))
        if entry is None:
            continue
        points = v.get("points")
        reason = (v.get("reason") or "").strip()
        question = (v.get("question") or "").strip()
        error = validate_points(entry.criterion, points)
        if error:
            errors.append(str(error))
            continue
        if points is not None and points != entry.self_points and not reason:
            errors.append(_("%(code)s: give a reason for changing the unit's points.") % {"code": entry.criterion.code})
            continue
        new = (points, reason, question)
        if (entry.reviewed_points, entry.review_reason, entry.question) != new:
            if entry.reviewed_points != points:
                changed[entry.criterion.code] = [_fmt(entry.reviewed_points), _fmt(points)]
            if entry.question != question:
                entry.explanation = ""
            entry.reviewed_points, entry.review_reason, entry.question = new
            dirty.append(entry)
    if errors:
        raise DomainError(" ".join(errors))
    if dirty:
        ScoreEntry.objects.bulk_update(dirty, ["reviewed_points", "review_reason", "question", "explanation"])
        _bump(sc)
        log_action(actor, "blocs.scorecard.review_saved", sc,
                   data={"diff": changed, "reasons": {e.criterion.code: e.review_reason for e in dirty
                                                      if e.review_reason}})
    return sc


def _open_questions(sc):
    return list(ScoreEntry.objects.filter(scorecard=sc).exclude(question="").filter(explanation="")
                .select_related("criterion").order_by("criterion__position", "criterion_id"))


@transaction.atomic
def return_for_explanation(scorecard, actor):
    """under review → returned: the unit must answer the questions asked per criterion."""
    sc = _lock_card(scorecard)
    _guard_review(sc, actor)
    _require_state(sc, ScorecardState.UNDER_REVIEW)
    _require_open_year(sc.bloc_year)
    questions = _open_questions(sc)
    if not questions:
        raise DomainError(_("Write at least one request for explanation before returning the scorecard."))
    sc.state = ScorecardState.RETURNED
    _bump(sc, "state")
    log_action(actor, "blocs.scorecard.returned", sc,
               data={"diff": {"state": [ScorecardState.UNDER_REVIEW, ScorecardState.RETURNED]},
                     "questions": {e.criterion.code: e.question for e in questions}})
    notify(clerks_of([sc.unit_id]),
           _("The bloc asks %(unit)s to explain %(count)s point(s) of its scorecard.")
           % {"unit": sc.unit, "count": len(questions)}, url=_card_url(sc), action="blocs.scorecard.returned")
    return sc


@transaction.atomic
def answer_explanation(scorecard, actor, answers):
    """returned → under review: the unit answers every open question (``answers``: criterion id → text)."""
    sc = _lock_card(scorecard)
    _guard_fill(sc, actor)
    _require_state(sc, ScorecardState.RETURNED)
    _require_open_year(sc.bloc_year)
    questions = _open_questions(sc)
    missing = []
    for entry in questions:
        text = (answers.get(entry.criterion_id) or answers.get(str(entry.criterion_id)) or "").strip()
        if not text:
            missing.append(entry.criterion.code)
        entry.explanation = text
    if missing:
        raise DomainError(_("Answer every request for explanation. Missing: %(codes)s.")
                          % {"codes": ", ".join(missing)})
    ScoreEntry.objects.bulk_update(questions, ["explanation"])
    sc.state = ScorecardState.UNDER_REVIEW
    _bump(sc, "state")
    log_action(actor, "blocs.scorecard.explained", sc,
               data={"diff": {"state": [ScorecardState.RETURNED, ScorecardState.UNDER_REVIEW]},
                     "answers": {e.criterion.code: e.explanation for e in questions}})
    notify(clerks_of(_reviewer_units(sc.bloc_year, sc.unit_id)),
           _("%(unit)s has answered the requests for explanation.") % {"unit": sc.unit},
           url=_card_url(sc, review=True), action="blocs.scorecard.explained")
    return sc


@transaction.atomic
def complete_review(scorecard, actor):
    """under review → reviewed: criteria not changed keep the unit's points."""
    sc = _lock_card(scorecard)
    _guard_review(sc, actor)
    _require_state(sc, ScorecardState.UNDER_REVIEW)
    _require_open_year(sc.bloc_year)
    if _open_questions(sc):
        raise DomainError(_("Some requests for explanation are unanswered: return the scorecard to the unit or "
                            "clear the question."))
    entries = _entries(sc)
    dirty = []
    for entry in entries.values():
        if entry.reviewed_points is None:
            entry.reviewed_points = entry.self_points
            dirty.append(entry)
    ScoreEntry.objects.bulk_update(dirty, ["reviewed_points"])
    sc.state = ScorecardState.REVIEWED
    sc.reviewed_at, sc.reviewed_by = timezone.now(), actor
    _bump(sc, "state", "reviewed_at", "reviewed_by")
    tree = _tree(sc.bloc_year)
    log_action(actor, "blocs.scorecard.reviewed", sc,
               data={"diff": {"state": [ScorecardState.UNDER_REVIEW, ScorecardState.REVIEWED]},
                     "totals": _totals_data(tree, entries, "reviewed")})
    notify(board_users() + clerks_of([sc.unit_id]),
           _("The scorecard of %(unit)s has been reviewed (%(bloc_year)s).") % {"unit": sc.unit,
                                                                               "bloc_year": sc.bloc_year},
           url=_card_url(sc), action="blocs.scorecard.reviewed", exclude=actor)
    return sc


@transaction.atomic
def send_back_to_review(scorecard, actor, reason):
    """reviewed → under review (board, with a reason)."""
    _require_board(actor)
    sc = _lock_card(scorecard)
    _require_state(sc, ScorecardState.REVIEWED)
    _require_open_year(sc.bloc_year)
    if not reason.strip():
        raise DomainError(_("Give a reason."), field="reason")
    sc.state = ScorecardState.UNDER_REVIEW
    _bump(sc, "state")
    log_action(actor, "blocs.scorecard.sent_back", sc,
               data={"diff": {"state": [ScorecardState.REVIEWED, ScorecardState.UNDER_REVIEW]}, "reason": reason})
    notify(clerks_of(_reviewer_units(sc.bloc_year, sc.unit_id)),
           _("The board sent the scorecard of %(unit)s back for review: %(reason)s")
           % {"unit": sc.unit, "reason": reason}, url=_card_url(sc, review=True), action="blocs.scorecard.sent_back")
    return sc


@transaction.atomic
def save_final_points(scorecard, actor, values, expected_version):
    """The board adjusts final points of a reviewed scorecard (``values``: id → points, reason)."""
    _require_board(actor)
    sc = _lock_card(scorecard)
    _check_version(sc, expected_version)
    _require_state(sc, ScorecardState.REVIEWED)
    _require_open_year(sc.bloc_year)
    entries = _entries(sc)
    changed, errors, dirty = {}, [], []
    for cid, v in values.items():
        entry = entries.get(int(cid))
        if entry is None:
            continue
        points, reason = v.get("points"), (v.get("reason") or "").strip()
        error = validate_points(entry.criterion, points)
        if error:
            errors.append(str(error))
            continue
        if points is not None and points != entry.reviewed_points and not reason:
            errors.append(_("%(code)s: give a reason for changing the reviewed points.")
                          % {"code": entry.criterion.code})
            continue
        if (entry.final_points, entry.final_reason) != (points, reason):
            if entry.final_points != points:
                changed[entry.criterion.code] = [_fmt(entry.final_points), _fmt(points)]
            entry.final_points, entry.final_reason = points, reason
            dirty.append(entry)
    if errors:
        raise DomainError(" ".join(errors))
    if dirty:
        ScoreEntry.objects.bulk_update(dirty, ["final_points", "final_reason"])
        _bump(sc)
        log_action(actor, "blocs.scorecard.final_points_saved", sc, data={"diff": changed})
    return sc


@transaction.atomic
def finalise_scorecard(scorecard, actor):
    """reviewed → finalised (board); the scorecard is locked."""
    _require_board(actor)
    sc = _lock_card(scorecard)
    _require_state(sc, ScorecardState.REVIEWED)
    _require_open_year(sc.bloc_year)
    return _finalise(sc, actor)


def _finalise(sc, actor, notify_head=True):
    """The locked, reviewed scorecard becomes final (shared by one-by-one and bulk finalising)."""
    entries = _entries(sc)
    dirty = []
    for entry in entries.values():
        if entry.final_points is None:
            entry.final_points = points_of(entry, "reviewed")
            dirty.append(entry)
    ScoreEntry.objects.bulk_update(dirty, ["final_points"])
    sc.state = ScorecardState.FINALISED
    sc.finalised_at, sc.finalised_by = timezone.now(), actor
    _bump(sc, "state", "finalised_at", "finalised_by")
    log_action(actor, "blocs.scorecard.finalised", sc,
               data={"diff": {"state": [ScorecardState.REVIEWED, ScorecardState.FINALISED]},
                     "totals": _totals_data(_tree(sc.bloc_year), entries, "final")})
    notify(clerks_of([sc.unit_id] + ([sc.bloc_year.head_unit_id] if notify_head else [])),
           _("The scorecard of %(unit)s is final (%(bloc_year)s).") % {"unit": sc.unit, "bloc_year": sc.bloc_year},
           url=_card_url(sc), action="blocs.scorecard.finalised")
    return sc


@transaction.atomic
def reopen_scorecard(scorecard, actor, reason):
    """finalised → under review (board, with a reason)."""
    _require_board(actor)
    sc = _lock_card(scorecard)
    _require_state(sc, ScorecardState.FINALISED)
    if not (reason or "").strip():
        raise DomainError(_("Give a reason for reopening."), field="reason")
    if sc.bloc_year.state not in SCORECARD_OPEN_STATES:
        raise DomainError(_("Take the bloc year back to review before reopening a scorecard."))
    sc.state = ScorecardState.UNDER_REVIEW
    sc.finalised_at = sc.finalised_by = None
    _bump(sc, "state", "finalised_at", "finalised_by")
    log_action(actor, "blocs.scorecard.reopened", sc,
               data={"diff": {"state": [ScorecardState.FINALISED, ScorecardState.UNDER_REVIEW]}, "reason": reason})
    notify(clerks_of([sc.unit_id] + _reviewer_units(sc.bloc_year, sc.unit_id)),
           _("The board reopened the scorecard of %(unit)s: %(reason)s") % {"unit": sc.unit, "reason": reason},
           url=_card_url(sc), action="blocs.scorecard.reopened")
    return sc


@transaction.atomic
def add_evidence(scorecard, actor, criterion, upload):
    sc = _lock_card(scorecard)
    _guard_fill(sc, actor)
    _require_state(sc, ScorecardState.DRAFT, ScorecardState.RETURNED)
    _require_open_year(sc.bloc_year)
    if criterion.criteria_set.bloc_year_id != sc.bloc_year_id or criterion.is_section:
        raise DomainError(_("Evidence belongs to a criterion of this scorecard."))
    name = validate_upload(upload, kind="document", field="file")
    ev = Evidence(scorecard=sc, criterion=criterion, original_name=name, size=upload.size, uploaded_by=actor)
    ev.file.save(name, upload, save=False)
    ev.save()
    _bump(sc)
    log_action(actor, "blocs.scorecard.evidence_added", sc,
               data={"criterion": criterion.code, "file": ev.original_name, "size": ev.size})
    return ev


@transaction.atomic
def delete_evidence(evidence, actor):
    sc = _lock_card(evidence.scorecard)
    _guard_fill(sc, actor)
    _require_state(sc, ScorecardState.DRAFT, ScorecardState.RETURNED)
    _require_open_year(sc.bloc_year)
    data = {"criterion": evidence.criterion.code, "file": evidence.original_name}
    evidence.file.delete(save=False)
    evidence.delete()
    _bump(sc)
    log_action(actor, "blocs.scorecard.evidence_deleted", sc, data=data)
