from django.contrib import admin

from emulation.jobs.admin import JOB_FIELDS

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Read-only: runs change state through the job machinery's services only."""

    list_display = ["created_at", "kind", "original_name", "scope_unit", "requested_by", "status", "row_count",
                    "attempts", "heartbeat_at"]
    list_filter = ["kind", "status"]
    search_fields = ["original_name"]
    readonly_fields = JOB_FIELDS + ["file", "original_name", "scope_unit", "confirmed_by", "row_count", "is_large",
                                    "preview", "summary", "checked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
