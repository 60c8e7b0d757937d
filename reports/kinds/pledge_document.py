"""Report 4: the pledge document (văn bản Giao ước thi đua) of a bloc year.

The pledge text (title, preamble, ceremony place and date), its commitments with their targets, and the
table of signatory units with their representatives (live signatures only; a member that has not signed
shows an empty row). Parameters: ``{"pledge": id}``.

Access: board, council and administrators; the clerks of the bloc year's member units and of its head unit
(the bloc leaders) — exactly who sees the pledge page (``pledges.selectors.pledges_for_user``).
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from blocs.models import BlocMembership
from emulation.templatetags.tdkt import with_unit
from pledges.models import Commitment, Pledge, Signature
from pledges.selectors import pledges_for_user

from ..pdf import place_and_date, render_document
from ..xlsx import workbook
from ._common import ddmmyyyy, document, has_any_role, int_param

KIND = "pledge_document"
LABEL = gettext_lazy("Emulation pledge document")
DESCRIPTION = gettext_lazy("The pledge of a bloc year with its commitments and the table of signatory units and "
                           "their representatives. With an Excel twin.")
ORDER = 40
TEMPLATE = "reports/pdf/pledge_document.html"


class Form(forms.Form):
    pledge = forms.ModelChoiceField(label=gettext_lazy("Emulation pledge"), queryset=Pledge.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledge"].queryset = pledges_for_user(user)


def params_from(cleaned):
    return {"pledge": cleaned["pledge"].pk}


def available_to(user):
    return has_any_role(user)


def check_access(user, params):
    pledge_id = int_param(params, "pledge")
    return bool(pledge_id) and pledges_for_user(user).filter(pk=pledge_id).exists()


def title(params):
    pledge = Pledge.objects.select_related("bloc_year__bloc").filter(pk=int_param(params, "pledge")).first()
    if pledge is None:
        return _("Emulation pledge")
    return _("Emulation pledge of %(bloc)s, year %(year)s") % {"bloc": pledge.bloc_year.bloc.name,
                                                               "year": pledge.bloc_year.year}


def _target(c):
    if c.target_figure is None:
        return ""
    return with_unit(c.target_figure, c.target_unit)


def gather(params, user):
    pledge = (Pledge.objects.select_related("bloc_year__bloc", "bloc_year__head_unit", "bloc_year__deputy_unit")
              .get(pk=int_param(params, "pledge")))
    bloc_year = pledge.bloc_year
    commitments = [
        {"position": c.position, "text": c.text, "measurable": c.is_measurable, "target": _target(c),
         "target_figure": float(c.target_figure) if c.target_figure is not None else None,
         "target_unit": c.target_unit}
        for c in Commitment.objects.filter(pledge=pledge).order_by("position", "pk")
    ]
    members = list(BlocMembership.objects.filter(bloc_year=bloc_year).select_related("unit").order_by("unit__name")
                   .values_list("unit_id", "unit__name"))
    live = {s.unit_id: s for s in Signature.objects.filter(pledge=pledge, withdrawn_at__isnull=True)}

    def role(unit_id):
        if unit_id == bloc_year.head_unit_id:
            return _("Bloc head")
        if unit_id == bloc_year.deputy_unit_id:
            return _("Bloc deputy")
        return ""

    # The head first, then the deputy, then the other members by name (the order of signing blocks).
    rank = {bloc_year.head_unit_id: 0, bloc_year.deputy_unit_id: 1}
    members.sort(key=lambda m: rank.get(m[0], 2))
    signatories = []
    for no, (unit_id, unit_name) in enumerate(members, start=1):
        s = live.get(unit_id)
        signatories.append({
            "no": no, "unit": unit_name, "role": str(role(unit_id)), "signed": s is not None,
            "representative": s.representative_name if s else "",
            "position": s.representative_position if s else "",
            "signed_on": ddmmyyyy(s.signed_at.date()) if s else "",
        })
    head_signature = live.get(bloc_year.head_unit_id)
    doc = document(
        pgettext("document type", "EMULATION PLEDGE"), pledge.title,
        _("%(bloc)s, year %(year)s") % {"bloc": bloc_year.bloc.name, "year": bloc_year.year},
        parent_body=bloc_year.bloc.council, issuing_body=bloc_year.bloc.name,
        symbol=pgettext("document symbol", "PLEDGE"),
        signer_capacity=_("On behalf of the emulation bloc"), signer_title=_("Bloc head"),
        signer_name=(f"{head_signature.representative_name}" if head_signature else ""),
        recipients=[_("The emulation and commendation council (to report)"), _("Member units of the bloc")],
    )
    if pledge.ceremony_date:
        # the date line names the locality, never the venue (the venue is in the body's ceremony sentence)
        doc["date_line"] = place_and_date(doc.get("place"), pledge.ceremony_date)
    return {
        "doc": doc,
        "pledge": {"title": pledge.title, "preamble": pledge.preamble, "state": str(pledge.get_state_display()),
                   "ceremony_date": ddmmyyyy(pledge.ceremony_date), "ceremony_place": pledge.ceremony_place},
        "bloc": {"name": bloc_year.bloc.name, "year": bloc_year.year, "head": bloc_year.head_unit.name,
                 "deputy": bloc_year.deputy_unit.name if bloc_year.deputy_unit_id else ""},
        "commitments": commitments,
        "signatories": signatories,
        "counts": {"members": len(signatories), "signed": sum(1 for s in signatories if s["signed"]),
                   "commitments": len(commitments)},
    }


def render_pdf(data):
    return render_document(TEMPLATE, data)


def render_xlsx(data):
    commitments = {
        "title": _("Commitments"),
        "header": [_("No."), _("Content"), _("Target figure"), _("Unit of measure")],
        "rows": [[c["position"], c["text"], c["target_figure"], c["target_unit"]] for c in data["commitments"]],
        "widths": [6, 80, 14, 16],
    }
    signatories = {
        "title": _("Signatory units"),
        "header": [_("No."), _("Unit"), _("Role in the bloc"), _("Representative"), _("Position"), _("Signed on")],
        "rows": [[s["no"], s["unit"], s["role"], s["representative"], s["position"], s["signed_on"]]
                 for s in data["signatories"]],
        "footer": [[_("Signed"), f'{data["counts"]["signed"]}/{data["counts"]["members"]}', "", "", "", ""]],
        "widths": [6, 40, 14, 30, 30, 12],
    }
    return workbook([commitments, signatories], title=data["pledge"]["title"])
