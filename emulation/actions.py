"""Readable activity-log entries: a label for every action code and diffs in the users' words.

Every app lists the action codes its services write (``emulation.audit.log_action``) in
``<app>/actions.py``::

    LABELS = {"pledges.pledge.signed": _("Sign the pledge"), ...}

and, only where a diff does not hold fields of the logged object itself::

    DIFF_MODELS = {"pledges.pledge.commitment_updated": "pledges.Commitment"}  # whose fields the keys are
    DIFF_KEYS = {"blocs.scorecard.draft_saved": _("Criterion %(key)s")}  # keys that are no field

A ``DIFF_KEYS`` text gets ``%(key)s``; a key "<head>.<field>" (pledge fulfilment lines: "2.result") also
gets ``%(head)s`` and ``%(field)s``. ``tests/emulation/test_history_labels.py`` scans the source: a code
written anywhere without a label here fails the build. Admin edits (``emulation.admin_base.LoggedModelAdmin``)
write ``<app>.<model>.admin_added/admin_changed/admin_deleted`` for any model: ``GENERIC_VERBS`` labels them
("<Model>: changed in the administration site"), no entry needed.

This module holds the core's own labels (``emulation.*``) and collects the others.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .registry import _modules
from .security import mask_cccd, mask_date
from .text import search_key

LABELS = {
    "emulation.unit.created": _("Create the unit"),
    "emulation.unit.updated": _("Edit the unit's details"),
    "emulation.unit.members_since": _("Record the unit's people as members from a past date"),
    "emulation.person.created": _("Add the person"),
    "emulation.person.updated": _("Edit the person's details"),
    "emulation.person.moved": _("Move the person to another unit"),
    "emulation.unit.reorganised": _("Reorganisation of units"),
    "emulation.unit_event.rename": _("Record a renaming of a unit"),
    "emulation.unit_event.merge": _("Record a merger of units"),
    "emulation.unit_event.split": _("Record a split of a unit"),
    "emulation.unit_event.dissolve": _("Record a dissolution of a unit"),
    "emulation.unit_event.move": _("Record a move of a unit to another parent"),
    "emulation.person.viewed": _("Open the person's record"),
    "emulation.person.data_revealed": _("Reveal the CCCD number and date of birth"),
    "emulation.personal_data.exported": _("Export personal data in full"),
    "emulation.login.failed": _("Failed sign-in"),
    "emulation.login.locked_out": _("Sign-in locked after too many wrong passwords"),
    "emulation.login.unlocked": _("Unlock a sign-in"),
    "emulation.account.two_factor_enabled": _("Turn on two-factor sign-in"),
    "emulation.account.two_factor_disabled": _("Turn off two-factor sign-in"),
}

GENERIC_VERBS = {
    "created": _("created"),
    "added": _("created"),
    "updated": _("changed"),
    "changed": _("changed"),
    "deleted": _("deleted"),
    "removed": _("deleted"),
    # emulation.admin_base.LoggedModelAdmin writes "<app>.<model>.admin_added/admin_changed/admin_deleted"
    "admin_added": _("created in the administration site"),
    "admin_changed": _("changed in the administration site"),
    "admin_deleted": _("deleted in the administration site"),
}
ADMIN_VERBS = ("admin_added", "admin_changed", "admin_deleted")
MAX_VALUE_CHARS = 120
MASKED_FIELDS = {"cccd": mask_cccd, "date_of_birth": mask_date}


@cache
def _catalogue():
    labels, diff_models, diff_keys = {}, {}, {}
    for module in _modules("actions"):
        labels.update(getattr(module, "LABELS", {}))
        diff_models.update(getattr(module, "DIFF_MODELS", {}))
        diff_keys.update(getattr(module, "DIFF_KEYS", {}))
    return labels, diff_models, diff_keys


def labels():
    """Every known code → its (lazy) label."""
    return _catalogue()[0]


def _model_of_code(code):
    parts = code.split(".")
    if len(parts) != 3:
        return None
    try:
        return apps.get_model(parts[0], parts[1].replace("_", ""))
    except LookupError:
        return None


def is_admin_code(code):
    """A code written by an admin edit (``LoggedModelAdmin``): labelled for every model, no entry needed."""
    return code.rsplit(".", 1)[-1] in ADMIN_VERBS and _model_of_code(code) is not None


def action_label(code, model=None):
    """The label of an action code; for an unknown code a readable stand-in (never the code alone)."""
    label = labels().get(code)
    if label is not None:
        return str(label)
    model = model or _model_of_code(code)
    subject = capfirst(model._meta.verbose_name) if model is not None else gettext("Change")
    verb = GENERIC_VERBS.get(code.rsplit(".", 1)[-1], _("other change"))
    return gettext("%(subject)s: %(change)s") % {"subject": subject, "change": verb}


_grouped = {}


def grouped_labels():
    """``[(app name, [(code, label)])]`` in INSTALLED_APPS order, labels sorted: for a filter select. Worked out
    once per language (sorting two hundred labels by their search form took a few milliseconds per page); callers
    must not change it."""
    language = get_language()
    if language not in _grouped:
        _grouped[language] = _grouped_labels()
    return _grouped[language]


def _grouped_labels():
    groups = defaultdict(list)
    for code, label in labels().items():
        groups[code.split(".", 1)[0]].append((code, str(label)))
    out = []
    for config in apps.get_app_configs():
        if config.label in groups:
            items = sorted(groups[config.label], key=lambda item: search_key(item[1]))
            out.append((str(config.verbose_name), config.label + ".", items))
    return out


def action_choices(selected=""):
    """The activity log's action filter: ``(grouped_labels(), other)``, ``other`` being ``selected`` when it
    is none of the options (free text from an older link) so that the page still shows what filters it."""
    groups = grouped_labels()
    options = {prefix for _app, prefix, _items in groups} | {code for *_head, items in groups for code, _l in items}
    return groups, (selected if selected and selected not in options else "")


def codes_matching(text):
    """Codes whose label contains ``text`` (ignoring case and Vietnamese diacritics)."""
    key = search_key(text)
    if not key:
        return []
    return sorted(code for code, label in labels().items() if key in search_key(label))


@dataclass
class Change:
    field: str
    old: str
    new: str


def _field(model, name):
    if model is None or not isinstance(name, str):
        return None
    for candidate in (name, name[:-3] if name.endswith("_id") else None):
        if not candidate:
            continue
        try:
            field = model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
        if getattr(field, "verbose_name", None):
            return field
    return None


def _key(code, key, model, diff_keys):
    """``(label, field or None)`` of one diff key."""
    field = _field(model, key)
    if field is not None:
        return capfirst(field.verbose_name), field
    head, _dot, tail = str(key).rpartition(".")
    tail_field = _field(model, tail) if head else None
    text = diff_keys.get(code)
    if text is not None:
        name = tail_field.verbose_name if tail_field is not None else tail
        return capfirst(str(text) % {"key": key, "head": head or key, "field": name}), tail_field
    if tail_field is not None:
        return f"{head} – {capfirst(tail_field.verbose_name)}", tail_field
    return capfirst(str(key).replace("_", " ")), None


def _is_pk(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _show(field, value, names):
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(field, v, names) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(None, v, names)}" for k, v in value.items())
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field is not None and field.model._meta.label == "emulation.Person" and field.name in MASKED_FIELDS:
        # personal data: masked in histories and the activity log too (revealed only on the person page)
        return MASKED_FIELDS[field.name](parse_date(str(value)[:10]) if field.name == "date_of_birth" else value)
    if field is not None:
        if field.is_relation:
            if _is_pk(value):
                return names.get((field.related_model, value), str(value))
        elif field.choices:
            return str(dict(field.flatchoices).get(value, value))
        elif isinstance(field, models.DateTimeField) and isinstance(value, str):
            moment = parse_datetime(value)
            if moment is not None:
                if timezone.is_aware(moment):
                    moment = timezone.localtime(moment)
                return date_format(moment, "d/m/Y H:i")
        elif isinstance(field, models.DateField) and isinstance(value, str):
            day = parse_date(value[:10])
            if day is not None:
                return date_format(day, "d/m/Y")
        elif isinstance(field, (models.DecimalField, models.FloatField)):
            return _decimal_comma(str(value))
    elif isinstance(value, (Decimal, float)) or (isinstance(value, str) and DECIMAL_TEXT.fullmatch(value)):
        # a value without a model field (a criterion's points keyed by its code): "4,5" as on the pages
        return _decimal_comma(str(value))
    return Truncator(str(value)).chars(MAX_VALUE_CHARS)


DECIMAL_TEXT = re.compile(r"-?\d+\.\d+")


def _decimal_comma(text):
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _entry_model(entry):
    if entry.content_type_id is None:
        return None
    if type(entry)._meta.get_field("content_type").is_cached(entry):  # select_related: no query
        return entry.content_type.model_class()
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def describe(entries, model=None):
    """Give each activity-log entry ``label``, ``label_known`` and ``changes`` (a list of ``Change``).

    ``model`` is the model of every entry (the history tab of one object); otherwise each entry's content
    type is used (select_related it). Foreign keys in the diffs are looked up once per related model, so
    the number of queries does not grow with the entries. Returns the entries as a list.
    """
    entries = list(entries)
    known, diff_models, diff_keys = _catalogue()
    rows, wanted = [], defaultdict(set)
    for entry in entries:
        entry_model = model or _entry_model(entry)
        entry.label = action_label(entry.action, entry_model)
        entry.label_known = entry.action in known or is_admin_code(entry.action)
        diff = entry.data.get("diff") if isinstance(entry.data, dict) else None
        target = apps.get_model(diff_models[entry.action]) if entry.action in diff_models else entry_model
        changes = []
        for key, pair in (diff.items() if isinstance(diff, dict) else ()):
            old, new = pair if isinstance(pair, (list, tuple)) and len(pair) == 2 else (None, pair)
            if old == new:  # logged for completeness (e.g. "changed to" left empty): nothing to show
                continue
            label, field = _key(entry.action, key, target, diff_keys)
            if field is not None and field.is_relation:
                for value in (old, new):
                    for pk in value if isinstance(value, list) else [value]:
                        if _is_pk(pk):
                            wanted[field.related_model].add(pk)
            changes.append((label, field, old, new))
        rows.append((entry, changes))
    names = {}
    for related, pks in wanted.items():
        for pk, obj in related._default_manager.in_bulk(sorted(pks)).items():
            names[(related, pk)] = str(obj)
    for entry, changes in rows:
        entry.changes = [Change(label, _show(field, old, names), _show(field, new, names))
                         for label, field, old, new in changes]
    return entries
