"""Home-page panels: the clerk's scorecards to fill, the bloc leader's scorecards to review and
vote to record, the board's scorecards to finalise."""

from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.dashboard import shared
from emulation.registry import Panel

from . import selectors
from .enums import ScorecardState


def led_bloc_years(request, roles):
    """The bloc years the clerk's units head or deputise (``selectors.led_bloc_years``), read once per request
    for the bloc leader's panels of every app (blocs, pledges, reports)."""
    return shared(request, "led_bloc_years", lambda: selectors.led_bloc_years(roles.clerk_unit_ids))


def panels(request, roles, year):
    user = request.user
    out = []
    states = {value: str(label) for value, label in ScorecardState.choices}
    if roles.is_clerk:
        links = []
        for c in selectors.scorecards_to_fill(user)[:20]:
            label = f"{c['bloc_name']} {c['year']} – {states.get(c['state'], c['state'])}"
            if c["deadline"]:
                label += " · " + _("deadline %(date)s") % {"date": c["deadline"].strftime("%d/%m/%Y")}
            links.append((label, reverse("blocs:scorecard", args=[c["pk"]])))
        if links:
            out.append(Panel(_("Scorecards to fill in"), "emulation/_panel_links.html", {"links": links},
                             order=20, count=len(links)))
        led = led_bloc_years(request, roles)
        review = list(selectors.scorecards_to_review(user)[:20]) if led else []
        votes = selectors.votes_to_record(user, led=led)
        if review or votes:
            links = [(f"{c['unit_name']} ({c['bloc_name']} {c['year']}) – {states.get(c['state'], c['state'])}",
                      reverse("blocs:scorecard_review", args=[c["pk"]])) for c in review]
            links += [(_("Record the vote of %(bloc_year)s") % {"bloc_year": by}, reverse("blocs:vote", args=[by.pk]))
                      for by in votes]
            out.append(Panel(_("Bloc leader: to review"), "emulation/_panel_links.html", {"links": links},
                             order=21, count=len(links)))
    if roles.manages_everything:
        cards = list(selectors.scorecards_to_finalise()[:20])
        votes = list(selectors.votes_to_record(user))
        links = [(f"{c['unit_name']} ({c['bloc_name']} {c['year']})", reverse("blocs:scorecard_review", args=[c["pk"]]))
                 for c in cards]
        links += [(_("Vote of %(bloc_year)s not recorded yet") % {"bloc_year": by}, reverse("blocs:vote", args=[by.pk]))
                  for by in votes]
        links.append((_("All emulation blocs"), reverse("blocs:bloc_list")))
        out.append(Panel(_("Bloc scorecards to finalise"), "emulation/_panel_links.html", {"links": links},
                         order=22, count=len(cards)))
    return out
