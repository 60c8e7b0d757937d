"""Blocs and bloc years: creation, the next year, dates, leadership, members, the year's states."""

from django.db import transaction
from django.utils.translation import gettext as _

from emulation.audit import diff, log_action, snapshot
from emulation.errors import DomainError
from emulation.notifications import clerks_of, notify

from ..enums import BLOC_YEAR_ORDER, SETTLED, BlocYearState, ScorecardState
from ..models import Bloc, BlocMembership, BlocYear, CriteriaSet, Criterion, Scorecard, ScoreEntry, Vote
from ..succession import next_year_members
from ._common import _lock_year, _member_unit_ids, _require, _require_board, _tree
from .criteria import criteria_problems

DATE_FIELDS = ["self_scoring_deadline", "review_deadline", "meeting_date"]


def _leader_users(bloc_year):
    return clerks_of([bloc_year.head_unit_id])


@transaction.atomic
def create_bloc(actor, name, code, description="", council=""):
    _require_board(actor)
    if Bloc.objects.filter(code=code).exists():
        raise DomainError(_("Another bloc already has this code."), field="code")
    bloc = Bloc.objects.create(name=name, code=code, description=description, council=council)
    log_action(actor, "blocs.bloc.created", bloc, data={"values": snapshot(bloc, ["name", "code", "council"])})
    return bloc


def _check_leadership(head_unit, deputy_unit):
    if deputy_unit is not None and head_unit is not None and deputy_unit.pk == head_unit.pk:
        raise DomainError(_("The head unit and the deputy unit must be different units."), field="deputy_unit")


@transaction.atomic
def create_bloc_year(actor, bloc, year, head_unit, deputy_unit=None, members=(), **dates):
    """A first bloc year, from scratch. Later years come from ``create_next_year``."""
    _require_board(actor)
    _check_leadership(head_unit, deputy_unit)
    if BlocYear.objects.filter(bloc=bloc, year=year).exists():
        raise DomainError(_("This bloc already has a bloc year %(year)s.") % {"year": year}, field="year")
    by = BlocYear.objects.create(bloc=bloc, year=year, head_unit=head_unit, deputy_unit=deputy_unit,
                                 **{k: v for k, v in dates.items() if k in DATE_FIELDS})
    units = {u.pk: u for u in members}
    units[head_unit.pk] = head_unit
    if deputy_unit is not None:
        units[deputy_unit.pk] = deputy_unit
    BlocMembership.objects.bulk_create([BlocMembership(bloc_year=by, unit=u) for u in units.values()])
    CriteriaSet.objects.create(bloc_year=by)
    log_action(actor, "blocs.blocyear.created", by,
               data={"year": year, "head_unit": head_unit.pk, "deputy_unit": deputy_unit.pk if deputy_unit else None,
                     "members": sorted(units)})
    return by


