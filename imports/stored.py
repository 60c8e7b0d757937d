"""What the preview checked, kept for the confirm (issue 17): the confirm writes these rows instead of reading
and checking the file again.

After a check without errors the planned rows go, as gzipped JSON, to a file of the default storage (the local
disk or the S3 bucket: any host and any worker reads it, and it outlives a worker restart) named on the run.
Its HMAC (keyed by ``SECRET_KEY``) is kept on the run's own row, so a file changed or swapped in the storage is
not used. With it goes a digest of every database row the check read (``Handler.sources``): units, people,
award types, the existing records of the file's years, the legal amounts. The confirm reads those rows again,
which costs a fraction of the check; when the digest, the run's file or the run's scope differ, the stored
check no longer holds and the confirm checks the file again, exactly as before (a file that now has errors
writes nothing and shows the new problems). A record added between this test and the write is still refused
by the database's unique rules, with a row-level message (``Handler.explain_integrity_error``).
"""

import datetime
import decimal
import gzip
import hashlib
import json
import logging

from django.core.files.base import ContentFile
from django.utils.crypto import constant_time_compare, salted_hmac

from .engine import HANDLERS, Lookups, RowPlan
from .reading import Parsed, Report
from .specs import SPECS

logger = logging.getLogger(__name__)

FORMAT = 1
SALT = "imports.stored-check"


def _encode(value):
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    raise TypeError(f"cannot store {type(value).__name__}")


def _decode(obj):
    if len(obj) == 1:
        if "$date" in obj:
            return datetime.date.fromisoformat(obj["$date"])
        if "$datetime" in obj:
            return datetime.datetime.fromisoformat(obj["$datetime"])
        if "$decimal" in obj:
            return decimal.Decimal(obj["$decimal"])
    return obj


def digest(handler, years):
    """SHA-256 over every database row ``handler``'s check reads (its ``sources``), in primary-key order."""
    hasher = hashlib.sha256()
    for name, queryset in handler.sources(years):
        hasher.update(f"\n{name}\n".encode())
        for row in queryset.iterator(chunk_size=5000):
            hasher.update(repr(row).encode())
            hasher.update(b"\n")
    return hasher.hexdigest()


def signature(payload):
    return salted_hmac(SALT, payload, algorithm="sha256").hexdigest()


def encode(run, checked):
    """The gzipped JSON of ``checked`` (a check without errors of ``run``'s file)."""
    parsed = checked.parsed
    body = {
        "format": FORMAT,
        "run": str(run.pk),
        "kind": checked.kind,
        "scope": run.scope_unit_id,
        "file": run.file.name,
        "sheet": parsed.sheet,
        "header_row": parsed.header_row,
        "total_rows": parsed.total_rows,
        "years": sorted(checked.years),
        "digest": checked.digest,
        "plans": [[p.row, p.action, p.label, p.pk, p.values, p.diff, p.extra] for p in checked.plans],
    }
    return gzip.compress(json.dumps(body, default=_encode, ensure_ascii=False).encode(), compresslevel=1)


def store(run, checked):
    """Save the check in the storage and name it on ``run`` (not saved: the caller saves ``checked_file`` and
    ``checked_signature``)."""
    payload = encode(run, checked)
    run.checked_file.save("check.json.gz", ContentFile(payload), save=False)
    run.checked_signature = signature(payload)


def load(run):
    """The stored check of ``run`` as ``(body, plans)``, or None when there is none, it cannot be read, its
    signature is wrong, or it was made for another file, kind or scope."""
    if not run.checked_file or not run.checked_signature:
        return None
    try:
        with run.checked_file.open("rb") as fh:
            payload = fh.read()
    except Exception as exc:  # gone from the storage: the confirm checks the file again
        logger.warning("stored check of import %s unreadable: %s", run.pk, exc)
        return None
    if not constant_time_compare(signature(payload), run.checked_signature):
        logger.warning("stored check of import %s has a wrong signature; checking the file again", run.pk)
        return None
    body = json.loads(gzip.decompress(payload), object_hook=_decode)
    if (body.get("format"), body.get("run"), body.get("kind"), body.get("scope"), body.get("file")) != (
            FORMAT, str(run.pk), run.kind, run.scope_unit_id, run.file.name):
        return None
    return body


def reuse(run, checked_class, progress=None):
    """The stored check of ``run`` as a ``checked_class`` (``pipeline.Checked``), if the database rows it read
    are unchanged; None when the file must be checked again. ``progress(fraction)`` is told when the stored
    check is read (0.1)."""
    body = load(run)
    if body is None:
        return None
    if progress:
        progress(0.1)
    report = Report(SPECS[run.kind])
    handler = HANDLERS[run.kind](Lookups(run.scope_unit), report)
    if digest(handler, body["years"]) != body["digest"]:
        return None
    parsed = Parsed()
    parsed.sheet, parsed.header_row, parsed.total_rows = body["sheet"], body["header_row"], body["total_rows"]
    plans = [RowPlan(row, action, label, pk=pk, values=values, diff=diff, extra=extra)
             for row, action, label, pk, values, diff, extra in body["plans"]]
    return checked_class(run.kind, report, parsed, plans, handler, years=set(body["years"]), digest=body["digest"],
                         reused=True)
