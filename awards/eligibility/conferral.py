"""Who may confer what (Luật Thi đua, khen thưởng Điều 77–80; NĐ 129/2025 and NĐ 152/2025 from 1/7/2025).

``check_conferral_power(authority, award_type, on_date)`` is the one check every decision goes through: the
decision services call it when items are added and again when the decision is issued, and the khen cao flow
calls it for central decisions. The powers are dated rows (``ConferralPower``) the board keeps as data.
"""

import unicodedata

from django.utils.translation import gettext as _

from emulation.errors import DomainError

from ..models import ConferralPower, ConferringAuthority


def powers_on(award_type, on_date):
    """The powers in force on ``on_date`` for ``award_type`` (authority loaded), newest first."""
    return list(ConferralPower.objects.filter(award_type=award_type).in_force(on_date).select_related("authority"))


def conferral_refusal(authority, award_type, on_date):
    """The Vietnamese reason (naming the article) why ``authority`` may not confer ``award_type`` on ``on_date``;
    None when it may. An award type with no conferral power recorded at all is not checked (a province's own
    form the board has not described yet): its page says so."""
    if not ConferralPower.objects.filter(award_type=award_type).exists():
        return None
    rows = powers_on(award_type, on_date)
    values = {"type": award_type.name, "date": on_date.strftime("%d/%m/%Y"),
              "authority": authority.name if authority else ""}
    if authority is not None and any(row.authority_id == authority.pk for row in rows):
        return None
    if not rows:
        return _("No authority may confer “%(type)s” on %(date)s according to the conferral powers recorded.") % values
    values["holders"] = "; ".join(f"{row.authority.name} ({row.legal_basis})" if row.legal_basis else row.authority.name
                                  for row in rows)
    if authority is None:
        return (_("The decision does not name its conferring authority; “%(type)s” is conferred by %(holders)s.")
                % values)
    return _("%(authority)s may not confer “%(type)s” on %(date)s: it is conferred by %(holders)s.") % values


def check_conferral_power(authority, award_type, on_date):
    """Raise ``DomainError`` with the reason and the article when ``authority`` may not confer ``award_type`` on
    ``on_date`` (the decision's date)."""
    reason = conferral_refusal(authority, award_type, on_date)
    if reason:
        raise DomainError(reason)


def _fold(text):
    text = unicodedata.normalize("NFD", (text or "").lower()).replace("đ", "d")
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split())


def resolve_authority(text, authorities=None):
    """The authority whose name or one of whose other names the free text contains, the longest match winning
    ("UBND tỉnh" → Chủ tịch UBND tỉnh, "Sở Nội vụ" → thủ trưởng cơ quan); None when nothing matches."""
    folded = f" {_fold(text)} "
    best, length = None, 0
    for authority in authorities if authorities is not None else ConferringAuthority.objects.all():
        for alias in [authority.name, *authority.aliases.split(";")]:
            alias = _fold(alias)
            if alias and f" {alias} " in folded and len(alias) > length:
                best, length = authority, len(alias)
    return best
