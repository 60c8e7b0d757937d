"""The award decision itself (Quyết định khen thưởng): bases, articles, signature block, recipients, and its
annex (phụ lục) listing the awardees with award and reward money, grouped by award.

The awardees and the money are those of the decision annex report (``reports.kinds.decision_annex.gather``:
the register's amounts once issued, projected for a draft). The signer's name and title are the decision's
own (entered on it, copied to the register); the signing capacity lines, place, bases, who carries it out and
the recipients come from the ``IssuerSetting`` of the decision's issuing authority in force on its date."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from awards.enums import RecipientKind
from emulation.templatetags.tdkt import format_money

from ..issuers import require_issuer
from ..kinds import decision_annex
from ..kinds._common import ddmmyyyy
from . import layout
from .common import issuer_letterhead, issuer_signature, recipients

NAME_WIDTH = 58  # mm: "Nguyễn Thị Phương Thảo" at 12 pt on one line, with room


def _counts(collectives, individuals):
    parts = []
    if collectives:
        parts.append(ngettext("%(n)s collective", "%(n)s collectives", collectives) % {"n": collectives})
    if individuals:
        parts.append(ngettext("%(n)s individual", "%(n)s individuals", individuals) % {"n": individuals})
    return _(" and ").join(parts)


def build(decision):
    """The parts of the decision document (raises ``MissingIssuer``)."""
    issuer = require_issuer(body=decision.authority, on=decision.date)
    data = decision_annex.gather({"decision": decision.pk}, None)
    groups, totals = data["groups"], data["totals"]
    award_names = [g["award"] for g in groups]
    subtitle = _("On conferring %(awards)s") % {"awards": _(", ").join(award_names)} if award_names else ""
    blocks = [layout.para(line, "italic") for line in issuer.lines("bases")]
    units = sorted({r["unit"] for g in groups for r in g["rows"]})
    if units:
        blocks.append(layout.para(_("Considering the proposals of %(units)s,") % {"units": _(", ").join(units)},
                                  "italic"))
    blocks.append(layout.para(_("DECIDES:"), "heading"))
    first = []
    individual = str(RecipientKind.INDIVIDUAL.label)
    for g in groups:
        coll = sum(1 for r in g["rows"] if r["recipient"] != individual)
        first.append(_("To confer %(award)s on %(counts)s") % {
            "award": g["award"], "counts": _counts(coll, g["count"] - coll)})
    if first:
        article1 = _("%(lines)s (list attached), for their achievements.") % {"lines": "; ".join(first)}
    else:
        article1 = _("The decision confers no award.")
    blocks.append(layout.para(article1, lead=_("Article 1.")))
    if data["decision"]["corrects"]:
        blocks.append(layout.para(_("This decision corrects decision %(corrects)s.")
                                  % {"corrects": data["decision"]["corrects"]}))
    for r in data["revocations"]:
        blocks.append(layout.para(_("%(award)s of %(year)s conferred on %(name)s by decision %(decision)s is revoked: "
                                    "%(reason)s.") % r, "plain"))
    money = _("The reward money is paid as the law provides; in total %(total)s, each amount as listed in the "
              "annex.") % {"total": format_money(totals["amount"])}
    if totals["unknown"]:
        money += " " + _("%(n)s awardees have no known reward amount and are not included in the total.") % {
            "n": totals["unknown"]}
    blocks.append(layout.para(money, lead=_("Article 2.")))
    executors = " ".join(issuer.lines("executors"))
    article3 = _("This decision takes effect on the day it is signed.")
    if executors:
        article3 += " " + _("%(executors)s and the collectives and individuals named in Article 1 carry out this "
                            "decision.") % {"executors": executors.rstrip(".;,")}
    else:
        article3 += " " + _("The collectives and individuals named in Article 1 carry out this decision.")
    blocks.append(layout.para(article3, lead=_("Article 3."), closing=True))
    main = layout.part(
        letterhead=issuer_letterhead(issuer, decision.number, decision.date),
        doc_type=_("DECISION"), title=subtitle, enacting=issuer.enacting or decision.authority,
        blocks=blocks,
        foot=layout.foot([issuer_signature(issuer, decision.signer, decision.signer_title)],
                         recipients(issuer, [_("As in Article 3;")])),
    )
    rows = []
    for g in groups:
        rows.append({"section": g["award"]})
        for r in g["rows"]:
            where = ", ".join(x for x in (r["position"], r["unit"]) if x)
            name = layout.NoWrap(r["name"]) if r["recipient"] == individual else r["name"]
            rows.append([r["no"], name, where, format_money(r["amount"])])
    rows.append({"total": ["", ngettext("Total: %(n)s awardee", "Total: %(n)s awardees", totals["count"])
                           % {"n": totals["count"]}, "", format_money(totals["amount"])]})
    annex = layout.part(
        page_break=True, doc_type=pgettext("drafted decision", "ANNEX"), title=_("LIST OF THE AWARDEES"),
        subtitle=_("(Attached to decision no. %(number)s of %(date)s of %(authority)s)") % {
            "number": decision.number, "date": ddmmyyyy(decision.date), "authority": decision.authority},
        blocks=[layout.table([_("No."), _("Full name"), _("Position, unit"), _("Reward money")], rows,
                             [12, NAME_WIDTH, 71, 24], numeric=[3])],
    )
    return [main, annex]


def title(decision):
    return _("Decision %(number)s") % {"number": decision.number}
