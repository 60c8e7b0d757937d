from django.urls import reverse
from django.utils.translation import gettext as _

from .registry import Panel


def panels(request, roles, year):
    out = []
    if roles.is_clerk:
        from .models import Unit

        units = Unit.objects.filter(pk__in=roles.clerk_unit_ids).order_by("name")
        links = [(u.name, reverse("unit_detail", args=[u.pk])) for u in units]
        links.append((_("Add a person"), reverse("person_create")))
        out.append(Panel(_("My unit"), "emulation/_panel_links.html", {"links": links}, order=5))
        from .campaign_selectors import open_campaigns_to_register

        todo = open_campaigns_to_register(request.user)
        if todo:
            links = [(c.title, reverse("campaign_register", args=[c.pk])) for c in todo]
            out.append(Panel(_("Campaigns to register for"), "emulation/_panel_links.html", {"links": links},
                             order=15, count=len(todo)))
    if roles.manages_everything:
        out.append(
            Panel(
                _("Province data"),
                "emulation/_panel_links.html",
                {"links": [(_("Units"), reverse("unit_list")), (_("People"), reverse("person_list")),
                           (_("Activity log"), reverse("activity_log"))]},
                order=90,
            )
        )
    return out
