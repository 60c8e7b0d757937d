"""Report 3: the annex of an award decision (danh sách kèm theo quyết định khen thưởng).

The awardees of the decision grouped by award (and within an award, collectives before individuals): number,
name, position, unit, award, reward money, with the count and total per award and overall. An issued
decision's money is the register's; a draft's is projected from the coefficient and base salary in force on the
decision date and the decision's conferring authority (``awards.money.decision_amounts``); where the law gives
no amount the row says why. A correction decision also lists the register
entries it revokes. Each awardee of an issued decision carries a QR code of the public verification link of
its register entry (``awards.verification``; the address is ``PUBLIC_BASE_URL``, else ``SITE_URL``: the job
has no request). Parameters: ``{"decision": id}``.

Access: board, council and administrators (drafts too); the clerks of the units with awardees in an issued
decision (``awards.selectors.decisions_for_user``). Anyone else: 404.
"""

from collections import OrderedDict

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from awards.enums import RecipientKind
from awards.models import Decision, DecisionRevocation, NominationItem
from awards.money import decision_amounts
from awards.selectors import decisions_for_user
from awards.verification import public_base_url, verify_link

from ..pdf import render_document
from ..qr import qr_data_uri
from ..xlsx import workbook
from ._common import ddmmyyyy, document, has_any_role, int_param, total_label

KIND = "decision_annex"
LABEL = gettext_lazy("Decision annex")
DESCRIPTION = gettext_lazy("The list of awardees attached to an award decision: name, position, unit, award and "
                           "reward money, with the totals. With an Excel twin.")
ORDER = 30
TEMPLATE = "reports/pdf/decision_annex.html"


