"""Units through reforms: renames, mergers, splits, dissolutions and moves (sắp xếp, tổ chức lại đơn vị).

Each reorganisation is one ``UnitEvent`` made by one service, ``commit_event(actor, kind, **params)``. The
same planner that commits it gives the board its preview first (``plan_event(kind, **params)``): which units
close (their last day is the day before the event), which open, who moves where (people with their
membership history, clerks' role assignments), which sub-units change parent, and what the apps above the core
will do (bloc memberships of the next bloc year). Nothing is deleted: a closed unit keeps its people's past
memberships, its awards and its name; a rename keeps the old name in ``UnitName``.

Apps above the core take part through a module ``<app>/succession.py`` (collected like ``nav.py``) with

    preview(plan) -> list[str]            # lines shown on the preview page
    apply(plan, event, actor) -> dict     # what it changed, kept in the event's data and the log

History reads:
- ``unit_name_on(unit, date)``: the unit's name on a date (the templates' ``|name_on`` filter).
- ``unit_lineage(unit, on_date)`` / ``lineages(unit_ids, on_date)``: the unit and the units merged into it
  (recursively) by events dated on or before ``on_date``; eligibility that counts consecutive years follows
  this line. Only mergers carry a line: a unit split off starts its own record (the law gives no rule that a
  part inherits the whole's titles), a rename or a move keeps the same unit.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import log_action, log_actions
from .enums import UnitEventKind
from .errors import DomainError
from .models import Person, RoleAssignment, Unit, UnitEvent, UnitMembership, UnitName
from .registry import _modules
from .roles import roles_of

K = UnitEventKind
SUCCESSION_KINDS = (K.MERGE,)
ONE_DAY = datetime.timedelta(days=1)


def _d(value):
    return value.strftime("%d/%m/%Y")


# Reads -----------------------------------------------------------------------------------------------------


def unit_name_on(unit, date):
    """The name the unit bore on ``date`` (the current name when the date is empty or after the last rename).

    Reads ``unit.former_names.all()``: prefetch ``unit__former_names`` on a list to keep it to one query."""
    if unit is None:
        return ""
    if date is not None:
        if isinstance(date, datetime.datetime):
            date = date.date()
        for former in unit.former_names.all():
            if former.valid_to >= date and (former.valid_from is None or former.valid_from <= date):
                return former.name
    return unit.name


@dataclass(frozen=True)
class LineageEntry:
    unit_id: int
    name: str
    successor_id: int | None = None  # the unit it was merged into (None for the unit itself)
    date: datetime.date | None = None  # the date of the merger
    legal_basis: str = ""

    @property
    def inherited(self):
        return self.successor_id is not None


def lineages(unit_ids, on_date=None):
    """``{unit_id: [LineageEntry]}`` for units (or unit ids): each unit first, then the units merged into it
    (and into those, …) by events dated on or before ``on_date`` (any date when it is None). One query per
    generation."""
    items = list(unit_ids)
    ids = [u.pk if isinstance(u, Unit) else u for u in items]
    names = {u.pk: u.name for u in items if isinstance(u, Unit)}
    missing = [uid for uid in ids if uid not in names]
    if missing:
        names.update(Unit.objects.filter(pk__in=missing).values_list("pk", "name"))
    out = {uid: [LineageEntry(uid, names.get(uid, ""))] for uid in ids}
    root_of = {uid: {uid} for uid in ids}  # unit id -> the asked units whose line it is on
    seen = set(ids)
    frontier = set(ids)
    through = UnitEvent.predecessors.through
    while frontier:
        rows = through.objects.filter(unitevent__kind__in=SUCCESSION_KINDS,
                                      unitevent__successors__in=frontier)
        if on_date is not None:
            rows = rows.filter(unitevent__date__lte=on_date)
        rows = rows.values_list("unitevent__successors", "unit_id", "unit__name", "unitevent__date",
                                "unitevent__legal_basis").order_by("unitevent__date", "unit__name")
        nxt = set()
        for successor, pred, name, date, basis in rows:
            if pred in seen and pred not in nxt:
                continue
            for root in root_of.get(successor, ()):
                out[root].append(LineageEntry(pred, name, successor, date, basis))
                root_of.setdefault(pred, set()).add(root)
            nxt.add(pred)
        seen |= nxt
        frontier = nxt
    return out


def unit_lineage(unit, on_date=None):
    """The unit and its predecessors by merger up to ``on_date`` (see ``lineages``)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return lineages([unit], on_date)[unit_id]


