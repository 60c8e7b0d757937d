"""Vietnamese sort order (D before Đ; a before ă before â; tones after the letter) on both databases.

PostgreSQL: the ICU collation ``vi`` (locale ``vi-x-icu``) created by migration
``0032_yearnav_vi_collation``. SQLite: a collation function of the same name registered on every new
connection (``connection_created``). Querysets use :func:`vi_order` (``Collate(field, "vi")``), so one
``order_by`` works on both.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "vi"
ICU_LOCALE = "vi-x-icu"

# the Vietnamese alphabet (with the foreign f j w z where ICU puts them)
_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
             "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_LETTER = {letter: 1000 + i for i, letter in enumerate(_ALPHABET)}
# tone marks, in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vi_sort_key(value):
    """A key that sorts texts in Vietnamese dictionary order: letters first, then tones, then case."""
    primary, secondary, tertiary = [], [], []
    for ch in unicodedata.normalize("NFC", str(value or "")):
        lower = ch.lower()
        parts = unicodedata.normalize("NFD", lower)
        tone = 0
        base = ""
        for part in parts:
            if part in _TONES:
                tone = _TONES[part]
            else:
                base += part
        base = unicodedata.normalize("NFC", base)
        primary.append(_LETTER.get(base, ord(base[0]) if base else 0))
        secondary.append(tone)
        tertiary.append(0 if ch == lower else 1)
    return (primary, secondary, tertiary)


def _compare(a, b):
    ka, kb = vi_sort_key(a), vi_sort_key(b)
    return (ka > kb) - (ka < kb)


def _register_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


connection_created.connect(_register_sqlite, dispatch_uid="emulation.collation.vi")


def vi_order(field, descending=False):
    """``Collate(field, "vi")`` ordered ascending (or descending): ``qs.order_by(vi_order("name"))``."""
    expr = Collate(F(field), COLLATION)
    return expr.desc() if descending else expr.asc()
