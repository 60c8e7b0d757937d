"""Pieces shared by the drafted documents."""

from django.utils.translation import gettext as _

from ..pdf import place_and_date
from . import layout


def split_number(number):
    """"15/QĐ-UBND" → ("15", "QĐ-UBND"); a number without a slash is all symbol."""
    number = (number or "").strip()
    if "/" in number:
        head, tail = number.split("/", 1)
        return head.strip(), tail.strip()
    return "", number


def issuer_letterhead(issuer, number="", day=None, issuing_body=None):
    no, symbol = split_number(number)
    return layout.letterhead(issuing_body or issuer.issuing_body, issuer.parent_body, no, symbol,
                             place_and_date(issuer.place, day))


def issuer_signature(issuer, name=None, title=None):
    return layout.signature([issuer.on_behalf, issuer.capacity, title or issuer.signer_title],
                            name or issuer.signer_name)


def recipients(issuer, first=()):
    return [*first, *issuer.lines("recipients"), _("Filed: Archive.")]
