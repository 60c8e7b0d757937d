"""Every change of state in the blocs app: one function per transition.

Pattern: ``@transaction.atomic`` → re-read and lock the row → guard (``DomainError`` with a
translated message) → mutate with ``save(update_fields=…)`` → ``log_action`` → ``notify``.
Scorecard saves carry the version the user's form was built from: a stale form is refused, so two
reviewers never silently overwrite each other.
"""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import diff, log_action, snapshot
from emulation.errors import DomainError
from emulation.notifications import board_users, clerks_of, notify
from emulation.roles import roles_of

from .enums import (
    BLOC_YEAR_ORDER,
    SCORECARD_OPEN_STATES,
    BlocYearState,
    ProposalKind,
    ScorecardState,
)
from .models import (
    Bloc,
    BlocMembership,
    BlocYear,
    CriteriaSet,
    Criterion,
    Evidence,
    Proposal,
    Scorecard,
    ScoreEntry,
    Vote,
    VoteResult,
)
from .scoring import CriteriaTree, fmt_points, points_of, validate_points

DATE_FIELDS = ["self_scoring_deadline", "review_deadline", "meeting_date"]
CRITERION_FIELDS = ["parent", "is_section", "code", "title", "guidance", "kind", "max_points", "evidence_required"]


# Helpers ---------------------------------------------------------------------------------------


def _require(actor, perm, obj, message):
    if not actor.has_perm(perm, obj):
        raise DomainError(message)


def _require_board(actor):
    if not roles_of(actor).manages_everything:
        raise DomainError(_("Only the commendation board may do this."))


def _lock_year(bloc_year):
    return BlocYear.objects.select_for_update(of=("self",)).select_related("bloc").get(pk=bloc_year.pk)


def _lock_card(scorecard):
    return (Scorecard.objects.select_for_update(of=("self",))
            .select_related("bloc_year__bloc", "unit").get(pk=scorecard.pk))


def _tree(bloc_year):
    cs, _created = CriteriaSet.objects.get_or_create(bloc_year=bloc_year)
    return CriteriaTree(cs, list(Criterion.objects.filter(criteria_set=cs)))


def _fmt(value):
    if value is None:
        return None
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def _reviewer_units(bloc_year, unit_id):
    """Whose clerks review this unit's scorecard: the head unit, or the deputy for the head's own."""
    if unit_id == bloc_year.head_unit_id:
        return [bloc_year.deputy_unit_id] if bloc_year.deputy_unit_id else []
    return [bloc_year.head_unit_id]


def _leader_users(bloc_year):
    return clerks_of([bloc_year.head_unit_id])


def _member_unit_ids(bloc_year):
    return list(bloc_year.memberships.values_list("unit_id", flat=True))


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


# Blocs and bloc years --------------------------------------------------------------------------


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
    unit_ids = set(_member_unit_ids(previous)) | {head_unit.pk} | ({deputy_unit.pk} if deputy_unit else set())
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


def criteria_problems(tree):
    """What keeps a criteria set from opening for scoring (translated messages)."""
    problems = []
    if not tree.leaves:
        problems.append(_("The criteria set has no criteria to score."))
    standard = tree.standard_max()
    if standard != tree.criteria_set.standard_total:
        problems.append(_("The standard criteria add up to %(sum)s points, not the configured %(total)s.")
                        % {"sum": fmt_points(standard), "total": fmt_points(tree.criteria_set.standard_total)})
    for node in tree.nodes:
        if node.is_section and not tree.children.get(node.pk):
            problems.append(_("Section %(code)s has no criteria.") % {"code": node.code})
        if not node.is_section and node.max_points <= 0:
            problems.append(_("Criterion %(code)s has no maximum points.") % {"code": node.code})
    return problems


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
    """reviewing → voting: every scorecard must be finalised."""
    by = _lock_year(bloc_year)
    _require(actor, "blocs.advance_blocyear", by, _("Only the board or the bloc leaders may do this."))
    if by.state != BlocYearState.REVIEWING:
        raise DomainError(_("The vote can only open after the review."))
    cards = list(Scorecard.objects.filter(bloc_year=by).select_related("unit"))
    pending = [c.unit.name for c in cards if c.state != ScorecardState.FINALISED]
    if not cards or pending:
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


# Criteria --------------------------------------------------------------------------------------


def _lock_set(criteria_set, actor):
    cs = CriteriaSet.objects.select_for_update(of=("self",)).select_related("bloc_year").get(pk=criteria_set.pk)
    _require(actor, "blocs.edit_criteria", cs.bloc_year,
             _("Only the board or the bloc leaders may edit the criteria."))
    if cs.bloc_year.state != BlocYearState.PREPARING:
        raise DomainError(_("The criteria are frozen: scoring has opened."))
    return cs


