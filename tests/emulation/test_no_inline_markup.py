"""No template served to a browser holds what the Content-Security-Policy refuses: a ``style="…"`` attribute,
an ``on…=`` event handler or an inline ``<script>`` (a ``src`` or a JSON data block is fine). The PDF templates
(WeasyPrint, never sent to a browser) keep their inline styles. tests/e2e/test_csp.py checks the pages in
Chromium; this finds the same mistakes in a second."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PDF_TEMPLATES = ROOT / "reports" / "templates" / "reports" / "pdf"
FORBIDDEN = {
    "style attribute": re.compile(r"<[a-zA-Z][^<>]*\sstyle\s*=", re.S),
    "event handler": re.compile(r"<[a-zA-Z][^<>]*\son[a-z]+\s*=", re.S),
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.S),
    "style element": re.compile(r"<style[\s>]"),
    "javascript: URL": re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
}


def _templates():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if ".venv" in folder.parts:
            continue
        for path in folder.rglob("*.html"):
            if PDF_TEMPLATES not in path.parents:
                yield path


def test_no_browser_template_has_inline_style_script_or_handler():
    paths = list(_templates())
    assert len(paths) > 100
    found = []
    for path in paths:
        text = re.sub(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", path.read_text(), flags=re.S)
        found += [f"{path.relative_to(ROOT)}: {what}" for what, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert not found, "\n".join(found)
