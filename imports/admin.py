from django.contrib import admin

from emulation.admin_base import ServiceModelAdmin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(ServiceModelAdmin):
    """Read-only: runs change state through imports.services and the job machinery only."""

    list_display = ["created_at", "kind", "original_name", "scope_unit", "requested_by", "status", "row_count",
                    "attempts", "heartbeat_at"]
    list_filter = ["kind", "status"]
    search_fields = ["original_name"]
