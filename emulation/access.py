"""Access helpers for views: 404 for what lies outside a user's scope, 403 for read-only roles."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _


def get_for_user_or_404(queryset, **lookup):
    """Fetch through a ``*_for_user()`` queryset; anything outside it is a 404."""
    return get_object_or_404(queryset, **lookup)


def require_perm(user, perm, obj=None, message=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("Your role may view this but not change it."))
