"""Home-page panels of the nominations part: the clerk's dossiers and the board's queue."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from emulation.registry import Panel

from .nomination_enums import DecisionState, NominationState
from .nomination_models import Decision, Nomination
from .nomination_selectors import overdue_q


def panels(request, roles, year):
    out = []
    if roles.is_clerk:
        counts = dict(Nomination.objects.filter(unit_id__in=roles.clerk_unit_ids).order_by()
                      .values_list("state").annotate(n=Count("pk")))
        returned = counts.get(NominationState.RETURNED, 0)
        base = reverse("awards:nomination_list")
        links = [(f"{label}: {counts.get(value, 0)}", f"{base}?state={value}")
                 for value, label in NominationState.choices if counts.get(value)]
        links.append((_("New nomination"), reverse("awards:nomination_create")))
        out.append(Panel(_("My unit's nominations"), "awards/nomination_panel.html",
                         {"links": links, "text": _("%(n)s returned by the board with reasons.") % {"n": returned}
                          if returned else ""}, order=20, count=returned))
    if roles.sees_everything:
        qs = Nomination.objects.order_by()
        counts = dict(qs.values_list("state").annotate(n=Count("pk")))
        overdue = qs.filter(overdue_q()).count()
        queue = reverse("awards:nomination_queue")
        links = [(f"{label}: {counts.get(value, 0)}", f"{queue}?state={value}")
                 for value, label in NominationState.choices
                 if value not in (NominationState.DRAFT, NominationState.DECIDED) and counts.get(value)]
        links.append((_("Overdue: %(n)s") % {"n": overdue}, f"{queue}?overdue=true"))
        drafts = Decision.objects.filter(state=DecisionState.DRAFT).count()
        if drafts:
            links.append((_("Decisions to issue: %(n)s") % {"n": drafts}, reverse("awards:decision_list")))
        out.append(Panel(_("Nominations at the board"), "awards/nomination_panel.html", {"links": links},
                         order=21, count=overdue))
    return out
