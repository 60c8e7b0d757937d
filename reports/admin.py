from django.contrib import admin

from emulation.jobs.admin import JOB_FIELDS

from .models import Letterhead, ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs change state through the job machinery's services only."""

    list_display = ["title", "kind", "requested_by", "status", "progress", "attempts", "created_at", "heartbeat_at",
                    "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "requested_by__username"]
    readonly_fields = JOB_FIELDS + ["params_key", "title", "file", "xlsx_file", "fingerprint", "expires_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    list_display = ["issuing_body", "parent_body", "place", "signer_name", "is_active"]
    list_filter = ["is_active"]