@transaction.atomic
def update_criteria_set(criteria_set, actor, **fields):
    cs = _lock_set(criteria_set, actor)
    names = ["title", "standard_total", "bonus_cap"]
    before = snapshot(cs, names)
    for key in names:
        if key in fields:
            setattr(cs, key, fields[key])
    if cs.standard_total <= 0:
        raise DomainError(_("The total must be above zero."), field="standard_total")
    if cs.bonus_cap < 0:
        raise DomainError(_("The bonus cap cannot be negative."), field="bonus_cap")
    changed = diff(before, snapshot(cs, names))
    if changed:
        cs.save(update_fields=list(changed))
        log_action(actor, "blocs.criteria.settings_changed", cs.bloc_year, data={"diff": changed})
    return cs


def _clean_criterion(cs, node, parent):
    if parent is not None:
        if parent.criteria_set_id != cs.pk or not parent.is_section:
            raise DomainError(_("Criteria can only be placed inside a section of the same set."), field="parent")
        ancestor = parent
        while ancestor is not None:
            if node.pk is not None and ancestor.pk == node.pk:
                raise DomainError(_("A section cannot be placed inside itself."), field="parent")
            ancestor = ancestor.parent
    if Criterion.objects.filter(criteria_set=cs, code=node.code).exclude(pk=node.pk).exists():
        raise DomainError(_("Another criterion already has the code %(code)s.") % {"code": node.code}, field="code")
    if node.is_section:
        node.max_points = Decimal("0")
    elif node.max_points is None or node.max_points <= 0:
        raise DomainError(_("A criterion needs maximum points above zero."), field="max_points")


@transaction.atomic
def add_criterion(criteria_set, actor, parent=None, **fields):
    cs = _lock_set(criteria_set, actor)
    node = Criterion(criteria_set=cs, parent=parent, **fields)
    _clean_criterion(cs, node, parent)
    last = Criterion.objects.filter(criteria_set=cs, parent=parent).aggregate(m=Max("position"))["m"]
    node.position = (last or 0) + 1
    node.save()
    log_action(actor, "blocs.criteria.added", cs.bloc_year,
               data={"values": snapshot(node, CRITERION_FIELDS), "criterion": node.pk})
    return node


@transaction.atomic
def update_criterion(criterion, actor, **fields):
    cs = _lock_set(criterion.criteria_set, actor)
    node = Criterion.objects.get(pk=criterion.pk, criteria_set=cs)
    before = snapshot(node, CRITERION_FIELDS)
    for key, value in fields.items():
        setattr(node, key, value)
    if not node.is_section and node.children.exists():
        raise DomainError(_("This section still holds criteria; it cannot become a criterion."),
                          field="is_section")
    _clean_criterion(cs, node, node.parent)
    changed = diff(before, snapshot(node, CRITERION_FIELDS))
    if changed:
        node.save()
        log_action(actor, "blocs.criteria.changed", cs.bloc_year, data={"criterion": node.pk, "code": node.code,
                                                                         "diff": changed})
    return node


@transaction.atomic
def delete_criterion(criterion, actor):
    cs = _lock_set(criterion.criteria_set, actor)
    node = Criterion.objects.get(pk=criterion.pk, criteria_set=cs)
    data = {"criterion": node.pk, "values": snapshot(node, CRITERION_FIELDS),
            "children": node.children.count()}
    node.delete()
    log_action(actor, "blocs.criteria.deleted", cs.bloc_year, data=data)