def lineage_note(entries):
    """'Sở A, Sở B (merged on 01/07/2025)' for the inherited entries, or ''."""
    parts = [_("%(name)s (merged on %(date)s)") % {"name": e.name, "date": _d(e.date)} for e in entries if e.inherited]
    return ", ".join(parts)


def current_units(unit_ids, on_date):
    """The given unit ids with every unit closed before ``on_date`` replaced by the units that took it over
    (merger, split, dissolution into a receiver), following later events too; a unit dissolved with no
    receiver drops out. Order is kept, duplicates go. One query per generation of closed units."""
    result, pending = [], list(unit_ids)
    seen = set()
    while pending:
        closed = set(Unit.objects.filter(pk__in=pending, valid_to__lt=on_date).values_list("pk", flat=True))
        takers = {}
        if closed:
            rows = UnitEvent.successors.through.objects.filter(
                unitevent__predecessors__in=closed,
                unitevent__kind__in=(K.MERGE, K.SPLIT, K.DISSOLVE)).values_list(
                "unitevent__predecessors", "unit_id").order_by("unitevent__date", "unit_id")
            for pred, succ in rows:
                if succ != pred:
                    takers.setdefault(pred, []).append(succ)
        nxt = []
        for uid in pending:
            if uid in seen:
                continue
            seen.add(uid)
            if uid in closed:
                nxt.extend(takers.get(uid, []))
            else:
                result.append(uid)
        pending = nxt
    return result


def events_of(unit):
    """The reorganisations the unit took part in, newest first."""
    return (UnitEvent.objects.filter(Q(predecessors=unit) | Q(successors=unit)).distinct()
            .prefetch_related("predecessors__former_names", "successors"))


# The plan (preview) ----------------------------------------------------------------------------------------


@dataclass
class Plan:
    kind: str
    date: datetime.date
    legal_basis: str
    note: str = ""
    predecessors: list = field(default_factory=list)  # units before (saved)
    successors: list = field(default_factory=list)  # units after (new ones unsaved until commit)
    new_units: list = field(default_factory=list)  # unsaved Unit rows to create
    closes: list = field(default_factory=list)  # units whose last day is the day before ``date``
    rename: tuple | None = None  # (unit, new name, new short name)
    parents: list = field(default_factory=list)  # (unit, old parent, new parent)
    people: list = field(default_factory=list)  # (person, from unit, to unit or None: leaves)
    roles: list = field(default_factory=list)  # (role assignment, to unit or None: stays, duplicate)
    replacements: dict = field(default_factory=dict)  # closed unit -> [successor units] (for the apps above)
    params: dict = field(default_factory=dict)  # the parameters as ids, for the log
    extra: list = field(default_factory=list)  # (app label, [lines]) from <app>/succession.py

    @property
    def last_day(self):
        return self.date - ONE_DAY

    @property
    def moving_people(self):
        return [row for row in self.people if row[2] is not None]

    @property
    def leaving_people(self):
        return [row for row in self.people if row[2] is None]


def _require_board(actor):
    if not roles_of(actor).manages_everything:
        raise DomainError(_("Only the commendation board may record a reorganisation of units."))


def _check_basics(date, legal_basis):
    if date is None:
        raise DomainError(_("Give the date the change takes effect."), field="date")
    if not (legal_basis or "").strip():
        raise DomainError(_("Give the legal basis (the decision or resolution)."), field="legal_basis")


