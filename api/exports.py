"""The register for civil-servant databases: one row per award, streamed as CSV or JSON Lines.

Titles (danh hiệu) and forms (hình thức) are separate columns; the decision's number, date and authority are
given; a person is keyed by CCCD when the reader may see it and one is recorded, otherwise by staff code
(``person_key_type`` says which). Collectives have an empty person key and are identified by their unit code.
"""

import csv
import io
import json

from django.http import StreamingHttpResponse
from django.utils import timezone

from awards.enums import AwardKind
from awards.models import Award

from .selectors import register_for_token

CHUNK = 2000

COLUMNS = [
    "award_id", "person_key_type", "person_key", "cccd", "staff_code", "full_name", "date_of_birth",
    "unit_code", "unit_name", "recipient_kind", "title", "form", "award_type_code", "level", "method", "year",
    "achievement_date", "decision_number", "decision_date", "decision_authority", "decision_signer", "amount",
    "revoked", "updated_at",
]


def _iso(value):
    return value.isoformat() if value is not None else ""


def register_row(award, include_pii):
    person, kind = award.person, award.award_type
    cccd = person.cccd if person is not None and include_pii else ""
    staff_code = person.staff_code if person is not None else ""
    if cccd:
        key_type, key = "cccd", cccd
    elif staff_code:
        key_type, key = "staff_code", staff_code
    else:
        key_type, key = "", ""
    return {
        "award_id": award.pk,
        "person_key_type": key_type,
        "person_key": key,
        "cccd": cccd,
        "staff_code": staff_code,
        "full_name": person.full_name if person is not None else "",
        "date_of_birth": _iso(person.date_of_birth) if person is not None and include_pii else "",
        "unit_code": award.unit.code,
        "unit_name": award.unit.name,
        "recipient_kind": award.recipient_kind,
        "title": kind.name if kind.kind == AwardKind.TITLE else "",
        "form": kind.name if kind.kind == AwardKind.FORM else "",
        "award_type_code": kind.code,
        "level": kind.level,
        "method": award.method,
        "year": award.year,
        "achievement_date": _iso(award.achievement_date),
        "decision_number": award.decision_number,
        "decision_date": _iso(award.decision_date),
        "decision_authority": award.decision_authority,
        "decision_signer": award.decision_signer,
        "amount": award.amount if award.amount is not None else "",
        "revoked": award.revoked,
        "updated_at": _iso(award.updated_at),
    }


def export_queryset(unit_ids=None, *, year_from=None, year_to=None, since=None):
    """The register rows to export: the token's units (``None``: the whole register, for the board)."""
    qs = (register_for_token(unit_ids) if unit_ids is not None
          else Award.objects.select_related("award_type", "person", "unit").order_by("pk"))
    if year_from:
        qs = qs.filter(year__gte=year_from)
    if year_to:
        qs = qs.filter(year__lte=year_to)
    if since is not None:
        qs = qs.filter(updated_at__gte=since)
    return qs


def _rows(qs, include_pii):
    for award in qs.iterator(chunk_size=CHUNK):
        yield register_row(award, include_pii)


def csv_chunks(qs, include_pii):
    """UTF-8 with a byte-order mark (Excel reads Vietnamese correctly), a header row, one line per award."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")

    def take():
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value.encode()

    writer.writeheader()
    yield "\ufeff".encode() + take()
    for row in _rows(qs, include_pii):
        writer.writerow({k: ("1" if v is True else "0" if v is False else v) for k, v in row.items()})
        yield take()


def jsonl_chunks(qs, include_pii):
    for row in _rows(qs, include_pii):
        yield (json.dumps(row, ensure_ascii=False) + "\n").encode()


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def streaming_export(qs, fmt, include_pii):
    chunks = csv_chunks(qs, include_pii) if fmt == "csv" else jsonl_chunks(qs, include_pii)
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="so-khen-thuong-{stamp}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
