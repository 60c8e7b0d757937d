"""The read-only data API, ``/api/v1/`` (django-ninja): OpenAPI schema at ``openapi.json``, docs at ``docs``.

Every operation needs a token (``Authorization: Bearer tdkt_…``) and reads only the token's unit subtrees;
CCCD and date of birth only with the token's personal-data scope. Lists page with ``limit``/``offset`` and take
``updated_since`` (ISO 8601) for incremental sync.
"""

from datetime import datetime

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer
from pydantic import Field

from . import selectors
from .exports import export_queryset, streaming_export
from .schemas import AwardOut, CampaignOut, DecisionOut, Error, PersonOut, UnitOut
from .services import record_use

MAX_ID = 2**63 - 1
MAX_OFFSET = 2**31 - 1


class RateLimited(Exception):
    pass


class TokenAuth(HttpBearer):
    """A usable token (active, not expired) within its rate limit; ``request.auth`` is the token and
    ``request.api_unit_ids`` the ids of its units and all units below them."""

    def authenticate(self, request, token):
        found = selectors.token_for_key(token)
        if found is None:
            return None
        if not record_use(found):
            raise RateLimited
        request.api_unit_ids = selectors.token_unit_ids(found)
        return found


class Pagination(LimitOffsetPagination):
    """``limit``/``offset`` (the answer: ``items`` and ``count``), the offset bounded so the database never
    sees an integer it cannot hold."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class SyncFilter(Schema):
    updated_since: datetime | None = Field(None, description="Only rows changed at or after this time (ISO 8601).")


class ExportFilter(SyncFilter):
    year_from: int | None = Field(None, ge=1900, le=9999)
    year_to: int | None = Field(None, ge=1900, le=9999)


api = NinjaAPI(
    title="Thi đua – Khen thưởng API",
    version="1",
    description="Read-only data of the emulation and commendation register, for integrations. "
                "See docs/api.md.",
    auth=TokenAuth(),
    urls_namespace="api_v1",
)


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    response = api.create_response(request, {"detail": _("Too many requests for this token; try again in a "
                                                       "minute.")}, status=429)
    response["Retry-After"] = "60"
    return response


def _one(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


ID = Path(..., ge=1, le=MAX_ID)
ERRORS = {401: Error, 404: Error, 429: Error}
LIST_ERRORS = {401: Error, 429: Error}


@api.get("/units", response={200: list[UnitOut], **LIST_ERRORS}, tags=["units"])
@paginate(Pagination)
def list_units(request, filters: Query[SyncFilter]):
    return selectors.updated_since(selectors.units_for_token(request.api_unit_ids), filters.updated_since)


@api.get("/units/{unit_id}", response={200: UnitOut, **ERRORS}, tags=["units"])
def get_unit(request, unit_id: int = ID):
    return _one(selectors.units_for_token(request.api_unit_ids), unit_id)


@api.get("/people", response={200: list[PersonOut], **LIST_ERRORS}, tags=["people"])
@paginate(Pagination)
def list_people(request, filters: Query[SyncFilter]):
    return selectors.updated_since(selectors.people_for_token(request.api_unit_ids), filters.updated_since)


@api.get("/people/{person_id}", response={200: PersonOut, **ERRORS}, tags=["people"])
def get_person(request, person_id: int = ID):
    return _one(selectors.people_for_token(request.api_unit_ids), person_id)


@api.get("/awards", response={200: list[AwardOut], **LIST_ERRORS}, tags=["register"])
@paginate(Pagination)
def list_awards(request, filters: Query[SyncFilter]):
    return selectors.updated_since(selectors.register_for_token(request.api_unit_ids), filters.updated_since)


@api.get("/awards/{award_id}", response={200: AwardOut, **ERRORS}, tags=["register"])
def get_award(request, award_id: int = ID):
    return _one(selectors.register_for_token(request.api_unit_ids), award_id)


@api.get("/decisions", response={200: list[DecisionOut], **LIST_ERRORS}, tags=["decisions"])
@paginate(Pagination)
def list_decisions(request, filters: Query[SyncFilter]):
    return selectors.updated_since(selectors.decisions_for_token(request.api_unit_ids), filters.updated_since)


@api.get("/decisions/{decision_id}", response={200: DecisionOut, **ERRORS}, tags=["decisions"])
def get_decision(request, decision_id: int = ID):
    return _one(selectors.decisions_for_token(request.api_unit_ids), decision_id)


@api.get("/campaigns", response={200: list[CampaignOut], **LIST_ERRORS}, tags=["campaigns"])
@paginate(Pagination)
def list_campaigns(request, filters: Query[SyncFilter]):
    return selectors.updated_since(selectors.campaigns_for_token(request.api_unit_ids), filters.updated_since)


@api.get("/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS}, tags=["campaigns"])
def get_campaign(request, campaign_id: int = ID):
    return _one(selectors.campaigns_for_token(request.api_unit_ids), campaign_id)


EXPORT_DOC = {"responses": {200: {"description": "The register, streamed.", "content": {
    "text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}}}}}}


@api.get("/register/export.csv", tags=["register"], openapi_extra=EXPORT_DOC, response={401: Error, 429: Error})
def export_csv(request, filters: Query[ExportFilter]):
    """The register for civil-servant databases as CSV (columns in docs/api.md)."""
    return _export(request, filters, "csv")


@api.get("/register/export.jsonl", tags=["register"], openapi_extra=EXPORT_DOC, response={401: Error, 429: Error})
def export_jsonl(request, filters: Query[ExportFilter]):
    """The same rows as JSON Lines, one object per line."""
    return _export(request, filters, "jsonl")


def _export(request, filters, fmt):
    qs = export_queryset(request.api_unit_ids, year_from=filters.year_from, year_to=filters.year_to)
    qs = selectors.updated_since(qs, filters.updated_since)
    return streaming_export(qs, fmt, request.auth.include_pii)
