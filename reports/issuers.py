"""Who signs the drafted documents of an issuing body (``IssuerSetting``): the look-up and the board's changes.

``issuer_for(body=…, unit=…, on=…)`` finds the row in force on a day for a unit (its own row, else the row
named like it) or for an issuing body's text (``Decision.authority``). A document whose body has no row is not
rendered: ``MissingIssuer`` carries the message the board sees, with the link to the settings."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import diff, log_action, snapshot
from emulation.errors import DomainError
from emulation.rules import is_board

from .models import IssuerSetting, body_key

FIELDS = ["issuing_body", "unit", "parent_body", "place", "enacting", "on_behalf", "capacity", "signer_title",
          "signer_name", "bases", "addressee", "executors", "recipients", "valid_from", "valid_to", "legal_basis"]


class MissingIssuer(DomainError):
    """No signer is set for an issuing body on the document's date."""

    def __init__(self, body, on):
        self.body = body
        self.on = on
        super().__init__(_("No signer is set for “%(body)s” on %(date)s: the board sets who signs its documents, and "
                           "where, under Settings → Signers of documents.")
                         % {"body": body, "date": on.strftime("%d/%m/%Y")})


def issuer_for(body=None, unit=None, on=None):
    """The ``IssuerSetting`` in force on ``on`` (default today) for ``unit`` or the body's text, or None."""
    on = on or timezone.localdate()
    rows = IssuerSetting.objects.in_force(on)
    if unit is not None:
        row = rows.filter(unit=unit).first()
        if row is not None:
            return row
        body = body or unit.name
    if not body:
        return None
    return rows.filter(key=body_key(body)).first()


def require_issuer(body=None, unit=None, on=None):
    on = on or timezone.localdate()
    row = issuer_for(body, unit, on)
    if row is None:
        raise MissingIssuer(body or (unit.name if unit is not None else ""), on)
    return row


def _require_board(actor):
    if not is_board(actor):
        raise DomainError(_("Only the emulation and commendation board sets who signs documents."))


@transaction.atomic
def create_issuer(actor, **values):
    _require_board(actor)
    row = IssuerSetting(**values)
    row.save()
    data = {"values": snapshot(row, FIELDS)}
    if row.superseded is not None:
        data["closed"] = {"id": row.superseded.pk, "valid_to": row.superseded.valid_to.isoformat()}
    log_action(actor, "reports.issuer.created", row, data=data)
    return row


@transaction.atomic
def update_issuer(row, actor, **values):
    row = IssuerSetting.objects.select_for_update().get(pk=row.pk)
    _require_board(actor)
    before = snapshot(row, FIELDS)
    for key, value in values.items():
        setattr(row, key, value)
    changes = diff(before, snapshot(row, FIELDS))
    if changes:
        row.save(update_fields=list(changes))
        log_action(actor, "reports.issuer.updated", row, data={"diff": changes})
    return row
