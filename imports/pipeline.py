"""Check a file (nothing written) and import it (everything in one transaction, or nothing)."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from .engine import HANDLERS, Lookups
from .reading import MAX_PROBLEMS, Report, read_file
from .specs import SPECS
from .stored import digest

MAX_CHANGES_SHOWN = 200


@dataclass
class Checked:
    kind: str
    report: Report
    parsed: object
    plans: list
    handler: object
    years: set = field(default_factory=set)
    digest: str = ""  # of the database rows the check read (imports.stored)
    reused: bool = False  # the preview's stored check, not a new one

    @property
    def ok(self):
        return not self.report.has_errors

    def counts(self):
        out = {"create": 0, "update": 0, "unchanged": 0}
        for plan in self.plans:
            out[plan.action] += 1
        return out

    def as_dict(self):
        """The preview stored on the ImportRun (JSON)."""
        problems = self.report.sorted_problems()
        changes = [
            {"row": p.row, "action": p.action, "label": p.label, "diff": p.diff}
            for p in self.plans if p.action != "unchanged"
        ]
        return {
            "kind": self.kind,
            "sheet": self.parsed.sheet,
            "header_row": self.parsed.header_row,
            "total_rows": self.parsed.total_rows,
            "file_errors": list(self.report.file_errors),
            "error_count": len(self.report.error_rows),
            "warning_count": len(self.report.warning_rows),
            "problem_total": len(problems),
            "problems": problems[:MAX_PROBLEMS],
            "counts": self.counts(),
            "changes": changes[:MAX_CHANGES_SHOWN],
            "change_total": len(changes),
        }


def check_file(source, kind, scope_unit=None, progress=None):
    """Read and check ``source``; writes nothing."""
    report = Report(SPECS[kind])
    parsed = read_file(source, kind, report)
    if progress:
        progress(0.3)
    plans = []
    handler = None
    years, fingerprint = set(), ""
    if not report.file_errors:
        handler = HANDLERS[kind](Lookups(scope_unit), report)
        years = {values["year"] for _row, values in parsed.rows if values.get("year") is not None}
        fingerprint = digest(handler, years)  # before the check: a change while it runs is seen at the confirm
        plans = handler.check(parsed.rows, (lambda f: progress(0.3 + 0.7 * f)) if progress else None)
    return Checked(kind, report, parsed, plans, handler, years, fingerprint)


class ImportRefused(Exception):
    """The file did not pass the check at import time; nothing was written."""

    def __init__(self, checked):
        super().__init__("the file has errors")
        self.checked = checked


class ImportWriteError(Exception):
    """The database refused the write (a unique rule the check could not see, e.g. a record added by someone
    else at the same moment); nothing was written. ``message`` is Vietnamese and names the row."""

    def __init__(self, message, detail=""):
        super().__init__(message)
        self.message = message
        self.detail = detail


def write_checked(checked, actor=None, run_id=None, progress=None):
    """Write the rows of a check without errors in one transaction (the caller's, or its own); raises
    ``ImportWriteError`` (nothing written) when a unique rule of the database refuses a row. ``progress``
    runs from 0 to 1 over the records and their log entries."""
    checked.handler.start_writing(checked.plans, progress)
    try:
        with transaction.atomic():
            checked.handler.apply(checked.plans, actor, run_id)
    except IntegrityError as exc:
        raise ImportWriteError(checked.handler.explain_integrity_error(checked.plans), str(exc)) from exc
    return checked


def import_file(source, kind, scope_unit=None, actor=None, run_id=None, progress=None):
    """Check again and write every row in one transaction; raises ``ImportRefused`` or ``ImportWriteError``
    (nothing written). ``progress(fraction)`` runs from 0 to 0.5 over the check and to 1 over the write."""
    with transaction.atomic():
        checked = check_file(source, kind, scope_unit, (lambda f: progress(0.5 * f)) if progress else None)
        if not checked.ok:
            raise ImportRefused(checked)
        if progress:
            progress(0.5)
        write_checked(checked, actor, run_id, (lambda f: progress(0.5 + 0.49 * f)) if progress else None)
    return checked
