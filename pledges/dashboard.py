"""Home-page panels: the clerk's pledge to sign and report on; the bloc leader's missing signatures."""

from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.registry import Panel

from .selectors import pledges_missing_signatures, pledges_to_sign, reports_to_confirm, reports_to_write


def panels(request, roles, year):
    out = []
    user = request.user
    if roles.is_clerk:
        to_sign = pledges_to_sign(user)
        if to_sign:
            out.append(Panel(_("Pledge to sign"), "pledges/_panel_sign.html", {"items": to_sign}, order=12,
                             count=sum(len(units) for _p, units in to_sign)))
        missing = pledges_missing_signatures(user)
        if missing:
            out.append(Panel(_("Signatures missing"), "pledges/_panel_sign.html", {"items": missing}, order=13,
                             count=sum(len(units) for _p, units in missing)))
        to_write = reports_to_write(user)
        if to_write:
            links = [(f"{pledge.title} – {unit.display_name}", reverse("pledges:report", args=[pledge.pk, unit.pk]))
                     for pledge, unit in to_write]
            out.append(Panel(_("Pledge fulfilment to report"), "emulation/_panel_links.html", {"links": links},
                             order=14, count=len(links)))
    if roles.is_clerk or roles.manages_everything:
        to_confirm = list(reports_to_confirm(user)[:20])
        if to_confirm:
            links = [(f"{r.unit.display_name} – {r.pledge.title}",
                      reverse("pledges:report", args=[r.pledge_id, r.unit_id])) for r in to_confirm]
            out.append(Panel(_("Pledge fulfilment to confirm"), "emulation/_panel_links.html", {"links": links},
                             order=16, count=len(links)))
    return out