class Form(forms.Form):
    decision = forms.ModelChoiceField(label=gettext_lazy("Award decision"), queryset=Decision.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions_for_user(user).order_by("-date", "-pk")


def params_from(cleaned):
    return {"decision": cleaned["decision"].pk}


def available_to(user):
    return has_any_role(user)


def check_access(user, params):
    pk = int_param(params, "decision")
    return bool(pk) and decisions_for_user(user).filter(pk=pk).exists()


def title(params):
    decision = Decision.objects.filter(pk=int_param(params, "decision")).first()
    if decision is None:
        return str(LABEL)
    return _("Annex to decision %(number)s of %(date)s") % {"number": decision.number,
                                                            "date": ddmmyyyy(decision.date)}



def gather(params, user):
    decision = Decision.objects.select_related("corrects").get(pk=int_param(params, "decision"))
    items = list(NominationItem.objects.filter(decision=decision)
                 .select_related("award_type", "changed_award_type", "person", "unit", "nomination__unit", "award")
                 .order_by("pk"))
    money = {item.pk: (amount, reason) for item, amount, reason in decision_amounts(decision, items)}

    base = public_base_url()
    kind_order = {RecipientKind.COLLECTIVE: 0, RecipientKind.HOUSEHOLD: 1, RecipientKind.INDIVIDUAL: 2}
    items.sort(key=lambda i: (i.final_award_type.order, i.final_award_type.name, kind_order.get(i.recipient_kind, 3),
                              (i.person.full_name if i.person_id else i.unit.name), i.pk))
    groups = OrderedDict()
    for item in items:
        award_type = item.final_award_type
        group = groups.setdefault(award_type.pk, {"award": award_type.name, "rows": [], "count": 0, "amount": 0,
                                                  "unknown": 0})
        amount, reason = money[item.pk]
        if item.person_id:
            name, position, unit = item.person.full_name, item.person.position, item.unit.name
        else:
            name, position, unit = item.unit.name, "", item.nomination.unit.name
        group["rows"].append({
            "name": name, "position": position, "unit": unit, "award": award_type.name,
            "recipient": str(item.get_recipient_kind_display()), "amount": amount, "no_amount": reason,
            "revoked": bool(item.award_id and item.award.revoked),
            "verify": verify_link(item.award.verify_token, base) if decision.is_issued and item.award_id else "",
        })
        group["count"] += 1
        group["amount"] += 0 if group["rows"][-1]["revoked"] else amount or 0  # a revoked award pays nothing
        group["unknown"] += amount is None
    no = 0
    for group in groups.values():
        for row in group["rows"]:
            no += 1
            row["no"] = no
    revocations = [
        {"name": r.award.person.full_name if r.award.person_id else r.award.unit.name, "award": r.award.award_type.name,
         "year": r.award.year, "decision": r.award.decision_number, "reason": r.reason}
        for r in DecisionRevocation.objects.filter(decision=decision)
        .select_related("award__award_type", "award__person", "award__unit").order_by("pk")
    ]
    rows = [r for g in groups.values() for r in g["rows"]]
    totals = {"count": len(rows), "amount": sum(r["amount"] or 0 for r in rows if not r["revoked"]),
              "unknown": sum(1 for r in rows if r["amount"] is None),
              "collectives": sum(1 for i in items if i.recipient_kind == RecipientKind.COLLECTIVE),
              "individuals": sum(1 for i in items if i.recipient_kind == RecipientKind.INDIVIDUAL)}
    doc = document(
        _("ANNEX"), _("LIST OF THE AWARDEES"),
        _("Attached to decision no. %(number)s of %(date)s of %(authority)s") % {
            "number": decision.number, "date": ddmmyyyy(decision.date), "authority": decision.authority},
        issuing_body=decision.authority or _("EMULATION AND COMMENDATION BOARD"),
        number=decision.number.split("/")[0] if "/" in decision.number else "",
        symbol=decision.number.split("/", 1)[1] if "/" in decision.number else decision.number,
        parent_body="", signer_capacity="", signer_title=decision.signer_title, signer_name=decision.signer,
        recipients=[], annex=True,
    )
    return {
        "doc": doc,
        "decision": {"number": decision.number, "date": ddmmyyyy(decision.date), "authority": decision.authority,
                     "issued": decision.is_issued, "state": str(decision.get_state_display()),
                     "kind": str(decision.get_kind_display()),
                     "corrects": str(decision.corrects) if decision.corrects_id else ""},
        "groups": list(groups.values()),
        "totals": totals,
        "revocations": revocations,
    }


def render_pdf(data):
    groups = [{**g, "rows": [{**r, "qr": qr_data_uri(r["verify"]) if r.get("verify") else ""} for r in g["rows"]]}
              for g in data["groups"]]
    qr = any(r["qr"] for g in groups for r in g["rows"])
    return render_document(TEMPLATE, {**data, "groups": groups, "qr": qr})


def render_xlsx(data):
    header = [_("No."), _("Name"), _("Position"), _("Unit"), _("Award"), _("Recipient"), _("Reward money (VND)")]
    rows = [[r["no"], r["name"], r["position"], r["unit"], r["award"], r["recipient"],
             r["amount"] if r["amount"] is not None else r.get("no_amount", "")]
            for g in data["groups"] for r in g["rows"]]
    footer = [[total_label(), data["totals"]["count"], "", "", "", "", data["totals"]["amount"]]]
    sheets = [{"title": _("Awardees"), "header": header, "rows": rows, "footer": footer,
               "widths": [6, 34, 24, 40, 36, 12, 16]}]
    sheets.append({
        "title": _("By award"),
        "header": [_("Award"), pgettext("count", "Number"), _("Reward money (VND)")],
        "rows": [[g["award"], g["count"], g["amount"]] for g in data["groups"]],
        "footer": [[total_label(), data["totals"]["count"], data["totals"]["amount"]]],
        "widths": [40, 10, 18],
    })
    if data["revocations"]:
        sheets.append({
            "title": _("Revoked awards"),
            "header": [_("No."), _("Name"), _("Award"), _("Year"), _("Decision"), _("Reason")],
            "rows": [[i, r["name"], r["award"], r["year"], r["decision"], r["reason"]]
                     for i, r in enumerate(data["revocations"], start=1)],
            "widths": [6, 34, 36, 8, 18, 40],
        })
    return workbook(sheets, title=f'{data["doc"]["title"]} – {data["doc"]["subtitle"]}')
