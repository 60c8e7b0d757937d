"""The activity log: ``log_action`` and the snapshot/diff helpers every service uses."""

import datetime
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ActivityLog


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name or ""
    return value


def snapshot(instance, fields):
    """The values of ``fields`` as JSON-friendly data (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = field.attname if field.is_relation else name
        out[name] = _plain(getattr(instance, attname))
    return out


def diff(before, after):
    """``{field: [old, new]}`` for every field whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def log_action(actor, action, obj=None, unit=None, data=None, *, save=True, object_repr=None, unit_id=None,
               object_pk=None):
    """Write one activity-log entry. Call it inside the transaction of the change.

    With ``save=False`` the entry is returned unsaved, for ``log_actions`` to write many at once (imports);
    ``object_repr`` and ``unit_id`` then spare a query per object, and ``obj`` may be the model with the
    record's ``object_pk`` (no instance built per row)."""
    entry = ActivityLog(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        data=data or {},
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk if object_pk is None else object_pk)
        entry.object_repr = (str(obj) if object_repr is None else str(object_repr))[:255]
        if unit is None and unit_id is None and not isinstance(obj, type):  # a model: the caller gives the unit
            unit_id = getattr(obj, "unit_id", None)
            if unit_id is None and obj._meta.model_name == "unit":
                unit_id = obj.pk
    if unit_id is not None:
        entry.unit_id = unit_id
    if unit is not None:
        entry.unit = unit
    if save:
        entry.save()
    return entry


def log_actions(entries, batch_size=2000):
    """Write unsaved entries of ``log_action(..., save=False)`` with one bulk insert per batch."""
    return ActivityLog.objects.bulk_create(entries, batch_size=batch_size)
