"""Check rows against the database and write them: one handler per kind.

Every lookup table is read once into memory (one query each); rows are checked against those dicts,
never with a query per row. ``check`` writes nothing. ``apply`` writes every planned row with
bulk operations and one ``ActivityLog`` per created or changed record; the caller wraps it in one
transaction.
"""

import datetime
import difflib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.counts import refresh_award_counts
from awards.eligibility import resolve_authority
from awards.enums import AwardMethod, RecipientKind
from awards.models import Appraisal, Award, AwardType, BaseSalary, ConferringAuthority, Initiative, RewardCoefficient
from awards.money import reward_amount
from awards.services.records import check_initiative_authors
from awards.services.register import already_in_register, check_award_recipient, register_key
from awards.sortkeys import awards_written, people_renamed, units_renamed
from emulation.enums import PersonCategory, UnitKind
from emulation.errors import DomainError
from emulation.models import ActivityLog, Person, Unit, UnitMembership
from emulation.services import default_member_since
from emulation.text import normalize_text, search_key

from .enums import ImportKind
from .specs import SPECS

BATCH = 2000
LOG_COLUMNS = ["actor_id", "action", "content_type_id", "object_id", "object_repr", "unit_id", "data"]
PROGRESS_EVERY = 1000


def _mask(value):
    """The first characters of a value from the user's file, enough to find the row, not the whole number."""
    text = str(value)
    return text if len(text) <= 4 else text[:4] + "…"


def plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def closest(text, candidates):
    """The candidate (display text) nearest to ``text``, compared on diacritic-folded keys, or None."""
    keys = {}
    for display in candidates:
        keys.setdefault(search_key(display), display)
    found = difflib.get_close_matches(search_key(text), list(keys), n=1, cutoff=0.6)
    return keys[found[0]] if found else None


@dataclass
class RowPlan:
    row: int
    action: str  # create | update | unchanged
    label: str
    pk: object = None
    values: dict = field(default_factory=dict)
    diff: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


@dataclass
class UnitRow:
    pk: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    is_active: bool


@dataclass
class PersonRow:
    pk: int
    full_name: str
    cccd: str
    staff_code: str
    unit_id: int
    gender: str
    date_of_birth: object
    position: str
    category: str
    is_active: bool


UNIT_COLUMNS = ("pk", "code", "name", "short_name", "kind", "parent_id", "is_active")
PERSON_COLUMNS = ("pk", "full_name", "cccd", "staff_code", "unit_id", "gender", "date_of_birth", "position",
                  "category", "is_active")
PERSON_FIELDS = ["full_name", "gender", "date_of_birth", "cccd", "staff_code", "position", "category", "is_active"]


class Lookups:
    """Units, people and award types held in memory for one check (one query each, when first needed)."""

    def __init__(self, scope_unit=None):
        self.units = {}
        self.units_by_id = {}
        for row in Unit.objects.order_by("pk").values_list(*UNIT_COLUMNS):  # not the Vietnamese order: no sort
            unit = UnitRow(*row)
            self.units[unit.code] = unit
            self.units_by_id[unit.pk] = unit
        self.units_upper = {code.upper(): unit for code, unit in self.units.items()}
        self.scope_unit = scope_unit
        self.scope_ids = None
        if scope_unit is not None:
            children = {}
            for unit in self.units_by_id.values():
                children.setdefault(unit.parent_id, []).append(unit.pk)
            found, frontier = {scope_unit.pk}, [scope_unit.pk]
            while frontier:
                nxt = [c for pk in frontier for c in children.get(pk, []) if c not in found]
                found.update(nxt)
                frontier = nxt
            self.scope_ids = found
        self._people = None

    def unit(self, code):
        return self.units.get(code) or self.units_upper.get(code.upper())

    def in_scope(self, unit_id):
        return self.scope_ids is None or unit_id in self.scope_ids

    def load_people(self):
        if self._people is None:
            self._people = {}
            self.by_cccd, self.by_staff, self.by_name = {}, {}, {}
            # by key, not in the model's Vietnamese order: dicts need no sort, and it costs seconds on 50,000 people
            for row in Person.objects.order_by("pk").values_list(*PERSON_COLUMNS):
                p = PersonRow(*row)
                self._people[p.pk] = p
                if p.cccd:
                    self.by_cccd[p.cccd] = p
                if p.staff_code:
                    self.by_staff.setdefault(p.staff_code, []).append(p)
                self.by_name.setdefault((p.unit_id, search_key(p.full_name)), []).append(p)
        return self._people

    def person(self, pk):
        return self.load_people()[pk]


def sort_key_sources(creates):
    """The award types' display orders and the recipients' search names of the awards about to be inserted:
    ``({type_id: order}, {("p", person_id) or ("u", unit_id): (search_name, name)})``, a few reads in chunks."""
    orders = dict(AwardType.objects.values_list("pk", "order"))
    person_ids = sorted({p.values["person_id"] for p in creates if p.values["person_id"]})
    unit_ids = sorted({p.values["unit_id"] for p in creates if not p.values["person_id"]})
    names = {}
    for model, tag, ids, name in ((Person, "p", person_ids, "full_name"), (Unit, "u", unit_ids, "name")):
        for start in range(0, len(ids), BATCH):
            # order_by(): not the model's Vietnamese order, which SQLite sorts through a Python collation (seconds)
            names.update((((tag, pk), (key, written)) for pk, key, written in model.objects.filter(
                pk__in=ids[start:start + BATCH]).order_by().values_list("pk", "search_name", name)))
    return orders, names


