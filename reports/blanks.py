"""Changes of certificate blanks (the board sets each field's position and nudges the offset), logged."""

from django.db import transaction
from django.utils.translation import gettext as _

from emulation.audit import diff, log_action, snapshot
from emulation.errors import DomainError
from emulation.rules import is_board

from .models import CertificateBlank

FIELDS = [f.name for f in CertificateBlank._meta.concrete_fields if not f.primary_key]


def _require_board(actor):
    if not is_board(actor):
        raise DomainError(_("Only the emulation and commendation board manages certificate blanks."))


def _check(values):
    width, height = values.get("page_width"), values.get("page_height")
    for field in CertificateBlank.FIELDS:
        x, y = values.get(f"{field}_x"), values.get(f"{field}_y")
        if x is not None and width is not None and not 0 <= x <= width:
            raise DomainError(_("A position must lie on the sheet (0 to %(max)s mm).") % {"max": width},
                              field=f"{field}_x")
        if y is not None and height is not None and not 0 <= y <= height:
            raise DomainError(_("A position must lie on the sheet (0 to %(max)s mm).") % {"max": height},
                              field=f"{field}_y")


@transaction.atomic
def create_blank(actor, **values):
    _require_board(actor)
    _check(values)
    if CertificateBlank.objects.filter(name=values.get("name", "")).exists():
        raise DomainError(_("A blank with this name already exists."), field="name")
    blank = CertificateBlank.objects.create(**values)
    log_action(actor, "reports.certificate_blank.created", blank, data={"values": snapshot(blank, FIELDS)})
    return blank


@transaction.atomic
def update_blank(blank, actor, **values):
    """Change any field of a blank, the offset included (a nudge is an update of ``offset_x``/``offset_y``)."""
    blank = CertificateBlank.objects.select_for_update().get(pk=blank.pk)
    _require_board(actor)
    _check({**{f: getattr(blank, f) for f in FIELDS}, **values})
    if "name" in values and CertificateBlank.objects.filter(name=values["name"]).exclude(pk=blank.pk).exists():
        raise DomainError(_("A blank with this name already exists."), field="name")
    before = snapshot(blank, FIELDS)
    for key, value in values.items():
        setattr(blank, key, value)
    changes = diff(before, snapshot(blank, FIELDS))
    if changes:
        blank.save(update_fields=list(changes))
        log_action(actor, "reports.certificate_blank.updated", blank, data={"diff": changes})
    return blank
