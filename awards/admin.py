"""The Django admin of the awards app (registered by Django's admin autodiscovery)."""

from django.contrib import admin

from .models import (
    Appraisal,
    AppraisalTimeLimit,
    Award,
    AwardType,
    BaseSalary,
    CouncilMeeting,
    CouncilVoteThreshold,
    Decision,
    DecisionRevocation,
    DisciplineRecord,
    Initiative,
    Nomination,
    NominationDocument,
    NominationItem,
    PostingComment,
    PublicHoliday,
    QuotaSetting,
    RewardCoefficient,
    RuleParameter,
    SubmissionDeadline,
)


class CoefficientInline(admin.TabularInline):
    model = RewardCoefficient
    extra = 0


class ParameterInline(admin.TabularInline):
    model = RuleParameter
    extra = 0


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "rule", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["code", "name"]
    inlines = [CoefficientInline, ParameterInline]


@admin.register(RewardCoefficient)
class RewardCoefficientAdmin(admin.ModelAdmin):
    list_display = ["award_type", "recipient_kind", "coefficient", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["recipient_kind"]


@admin.register(RuleParameter)
class RuleParameterAdmin(admin.ModelAdmin):
    list_display = ["award_type", "key", "value", "valid_from", "valid_to"]


@admin.register(QuotaSetting)
class QuotaSettingAdmin(admin.ModelAdmin):
    list_display = ["award_type", "relative_to", "max_percent", "valid_from", "valid_to"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["amount", "valid_from", "valid_to", "legal_basis"]


@admin.register(Appraisal)
class AppraisalAdmin(admin.ModelAdmin):
    list_display = ["year", "person", "unit", "rating"]
    list_filter = ["year", "rating"]
    autocomplete_fields = ["person", "unit"]


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "unit", "kind", "measure", "start_date", "end_date"]
    list_filter = ["kind"]
    autocomplete_fields = ["person", "unit"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "year", "level", "decision_number"]
    list_filter = ["level", "year"]
    search_fields = ["title"]
    autocomplete_fields = ["authors", "unit"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["award_type", "person", "unit", "year", "method", "decision_number", "decision_date", "amount",
                    "revoked"]
    list_filter = ["award_type", "method", "revoked", "entered_manually"]
    search_fields = ["person__search_name", "person__cccd", "unit__search_name", "decision_number"]
    autocomplete_fields = ["person", "unit", "initiatives"]
    date_hierarchy = "decision_date"


# Nominations, council, decisions and the board's settings --------------------------------------------------


class ItemInline(admin.TabularInline):
    model = NominationItem
    extra = 0
    fields = ["award_type", "recipient_kind", "person", "unit", "verdict_eligible", "outcome", "decision", "award"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    """Read in the admin; changes go through the pages (services), which log them."""

    list_display = ["title", "unit", "year", "method", "level", "state", "submitted_at"]
    list_filter = ["state", "method", "level", "year"]
    search_fields = ["title", "reference", "unit__name"]
    inlines = [ItemInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NominationItem)
class NominationItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "nomination", "verdict_eligible", "outcome", "vote_passed", "decision"]
    list_filter = ["outcome", "verdict_eligible", "award_type"]
    search_fields = ["person__search_name", "unit__name"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NominationDocument)
class NominationDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "nomination", "size", "uploaded_at"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "authority", "kind", "state", "issued_at"]
    list_filter = ["state", "kind"]
    search_fields = ["number", "signer", "authority"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_issued


@admin.register(DecisionRevocation)
class DecisionRevocationAdmin(admin.ModelAdmin):
    list_display = ["decision", "award", "reason"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PostingComment)
class PostingCommentAdmin(admin.ModelAdmin):
    list_display = ["item", "received_on", "commenter"]


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "number", "members_present", "members_total"]


@admin.register(SubmissionDeadline)
class SubmissionDeadlineAdmin(admin.ModelAdmin):
    list_display = ["year", "method", "deadline"]
    list_filter = ["year", "method"]


@admin.register(AppraisalTimeLimit)
class AppraisalTimeLimitAdmin(admin.ModelAdmin):
    list_display = ["award_type", "working_days", "valid_from", "valid_to"]


@admin.register(CouncilVoteThreshold)
class CouncilVoteThresholdAdmin(admin.ModelAdmin):
    list_display = ["award_type", "percent", "valid_from", "valid_to", "legal_basis"]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