def _check_open(unit, date):
    if unit.valid_to is not None or not unit.is_active:
        raise DomainError(_("%(unit)s is already closed or inactive.") % {"unit": unit.name})
    if unit.valid_from is not None and unit.valid_from >= date:
        raise DomainError(_("%(unit)s came into existence on %(from)s, on or after this date.")
                          % {"unit": unit.name, "from": _d(unit.valid_from)}, field="date")


def _new_unit(values, date, default_parent, default_kind):
    code = (values.get("code") or "").strip()
    name = (values.get("name") or "").strip()
    if not code or not name:
        raise DomainError(_("A new unit needs a code and a name."))
    if Unit.objects.filter(code=code).exists():
        raise DomainError(_("The code %(code)s is already used by another unit.") % {"code": code})
    admin_code = (values.get("admin_code") or "").strip()
    if admin_code and Unit.objects.filter(admin_code=admin_code).exists():
        raise DomainError(_("The administrative unit code %(code)s was already given to a unit; codes are never "
                            "reused.") % {"code": admin_code})
    agency_code = (values.get("agency_code") or "").strip()
    if agency_code and Unit.objects.filter(agency_code=agency_code).exists():
        raise DomainError(_("The agency identifier code %(code)s is already used.") % {"code": agency_code})
    return Unit(name=name, short_name=(values.get("short_name") or "").strip(), code=code,
                kind=values.get("kind") or default_kind, parent=values.get("parent") or default_parent,
                admin_code=admin_code, agency_code=agency_code, valid_from=date)


def _people_of(units):
    return list(Person.objects.filter(unit__in=units, is_active=True).select_related("unit").order_by(
        "unit__name", "search_name", "pk"))


def _roles_of(units, target_of):
    """Clerks' role assignments of ``units`` and where each goes (``target_of(unit)``; None: it stays)."""
    rows = []
    assignments = list(RoleAssignment.objects.filter(unit__in=units).select_related("user", "unit").order_by(
        "unit__name", "user__username"))
    for ra in assignments:
        target = target_of(ra.unit)
        if target is not None and target.pk is not None and RoleAssignment.objects.filter(
                user_id=ra.user_id, role=ra.role, unit=target).exists():
            target = None  # the user already holds the role there; the old row stays as history
        rows.append((ra, target))
    return rows


def _children(units, closing, new_parent_of):
    out = []
    for child in Unit.objects.filter(parent__in=units, valid_to__isnull=True).exclude(
            pk__in=[u.pk for u in closing if u.pk]).select_related("parent").order_by("name"):
        new_parent = new_parent_of(child.parent)
        if new_parent is not None and new_parent != child.parent:
            out.append((child, child.parent, new_parent))
    return out


def plan_rename(unit, date, legal_basis, name, short_name="", note=""):
    _check_basics(date, legal_basis)
    _check_open(unit, date)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the new name."), field="name")
    if name == unit.name and (short_name or "") == unit.short_name:
        raise DomainError(_("The new name is the same as the current one."), field="name")
    last = unit.former_names.order_by("-valid_to").first()
    if last is not None and last.valid_to >= date:
        raise DomainError(_("The unit was already renamed on or after this date."), field="date")
    return Plan(K.RENAME, date, legal_basis, note, predecessors=[unit], successors=[unit],
                rename=(unit, name, (short_name or "").strip()),
                params={"unit": unit.pk, "name": name, "short_name": short_name})


