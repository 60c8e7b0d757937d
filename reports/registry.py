"""The report registry: one module per report kind.

A report is a module in ``reports/kinds/`` (found automatically) or registered with ``register(module)``.
See ``reports/README.md`` for the full contract; in short, a module defines:

- ``KIND`` (str, unique, used in URLs and in ``ReportJob.kind``), ``LABEL``, ``DESCRIPTION`` (lazy strings),
  ``ORDER`` (int, menu order);
- ``available_to(user) -> bool``: may this user request this kind at all (else the request page is a 403);
- ``Form``: a Django form class built as ``Form(data, user=user, initial=…)``; ``params_from(cleaned_data)``
  turns its cleaned data into JSON-friendly parameters (ids, years);
- ``check_access(user, params) -> bool``: may this user see this report with these parameters
  (checked on request, on the job page and on every download: False is a 404);
- ``title(params) -> str``: the report's title, stored on the job;
- ``gather(params, user) -> dict``: reads the database (a fixed number of queries) and returns JSON-friendly
  data; the engine adds ``data["fingerprint"]`` (see ``fingerprint``) unless the module sets it;
- ``render_pdf(data) -> bytes``: through ``reports.pdf.render_document`` and the shared layout;
- ``render_xlsx(data) -> bytes`` (optional, for tabular reports): through ``reports.xlsx.workbook``.

Renderers take only ``data``: they never touch the database, so the same data gives the same file, and a
file rendered for one user may be served to another who asks for the same report with the same data.
"""

import hashlib
import json
import pkgutil
from importlib import import_module

from django.core.serializers.json import DjangoJSONEncoder

REQUIRED = ("KIND", "LABEL", "Form", "params_from", "available_to", "check_access", "title", "gather",
            "render_pdf")

_registry = {}
_discovered = False


class UnknownReport(KeyError):
    pass


def canonical_json(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)


def fingerprint(value):
    """sha256 of the canonical JSON of ``value``: equal data, equal fingerprint."""
    return hashlib.sha256(canonical_json(value).encode()).hexdigest()


def params_key(params):
    return fingerprint(params or {})


def register(module):
    missing = [name for name in REQUIRED if not hasattr(module, name)]
    if missing:
        raise TypeError(f"report module {module.__name__} lacks {', '.join(missing)}")
    _registry[module.KIND] = module
    return module


def unregister(kind):
    _registry.pop(kind, None)


def _discover():
    global _discovered
    if _discovered:
        return
    from . import kinds  # noqa: PLC0415 (the report modules import this registry to register themselves)

    for info in pkgutil.iter_modules(kinds.__path__):
        if not info.name.startswith("_"):
            module = import_module(f"{kinds.__name__}.{info.name}")
            if hasattr(module, "KIND"):
                register(module)
    _discovered = True


def get(kind):
    _discover()
    try:
        return _registry[kind]
    except KeyError:
        raise UnknownReport(kind) from None


def all_reports():
    _discover()
    return sorted(_registry.values(), key=lambda m: (getattr(m, "ORDER", 50), m.KIND))


def available_reports(user):
    return [m for m in all_reports() if m.available_to(user)]


def has_xlsx(module):
    return hasattr(module, "render_xlsx")
