from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Unit
from .registry import Panel


def panels(request, roles, year):
    out = []
    if roles.is_clerk:
        units = Unit.objects.filter(pk__in=roles.clerk_unit_ids).order_by("name")
        links = [(u.name, reverse("unit_detail", args=[u.pk])) for u in units]
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