def plan_merge(predecessors, date, legal_basis, into=None, new_unit=None, note=""):
    """Several units into an existing one (``into``) or into a new one (``new_unit``: code, name, short_name,
    kind, parent, admin_code, agency_code)."""
    _check_basics(date, legal_basis)
    predecessors = sorted({u.pk: u for u in predecessors if into is None or u.pk != into.pk}.values(),
                          key=lambda u: u.name)
    if into is None and not new_unit:
        raise DomainError(_("Choose the unit they merge into, or describe the new unit."), field="into")
    if into is not None and new_unit and (new_unit.get("name") or new_unit.get("code")):
        raise DomainError(_("Either merge into an existing unit or create a new one, not both."), field="into")
    if len(predecessors) + (1 if into is not None else 0) < 2:
        raise DomainError(_("A merger needs at least two units."), field="predecessors")
    for u in predecessors + ([into] if into else []):
        _check_open(u, date)
    if into is not None:
        successor, new_units = into, []
    else:
        first = predecessors[0]
        successor = _new_unit(new_unit, date, first.parent, first.kind)
        new_units = [successor]
    closing_ids = {u.pk for u in predecessors}
    if successor.parent_id in closing_ids:
        raise DomainError(_("The unit after the merger cannot sit under a unit that closes."), field="parent")
    plan = Plan(K.MERGE, date, legal_basis, note, predecessors=list(predecessors), successors=[successor],
                new_units=new_units, closes=list(predecessors),
                replacements={u: [successor] for u in predecessors},
                params={"predecessors": sorted(closing_ids), "into": into.pk if into else None,
                        "new_unit": _plain_values(new_unit) if into is None else None})
    plan.people = [(p, p.unit, successor) for p in _people_of(predecessors)]
    plan.roles = _roles_of(predecessors, lambda _u: successor)
    plan.parents = _children(predecessors, predecessors, lambda _p: successor)
    return plan


def plan_split(unit, date, legal_basis, new_units, keep_original=False, allocation=None, note=""):
    """One unit into several: ``new_units`` (dicts as for a merger; parent and kind default to the unit's).
    With ``keep_original`` the unit goes on as one of the successors. ``allocation`` maps a person id to the
    index of the successor they move to (0 = the first; the original unit, when kept, is the last); people
    not listed go to the first."""
    _check_basics(date, legal_basis)
    _check_open(unit, date)
    made = [_new_unit(values, date, unit.parent, unit.kind) for values in new_units]
    codes = [u.code for u in made]
    if len(set(codes)) != len(codes):
        raise DomainError(_("Each new unit needs its own code."), field="successors")
    successors = made + ([unit] if keep_original else [])
    if len(successors) < 2:
        raise DomainError(_("A split needs at least two units after it."), field="successors")
    allocation = {int(k): int(v) for k, v in (allocation or {}).items()}
    plan = Plan(K.SPLIT, date, legal_basis, note, predecessors=[unit], successors=successors, new_units=made,
                closes=[] if keep_original else [unit], replacements={} if keep_original else {unit: successors},
                params={"unit": unit.pk, "new_units": [_plain_values(v) for v in new_units],
                        "keep_original": keep_original, "allocation": allocation})
    for p in _people_of([unit]):
        index = allocation.get(p.pk, 0)
        if not 0 <= index < len(successors):
            raise DomainError(_("Choose a unit after the split for %(name)s.") % {"name": p.full_name})
        if successors[index] is not unit:
            plan.people.append((p, unit, successors[index]))
    if not keep_original:
        plan.roles = _roles_of([unit], lambda _u: successors[0])
        plan.parents = _children([unit], [unit], lambda _p: successors[0])
    return plan


def plan_dissolve(unit, date, legal_basis, receiver=None, note=""):
    """Close a unit. Its people move to ``receiver`` when given; otherwise their membership ends and they are
    marked inactive (their records stay). Sub-units go under ``receiver``, else under the unit's parent."""
    _check_basics(date, legal_basis)
    _check_open(unit, date)
    if receiver is not None:
        if receiver.pk == unit.pk:
            raise DomainError(_("A unit cannot receive its own people."), field="receiver")
        _check_open(receiver, date)
    new_parent = receiver or unit.parent
    if new_parent is None and Unit.objects.filter(parent=unit, valid_to__isnull=True).exists():
        raise DomainError(_("Choose the unit that takes over the sub-units."), field="receiver")
    plan = Plan(K.DISSOLVE, date, legal_basis, note, predecessors=[unit], successors=[receiver] if receiver else [],
                closes=[unit], replacements={unit: [receiver] if receiver else []},
                params={"unit": unit.pk, "receiver": receiver.pk if receiver else None})
    plan.people = [(p, unit, receiver) for p in _people_of([unit])]
    plan.roles = _roles_of([unit], lambda _u: receiver)
    plan.parents = _children([unit], [unit], lambda _p: new_parent)
    return plan