def insert_rows(model, columns, rows, returning=False):
    """INSERT ``rows`` (tuples of database-ready values) in batches of multi-row VALUES.

    Django's ``bulk_create`` spends most of its time preparing each field of each object; for the
    50,000-row imports the values are already plain, so they go straight to the database. Returns
    the new primary keys, in order, when ``returning``.
    """
    # Columns the caller does not give (fields added later, with defaults) get their default value.
    # A callable default (a random token, say) is called for each row, not once for all of them.
    extra, constants, per_row = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.column in columns:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = timezone.now() if isinstance(f, models.DateTimeField) else timezone.localdate()
        elif f.has_default() and callable(f.default):
            per_row.append(f)
            continue
        else:
            value = f.get_default()
        extra.append(f.column)
        constants.append(f.get_db_prep_save(value, connection))
    if extra or per_row:
        columns = [*columns, *extra, *(f.column for f in per_row)]
        rows = [(*row, *constants, *(f.get_db_prep_save(f.get_default(), connection) for f in per_row))
                for row in rows]
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    pk = connection.ops.quote_name(model._meta.pk.column)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    size = max(1, min(BATCH, 30000 // len(columns)))
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start:start + size]
            sql = f"INSERT INTO {table} ({cols}) VALUES " + ", ".join([one] * len(batch))
            params = [value for row in batch for value in row]
            if returning:
                cursor.execute(sql + f" RETURNING {pk}", params)
                ids.extend(r[0] for r in cursor.fetchall())
            else:
                cursor.execute(sql, params)
    return ids


class Handler:
    kind = None
    model = None

    def __init__(self, lookups, report):
        self.lk = lookups
        self.report = report

    # Shared checks ------------------------------------------------------------------------------

    def find_unit(self, row, code, key="unit"):
        unit = self.lk.unit(code)
        if unit is None:
            hint = closest(code, self.lk.units.keys())
            message = _("Unknown unit code “%(code)s”.") % {"code": code}
            if hint:
                message += " " + _("Did you mean “%(hint)s”?") % {"hint": hint}
            self.report.error(row, key, message)
            return None
        if not self.lk.in_scope(unit.pk):
            self.report.error(row, key, self.out_of_scope_message(unit.code))
            return None
        return unit

    def out_of_scope_message(self, code):
        return _("The unit “%(code)s” lies outside the unit you import for (%(scope)s).") % {
            "code": code, "scope": self.lk.scope_unit.code}

    def find_person(self, row, values, unit):
        """The person a row names by CCCD, staff code or (with a warning) name within ``unit``."""
        lk = self.lk
        lk.load_people()
        cccd, staff, name = values.get("cccd"), values.get("staff_code"), values.get("full_name")
        if cccd:
            person = lk.by_cccd.get(cccd)
            if person is None:
                self.report.error(row, "cccd", _("No person has the CCCD number %(cccd)s.") % {"cccd": cccd})
                return None
            key = "cccd"
        elif staff:
            found = lk.by_staff.get(staff, [])
            if len(found) > 1:
                found = [p for p in found if unit and p.unit_id == unit.pk]
            if not found:
                self.report.error(row, "staff_code", _("No person has the staff code %(code)s.") % {"code": staff})
                return None
            if len(found) > 1:
                self.report.error(row, "staff_code",
                                  _("Several people have the staff code %(code)s.") % {"code": staff})
                return None
            person, key = found[0], "staff_code"
        else:
            if unit is None:
                return None
            found = lk.by_name.get((unit.pk, search_key(name)), [])
            if not found:
                self.report.error(row, "full_name", _("Nobody named %(name)s in the unit %(unit)s.")
                                  % {"name": name, "unit": unit.code})
                return None
            if len(found) > 1:
                self.report.error(row, "full_name", _("Several people are named %(name)s in the unit %(unit)s: give "
                                                      "the CCCD number or staff code.") % {"name": name,
                                                                                          "unit": unit.code})
                return None
            self.report.warning(row, "full_name", _("Matched by name only: give the CCCD number or staff code to "
                                                    "be sure it is the right person."))
            person = found[0]
            key = None
        if key and name and search_key(name) != search_key(person.full_name):
            self.report.error(row, "full_name", self.other_person_message(key, values[key], person))
            return None
        if not lk.in_scope(person.unit_id):
            self.report.error(row, "full_name", _("%(name)s belongs to a unit outside the unit you import for.")
                              % {"name": person.full_name})
            return None
        return person

    def other_person_message(self, key, value, person):
        unit = self.lk.units_by_id.get(person.unit_id)
        params = {"value": value, "name": person.full_name, "unit": unit.code if unit else "–"}
        if key == "cccd":
            return _("The CCCD number %(value)s belongs to another person: %(name)s (%(unit)s).") % params
        return _("The staff code %(value)s belongs to another person: %(name)s (%(unit)s).") % params

    def duplicate(self, seen, key, row, column):
        first = seen.get(key)
        if first is not None:
            self.report.error(row, column, _("The same record is already in row %(row)s.") % {"row": first})
            return True
        seen[key] = row
        return False

    @staticmethod
    def compare(record, values, fields):
        """``{field: [old, new]}`` for the given (non-blank) fields whose value differs from the record."""
        out = {}
        for name in fields:
            if name in values and values[name] != getattr(record, name):
                out[name] = [plain(getattr(record, name)), plain(values[name])]
        return out

    def check(self, rows, progress=None):
        plans = []
        total = len(rows) or 1
        for i, (row, values) in enumerate(rows):
            plan = self.check_row(row, values)
            if plan is not None and row not in self.report.error_rows:
                plans.append(plan)
            if progress and i % PROGRESS_EVERY == PROGRESS_EVERY - 1:
                progress((i + 1) / total)
        self.finish(plans)
        return [p for p in plans if p.row not in self.report.error_rows]

    def finish(self, plans):
        """Checks across rows after every row was seen."""

    # What the check reads -----------------------------------------------------------------------

    def sources(self, years):
        """(name, values queryset) of every database row the check reads, in primary-key order: their digest,
        kept with the stored check (``imports.stored``), tells the confirm whether the check still holds."""
        return [("units", Unit.objects.order_by("pk").values_list(*UNIT_COLUMNS))]

    def people_sources(self):
        return [("people", Person.objects.order_by("pk").values_list(*PERSON_COLUMNS))]

    # Writing ------------------------------------------------------------------------------------

    def log(self, entries, actor, run_id):
        """One ActivityLog per (object, action, data), with the columns ``log_action`` fills, inserted as plain
        rows in batches (``insert_rows``): building and preparing an ActivityLog per record for ``bulk_create``
        cost more than inserting the records themselves."""
        run = str(run_id) if run_id else None
        actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
        content_type_id = ContentType.objects.get_for_model(self.model).pk
        data_field = ActivityLog._meta.get_field("data")
        batch = []
        for obj_pk, text, unit_id, action, data in entries:
            data["import"] = run
            batch.append((actor_id, action, content_type_id, str(obj_pk), str(text)[:255], unit_id,
                          data_field.get_db_prep_save(data, connection)))
            if len(batch) >= BATCH:
                insert_rows(ActivityLog, LOG_COLUMNS, batch)
                self.tick(len(batch))
                batch = []
        if batch:
            insert_rows(ActivityLog, LOG_COLUMNS, batch)
            self.tick(len(batch))

    # Progress and late errors of the write ------------------------------------------------------

    progress = None
    written = 0
    to_write = 1

    def start_writing(self, plans, progress=None):
        """``progress(fraction)`` is told how much of the write is done: each record and each log entry."""
        self.progress = progress
        self.written = 0
        self.to_write = max(1, 2 * sum(1 for p in plans if p.action != "unchanged"))

    def tick(self, n):
        self.written += n
        if self.progress and n:
            self.progress(min(1.0, self.written / self.to_write))

    def bulk_create(self, model, objs):
        """``bulk_create`` in batches, telling the progress after each."""
        for start in range(0, len(objs), BATCH):
            chunk = objs[start:start + BATCH]
            model.objects.bulk_create(chunk, batch_size=BATCH)
            if model is self.model:
                self.tick(len(chunk))
        return objs

    def unique_columns(self):
        """(model field name, import column key) pairs of single-field unique rules of the model."""
        names = [f.name for f in self.model._meta.fields if f.unique and not f.primary_key]
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and len(constraint.fields) == 1:
                names.append(constraint.fields[0])
        columns = {c.key for c in SPECS[self.kind].columns}
        return [(name, name) for name in names if name in columns]

    def explain_integrity_error(self, plans):
        """After a unique rule refused the write (and its savepoint rolled back): the first row whose value
        is already in the system or repeated in the file, as a Vietnamese row-level message; or a general
        message when the row cannot be found."""
        labels = {c.key: c.label for c in SPECS[self.kind].columns}
        for field_name, key in self.unique_columns():
            rows = [(p.row, p.pk, p.values.get(field_name)) for p in plans
                    if p.action != "unchanged" and p.values.get(field_name) not in (None, "")]
            if not rows:
                continue
            taken = dict(self.model.objects.filter(**{f"{field_name}__in": [v for _r, _pk, v in rows]})
                         .values_list(field_name, "pk"))
            seen = {}
            for row, pk, value in rows:
                if (value in taken and taken[value] != pk) or value in seen:
                    return _("Row %(row)s: %(field)s %(value)s is already in the system.") % {
                        "row": f"{row:,}".replace(",", "."), "field": str(labels[key]).lower(),
                        "value": _mask(value)}
                seen[value] = row
        return _("A row of the file repeats a record already in the system, so nothing was imported. Check the "
                 "file again.")

    def action(self, verb):
        return f"imports.{self.model._meta.model_name}.{verb}"


# Units -------------------------------------------------------------------------------------------

class UnitHandler(Handler):
    kind = ImportKind.UNITS
    model = Unit
    fields = ["name", "short_name", "kind", "parent", "is_active"]

    def check(self, rows, progress=None):
        self.file_rows = {}
        for row, values in rows:
            code = values["code"]
            first = self.file_rows.get(code.upper())
            if first is not None:
                self.report.error(row, "code", _("The unit code %(code)s is already in row %(row)s.")
                                  % {"code": code, "row": first[0]})
            else:
                self.file_rows[code.upper()] = (row, values)
        return super().check(rows, progress)

    def parent_in_scope(self, code, seen=()):
        """Whether the unit ``code`` (in the database or in the file) lies in the import's scope."""
        if self.lk.scope_ids is None:
            return True
        in_file = self.file_rows.get(code.upper())
        unit = self.lk.unit(code)
        if unit is not None and (in_file is None or "parent" not in in_file[1]):
            return unit.pk in self.lk.scope_ids
        if unit is not None and unit.pk == self.lk.scope_unit.pk:
            return True
        if in_file is None or code.upper() in seen:
            return False
        parent = in_file[1].get("parent")
        return bool(parent) and self.parent_in_scope(parent, (*seen, code.upper()))

    def check_row(self, row, values):
        code = values["code"]
        if self.file_rows.get(code.upper(), (None,))[0] != row:
            return None
        existing = self.lk.unit(code)
        parent = values.get("parent")
        if parent:
            if parent.upper() == code.upper():
                self.report.error(row, "parent", _("A unit cannot be its own parent."))
                return None
            if self.lk.unit(parent) is None and parent.upper() not in self.file_rows:
                hint = closest(parent, list(self.lk.units) + [v["code"] for _r, v in self.file_rows.values()])
                message = _("Unknown unit code “%(code)s”.") % {"code": parent}
                if hint:
                    message += " " + _("Did you mean “%(hint)s”?") % {"hint": hint}
                self.report.error(row, "parent", message)
                return None
            parent_unit = self.lk.unit(parent)
            parent = parent_unit.code if parent_unit else self.file_rows[parent.upper()][1]["code"]
        if self.lk.scope_ids is not None:
            scope = self.lk.scope_unit
            if existing is not None and existing.pk not in self.lk.scope_ids:
                self.report.error(row, "code", self.out_of_scope_message(existing.code))
                return None
            if existing is not None and existing.pk == scope.pk:
                current = self.lk.units_by_id.get(existing.parent_id)
                if parent and (current is None or current.code != parent):
                    self.report.error(row, "parent", _("The unit you import for cannot be moved by an import."))
                    return None
            elif parent and not self.parent_in_scope(parent):
                self.report.error(row, "parent", self.out_of_scope_message(parent))
                return None
            elif existing is None and not parent:
                self.report.error(row, "parent", _("A new unit needs a parent unit within the unit you import for."))
                return None
        new = dict(values)
        new.pop("code")
        if parent:
            new["parent"] = parent
        if existing is None:
            new.setdefault("short_name", "")
            new.setdefault("kind", UnitKind.DEPARTMENT)
            new.setdefault("parent", None)
            new.setdefault("is_active", True)
            return RowPlan(row, "create", f"{code} – {new['name']}", values={"code": code, **new})
        current_parent = self.lk.units_by_id.get(existing.parent_id)
        record = {
            "name": existing.name, "short_name": existing.short_name, "kind": existing.kind,
            "parent": current_parent.code if current_parent else None, "is_active": existing.is_active,
        }
        changed = {k: [record[k], v] for k, v in new.items() if k in record and record[k] != v}
        action = "update" if changed else "unchanged"
        return RowPlan(row, action, f"{existing.code} – {existing.name}", pk=existing.pk, values=new, diff=changed)

    def finish(self, plans):
        """Refuse loops of parents among the units of the file."""
        parent_of = {}
        for _code, unit in self.lk.units.items():
            parent = self.lk.units_by_id.get(unit.parent_id)
            parent_of[unit.code.upper()] = parent.code.upper() if parent else None
        for plan in plans:
            if "parent" in plan.values:
                value = plan.values["parent"]
                code = (plan.values.get("code") or self.lk.units_by_id[plan.pk].code).upper()
                parent_of[code] = value.upper() if value else None
        for plan in plans:
            code = (plan.values.get("code") or self.lk.units_by_id[plan.pk].code).upper()
            seen, node = set(), code
            while node is not None and node not in seen:
                seen.add(node)
                node = parent_of.get(node)
            if node == code:
                self.report.error(plan.row, "parent", _("The parent units of this file form a loop."))

    def apply(self, plans, actor, run_id):
        ids = {code.upper(): unit.pk for code, unit in self.lk.units.items()}
        logs = []
        pending = [p for p in plans if p.action == "create"]
        while pending:
            ready = [p for p in pending if not p.values["parent"] or p.values["parent"].upper() in ids]
            if not ready:  # loops are refused by the check; never spin
                raise RuntimeError("unresolvable parents")
            objs = []
            for p in ready:
                v = p.values
                objs.append(Unit(code=v["code"], name=normalize_text(v["name"]), short_name=v["short_name"],
                                 kind=v["kind"], is_active=v["is_active"],
                                 parent_id=ids[v["parent"].upper()] if v["parent"] else None,
                                 search_name=" " + search_key(f"{v['name']} {v['short_name']} {v['code']}")))
            self.bulk_create(Unit, objs)
            for p, obj in zip(ready, objs, strict=True):
                ids[obj.code.upper()] = obj.pk
                logs.append((obj.pk, str(obj), obj.pk, self.action("created"),
                             {"values": {k: plain(v) for k, v in p.values.items()}}))
            done = {id(p) for p in ready}
            pending = [p for p in pending if id(p) not in done]
        updates = [p for p in plans if p.action == "update"]
        if updates:
            objs = []
            for p in updates:
                u = self.lk.units_by_id[p.pk]
                v = {**{"name": u.name, "short_name": u.short_name, "kind": u.kind, "is_active": u.is_active},
                     **{k: p.values[k] for k in p.diff if k != "parent"}}
                parent_id = ids[p.values["parent"].upper()] if p.values.get("parent") else u.parent_id
                objs.append(Unit(pk=u.pk, code=u.code, parent_id=parent_id, **v,
                                 search_name=" " + search_key(f"{v['name']} {v['short_name']} {u.code}")))
                logs.append((u.pk, v["name"], u.pk, self.action("updated"), {"diff": p.diff}))
            Unit.objects.bulk_update(objs, ["name", "short_name", "kind", "is_active", "parent", "search_name"],
                                     batch_size=BATCH)
            units_renamed([o.pk for o in objs])  # the register's sort keys (awards.sortkeys)
        self.tick(len(updates))
        self.log(logs, actor, run_id)


# People ------------------------------------------------------------------------------------------

class PersonHandler(Handler):
    kind = ImportKind.PEOPLE
    model = Person

    def sources(self, years):
        return super().sources(years) + self.people_sources()

    def check(self, rows, progress=None):
        self.lk.load_people()
        self.seen_cccd, self.seen_staff, self.seen_person = {}, {}, {}
        return super().check(rows, progress)

    def check_row(self, row, values):
        lk = self.lk
        unit = self.find_unit(row, values["unit"])
        cccd, staff, name = values.get("cccd"), values.get("staff_code"), values["full_name"]
        if cccd and cccd in self.seen_cccd:
            self.report.error(row, "cccd", _("The CCCD number %(cccd)s is already in row %(row)s.")
                              % {"cccd": cccd, "row": self.seen_cccd[cccd]})
            return None
        if staff and staff in self.seen_staff:
            self.report.error(row, "staff_code", _("The staff code %(code)s is already in row %(row)s.")
                              % {"code": staff, "row": self.seen_staff[staff]})
            return None
        if cccd:
            self.seen_cccd[cccd] = row
        if staff:
            self.seen_staff[staff] = row
        if unit is None:
            return None
        person, by = None, None
        if cccd and cccd in lk.by_cccd:
            person, by = lk.by_cccd[cccd], "cccd"
        elif staff and lk.by_staff.get(staff):
            found = lk.by_staff[staff]
            if len(found) > 1:
                found = [p for p in found if p.unit_id == unit.pk] or found
            if len(found) > 1:
                self.report.error(row, "staff_code",
                                  _("Several people have the staff code %(code)s.") % {"code": staff})
                return None
            person, by = found[0], "staff_code"
            if cccd and person.cccd and person.cccd != cccd:
                self.report.error(row, "staff_code", self.other_person_message("staff_code", staff, person))
                return None
        elif not cccd and not staff:
            found = lk.by_name.get((unit.pk, search_key(name)), [])
            if len(found) > 1:
                self.report.error(row, "full_name", _("Several people are named %(name)s in the unit %(unit)s: give "
                                                      "the CCCD number or staff code.") % {"name": name,
                                                                                          "unit": unit.code})
                return None
            if found:
                person = found[0]
                self.report.warning(row, "full_name", _("Matched by name only: give the CCCD number or staff code "
                                                        "to be sure it is the right person."))
        if person is not None:
            if by and search_key(name) != search_key(person.full_name):
                self.report.error(row, by, self.other_person_message(by, values[by], person))
                return None
            if staff and by == "cccd":
                others = [p for p in lk.by_staff.get(staff, []) if p.pk != person.pk and p.unit_id == unit.pk]
                if others:
                    self.report.error(row, "staff_code", self.other_person_message("staff_code", staff, others[0]))
                    return None
            if not lk.in_scope(person.unit_id):
                self.report.error(row, "full_name", _("%(name)s belongs to a unit outside the unit you import for.")
                                  % {"name": person.full_name})
                return None
            if self.duplicate(self.seen_person, person.pk, row, "full_name"):
                return None
        new = {k: v for k, v in values.items() if k in PERSON_FIELDS}
        if person is None:
            new = {"gender": "", "date_of_birth": None, "cccd": "", "staff_code": "", "position": "",
                   "category": PersonCategory.WORKER, "is_active": True, **new}
            return RowPlan(row, "create", name, values={**new, "unit_id": unit.pk})
        changed = self.compare(person, new, PERSON_FIELDS)
        if unit.pk != person.unit_id:
            changed["unit"] = [lk.units_by_id[person.unit_id].code, unit.code]
        action = "update" if changed else "unchanged"
        return RowPlan(row, action, person.full_name, pk=person.pk, values={**new, "unit_id": unit.pk}, diff=changed)

    def apply(self, plans, actor, run_id):
        today = timezone.localdate()
        logs = []
        creates = [p for p in plans if p.action == "create"]
        objs = [Person(**{**p.values, "full_name": normalize_text(p.values["full_name"])}, search_name="")
                for p in creates]
        for obj in objs:
            obj.search_name = " " + search_key(obj.full_name)
        self.bulk_create(Person, objs)
        # A new person counts as a member from the start of the year of achievement (collective titles of the
        # year find them), not from the day of the import.
        member_since = default_member_since(today)
        memberships = [UnitMembership(person_id=o.pk, unit_id=o.unit_id, start_date=member_since,
                                      position=o.position) for o in objs]
        for p, obj in zip(creates, objs, strict=True):
            logs.append((obj.pk, obj.full_name, obj.unit_id, self.action("created"),
                         {"values": {k: plain(v) for k, v in p.values.items()}}))
        updates = [p for p in plans if p.action == "update"]
        if updates:
            changed_fields = set()
            objs = []
            moved = []
            for p in updates:
                rec = self.lk.person(p.pk)
                data = {f: getattr(rec, f) for f in PERSON_FIELDS}
                data.update({k: p.values[k] for k in p.diff if k in PERSON_FIELDS})
                changed_fields.update(k for k in p.diff if k in PERSON_FIELDS)
                obj = Person(pk=rec.pk, unit_id=p.values["unit_id"], **data)
                obj.search_name = " " + search_key(obj.full_name)
                objs.append(obj)
                if "unit" in p.diff:
                    moved.append(obj)
                logs.append((rec.pk, obj.full_name, obj.unit_id, self.action("updated"), {"diff": p.diff}))
            fields = sorted(changed_fields | {"search_name"}) + (["unit"] if moved else [])
            Person.objects.bulk_update(objs, fields, batch_size=BATCH)
            if "full_name" in changed_fields:
                people_renamed([o.pk for o in objs])  # the register's sort keys (awards.sortkeys)
            if moved:
                ids = [o.pk for o in moved]
                UnitMembership.objects.filter(person_id__in=ids, end_date__isnull=True, start_date__lt=today).update(
                    end_date=today - datetime.timedelta(days=1))
                UnitMembership.objects.filter(person_id__in=ids, end_date__isnull=True).update(end_date=today)
                memberships += [UnitMembership(person_id=o.pk, unit_id=o.unit_id, start_date=today,
                                               position=o.position, note=_("Imported")) for o in moved]
        UnitMembership.objects.bulk_create(memberships, batch_size=BATCH)
        self.tick(len(updates))
        self.log(logs, actor, run_id)


# Appraisals --------------------------------------------------------------------------------------

class AppraisalHandler(Handler):
    kind = ImportKind.APPRAISALS
    model = Appraisal

    def sources(self, years):
        return [*super().sources(years), *self.people_sources(),
                ("appraisals", Appraisal.objects.filter(year__in=years).order_by("pk").values_list(
                    "pk", "person_id", "unit_id", "year", "rating", "note"))]

    def check(self, rows, progress=None):
        years = {v["year"] for _r, v in rows}
        self.existing = {}
        for pk, person_id, unit_id, year, rating, note in Appraisal.objects.filter(year__in=years).values_list(
                "pk", "person_id", "unit_id", "year", "rating", "note"):
            key = ("p", person_id, year) if person_id else ("u", unit_id, year)
            self.existing[key] = (pk, rating, note)
        self.seen = {}
        return super().check(rows, progress)

    def check_row(self, row, values):
        unit = self.find_unit(row, values["unit"])
        person = None
        if any(values.get(k) for k in ("full_name", "cccd", "staff_code")):
            person = self.find_person(row, values, unit)
            if person is None:
                return None
        if unit is None:
            return None
        year = values["year"]
        key = ("p", person.pk, year) if person else ("u", unit.pk, year)
        if self.duplicate(self.seen, key, row, "year"):
            return None
        label = f"{person.full_name if person else unit.code} {year}"
        new = {"rating": values["rating"], "note": values.get("note")}
        found = self.existing.get(key)
        base = {"year": year, "person_id": person.pk if person else None, "unit_id": None if person else unit.pk,
                "log_unit_id": person.unit_id if person else unit.pk}
        if found is None:
            return RowPlan(row, "create", label, values={**base, "rating": new["rating"], "note": new["note"] or ""})
        pk, rating, note = found
        changed = {}
        if rating != new["rating"]:
            changed["rating"] = [rating, new["rating"]]
        if new["note"] is not None and note != new["note"]:
            changed["note"] = [note, new["note"]]
        values = {**base, "rating": new["rating"], "note": new["note"] if new["note"] is not None else note}
        return RowPlan(row, "update" if changed else "unchanged", label, pk=pk, values=values, diff=changed)

    def apply(self, plans, actor, run_id):
        logs = []
        creates = [p for p in plans if p.action == "create"]
        objs = [Appraisal(year=p.values["year"], person_id=p.values["person_id"], unit_id=p.values["unit_id"],
                          rating=p.values["rating"], note=p.values["note"]) for p in creates]
        self.bulk_create(Appraisal, objs)
        for p, obj in zip(creates, objs, strict=True):
            values = {k: v for k, v in p.values.items() if k != "log_unit_id"}
            logs.append((obj.pk, p.label, p.values["log_unit_id"], self.action("created"), {"values": values}))
        updates = [p for p in plans if p.action == "update"]
        Appraisal.objects.bulk_update(
            [Appraisal(pk=p.pk, rating=p.values["rating"], note=p.values["note"]) for p in updates],
            ["rating", "note"], batch_size=BATCH)
        logs += [(p.pk, p.label, p.values["log_unit_id"], self.action("updated"), {"diff": p.diff}) for p in updates]
        self.tick(len(updates))
        self.log(logs, actor, run_id)


# Initiatives -------------------------------------------------------------------------------------

INITIATIVE_FIELDS = ["level", "decision_number", "decision_date", "decision_body", "description"]


class InitiativeHandler(Handler):
    kind = ImportKind.INITIATIVES
    model = Initiative

    def sources(self, years):
        through = Initiative.authors.through
        return [*super().sources(years), *self.people_sources(),
                ("initiatives", Initiative.objects.filter(year__in=years).order_by("pk").values_list(
                    "pk", "title", "unit_id", "year", *INITIATIVE_FIELDS)),
                ("authors", through.objects.filter(initiative__year__in=years).order_by("pk").values_list(
                    "initiative_id", "person_id"))]

    def check(self, rows, progress=None):
        years = {v["year"] for _r, v in rows}
        self.existing = {}
        records = {}
        for rec in Initiative.objects.filter(year__in=years).values("pk", "title", "unit_id", "year",
                                                                    *INITIATIVE_FIELDS):
            rec["authors"] = []
            records[rec["pk"]] = rec
            self.existing[(rec["unit_id"], rec["year"], search_key(rec["title"]))] = rec
        through = Initiative.authors.through
        for ini_id, person_id in through.objects.filter(initiative_id__in=list(records)).values_list(
                "initiative_id", "person_id"):
            records[ini_id]["authors"].append(person_id)
        self.seen = {}
        return super().check(rows, progress)

    def find_author(self, row, token, unit):
        lk = self.lk
        lk.load_people()
        digits = token.replace(" ", "")
        if len(digits) == 12 and digits.isdigit():
            person = lk.by_cccd.get(digits)
        else:
            found = lk.by_staff.get(token, [])
            if len(found) != 1:
                found = lk.by_name.get((unit.pk, search_key(token)), [])
                if len(found) == 1:
                    self.report.warning(row, "authors", _("Author %(name)s matched by name only: give the CCCD "
                                                          "number or staff code to be sure.") % {"name": token})
            person = found[0] if len(found) == 1 else None
        if person is None:
            self.report.error(row, "authors", _("Author “%(value)s” not found: give a CCCD number, a staff code or "
                                                "the full name of a person of the unit.") % {"value": token})
        return person

    def check_row(self, row, values):
        unit = self.find_unit(row, values["unit"])
        if unit is None:
            return None
        authors = []
        for token in values.get("authors", []):
            person = self.find_author(row, token, unit)
            if person is not None and person.pk not in authors:
                authors.append(person.pk)
        if row in self.report.error_rows:
            return None
        title = normalize_text(values["title"])
        key = (unit.pk, values["year"], search_key(title))
        if self.duplicate(self.seen, key, row, "title"):
            return None
        new = {k: values[k] for k in INITIATIVE_FIELDS if k in values}
        found = self.existing.get(key)
        if found is None:
            try:  # the service's own rule, as for an initiative entered by hand
                check_initiative_authors(authors)
            except DomainError as refused:
                self.report.error(row, "authors", refused.message)
                return None
            defaults = {"decision_number": "", "decision_date": None, "decision_body": "", "description": ""}
            return RowPlan(row, "create", title, values={"title": title, "unit_id": unit.pk, "year": values["year"],
                                                         **defaults, **new}, extra={"authors": authors})
        changed = {k: [plain(found[k]), plain(v)] for k, v in new.items() if found[k] != v}
        if "authors" in values and sorted(found["authors"]) != sorted(authors):
            changed["authors"] = [sorted(found["authors"]), sorted(authors)]
        merged = {**{k: found[k] for k in INITIATIVE_FIELDS}, **new}
        return RowPlan(row, "update" if changed else "unchanged", found["title"], pk=found["pk"],
                       values={"unit_id": unit.pk, **merged}, diff=changed, extra={"authors": authors})

    def apply(self, plans, actor, run_id):
        through = Initiative.authors.through
        logs, links = [], []
        creates = [p for p in plans if p.action == "create"]
        objs = [Initiative(**p.values) for p in creates]
        self.bulk_create(Initiative, objs)
        for p, obj in zip(creates, objs, strict=True):
            links += [through(initiative_id=obj.pk, person_id=a) for a in p.extra["authors"]]
            logs.append((obj.pk, obj.title, obj.unit_id, self.action("created"),
                         {"values": {**{k: plain(v) for k, v in p.values.items()}, "authors": p.extra["authors"]}}))
        updates = [p for p in plans if p.action == "update"]
        Initiative.objects.bulk_update(
            [Initiative(pk=p.pk, **{k: p.values[k] for k in INITIATIVE_FIELDS}) for p in updates],
            INITIATIVE_FIELDS, batch_size=BATCH)
        relinked = [p for p in updates if "authors" in p.diff]
        through.objects.filter(initiative_id__in=[p.pk for p in relinked]).delete()
        for p in relinked:
            links += [through(initiative_id=p.pk, person_id=a) for a in p.extra["authors"]]
        through.objects.bulk_create(links, batch_size=BATCH)
        logs += [(p.pk, p.label, p.values["unit_id"], self.action("updated"), {"diff": p.diff}) for p in updates]
        self.tick(len(updates))
        self.log(logs, actor, run_id)


# Past awards -------------------------------------------------------------------------------------

AWARD_FIELDS = ["method", "decision_date", "decision_authority", "decision_signer", "amount", "note"]


class AwardHandler(Handler):
    kind = ImportKind.AWARDS
    model = Award

    def sources(self, years):
        return [*super().sources(years), *self.people_sources(),
                ("types", AwardType.objects.order_by("pk").values_list(
                    "pk", "code", "name", "for_individuals", "for_collectives")),
                ("awards", Award.objects.filter(year__in=years).order_by("pk").values_list(
                    "pk", "award_type_id", "person_id", "unit_id", "year", "decision_number", "revoked",
                    *AWARD_FIELDS)),
                # the law's amount of a past decision without one (law_amount)
                ("coefficients", RewardCoefficient.objects.order_by("pk").values_list()),
                ("salaries", BaseSalary.objects.order_by("pk").values_list()),
                ("authorities", ConferringAuthority.objects.order_by("pk").values_list())]

    def check(self, rows, progress=None):
        self.types = list(AwardType.objects.only("pk", "code", "name", "for_individuals", "for_collectives"))
        self.type_by_code = {t.code.upper(): t for t in self.types}
        self.type_by_name = {}
        for t in self.types:
            self.type_by_name.setdefault(search_key(t.name), []).append(t)
        years = {v["year"] for _r, v in rows}
        self.existing = {}
        self.in_register = {}  # register_key -> decision number of the award the register holds (not revoked)
        for rec in Award.objects.filter(year__in=years).values_list(
                "pk", "award_type_id", "person_id", "unit_id", "year", "decision_number", "revoked", *AWARD_FIELDS):
            pk, type_id, person_id, unit_id, year, number, revoked, *rest = rec
            key = (type_id, person_id, None if person_id else unit_id, year, number.casefold())
            self.existing[key] = (pk, unit_id, dict(zip(AWARD_FIELDS, rest, strict=True)))
            if not revoked:
                self.in_register[register_key(type_id, year, person_id, unit_id)] = number.casefold()
        self.seen = {}
        return super().check(rows, progress)

    def find_type(self, row, values):
        code, name = values.get("award_code"), values.get("award_name")
        if code:
            found = self.type_by_code.get(code.upper())
            if found is None:
                self.report.error(row, "award_code", self.unknown_type(code))
            return found
        if not name:
            self.report.error(row, "award_name", _("Give the award code or the name of the title or form."))
            return None
        found = self.type_by_name.get(search_key(name), [])
        if len(found) > 1:
            self.report.error(row, "award_name", _("Several award types are named “%(name)s”: give the award code.")
                              % {"name": name})
            return None
        if not found:
            self.report.error(row, "award_name", self.unknown_type(name))
            return None
        return found[0]

    def unknown_type(self, text):
        hint = closest(text, [t.name for t in self.types] + [t.code for t in self.types])
        message = _("Unknown award type “%(value)s”.") % {"value": text}
        if hint:
            message += " " + _("Did you mean “%(hint)s”?") % {"hint": hint}
        return message

    def check_row(self, row, values):
        award_type = self.find_type(row, values)
        unit = self.find_unit(row, values["unit"])
        person = None
        if any(values.get(k) for k in ("full_name", "cccd", "staff_code")):
            person = self.find_person(row, values, unit)
            if person is None:
                return None
        if award_type is None or unit is None:
            return None
        type_column = "award_code" if values.get("award_code") else "award_name"
        try:  # the register's own rule, as for an award entered by hand
            check_award_recipient(award_type, person)
        except DomainError as refused:
            self.report.error(row, type_column, refused.message)
            return None
        type_id, type_name = award_type.pk, award_type.name
        number = values.get("decision_number", "")
        year = values["year"]
        key = (type_id, person.pk if person else None, None if person else unit.pk, year, number.casefold())
        twin = register_key(type_id, year, person.pk if person else None, unit.pk)
        if self.duplicate(self.seen, twin, row, "decision_number"):
            return None
        if key not in self.existing and self.in_register.get(twin, number.casefold()) != number.casefold():
            self.report.error(row, "year", already_in_register(award_type, year).message)
            return None
        label = f"{type_name} – {person.full_name if person else unit.code} ({year})"
        new = {k: values[k] for k in AWARD_FIELDS if k in values}
        found = self.existing.get(key)
        if found is None:
            kind = RecipientKind.INDIVIDUAL if person else RecipientKind.COLLECTIVE
            if new.get("amount") is None and new.get("decision_date"):  # a past decision gets the law's amount
                new["amount"] = self.law_amount(award_type, kind, new["decision_date"],
                                                new.get("decision_authority", ""))
            return RowPlan(row, "create", label, values={
                "award_type_id": type_id, "person_id": person.pk if person else None, "unit_id": unit.pk,
                "recipient_kind": kind,
                "year": year, "decision_number": number, "method": AwardMethod.REGULAR, "decision_date": None,
                "decision_authority": "", "decision_signer": "", "amount": None, "note": "",
                # the person's category when the award is recorded: statistics count it as it was then
                "person_category": getattr(person, "category", "") if person else "", **new})
        pk, unit_id, record = found
        changed = {k: [plain(record[k]), plain(v)] for k, v in new.items() if record[k] != v}
        if unit_id != unit.pk:
            changed["unit"] = [self.lk.units_by_id[unit_id].code, unit.code]
        return RowPlan(row, "update" if changed else "unchanged", label, pk=pk,
                       values={**record, **new, "unit_id": unit.pk}, diff=changed)

    def law_amount(self, award_type, kind, on, authority_text):
        """The reward the law gave on the decision date (coefficient × base salary then), once per combination."""
        cache = self.__dict__.setdefault("_amounts", {})
        key = (award_type.pk, kind, on, authority_text)
        if key not in cache:
            cache[key] = reward_amount(award_type, kind, on, authority=resolve_authority(authority_text))
        return cache[key]

    def apply(self, plans, actor, run_id):
        logs = []
        creates = [p for p in plans if p.action == "create"]
        columns = ["award_type_id", "person_id", "unit_id", "recipient_kind", "year", "method", "decision_number",
                   "decision_date", "decision_signer", "decision_authority", "amount", "revoked", "note",
                   "person_category"]
        adapt = connection.ops.adapt_datefield_value
        # the register's stored sort keys (awards.sortkeys) go in with the rows: read once, not an UPDATE after
        orders, names = sort_key_sources(creates)
        rows = [(*(adapt(p.values["decision_date"]) if c == "decision_date" else
                   False if c == "revoked" else p.values[c] for c in columns),
                 orders[p.values["award_type_id"]],
                 *names[("p", p.values["person_id"]) if p.values["person_id"] else ("u", p.values["unit_id"])])
                for p in creates]
        ids = insert_rows(Award, [*columns, "type_order", "recipient_key", "recipient_name"], rows, returning=True)
        # a raw insert sends no signal: the statistics summary recounts the years and award types written
        refresh_award_counts({(p.values["year"], p.values["award_type_id"]) for p in creates})
        self.tick(len(ids))
        for p, pk in zip(creates, ids, strict=True):
            logs.append((pk, p.label, p.values["unit_id"], self.action("created"),
                         {"values": {k: plain(v) for k, v in p.values.items()}}))
        updates = [p for p in plans if p.action == "update"]
        Award.objects.bulk_update([Award(pk=p.pk, **p.values) for p in updates], [*AWARD_FIELDS, "unit"],
                                  batch_size=BATCH)
        awards_written([p.pk for p in updates])
        logs += [(p.pk, p.label, p.values["unit_id"], self.action("updated"), {"diff": p.diff}) for p in updates]
        self.tick(len(updates))
        self.log(logs, actor, run_id)


HANDLERS = {h.kind: h for h in (UnitHandler, PersonHandler, AppraisalHandler, InitiativeHandler, AwardHandler)}
