from django.urls import reverse
from django.utils.translation import gettext as _

from .registry import Panel
from .selectors import units_with_lines


def shared(request, key, compute):
    """What several panels of one home page need, worked out once for the request and kept on it."""
    memo = request.__dict__.setdefault("_dashboard_shared", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def clerk_units(request, roles):
    """The clerk's own units by name, each with the ids of the units above it (``units_with_lines``), shared
    by the panels of the request: one query."""
    return shared(request, "clerk_units", lambda: units_with_lines(roles.clerk_unit_ids))


def panels(request, roles, year):
    out = []
    if roles.is_clerk:
        links = [(u["name"], reverse("unit_detail", args=[u["pk"]])) for u in clerk_units(request, roles)]
        links.append((_("Add a person"), reverse("person_create")))
        out.append(Panel(_("My unit"), "emulation/_panel_links.html", {"links": links}, order=5))
    if roles.manages_everything:
        out.append(
            Panel(
                _("Province data"),
                "emulation/_panel_links.html",
                {"links": [(_("Units"), reverse("unit_list")), (_("People"), reverse("person_list")),
                           (_("Reorganisations of units"), reverse("unit_event_list")),
                           (_("Activity log"), reverse("activity_log"))]},
                order=90,
            )
        )
    return out