def plan_move(unit, date, legal_basis, parent, note=""):
    _check_basics(date, legal_basis)
    _check_open(unit, date)
    if parent is not None:
        _check_open(parent, date)
    if (parent.pk if parent else None) == unit.parent_id:
        raise DomainError(_("The unit is already under this parent unit."), field="parent")
    node = parent
    while node is not None:
        if node.pk == unit.pk:
            raise DomainError(_("A unit cannot be placed under itself or one of its sub-units."), field="parent")
        node = node.parent
    return Plan(K.MOVE, date, legal_basis, note, predecessors=[unit], successors=[unit],
                parents=[(unit, unit.parent, parent)],
                params={"unit": unit.pk, "parent": parent.pk if parent else None})


ACTIONS = {K.RENAME: "emulation.unit_event.rename", K.MERGE: "emulation.unit_event.merge",
           K.SPLIT: "emulation.unit_event.split", K.DISSOLVE: "emulation.unit_event.dissolve",
           K.MOVE: "emulation.unit_event.move"}
PLANNERS = {K.RENAME: plan_rename, K.MERGE: plan_merge, K.SPLIT: plan_split, K.DISSOLVE: plan_dissolve,
            K.MOVE: plan_move}


def _plain_values(values):
    if not values:
        return values
    return {k: (v.pk if isinstance(v, Unit) else v) for k, v in values.items()}


def _hooks():
    return [(module.__name__.split(".")[0], module) for module in _modules("succession")]


def plan_event(kind, **params):
    """The preview: what ``commit_event`` would do, with the lines of the apps above the core."""
    planner = PLANNERS.get(kind)
    if planner is None:
        raise DomainError(_("Unknown kind of reorganisation."))
    plan = planner(**params)
    for label, module in _hooks():
        lines = module.preview(plan)
        if lines:
            plan.extra.append((label, lines))
    return plan


# The commit ------------------------------------------------------------------------------------------------


def _lock(params):
    ids = set()
    for value in params.values():
        if isinstance(value, Unit):
            ids.add(value.pk)
        elif isinstance(value, (list, tuple, set)):
            ids |= {v.pk for v in value if isinstance(v, Unit)}
    fresh = {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=ids)}
    out = {}
    for key, value in params.items():
        if isinstance(value, Unit):
            out[key] = fresh[value.pk]
        elif isinstance(value, (list, tuple, set)) and any(isinstance(v, Unit) for v in value):
            out[key] = [fresh[v.pk] if isinstance(v, Unit) else v for v in value]
        else:
            out[key] = value
    return out