@transaction.atomic
def create_next_year(previous, actor, head_unit, deputy_unit=None, year=None, **dates):
    """The next bloc year in one step: members carried over, the head and deputy the board picks,
    the criteria set copied (points, caps, guidance and evidence flags included)."""
    _require_board(actor)
    previous = BlocYear.objects.select_related("bloc").get(pk=previous.pk)
    year = year or previous.year + 1
    _check_leadership(head_unit, deputy_unit)
    if BlocYear.objects.filter(bloc=previous.bloc, year=year).exists():
        raise DomainError(_("This bloc already has a bloc year %(year)s.") % {"year": year}, field="year")
    by = BlocYear.objects.create(bloc=previous.bloc, year=year, head_unit=head_unit, deputy_unit=deputy_unit,
                                 **{k: v for k, v in dates.items() if k in DATE_FIELDS})
    # units closed by a reorganisation since are carried over as the units that took them over
    unit_ids = (set(next_year_members(_member_unit_ids(previous), year)) | {head_unit.pk}
                | ({deputy_unit.pk} if deputy_unit else set()))
    BlocMembership.objects.bulk_create([BlocMembership(bloc_year=by, unit_id=uid) for uid in sorted(unit_ids)])
    old_tree = _tree(previous)
    old = old_tree.criteria_set
    cs = CriteriaSet.objects.create(bloc_year=by, title=old.title.replace(str(previous.year), str(year)),
                                    standard_total=old.standard_total, bonus_cap=old.bonus_cap)
    mapping = {}
    for node in old_tree.walk():  # parents come before their children
        mapping[node.pk] = Criterion.objects.create(
            criteria_set=cs, parent=mapping.get(node.parent_id), is_section=node.is_section, code=node.code,
            title=node.title, guidance=node.guidance, kind=node.kind, max_points=node.max_points,
            evidence_required=node.evidence_required, position=node.position)
    log_action(actor, "blocs.blocyear.created_from_previous", by,
               data={"previous": previous.pk, "year": year, "head_unit": head_unit.pk,
                     "deputy_unit": deputy_unit.pk if deputy_unit else None, "members": sorted(unit_ids),
                     "criteria_copied": len(mapping)})
    notify(clerks_of([head_unit.pk]),
           _("Your unit heads %(bloc)s in %(year)s.") % {"bloc": previous.bloc.name, "year": year},
           url=by.get_absolute_url(), action="blocs.blocyear.created_from_previous")
    return by


@transaction.atomic
def update_bloc_year_dates(bloc_year, actor, **dates):
    by = _lock_year(bloc_year)
    _require(actor, "blocs.edit_criteria", by, _("Only the board or the bloc leaders may change the dates."))
    before = snapshot(by, DATE_FIELDS)
    for key in DATE_FIELDS:
        if key in dates:
            setattr(by, key, dates[key])
    changed = diff(before, snapshot(by, DATE_FIELDS))
    if changed:
        by.save(update_fields=list(changed))
        log_action(actor, "blocs.blocyear.dates_changed", by, data={"diff": changed})
    return by


@transaction.atomic
def set_leadership(bloc_year, actor, head_unit, deputy_unit=None, reason=""):
    """The board names the head (Khối trưởng) and deputy (Khối phó) units; they must be members."""
    _require_board(actor)
    by = _lock_year(bloc_year)
    _check_leadership(head_unit, deputy_unit)
    members = set(_member_unit_ids(by))
    for u in (head_unit, deputy_unit):
        if u is not None and u.pk not in members:
            raise DomainError(_("%(unit)s is not a member of this bloc year.") % {"unit": u})
    before = snapshot(by, ["head_unit", "deputy_unit"])
    by.head_unit, by.deputy_unit = head_unit, deputy_unit
    changed = diff(before, snapshot(by, ["head_unit", "deputy_unit"]))
    if changed:
        by.save(update_fields=["head_unit", "deputy_unit"])
        log_action(actor, "blocs.blocyear.leadership_changed", by, data={"diff": changed, "reason": reason})
        notify(clerks_of([u.pk for u in (head_unit, deputy_unit) if u is not None]),
               _("The head and deputy units of %(bloc_year)s have changed.") % {"bloc_year": by},
               url=by.get_absolute_url(), action="blocs.blocyear.leadership_changed")
    return by


def _ensure_scorecards(by, tree, unit_ids=None):
    """Create the missing scorecards and entries (idempotent)."""
    unit_ids = list(unit_ids if unit_ids is not None else _member_unit_ids(by))
    existing = set(Scorecard.objects.filter(bloc_year=by, unit_id__in=unit_ids).values_list("unit_id", flat=True))
    Scorecard.objects.bulk_create([Scorecard(bloc_year=by, unit_id=uid) for uid in unit_ids if uid not in existing])
    cards = list(Scorecard.objects.filter(bloc_year=by, unit_id__in=unit_ids))
    have = set(ScoreEntry.objects.filter(scorecard__in=cards).values_list("scorecard_id", "criterion_id"))
    ScoreEntry.objects.bulk_create([
        ScoreEntry(scorecard=sc, criterion=c) for sc in cards for c in tree.leaves if (sc.pk, c.pk) not in have
    ])
    return cards


