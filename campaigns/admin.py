from django.contrib import admin

from emulation.admin_base import ServiceInline, ServiceModelAdmin

from .models import Campaign, CampaignDocument, CampaignRegistration, CampaignReview

# Campaigns, their documents, registrations and reviews change through campaigns.services (launched,
# registered, reviewed, concluded, logged and notified): the admin only shows them.


class CampaignDocumentInline(ServiceInline, admin.TabularInline):
    model = CampaignDocument


class CampaignRegistrationInline(ServiceInline, admin.TabularInline):
    model = CampaignRegistration


class CampaignReviewInline(ServiceInline, admin.TabularInline):
    model = CampaignReview


@admin.register(Campaign)
class CampaignAdmin(ServiceModelAdmin):
    list_display = ["code", "title", "form", "scope", "state", "start_date", "end_date"]
    list_filter = ["form", "scope", "state"]
    search_fields = ["code", "title"]
    inlines = [CampaignDocumentInline, CampaignRegistrationInline, CampaignReviewInline]


@admin.register(CampaignDocument)
class CampaignDocumentAdmin(ServiceModelAdmin):
    list_display = ["title", "campaign", "original_name", "size", "uploaded_at"]


@admin.register(CampaignRegistration)
class CampaignRegistrationAdmin(ServiceModelAdmin):
    list_display = ["campaign", "unit", "state", "submitted_at"]
    list_filter = ["state"]


@admin.register(CampaignReview)
class CampaignReviewAdmin(ServiceModelAdmin):
    list_display = ["campaign", "title", "held_on", "closed_at"]