@transaction.atomic
def commit_event(actor, kind, **params):
    """Record one reorganisation and carry it out in one transaction (see the module docstring)."""
    _require_board(actor)
    params = _lock(params)
    plan = plan_event(kind, **params)
    date = plan.date
    last_day = date - ONE_DAY
    now = timezone.now()
    event = UnitEvent.objects.create(kind=kind, date=date, legal_basis=plan.legal_basis.strip(), note=plan.note,
                                     created_by=actor if getattr(actor, "is_authenticated", False) else None)
    for unit in plan.new_units:
        unit.save()
    entries = []
    for unit in plan.closes:
        unit.valid_to, unit.is_active = last_day, False
        unit.save(update_fields=["valid_to", "is_active"])
    if plan.rename is not None:
        unit, name, short_name = plan.rename
        last = unit.former_names.order_by("-valid_to").first()
        UnitName.objects.create(unit=unit, name=unit.name, short_name=unit.short_name,
                                valid_from=last.valid_to + ONE_DAY if last else unit.valid_from, valid_to=last_day,
                                event=event)
        unit.name, unit.short_name = name, short_name
        unit.save(update_fields=["name", "short_name"])
    for unit, _old, new_parent in plan.parents:
        unit.parent = new_parent
        unit.save(update_fields=["parent"])
    moved = _move_people(plan, event, actor, entries, now)
    roles = []
    for ra, target in plan.roles:
        if target is not None:
            roles.append({"user": ra.user.username, "role": ra.role, "from": ra.unit_id, "to": target.pk})
            ra.unit = target
            ra.save(update_fields=["unit"])
    event.predecessors.set(plan.predecessors)
    event.successors.set([u for u in plan.successors if u is not None])
    apps_data = {}
    for label, module in _hooks():
        result = module.apply(plan, event, actor)
        if result:
            apps_data[label] = result
    event.data = {
        "params": plan.params,
        "closed": [u.pk for u in plan.closes],
        "created": [u.pk for u in plan.new_units],
        "rename": [plan.rename[0].pk, plan.rename[1]] if plan.rename else None,
        "parents": [[u.pk, old.pk if old else None, new.pk if new else None] for u, old, new in plan.parents],
        "people": moved,
        "roles": roles,
        "apps": apps_data,
    }
    event.save(update_fields=["data"])
    log_action(actor, ACTIONS[kind], event, data={
        "date": date.isoformat(), "legal_basis": event.legal_basis,
        "predecessors": [u.pk for u in plan.predecessors], "successors": [u.pk for u in plan.successors if u],
        "people_moved": len(plan.moving_people), "people_left": len(plan.leaving_people),
        "roles_moved": len(roles), "apps": apps_data})
    for unit in {u.pk: u for u in plan.predecessors + [u for u in plan.successors if u]}.values():
        entries.append(log_action(actor, "emulation.unit.reorganised", unit, save=False, unit_id=unit.pk,
                                  data={"event": event.pk, "kind": kind, "date": date.isoformat(),
                                        "legal_basis": event.legal_basis}))
    log_actions(entries)
    return event


def _move_people(plan, event, actor, entries, now):
    """Close each moving person's open membership on the day before the event and open one in the new unit
    from the event date (one bulk write each); people with nowhere to go leave (inactive)."""
    if not plan.people:
        return []
    date, last_day = plan.date, plan.date - ONE_DAY
    ids = [p.pk for p, _f, _t in plan.people]
    open_rows = list(UnitMembership.objects.filter(person_id__in=ids, end_date__isnull=True))
    for row in open_rows:
        if row.start_date is not None and row.start_date > last_day:
            raise DomainError(_("%(name)s joined the unit on %(date)s, after the day before the change.")
                              % {"name": row.person.full_name, "date": _d(row.start_date)}, field="date")
        row.end_date = last_day
    UnitMembership.objects.bulk_update(open_rows, ["end_date"])
    reason = _("%(kind)s of units, %(basis)s") % {"kind": K(plan.kind).label, "basis": plan.legal_basis}
    new_rows, changed, out = [], [], []
    for person, from_unit, to_unit in plan.people:
        if to_unit is None:
            person.is_active = False
        else:
            person.unit = to_unit
            new_rows.append(UnitMembership(person=person, unit=to_unit, start_date=date, position=person.position,
                                           note=reason[:255]))
        person.updated_at = now
        changed.append(person)
        out.append([person.pk, from_unit.pk, to_unit.pk if to_unit else None])
        entries.append(log_action(actor, "emulation.person.moved", person, save=False, object_repr=person.full_name,
                                  unit_id=(to_unit or from_unit).pk,
                                  data={"diff": {"unit": [from_unit.pk, to_unit.pk if to_unit else None]},
                                        "date": date.isoformat(), "reason": reason, "event": event.pk}))
    Person.objects.bulk_update(changed, ["unit", "is_active", "updated_at"])
    UnitMembership.objects.bulk_create(new_rows)
    return out
