from django.contrib import admin

from emulation.admin_base import ServiceModelAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceModelAdmin):
    list_display = ["name", "key_prefix", "include_pii", "is_active", "expires_at", "last_used_at", "request_count"]
    list_filter = ["is_active", "include_pii"]
    search_fields = ["name", "key_prefix"]
    exclude = ["token_hash"]
