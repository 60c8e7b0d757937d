"""The Django admin of the awards app (registered by Django's admin autodiscovery).

The admin cannot bypass the services (``emulation.admin_base``): every model that ``awards.services`` creates
or changes (the catalogue and its dated figures, personal records, the register, nominations, the council,
decisions) is read-only here. The board's settings kept as data (submission deadlines, appraisal time limits,
ballot thresholds, public holidays) are only added on the settings page: their rows are corrected, closed or
deleted here, and every such edit is logged. The dated ones keep their overlap check (``DatedRule.clean``).
"""

from django.contrib import admin

from emulation.admin_base import LoggedModelAdmin, ServiceInline, ServiceModelAdmin

from .models import (
    Appraisal,
    AppraisalTimeLimit,
    Award,
    AwardRevocation,
    AwardType,
    BaseSalary,
    Concurrence,
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
    UpwardSubmission,
)

# Catalogue and legal data (awards.services.catalogue) --------------------------------------------------------


class CoefficientInline(ServiceInline, admin.TabularInline):
    model = RewardCoefficient


class ParameterInline(ServiceInline, admin.TabularInline):
    model = RuleParameter


@admin.register(AwardType)
class AwardTypeAdmin(ServiceModelAdmin):
    list_display = ["code", "name", "kind", "level", "rule", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["code", "name"]
    inlines = [CoefficientInline, ParameterInline]


@admin.register(RewardCoefficient)
class RewardCoefficientAdmin(ServiceModelAdmin):
    list_display = ["award_type", "recipient_kind", "coefficient", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["recipient_kind"]


@admin.register(RuleParameter)
class RuleParameterAdmin(ServiceModelAdmin):
    list_display = ["award_type", "key", "value", "valid_from", "valid_to"]


@admin.register(QuotaSetting)
class QuotaSettingAdmin(ServiceModelAdmin):
    list_display = ["award_type", "relative_to", "max_percent", "valid_from", "valid_to"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(ServiceModelAdmin):
    list_display = ["amount", "valid_from", "valid_to", "legal_basis"]


# Personal records and the register (awards.services.records, .register) ---------------------------------------


@admin.register(Appraisal)
class AppraisalAdmin(ServiceModelAdmin):
    list_display = ["year", "person", "unit", "rating"]
    list_filter = ["year", "rating"]


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(ServiceModelAdmin):
    list_display = ["person", "unit", "kind", "measure", "start_date", "end_date"]
    list_filter = ["kind"]


@admin.register(Initiative)
class InitiativeAdmin(ServiceModelAdmin):
    list_display = ["title", "unit", "year", "level", "decision_number"]
    list_filter = ["level", "year"]
    search_fields = ["title"]


@admin.register(Award)
class AwardAdmin(ServiceModelAdmin):
    list_display = ["award_type", "person", "unit", "year", "method", "decision_number", "decision_date", "amount",
                    "revoked"]
    list_filter = ["award_type", "method", "revoked", "entered_manually"]
    search_fields = ["person__search_name", "person__cccd", "unit__search_name", "decision_number"]
    date_hierarchy = "decision_date"


# Nominations, council and decisions (awards.services.nominations, .decisions) ---------------------------------


class ItemInline(ServiceInline, admin.TabularInline):
    model = NominationItem
    fields = ["award_type", "recipient_kind", "person", "unit", "verdict_eligible", "outcome", "decision", "award"]
    show_change_link = True


@admin.register(Nomination)
class NominationAdmin(ServiceModelAdmin):
    list_display = ["title", "unit", "year", "method", "level", "state", "submitted_at"]
    list_filter = ["state", "method", "level", "year"]
    search_fields = ["title", "reference", "unit__name"]
    inlines = [ItemInline]


@admin.register(NominationItem)
class NominationItemAdmin(ServiceModelAdmin):
    list_display = ["__str__", "nomination", "verdict_eligible", "outcome", "vote_passed", "decision"]
    list_filter = ["outcome", "verdict_eligible", "award_type"]
    search_fields = ["person__search_name", "unit__name"]


@admin.register(NominationDocument)
class NominationDocumentAdmin(ServiceModelAdmin):
    list_display = ["original_name", "kind", "nomination", "size", "uploaded_at"]
    list_filter = ["kind"]


@admin.register(PostingComment)
class PostingCommentAdmin(ServiceModelAdmin):
    list_display = ["item", "received_on", "commenter"]


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(ServiceModelAdmin):
    list_display = ["date", "number", "members_present", "members_total"]


@admin.register(Decision)
class DecisionAdmin(ServiceModelAdmin):
    list_display = ["number", "date", "authority", "kind", "state", "issued_at"]
    list_filter = ["state", "kind"]
    search_fields = ["number", "signer", "authority"]


@admin.register(DecisionRevocation)
class DecisionRevocationAdmin(ServiceModelAdmin):
    list_display = ["decision", "award", "reason"]


@admin.register(AwardRevocation)
class AwardRevocationAdmin(ServiceModelAdmin):
    list_display = ["award", "decision_number", "decision_date", "authority", "money_recovered_on",
                    "items_recovered_on"]


@admin.register(UpwardSubmission)
class UpwardSubmissionAdmin(ServiceModelAdmin):
    list_display = ["title", "number", "date", "state", "central_decision_number"]
    list_filter = ["state"]


@admin.register(Concurrence)
class ConcurrenceAdmin(ServiceModelAdmin):
    list_display = ["item", "body", "asked_on", "answer", "answered_on"]


# The board's settings kept as data: edits logged ---------------------------------------------------------------


@admin.register(SubmissionDeadline)
class SubmissionDeadlineAdmin(LoggedModelAdmin):
    list_display = ["year", "method", "deadline"]
    list_filter = ["year", "method"]


@admin.register(AppraisalTimeLimit)
class AppraisalTimeLimitAdmin(LoggedModelAdmin):
    list_display = ["award_type", "working_days", "valid_from", "valid_to"]
    fields = ["award_type", "working_days", "valid_from", "valid_to", "legal_basis"]


@admin.register(CouncilVoteThreshold)
class CouncilVoteThresholdAdmin(LoggedModelAdmin):
    list_display = ["award_type", "percent", "valid_from", "valid_to", "legal_basis"]
    fields = ["award_type", "percent", "valid_from", "valid_to", "legal_basis"]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(LoggedModelAdmin):
    list_display = ["date", "name"]
