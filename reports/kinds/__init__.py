"""Report kinds: every module here that defines ``KIND`` is registered (see ``reports/registry.py``
and ``reports/README.md``). Modules whose name starts with ``_`` are helpers."""
