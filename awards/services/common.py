"""Helpers shared by the awards services: role and state guards, logged create and update."""

from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import diff, log_action, snapshot
from emulation.errors import DomainError
from emulation.notifications import clerks_of
from emulation.roles import roles_of

from ..enums import TRANSITIONS
from ..models import Nomination


def _guard(actor, perm, obj=None):
    if not actor.has_perm(perm, obj):
        raise DomainError(_("Your role may not make this change."))


def _m2m(values, name):
    items = values.pop(name, None)
    return None if items is None else list(items)


def _ids(items):
    return sorted(i.pk for i in items)


def _create(model, actor, action, fields, values, m2m=None):
    obj = model(**values)
    obj.save()
    data = snapshot(obj, fields)
    for name, items in (m2m or {}).items():
        if items is not None:
            getattr(obj, name).set(items)
            data[name] = _ids(items)
    log_action(actor, action, obj, data={"values": data})
    return obj


def _update(obj, actor, action, fields, changes, m2m=None):
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    before = snapshot(obj, fields)
    for key, value in changes.items():
        setattr(obj, key, value)
    after = snapshot(obj, fields)
    changed = diff(before, after)
    if changed:
        obj.save(update_fields=[obj._meta.get_field(k).name for k in changed])
    for name, items in (m2m or {}).items():
        if items is None:
            continue
        old = sorted(getattr(obj, name).values_list("pk", flat=True))
        if old != _ids(items):
            getattr(obj, name).set(items)
            changed[name] = [old, _ids(items)]
    if changed:
        log_action(actor, action, obj, data={"diff": changed})
    return obj






def _fresh(obj):
    """The row as stored (a bound ModelForm has already copied the new values onto the instance it got)."""
    return None if obj is None else type(obj).objects.select_for_update().get(pk=obj.pk)


def _merged(obj, changes, fields):
    values = {f: getattr(obj, f) for f in fields} if obj is not None else {}
    values.update(changes)
    return values




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


def _verdict_fields(verdict, now):
    return {
        "verdict_eligible": verdict.eligible,
        "verdict_reasons": [str(r) for r in verdict.reasons],
        "verdict_warnings": [str(w) for w in verdict.warnings],
        "verdict_evidence": verdict.evidence or {},
        "verdict_checked_at": now,
    }


def check_year_not_future(year, field="year"):
    """A year of achievement still to come is refused: an achievement is judged once it is made."""
    if year is not None and int(year) > timezone.localdate().year:
        raise DomainError(_("The year of achievement %(year)s has not come yet: an achievement is judged after it "
                            "is made.") % {"year": year}, field=field)
