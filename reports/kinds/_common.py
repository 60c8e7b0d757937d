"""Helpers shared by report modules."""

from django.utils.formats import date_format
from django.utils.translation import pgettext

from emulation.roles import roles_of

from ..pdf import letterhead_data


def sees_everything(user):
    return roles_of(user).sees_everything


def has_any_role(user):
    r = roles_of(user)
    return r.sees_everything or r.is_clerk


def document(doc_type, title, subtitle="", **overrides):
    """The header and footer data of the shared layout: the letterhead plus this document's type and title."""
    doc = letterhead_data()
    doc.update({"doc_type": str(doc_type), "title": str(title), "subtitle": str(subtitle)})
    doc.update(overrides)
    return doc


def ddmmyyyy(value):
    return date_format(value, "d/m/Y") if value else ""


def int_param(params, name):
    try:
        return int(params.get(name))
    except (TypeError, ValueError):
        return None


def total_label():
    """"Total" with the reports' own context: another app's catalogue may translate the bare word differently."""
    return pgettext("report", "Total")