@transaction.atomic
def add_member(bloc_year, actor, unit, reason=""):
    _require_board(actor)
    by = _lock_year(bloc_year)
    if by.state in (BlocYearState.VOTING, BlocYearState.CLOSED):
        raise DomainError(_("Members cannot change once the vote has started."))
    if BlocMembership.objects.filter(bloc_year=by, unit=unit).exists():
        raise DomainError(_("%(unit)s is already a member of this bloc year.") % {"unit": unit}, field="unit")
    BlocMembership.objects.create(bloc_year=by, unit=unit)
    if by.state != BlocYearState.PREPARING:
        _ensure_scorecards(by, _tree(by), [unit.pk])
    log_action(actor, "blocs.blocyear.member_added", by, data={"unit": unit.pk, "unit_name": unit.name,
                                                               "reason": reason})
    notify(clerks_of([unit.pk]), _("%(unit)s has joined %(bloc_year)s.") % {"unit": unit, "bloc_year": by},
           url=by.get_absolute_url(), action="blocs.blocyear.member_added")
    return by


@transaction.atomic
def remove_member(bloc_year, actor, unit, reason=""):
    _require_board(actor)
    by = _lock_year(bloc_year)
    if not reason.strip():
        raise DomainError(_("Give a reason for removing a member."), field="reason")
    if by.state in (BlocYearState.VOTING, BlocYearState.CLOSED):
        raise DomainError(_("Members cannot change once the vote has started."))
    if unit.pk in (by.head_unit_id, by.deputy_unit_id):
        raise DomainError(_("Name another head or deputy unit before removing this one."))
    membership = BlocMembership.objects.filter(bloc_year=by, unit=unit).first()
    if membership is None:
        raise DomainError(_("%(unit)s is not a member of this bloc year.") % {"unit": unit})
    card = Scorecard.objects.filter(bloc_year=by, unit=unit).first()
    card_state = card.state if card else None
    if card is not None:
        for ev in card.evidence.all():
            ev.file.delete(save=False)
        card.delete()
    membership.delete()
    log_action(actor, "blocs.blocyear.member_removed", by,
               data={"unit": unit.pk, "unit_name": unit.name, "reason": reason, "scorecard_state": card_state})
    notify(clerks_of([unit.pk]), _("%(unit)s has left %(bloc_year)s.") % {"unit": unit, "bloc_year": by},
           url="", action="blocs.blocyear.member_removed")
    return by


@transaction.atomic
def open_scoring(bloc_year, actor):
    """preparing → scoring: freezes the criteria and opens a scorecard for every member."""
    _require_board(actor)
    by = _lock_year(bloc_year)
    if by.state != BlocYearState.PREPARING:
        raise DomainError(_("Scoring can only be opened from the preparing state."))
    tree = _tree(by)
    problems = criteria_problems(tree)
    if problems:
        raise DomainError(" ".join(str(p) for p in problems))
    by.state = BlocYearState.SCORING
    by.save(update_fields=["state"])
    cards = _ensure_scorecards(by, tree)
    log_action(actor, "blocs.blocyear.scoring_opened", by,
               data={"diff": {"state": [BlocYearState.PREPARING, BlocYearState.SCORING]}, "scorecards": len(cards)})
    deadline = by.self_scoring_deadline.strftime("%d/%m/%Y") if by.self_scoring_deadline else "–"
    notify(clerks_of(_member_unit_ids(by)),
           _("Self-scoring for %(bloc_year)s is open. Deadline: %(deadline)s.")
           % {"bloc_year": by, "deadline": deadline},
           url=by.get_absolute_url(), action="blocs.blocyear.scoring_opened")
    return by


