from django.contrib import admin
from django.contrib.auth import admin as auth_admin  # registers User first, so that it can be replaced below
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .actions import action_label
from .admin_base import LoggedModelAdmin, ServiceInline, ServiceModelAdmin
from .models import ActivityLog, Notification, Person, RoleAssignment, Unit, UnitMembership
from .text import full_name

User = get_user_model()

# Units, people and memberships change through emulation.services (created, edited, moved, logged): the
# admin only shows them. Role assignments have no service: admin edits are logged.


@admin.register(Unit)
class UnitAdmin(ServiceModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "search_name"]


class MembershipInline(ServiceInline, admin.TabularInline):
    model = UnitMembership


@admin.register(Person)
class PersonAdmin(ServiceModelAdmin):
    list_display = ["full_name", "unit", "position", "category", "is_active"]
    list_filter = ["category", "gender", "is_active"]
    search_fields = ["search_name", "cccd", "staff_code"]
    inlines = [MembershipInline]


@admin.register(UnitMembership)
class UnitMembershipAdmin(ServiceModelAdmin):
    list_display = ["person", "unit", "start_date", "end_date"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(LoggedModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["unit", "user"]


@admin.register(ActivityLog)
class ActivityLogAdmin(ServiceModelAdmin):
    list_display = ["created_at", "actor", "action_text", "object_repr", "unit"]
    list_filter = ["action"]
    search_fields = ["object_repr", "action"]

    @admin.display(description=_("action"), ordering="action")
    def action_text(self, obj):
        return action_label(obj.action)


@admin.register(Notification)
class NotificationAdmin(ServiceModelAdmin):
    list_display = ["created_at", "recipient", "message", "read_at"]
    search_fields = ["message"]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin with the name in Vietnamese order: family name first, in the list and the form."""

    list_display = ["username", "display_name", "email", "is_staff", "is_active"]
    fieldsets = [
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    ]

    @admin.display(description=_("Full name"), ordering="last_name")
    def display_name(self, obj):
        return full_name(obj)
