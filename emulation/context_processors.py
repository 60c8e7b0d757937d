from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .guide import help_anchor
from .registry import nav_items
from .roles import roles_of
from .selectors import unread_count


def current_year(request):
    """The year the user chose once (kept in the session), else the current year."""
    try:
        return int(request.session.get("year"))
    except (TypeError, ValueError):
        return timezone.localdate().year


def workspace(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_year": timezone.localdate().year, "auto_breadcrumbs": []}
    roles = roles_of(user)
    nav = SimpleLazyObject(lambda: nav_items(user, roles))
    return {
        "roles": roles,
        "current_year": current_year(request),
        "nav_items": nav,
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user)),
        "auto_breadcrumbs": SimpleLazyObject(lambda: menu_trail(request.path, nav)),
        "help_anchor": help_anchor(request.path, roles),
    }


def menu_trail(path, items):
    """Breadcrumbs for a page whose view gives none: Home, then the menu entry whose address is the
    longest start of this page's (its group first, for an entry in a drop-down menu)."""
    best = None
    for item in items:
        for entry, group in [(item, None)] + [(child, item) for child in item.children]:
            if entry.url and entry.url != "/" and path.startswith(entry.url.split("?")[0]):
                if best is None or len(entry.url) > len(best[0].url):
                    best = (entry, group)
    if best is None or path == "/":
        return []
    entry, group = best
    trail = [(_("Home"), reverse("dashboard"))]
    if group is not None:
        trail.append((group.label, ""))
    trail.append((entry.label, "" if entry.url == path else entry.url))
    return trail
