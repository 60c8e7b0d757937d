"""The criteria set of a bloc year: settings, criteria, order, the Excel import, and what keeps it from
opening for scoring."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from emulation.audit import diff, log_action, snapshot
from emulation.errors import DomainError

from ..enums import BlocYearState
from ..models import CriteriaSet, Criterion
from ..scoring import fmt_points
from ._common import _fmt, _require

CRITERION_FIELDS = ["parent", "is_section", "code", "title", "guidance", "kind", "max_points", "evidence_required"]


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
