"""The shapes of the API's answers (the OpenAPI schema is generated from these)."""

from datetime import date, datetime

from ninja import Schema


def _pii(context):
    request = (context or {}).get("request")
    token = getattr(request, "auth", None)
    return bool(token is not None and token.include_pii)


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    is_active: bool
    updated_at: datetime


class PersonOut(Schema):
    id: int
    full_name: str
    gender: str
    staff_code: str
    cccd: str | None = None
    date_of_birth: date | None = None
    unit_id: int
    position: str
    category: str
    is_active: bool
    updated_at: datetime

    @staticmethod
    def resolve_cccd(obj, context):
        return (obj.cccd or None) if _pii(context) else None

    @staticmethod
    def resolve_date_of_birth(obj, context):
        return obj.date_of_birth if _pii(context) else None


class AwardOut(Schema):
    id: int
    award_type_code: str
    award_type_name: str
    award_kind: str
    level: str
    recipient_kind: str
    person_id: int | None
    unit_id: int
    year: int
    method: str
    campaign_id: int | None
    decision_number: str
    decision_date: date | None
    decision_authority: str
    decision_signer: str
    amount: int | None
    revoked: bool
    achievement_date: date | None
    updated_at: datetime

    @staticmethod
    def resolve_award_type_code(obj):
        return obj.award_type.code

    @staticmethod
    def resolve_award_type_name(obj):
        return obj.award_type.name

    @staticmethod
    def resolve_award_kind(obj):
        return obj.award_type.kind

    @staticmethod
    def resolve_level(obj):
        return obj.award_type.level


class DecisionOut(Schema):
    id: int
    number: str
    date: date
    signer: str
    signer_title: str
    authority: str
    kind: str
    corrects_id: int | None
    issued_at: datetime | None
    updated_at: datetime


class CampaignOut(Schema):
    id: int
    code: str
    title: str
    form: str
    authority: str
    launching_unit_id: int | None
    scope: str
    scope_unit_id: int | None
    start_date: date | None
    end_date: date | None
    state: str
    updated_at: datetime


class Error(Schema):
    detail: str
