"""Home-page panels: the clerk's scorecards to fill, the bloc leader's scorecards to review and
vote to record, the board's scorecards to finalise."""

from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.registry import Panel

from . import selectors


def panels(request, roles, year):
    user = request.user
    out = []
    if roles.is_clerk:
        cards = list(selectors.scorecards_to_fill(user)[:20])
        links = []
        for c in cards:
            deadline = c.bloc_year.self_scoring_deadline
            label = f"{c.bloc_year.bloc.name} {c.bloc_year.year} – {c.get_state_display()}"
            if deadline:
                label += " · " + _("deadline %(date)s") % {"date": deadline.strftime("%d/%m/%Y")}
            links.append((label, reverse("blocs:scorecard", args=[c.pk])))
        if links:
            out.append(Panel(_("Scorecards to fill in"), "emulation/_panel_links.html", {"links": links},
                             order=20, count=len(links)))
        review = list(selectors.scorecards_to_review(user)[:20])
        votes = list(selectors.votes_to_record(user))
        if review or votes:
            links = [(f"{c.unit.name} ({c.bloc_year.bloc.name} {c.bloc_year.year}) – {c.get_state_display()}",
                      reverse("blocs:scorecard_review", args=[c.pk])) for c in review]
            links += [(_("Record the vote of %(bloc_year)s") % {"bloc_year": by}, reverse("blocs:vote", args=[by.pk]))
                      for by in votes]
            out.append(Panel(_("Bloc leader: to review"), "emulation/_panel_links.html", {"links": links},
                             order=21, count=len(links)))
    if roles.manages_everything:
        cards = list(selectors.scorecards_to_finalise()[:20])
        votes = list(selectors.votes_to_record(user))
        links = [(f"{c.unit.name} ({c.bloc_year.bloc.name} {c.bloc_year.year})",
                  reverse("blocs:scorecard_review", args=[c.pk])) for c in cards]
        links += [(_("Vote of %(bloc_year)s not recorded yet") % {"bloc_year": by}, reverse("blocs:vote", args=[by.pk]))
                  for by in votes]
        links.append((_("All emulation blocs"), reverse("blocs:bloc_list")))
        out.append(Panel(_("Bloc scorecards to finalise"), "emulation/_panel_links.html", {"links": links},
                         order=22, count=len(cards)))
    return out