@transaction.atomic
def move_criterion(criterion, actor, direction):
    """Swap a criterion with its previous ("up") or next ("down") sibling."""
    cs = _lock_set(criterion.criteria_set, actor)
    siblings = list(Criterion.objects.filter(criteria_set=cs, parent_id=criterion.parent_id).order_by("position", "pk"))
    index = next(i for i, c in enumerate(siblings) if c.pk == criterion.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return criterion
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for i, c in enumerate(siblings, start=1):
        if c.position != i:
            c.position = i
            c.save(update_fields=["position"])
    log_action(actor, "blocs.criteria.moved", cs.bloc_year, data={"criterion": criterion.pk, "direction": direction})
    return criterion


@transaction.atomic
def replace_criteria(criteria_set, actor, rows, standard_total=None, bonus_cap=None, source=""):
    """Replace the whole tree (an Excel import). ``rows``: dicts with code, parent_code, title, kind,
    max_points (None for a section), evidence_required, guidance, in sheet order."""
    cs = _lock_set(criteria_set, actor)
    codes = [r["code"] for r in rows]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise DomainError(_("Codes used more than once: %(codes)s.") % {"codes": ", ".join(duplicates)})
    section_codes = {r["code"] for r in rows if r["max_points"] is None}
    for r in rows:
        if r["parent_code"] and r["parent_code"] not in section_codes:
            raise DomainError(_("Row %(code)s names %(parent)s as its section, but there is no such section.")
                              % {"code": r["code"], "parent": r["parent_code"]})
    old_count = Criterion.objects.filter(criteria_set=cs).count()
    Criterion.objects.filter(criteria_set=cs).delete()
    created = {}
    positions = {}
    pending = list(rows)
    while pending:
        progressed = False
        for r in list(pending):
            if r["parent_code"] and r["parent_code"] not in created:
                continue
            parent = created.get(r["parent_code"]) if r["parent_code"] else None
            key = parent.pk if parent else None
            positions[key] = positions.get(key, 0) + 1
            is_section = r["max_points"] is None
            if not is_section and r["max_points"] <= 0:
                raise DomainError(_("Criterion %(code)s has no maximum points.") % {"code": r["code"]})
            created[r["code"]] = Criterion.objects.create(
                criteria_set=cs, parent=parent, is_section=is_section, code=r["code"], title=r["title"],
                guidance=r.get("guidance", ""), kind=r["kind"],
                max_points=Decimal("0") if is_section else r["max_points"],
                evidence_required=bool(r.get("evidence_required")), position=positions[key])
            pending.remove(r)
            progressed = True
        if not progressed:
            raise DomainError(_("The sections of the sheet refer to each other in a loop."))
    fields = []
    if standard_total is not None:
        cs.standard_total = standard_total
        fields.append("standard_total")
    if bonus_cap is not None:
        cs.bonus_cap = bonus_cap
        fields.append("bonus_cap")
    if fields:
        cs.save(update_fields=fields)
    log_action(actor, "blocs.criteria.imported", cs.bloc_year,
               data={"source": source, "replaced": old_count, "imported": len(created),
                     "standard_total": _fmt(cs.standard_total), "bonus_cap": _fmt(cs.bonus_cap)})
    return cs


# Scorecards ------------------------------------------------------------------------------------


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
    notify(clerks_of([sc.unit_id, sc.bloc_year.head_unit_id]),
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


# Evidence ----------------------------------------------------------------------------------------

SIGNATURES = {
    "pdf": [b"%PDF"],
    "png": [b"\x89PNG"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "odt": [b"PK\x03\x04"],
    "ods": [b"PK\x03\x04"],
    "doc": [b"\xd0\xcf\x11\xe0"],
    "xls": [b"\xd0\xcf\x11\xe0"],
}


def check_upload(upload):
    """Size and type of an uploaded file: the extension must be allowed and the content must match it."""
    name = Path(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = [e.lower() for e in settings.UPLOAD_EXTENSIONS]
    if ext not in allowed:
        raise DomainError(_("Files of this type are not accepted. Accepted: %(types)s.")
                          % {"types": ", ".join(allowed)}, field="file")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(_("The file is larger than %(mb)s MB.")
                          % {"mb": round(settings.UPLOAD_MAX_BYTES / 1024 / 1024, 1)}, field="file")
    if upload.size == 0:
        raise DomainError(_("The file is empty."), field="file")
    signatures = SIGNATURES.get(ext)
    if signatures:
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(s) for s in signatures):
            raise DomainError(_("The file's content does not match its extension .%(ext)s.") % {"ext": ext},
                              field="file")
    return name


@transaction.atomic
def add_evidence(scorecard, actor, criterion, upload):
    sc = _lock_card(scorecard)
    _guard_fill(sc, actor)
    _require_state(sc, ScorecardState.DRAFT, ScorecardState.RETURNED)
    _require_open_year(sc.bloc_year)
    if criterion.criteria_set.bloc_year_id != sc.bloc_year_id or criterion.is_section:
        raise DomainError(_("Evidence belongs to a criterion of this scorecard."))
    name = check_upload(upload)
    ev = Evidence(scorecard=sc, criterion=criterion, original_name=name[:255], size=upload.size, uploaded_by=actor)
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


# Vote and proposals ------------------------------------------------------------------------------


@transaction.atomic
def record_vote(bloc_year, actor, held_on, voters_present, results, note=""):
    """The secret-ballot result: ``results`` maps member unit ids to votes for. Recording again
    replaces the result and withdraws the proposals made from the old one."""
    from .selectors import vote_threshold_on

    by = _lock_year(bloc_year)
    _require(actor, "blocs.record_vote", by, _("Only the bloc leaders or the board may record the vote."))
    if by.state != BlocYearState.VOTING:
        raise DomainError(_("The vote can only be recorded while the bloc year is at the vote."))
    if not voters_present or voters_present < 1:
        raise DomainError(_("Enter the number of voters present."), field="voters_present")
    members = set(_member_unit_ids(by))
    clean = {}
    for unit_id, votes in results.items():
        unit_id = int(unit_id)
        if unit_id not in members:
            raise DomainError(_("Only member units can receive votes."))
        if votes is None:
            continue
        if votes < 0 or votes > voters_present:
            raise DomainError(_("Votes for a unit must be between 0 and the number of voters present."))
        clean[unit_id] = votes
    if not clean:
        raise DomainError(_("Enter the votes of at least one unit."))
    threshold = vote_threshold_on(held_on)
    vote, created = Vote.objects.update_or_create(
        bloc_year=by, defaults={"held_on": held_on, "voters_present": voters_present,
                                "threshold_percent": threshold, "note": note, "recorded_by": actor})
    vote.results.all().delete()
    VoteResult.objects.bulk_create([VoteResult(vote=vote, unit_id=u, votes_for=n) for u, n in clean.items()])
    withdrawn = list(Proposal.objects.filter(bloc_year=by).values_list("unit_id", "kind"))
    Proposal.objects.filter(bloc_year=by).delete()
    log_action(actor, "blocs.vote.recorded" if created else "blocs.vote.changed", by,
               data={"held_on": held_on, "voters_present": voters_present, "threshold": _fmt(Decimal(threshold)),
                     "results": {str(k): v for k, v in clean.items()}, "withdrawn_proposals": withdrawn})
    notify(board_users(), _("The vote of %(bloc_year)s has been recorded.") % {"bloc_year": by},
           url=reverse("blocs:vote", args=[by.pk]), action="blocs.vote.recorded", exclude=actor)
    return vote


@transaction.atomic
def make_proposals(bloc_year, actor, flag_unit_ids, diploma_unit_ids, note=""):
    """Propose units from the vote: normally one for the provincial emulation flag and some for the
    chairman's Diploma of Merit. Only units that reached the threshold can be proposed."""
    from .selectors import scoreboard

    by = _lock_year(bloc_year)
    _require(actor, "blocs.record_vote", by, _("Only the bloc leaders or the board may make the proposals."))
    if by.state != BlocYearState.VOTING:
        raise DomainError(_("Proposals are made while the bloc year is at the vote."))
    vote = Vote.objects.filter(bloc_year=by).first()
    if vote is None:
        raise DomainError(_("Record the vote first."))
    flag_ids = [int(u) for u in flag_unit_ids]
    diploma_ids = [int(u) for u in diploma_unit_ids]
    if len(flag_ids) > 1:
        raise DomainError(_("A bloc proposes one unit for the emulation flag."), field="flag")
    if set(flag_ids) & set(diploma_ids):
        raise DomainError(_("A unit is proposed either for the flag or for a Diploma of Merit, not both."))
    results = {r.unit_id: r for r in vote.results.select_related("unit", "vote")}
    failing = [results[u].unit.name if u in results else str(u) for u in flag_ids + diploma_ids
               if u not in results or not results[u].passes]
    if failing:
        raise DomainError(_("These units did not reach the vote threshold of %(threshold)s%%: %(units)s.")
                          % {"threshold": fmt_points(vote.threshold_percent), "units": ", ".join(failing)})
    _tree_, rows = scoreboard(by)
    ranks = {row.scorecard.unit_id: row.rank for row in rows}
    old = list(Proposal.objects.filter(bloc_year=by).values_list("unit_id", "kind"))
    Proposal.objects.filter(bloc_year=by).delete()
    created = []
    for kind, ids in ((ProposalKind.FLAG, flag_ids), (ProposalKind.DIPLOMA, diploma_ids)):
        for u in ids:
            created.append(Proposal.objects.create(
                bloc_year=by, unit_id=u, kind=kind, votes=results[u].votes_for, voters_present=vote.voters_present,
                rank=ranks.get(u), note=note, created_by=actor))
    log_action(actor, "blocs.proposals.made", by,
               data={"flag": flag_ids, "diploma": diploma_ids, "previous": old, "note": note})
    notify(board_users() + clerks_of(flag_ids + diploma_ids),
           _("%(bloc_year)s proposes %(flags)s unit(s) for the emulation flag and %(diplomas)s for the Diploma of "
             "Merit.") % {"bloc_year": by, "flags": len(flag_ids), "diplomas": len(diploma_ids)},
           url=reverse("blocs:vote", args=[by.pk]), action="blocs.proposals.made", exclude=actor)
    return created

