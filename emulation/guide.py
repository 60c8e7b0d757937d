"""The user guide served inside the app (``/huong-dan/``): ``docs/user-guide*.md`` rendered with markdown-it
(raw HTML off), every heading given an anchor, and the section that matches a page (``help_anchor``)."""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from markdown_it import MarkdownIt

from .text import search_key

# page address prefix -> the guide's section about it (checked in order, before the role's own section)
PAGE_SECTIONS = [
    ("/notifications/", "thong-bao-va-nhac-viec-notifications-and-reminders"),
    ("/account/", "tai-khoan-va-du-lieu-ca-nhan-every-user"),
    ("/password", "tai-khoan-va-du-lieu-ca-nhan-every-user"),
    ("/reports/blanks/", "in-bang-khen-giay-khen-certificates-and-calibrating-a-blank"),
    ("/reports/certificates/", "in-bang-khen-giay-khen-certificates-and-calibrating-a-blank"),
]
ROLE_SECTIONS = {
    "board": "ban-thi-dua-khen-thuong-board",
    "council": "hoi-dong-tdkt-council-member",
    "clerk": "can-bo-tdkt-don-vi-unit-clerk",
}


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", search_key(text)).strip("-")


def _files():
    return sorted(Path(settings.BASE_DIR, "docs").glob("user-guide*.md"))


@lru_cache(maxsize=4)
def _render(stamp):
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    sections, parts = [], []
    for path in _files():
        tokens = md.parse(path.read_text(encoding="utf-8"))
        for i, token in enumerate(tokens):
            if token.type == "heading_open":
                text = tokens[i + 1].content
                anchor = slug(text)
                token.attrSet("id", anchor)
                if token.tag in ("h1", "h2"):
                    sections.append((text, anchor, token.tag))
        parts.append(md.renderer.render(tokens, md.options, {}))
    return "\n".join(parts), sections


def guide():
    """``(html, [(heading, anchor, tag)])`` of the whole guide; re-rendered when a file changes."""
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in _files())
    return _render(stamp)


def help_anchor(path, roles):
    """The guide's section for a page: a page's own section, else the section of the user's role."""
    if "/verify" in path or "/signing/" in path or "/signed" in path:
        return "ky-so-digital-signatures"
    for prefix, anchor in PAGE_SECTIONS:
        if path.startswith(prefix):
            return anchor
    if roles.manages_everything:
        return ROLE_SECTIONS["board"]
    if roles.is_council:
        return ROLE_SECTIONS["council"]
    if roles.is_clerk:
        return ROLE_SECTIONS["clerk"]
    return ""
