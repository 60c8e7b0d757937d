from django.contrib import admin

from .models import (
    Appraisal,
    Award,
    AwardType,
    BaseSalary,
    DisciplineRecord,
    Initiative,
    QuotaSetting,
    RewardCoefficient,
    RuleParameter,
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


from . import nomination_admin  # noqa: E402,F401  (the nominations' models)
