from django.utils import timezone
from django.utils.functional import SimpleLazyObject

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
        return {"current_year": timezone.localdate().year}
    roles = roles_of(user)
    return {
        "roles": roles,
        "current_year": current_year(request),
        "nav_items": SimpleLazyObject(lambda: nav_items(user, roles)),
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user)),
    }
