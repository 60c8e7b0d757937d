"""The Django admin is for administrators only.

The permission rules (``rules``) answer the application's own questions ("may the board add a unit?"), and the
admin asks the same codenames (``emulation.add_unit``). So that a staff flag given to a board officer or a clerk
does not hand them the admin's add/change/delete pages by accident, the admin site itself lets in only a
superuser or a user with the administrator role (``roles_of(user).is_admin``); anyone else signed in gets 403.
"""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .roles import roles_of


def is_administrator(user):
    return bool(user.is_active and user.is_authenticated and (user.is_superuser or roles_of(user).is_admin))


class AdminSite(admin.AdminSite):
    def has_permission(self, request):
        return request.user.is_active and request.user.is_staff and is_administrator(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request, *args, **kwargs):
            # A signed-in user who is not an administrator: 403, not the admin's login form.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied(_("The administration site is for administrators only."))
            return inner(request, *args, **kwargs)

        return guarded
