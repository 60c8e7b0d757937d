"""Home-page panels: the clerk's pledge to sign and report on; the bloc leader's missing signatures."""

from django.urls import reverse
from django.utils.translation import gettext as _

from blocs.dashboard import led_bloc_years
from emulation.registry import Panel

from .selectors import clerk_pledge_work, pledges_missing_signatures, reports_to_confirm


def panels(request, roles, year):
    out = []
    user = request.user
    led = None
    if roles.is_clerk:
        led = led_bloc_years(request, roles)
        to_sign, to_write = clerk_pledge_work(roles.clerk_unit_ids)
        if to_sign:
            out.append(Panel(_("Pledge to sign"), "pledges/_panel_sign.html", {"items": to_sign}, order=12,
                             count=sum(len(units) for _p, units in to_sign)))
        missing = pledges_missing_signatures(user, led=led)
        if missing:
            out.append(Panel(_("Signatures missing"), "pledges/_panel_sign.html", {"items": missing}, order=13,
                             count=sum(len(units) for _p, units in missing)))
        if to_write:
            links = [(f"{pledge['title']} – {unit['display_name']}",
                      reverse("pledges:report", args=[pledge["pk"], unit["pk"]])) for pledge, unit in to_write]
            out.append(Panel(_("Pledge fulfilment to report"), "emulation/_panel_links.html", {"links": links},
                             order=14, count=len(links)))
    if roles.is_clerk or roles.manages_everything:
        to_confirm = list(reports_to_confirm(user, led=led)[:20])
        if to_confirm:
            links = [(f"{r['unit_short_name'] or r['unit_name']} – {r['pledge_title']}",
                      reverse("pledges:report", args=[r["pledge_id"], r["unit_id"]])) for r in to_confirm]
            out.append(Panel(_("Pledge fulfilment to confirm"), "emulation/_panel_links.html", {"links": links},
                             order=16, count=len(links)))
    return out
