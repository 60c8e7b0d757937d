"""Nobody is stuck: the bloc leader reminds the units that have not submitted, the board closes out or
enters a missing scorecard once the self-scoring deadline has passed, and locks the reviewed scorecards
of a bloc in one action."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import log_action
from emulation.errors import DomainError
from emulation.notifications import board_users, clerks_by_unit, clerks_of, notify

from ..enums import SCORECARD_OPEN_STATES, ScorecardState
from ..models import Scorecard, ScoreEntry
from ..scoring import points_of, validate_points
from ..selectors import closed_out_reopenable, missing_scorecards, self_scoring_over
from ._common import _fmt, _lock_year, _require, _require_board, _tree
from .scorecards import _bump, _card_url, _entries, _finalise, _lock_card, _reviewer_units, _totals_data


def _deadline_text(bloc_year):
    return bloc_year.self_scoring_deadline.strftime("%d/%m/%Y") if bloc_year.self_scoring_deadline else "–"


@transaction.atomic
def remind_missing(bloc_year, actor):
    """One reminder to every member unit that has not submitted its scorecard (notification and e-mail
    to the unit's clerks). Returns ``(units reminded, units without anyone to notify)``."""
    by = _lock_year(bloc_year)
    _require(actor, "blocs.advance_blocyear", by, _("Only the bloc leaders or the board may send reminders."))
    if by.state not in SCORECARD_OPEN_STATES:
        raise DomainError(_("Reminders are sent while self-scoring or the review is under way."))
    cards = missing_scorecards(by)
    if not cards:
        raise DomainError(_("Every member unit has submitted its scorecard: nobody to remind."))
    recipients = clerks_by_unit([c.unit_id for c in cards])
    reached, unreachable = [], []
    for card in cards:
        users = recipients.get(card.unit_id, [])
        if not users:
            unreachable.append(card.unit)
            continue
        notify(users, _("Reminder from %(bloc_year)s: %(unit)s has not submitted its scorecard yet. "
                        "Self-scoring deadline: %(deadline)s.")
               % {"bloc_year": by, "unit": card.unit.name, "deadline": _deadline_text(by)},
               url=_card_url(card), action="blocs.blocyear.reminded", exclude=actor)
        reached.append(card.unit)
    log_action(actor, "blocs.blocyear.reminded", by,
               data={"units": [u.name for u in reached], "without_login": [u.name for u in unreachable],
                     "deadline": _deadline_text(by)})
    return reached, unreachable


def _require_after_deadline(sc):
    by = sc.bloc_year
    if by.state not in SCORECARD_OPEN_STATES:
        raise DomainError(_("This is possible only while self-scoring or the review is under way."))
    if not self_scoring_over(by):
        raise DomainError(_("Wait until the self-scoring deadline (%(deadline)s) has passed.")
                          % {"deadline": _deadline_text(by)})
    if sc.state != ScorecardState.DRAFT:
        raise DomainError(_("Only a scorecard the unit has not submitted can be closed out or entered on its "
                            "behalf."))


@transaction.atomic
def close_out_scorecard(scorecard, actor, reason):
    """draft → not submitted (board, after the deadline, with a reason): the unit is recorded as not having
    submitted, is left out of the ranking and the vote, and no longer holds up the bloc."""
    _require_board(actor)
    sc = _lock_card(scorecard)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason."), field="reason")
    _require_after_deadline(sc)
    sc.state = ScorecardState.NOT_SUBMITTED
    sc.closed_out_reason, sc.closed_out_at, sc.closed_out_by = reason, timezone.now(), actor
    _bump(sc, "state", "closed_out_reason", "closed_out_at", "closed_out_by")
    log_action(actor, "blocs.scorecard.closed_out", sc,
               data={"diff": {"state": [ScorecardState.DRAFT, ScorecardState.NOT_SUBMITTED]}, "reason": reason})
    notify(clerks_of([sc.unit_id, sc.bloc_year.head_unit_id]),
           _("The board recorded that %(unit)s did not submit its scorecard for %(bloc_year)s: %(reason)s")
           % {"unit": sc.unit, "bloc_year": sc.bloc_year, "reason": reason},
           url=_card_url(sc), action="blocs.scorecard.closed_out", exclude=actor)
    return sc


@transaction.atomic
def reopen_closed_out(scorecard, actor, reason):
    """not submitted → draft (board, with a reason): undoes a close-out made in error or overtaken by the
    unit's late sheet, while the bloc's vote is not recorded. The unit may then submit (marked late) or the
    board enter the sheet on its behalf; the close-out stays in the history."""
    _require_board(actor)
    by = _lock_year(scorecard.bloc_year)  # the year first, as the bloc-wide actions lock it: no deadlock
    sc = _lock_card(scorecard)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason."), field="reason")
    if sc.state != ScorecardState.NOT_SUBMITTED:
        raise DomainError(_("Only a scorecard recorded as not submitted can be reopened."))
    if not closed_out_reopenable(by):
        raise DomainError(_("A closed-out scorecard can be reopened only while self-scoring or the review is under "
                            "way and before the bloc's vote is recorded."))
    previous = {"reason": sc.closed_out_reason,
                "at": sc.closed_out_at.isoformat() if sc.closed_out_at else None,
                "by": sc.closed_out_by_id}
    sc.state = ScorecardState.DRAFT
    sc.closed_out_reason, sc.closed_out_at, sc.closed_out_by = "", None, None
    _bump(sc, "state", "closed_out_reason", "closed_out_at", "closed_out_by")
    log_action(actor, "blocs.scorecard.close_out_undone", sc,
               data={"diff": {"state": [ScorecardState.NOT_SUBMITTED, ScorecardState.DRAFT]}, "reason": reason,
                     "closed_out": previous})
    notify(clerks_of([sc.unit_id, sc.bloc_year.head_unit_id]),
           _("The board reopened the scorecard of %(unit)s for %(bloc_year)s, which had been recorded as not "
             "submitted: %(reason)s")
           % {"unit": sc.unit, "bloc_year": sc.bloc_year, "reason": reason},
           url=_card_url(sc), action="blocs.scorecard.close_out_undone", exclude=actor)
    return sc


@transaction.atomic
def enter_on_behalf(scorecard, actor, values, reason):
    """draft → submitted by the board on the unit's behalf (after the deadline, with a reason): ``values``
    maps criterion ids to ``(points, note)``; every criterion must be scored. Marked and logged as such."""
    _require_board(actor)
    sc = _lock_card(scorecard)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason."), field="reason")
    _require_after_deadline(sc)
    entries = _entries(sc)
    errors, dirty, scores = [], [], {}
    for cid, (points, note) in values.items():
        entry = entries.get(int(cid))
        if entry is None:
            continue
        error = validate_points(entry.criterion, points)
        if error:
            errors.append(str(error))
            continue
        entry.self_points, entry.note = points, (note or "").strip()
        scores[entry.criterion.code] = _fmt(points)
        dirty.append(entry)
    if errors:
        raise DomainError(" ".join(errors))
    tree = _tree(sc.bloc_year)
    missing = [c.code for c in tree.leaves if points_of(entries.get(c.pk), "self") is None]
    if missing:
        raise DomainError(_("Score every criterion. Missing: %(codes)s.") % {"codes": ", ".join(missing)})
    ScoreEntry.objects.bulk_update(dirty, ["self_points", "note"])
    deadline = sc.bloc_year.self_scoring_deadline
    sc.is_late = deadline is not None and timezone.localdate() > deadline
    sc.state, sc.entered_on_behalf = ScorecardState.SUBMITTED, True
    sc.submitted_at, sc.submitted_by = timezone.now(), actor
    _bump(sc, "state", "is_late", "entered_on_behalf", "submitted_at", "submitted_by")
    log_action(actor, "blocs.scorecard.entered_on_behalf", sc,
               data={"diff": {"state": [ScorecardState.DRAFT, ScorecardState.SUBMITTED]}, "reason": reason,
                     "scores": scores, "totals": _totals_data(tree, entries, "self")})
    notify(clerks_of([sc.unit_id] + _reviewer_units(sc.bloc_year, sc.unit_id)),
           _("The board entered the scorecard of %(unit)s on its behalf (%(bloc_year)s): %(reason)s")
           % {"unit": sc.unit, "bloc_year": sc.bloc_year, "reason": reason},
           url=_card_url(sc), action="blocs.scorecard.entered_on_behalf", exclude=actor)
    return sc


@transaction.atomic
def finalise_reviewed(bloc_year, actor, scorecard_ids):
    """Lock (finalise) the reviewed scorecards of a bloc year in one action: exactly the ones the board saw
    on the confirmation page (``scorecard_ids``); if one of them changed meanwhile, nothing is locked."""
    _require_board(actor)
    by = _lock_year(bloc_year)
    if by.state not in SCORECARD_OPEN_STATES:
        raise DomainError(_("Scorecards can only be changed while the bloc year is in self-scoring or review."))
    ids = sorted({int(i) for i in scorecard_ids})
    if not ids:
        raise DomainError(_("No reviewed scorecard to lock."))
    cards = list(Scorecard.objects.select_for_update(of=("self",)).filter(bloc_year=by, pk__in=ids)
                 .select_related("bloc_year__bloc", "unit").order_by("unit__name"))
    changed = [c.unit.name for c in cards if c.state != ScorecardState.REVIEWED]
    if len(cards) != len(ids) or changed:
        raise DomainError(_("The list changed while you were looking at it (%(units)s). Check it again; nothing "
                            "has been locked.") % {"units": ", ".join(changed) or "–"})
    for card in cards:
        _finalise(card, actor, notify_head=False)
    log_action(actor, "blocs.blocyear.reviewed_finalised", by, data={"units": [c.unit.name for c in cards]})
    notify(clerks_of([by.head_unit_id]) + board_users(),
           _("%(count)s scorecard(s) of %(bloc_year)s are final.") % {"count": len(cards), "bloc_year": by},
           url=reverse("blocs:blocyear_detail", args=[by.pk]), action="blocs.blocyear.reviewed_finalised",
           exclude=actor)
    return cards
