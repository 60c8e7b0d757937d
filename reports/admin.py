from django.contrib import admin

from emulation.admin_base import LoggedModelAdmin, ServiceModelAdmin

from .models import IssuerSetting, Letterhead, ReportJob, StatisticalForm

# Report jobs change state through the job machinery's services only: the admin shows them. The letterhead
# has no service: admin edits are logged.


@admin.register(ReportJob)
class ReportJobAdmin(ServiceModelAdmin):
    list_display = ["title", "kind", "requested_by", "status", "progress", "attempts", "created_at", "heartbeat_at",
                    "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "requested_by__username"]


@admin.register(Letterhead)
class LetterheadAdmin(LoggedModelAdmin):
    list_display = ["issuing_body", "parent_body", "place", "signer_name", "is_active"]
    list_filter = ["is_active"]


@admin.register(StatisticalForm)
class StatisticalFormAdmin(LoggedModelAdmin):
    list_display = ["key", "code", "title", "legal_basis", "valid_from", "valid_to", "confirmed"]
    list_filter = ["key", "confirmed"]


@admin.register(IssuerSetting)
class IssuerSettingAdmin(LoggedModelAdmin):
    list_display = ["issuing_body", "unit", "signer_title", "signer_name", "place", "valid_from", "valid_to"]
    search_fields = ["issuing_body", "signer_name"]
    autocomplete_fields = ["unit"]
