from django.contrib import admin

from .models import Campaign, CampaignDocument, CampaignRegistration, CampaignReview


class CampaignDocumentInline(admin.TabularInline):
    model = CampaignDocument
    extra = 0


class CampaignRegistrationInline(admin.TabularInline):
    model = CampaignRegistration
    extra = 0
    autocomplete_fields = ["unit"]


class CampaignReviewInline(admin.TabularInline):
    model = CampaignReview
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "form", "scope", "state", "start_date", "end_date"]
    list_filter = ["form", "scope", "state"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["launching_unit", "scope_unit"]
    inlines = [CampaignDocumentInline, CampaignRegistrationInline, CampaignReviewInline]


admin.site.register(CampaignDocument)
admin.site.register(CampaignRegistration)
admin.site.register(CampaignReview)
