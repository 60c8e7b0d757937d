"""Report 5: the award history (quá trình khen thưởng) of a person or of a unit.

Parameters: ``{"person": id}`` or ``{"unit": id}``. A person's history lists every award in the register;
a unit's lists its collective awards and, year by year, the awards of its people.
"""

from django import forms
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from awards.enums import RecipientKind
from awards.models import Award
from emulation.forms import UnitChoiceField
from emulation.models import Person, Unit
from emulation.selectors import people_for_user, units_for_user

from ..pdf import render_document
from ..xlsx import workbook
from ._common import ddmmyyyy, document, has_any_role, int_param, total_label

KIND = "award_history"
LABEL = gettext_lazy("Award history")
DESCRIPTION = gettext_lazy("Every award of a person or of a unit, year by year, with the decisions and reward money.")
ORDER = 50
TEMPLATE = "reports/pdf/award_history.html"


class Form(forms.Form):
    unit = UnitChoiceField(label=gettext_lazy("Unit"), required=False)
    person = forms.ModelChoiceField(label=gettext_lazy("Person"), queryset=Person.objects.none(), required=False,
                                    widget=forms.HiddenInput)
    person_code = forms.CharField(label=gettext_lazy("or a person's staff code or citizen ID number"),
                                  max_length=50, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = units_for_user(user).order_by("name")
        self.fields["person"].queryset = people_for_user(user)
        chosen = self.initial.get("person")
        if chosen and not self.is_bound:
            person = people_for_user(user).filter(pk=int_param(self.initial, "person")).first()
            if person is not None:
                self.fields["person_code"].help_text = _("Chosen: %(name)s (%(unit)s)") % {
                    "name": person.full_name, "unit": person.unit.name}

    def clean(self):
        data = super().clean()
        code = (data.get("person_code") or "").strip()
        if code and not data.get("person"):
            found = list(people_for_user(self.user).filter(Q(staff_code=code) | Q(cccd=code))[:2])
            if len(found) != 1:
                self.add_error("person_code", _("No single person with this code was found among your people."))
            else:
                data["person"] = found[0]
        if bool(data.get("person")) == bool(data.get("unit")):
            if not self.errors:
                raise forms.ValidationError(_("Choose either a unit or a person."))
        return data


def params_from(cleaned):
    if cleaned.get("person"):
        return {"person": cleaned["person"].pk}
    return {"unit": cleaned["unit"].pk}


def available_to(user):
    return has_any_role(user)


def check_access(user, params):
    person_id, unit_id = int_param(params, "person"), int_param(params, "unit")
    if person_id:
        return people_for_user(user).filter(pk=person_id).exists()
    if unit_id:
        return units_for_user(user).filter(pk=unit_id).exists()
    return False


def title(params):
    person_id = int_param(params, "person")
    if person_id:
        person = Person.objects.filter(pk=person_id).first()
        return _("Award history of %(name)s") % {"name": person.full_name if person else "?"}
    unit = Unit.objects.filter(pk=int_param(params, "unit")).first()
    return _("Award history of %(name)s") % {"name": unit.name if unit else "?"}


def _row(award):
    return {
        "year": award.year,
        "award": award.award_type.name,
        "recipient": award.get_recipient_kind_display(),
        "method": award.get_method_display(),
        "decision": award.decision_number,
        "decision_date": ddmmyyyy(award.decision_date),
        "authority": award.decision_authority,
        "unit": award.unit.name,
        "amount": award.amount,
        "revoked": award.revoked,
        "note": award.note,
    }


def _totals(rows):
    live = [r for r in rows if not r["revoked"]]
    return {"count": len(live), "amount": sum(r["amount"] or 0 for r in live)}


def gather(params, user):
    person_id = int_param(params, "person")
    awards = Award.objects.select_related("award_type", "unit").order_by("year", "decision_date", "pk")
    if person_id:
        person = Person.objects.select_related("unit").get(pk=person_id)
        rows = [_row(a) for a in awards.filter(person=person)]
        subject = {"kind": "person", "name": person.full_name, "unit": person.unit.name,
                   "position": person.position, "date_of_birth": ddmmyyyy(person.date_of_birth)}
        people_rows = []
    else:
        unit = Unit.objects.get(pk=int_param(params, "unit"))
        rows = [_row(a) for a in awards.filter(unit=unit, person__isnull=True)]
        subject = {"kind": "unit", "name": unit.name, "unit": "", "position": "", "date_of_birth": ""}
        people_rows = [
            {"year": r["year"], "award": r["award_type__name"], "count": r["n"], "amount": r["money"] or 0}
            for r in Award.objects.filter(unit=unit, recipient_kind=RecipientKind.INDIVIDUAL, revoked=False)
            .values("year", "award_type__name", "award_type__order")
            .annotate(n=Count("id"), money=Sum("amount"))
            .order_by("year", "award_type__order", "award_type__name")
        ]
    name = subject["name"]
    return {
        "doc": document(_("REPORT"), _("AWARD HISTORY"), name),
        "subject": subject,
        "rows": rows,
        "totals": _totals(rows),
        "people_rows": people_rows,
        "people_totals": {"count": sum(r["count"] for r in people_rows),
                          "amount": sum(r["amount"] for r in people_rows)},
    }


def render_pdf(data):
    return render_document(TEMPLATE, data)


def render_xlsx(data):
    header = [_("No."), _("Year"), _("Award"), _("Recipient"), _("Award method"), _("Decision"), _("Decision date"),
              _("Issuing authority"), _("Reward money (VND)"), _("Revoked")]
    rows = [[i, r["year"], r["award"], r["recipient"], r["method"], r["decision"], r["decision_date"], r["authority"],
             r["amount"], _("yes") if r["revoked"] else ""] for i, r in enumerate(data["rows"], start=1)]
    footer = [[total_label(), "", data["totals"]["count"], "", "", "", "", "", data["totals"]["amount"], ""]]
    sheets = [{"title": _("Awards"), "header": header, "rows": rows, "footer": footer,
               "widths": [6, 8, 40, 14, 22, 18, 14, 30, 18, 10]}]
    if data["subject"]["kind"] == "unit":
        sheets.append({
            "title": _("Awards of its people"),
            "header": [_("Year"), _("Award"), pgettext("count", "Number"), _("Reward money (VND)")],
            "rows": [[r["year"], r["award"], r["count"], r["amount"]] for r in data["people_rows"]],
            "footer": [["", total_label(), data["people_totals"]["count"], data["people_totals"]["amount"]]],
            "widths": [8, 40, 10, 18],
        })
    return workbook(sheets, title=f'{data["doc"]["title"]}: {data["subject"]["name"]}')