def _advance(by, actor, old, new, action, message, recipients):
    by.state = new
    by.save(update_fields=["state"])
    log_action(actor, action, by, data={"diff": {"state": [old, new]}})
    notify(recipients, message, url=by.get_absolute_url(), action=action, exclude=actor)
    return by


@transaction.atomic
def start_reviewing(bloc_year, actor):
    """scoring → reviewing (self-scoring closes; late submissions are still accepted and marked late)."""
    by = _lock_year(bloc_year)
    _require(actor, "blocs.advance_blocyear", by, _("Only the board or the bloc leaders may do this."))
    if by.state != BlocYearState.SCORING:
        raise DomainError(_("Review can only start after self-scoring."))
    return _advance(by, actor, by.state, BlocYearState.REVIEWING, "blocs.blocyear.review_started",
                    _("Self-scoring for %(bloc_year)s has closed; the review has started.") % {"bloc_year": by},
                    clerks_of(_member_unit_ids(by)))


@transaction.atomic
def open_voting(bloc_year, actor):
    """reviewing → voting: every scorecard must be finalised or closed out (not submitted), at least one final."""
    by = _lock_year(bloc_year)
    _require(actor, "blocs.advance_blocyear", by, _("Only the board or the bloc leaders may do this."))
    if by.state != BlocYearState.REVIEWING:
        raise DomainError(_("The vote can only open after the review."))
    cards = list(Scorecard.objects.filter(bloc_year=by).select_related("unit"))
    pending = [c.unit.name for c in cards if c.state not in SETTLED]
    if not any(c.state == ScorecardState.FINALISED for c in cards) or pending:
        raise DomainError(_("Every scorecard must be finalised before the vote. Not yet: %(units)s.")
                          % {"units": ", ".join(sorted(pending)) or "–"})
    return _advance(by, actor, by.state, BlocYearState.VOTING, "blocs.blocyear.voting_opened",
                    _("The scores of %(bloc_year)s are final; the scoreboard is open and the vote can be recorded.")
                    % {"bloc_year": by}, clerks_of(_member_unit_ids(by)))


@transaction.atomic
def close_bloc_year(bloc_year, actor):
    _require_board(actor)
    by = _lock_year(bloc_year)
    if by.state != BlocYearState.VOTING:
        raise DomainError(_("Only a bloc year at the vote can be closed."))
    if not Vote.objects.filter(bloc_year=by).exists():
        raise DomainError(_("Record the vote before closing the bloc year."))
    return _advance(by, actor, by.state, BlocYearState.CLOSED, "blocs.blocyear.closed",
                    _("%(bloc_year)s is closed.") % {"bloc_year": by}, _leader_users(by))


@transaction.atomic
def step_back(bloc_year, actor, reason):
    """The board takes a bloc year back one state, with a reason."""
    _require_board(actor)
    by = _lock_year(bloc_year)
    if not reason.strip():
        raise DomainError(_("Give a reason for going back."), field="reason")
    index = BLOC_YEAR_ORDER.index(by.state)
    if index == 0:
        raise DomainError(_("The bloc year is already being prepared."))
    if by.state == BlocYearState.SCORING and Scorecard.objects.filter(bloc_year=by).exclude(
            state=ScorecardState.DRAFT).exists():
        raise DomainError(_("Scorecards have been submitted; the criteria can no longer be reopened."))
    old, new = by.state, BLOC_YEAR_ORDER[index - 1]
    by.state = new
    by.save(update_fields=["state"])
    log_action(actor, "blocs.blocyear.stepped_back", by, data={"diff": {"state": [old, new]}, "reason": reason})
    notify(_leader_users(by), _("%(bloc_year)s went back to “%(state)s”: %(reason)s")
           % {"bloc_year": by, "state": by.get_state_display(), "reason": reason},
           url=by.get_absolute_url(), action="blocs.blocyear.stepped_back", exclude=actor)
    return by
