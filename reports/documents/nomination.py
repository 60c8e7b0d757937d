"""A nomination's tờ trình (the sending unit's proposal, the structure of form no. 01) and its báo cáo thành
tích (one achievement report per nominee, the structure of form no. 02; docs/user-guide.md says which decree's
forms these follow), drafted from the dossier: its items, their achievement summaries, the documents attached
and the register's earlier awards. The sending unit's ``IssuerSetting`` (its own row, else the row named like
it) gives the signer, the place, the bases and the addressee."""

from collections import OrderedDict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from awards.models import Award, NominationDocument, NominationItem

from ..issuers import require_issuer
from ..kinds._common import ddmmyyyy
from . import layout
from .common import issuer_letterhead, issuer_signature, recipients

NAME_WIDTH = 52


def _items(nomination):
    return list(NominationItem.objects.filter(nomination=nomination)
                .select_related("award_type", "changed_award_type", "person", "unit")
                .order_by("award_type__order", "award_type__name", "pk"))


def _day(nomination):
    return timezone.localdate(nomination.submitted_at) if nomination.submitted_at else timezone.localdate()


def proposal(nomination):
    """The tờ trình (raises ``MissingIssuer``)."""
    day = _day(nomination)
    issuer = require_issuer(unit=nomination.unit, on=day)
    items = _items(nomination)
    groups = OrderedDict()
    for item in items:
        groups.setdefault(item.award_type.name, []).append(item)
    addressee = issuer.addressee
    blocks = [layout.para(line, "italic") for line in issuer.lines("bases")]
    individuals = sum(1 for i in items if i.person_id)
    counts = []
    if len(items) - individuals:
        counts.append(ngettext("%(n)s collective", "%(n)s collectives", len(items) - individuals)
                      % {"n": len(items) - individuals})
    if individuals:
        counts.append(ngettext("%(n)s individual", "%(n)s individuals", individuals) % {"n": individuals})
    blocks.append(layout.para(_("%(unit)s respectfully proposes that %(addressee)s consider awarding %(counts)s for "
                                "their achievements in %(year)s, as follows:") % {
        "unit": nomination.unit.name, "addressee": addressee or _("the competent authority"),
        "counts": _(" and ").join(counts) or "0", "year": nomination.year}))
    rows = []
    no = 0
    for award, group in groups.items():
        rows.append({"section": ngettext("%(award)s: %(n)s nominee", "%(award)s: %(n)s nominees", len(group))
                     % {"award": award, "n": len(group)}})
        for item in group:
            no += 1
            if item.person_id:
                name = layout.NoWrap(item.person.full_name)
                where = ", ".join(x for x in (item.person.position, item.unit.name) if x)
            else:
                name, where = item.unit.name, ""
            rows.append([no, name, where, item.summary])
    blocks.append(layout.table([_("No."), _("Full name"), _("Position, unit"), _("Achievements")], rows,
                               [12, NAME_WIDTH, 50, 51]))
    docs = list(NominationDocument.objects.filter(nomination=nomination).order_by("kind", "pk"))
    if docs:
        blocks.append(layout.para(_("Attached: %(docs)s.") % {
            "docs": "; ".join(f"{d.get_kind_display()} ({d.original_name})" for d in docs)}, "plain"))
    blocks.append(layout.para(_("%(unit)s respectfully submits this for consideration and decision.")
                              % {"unit": nomination.unit.name}, closing=True))
    awards = _(", ").join(groups) if groups else ""
    return [layout.part(
        letterhead=issuer_letterhead(issuer, nomination.reference, day),
        doc_type=_("PROPOSAL"), title=_("On proposing %(awards)s") % {"awards": awards} if awards else "",
        subtitle=(_("for the bloc %(bloc)s") % {"bloc": nomination.bloc_year} if nomination.bloc_year_id else ""),
        addressee=addressee, blocks=blocks,
        foot=layout.foot([issuer_signature(issuer)], recipients(issuer, [_("As above;")])),
    )]


def achievement_reports(nomination):
    """One báo cáo thành tích per nominee, each on its own pages (raises ``MissingIssuer``)."""
    day = _day(nomination)
    issuer = require_issuer(unit=nomination.unit, on=day)
    items = _items(nomination)
    people = {i.person_id for i in items if i.person_id}
    units = {i.unit_id for i in items if not i.person_id}
    history = {}
    for a in (Award.objects.filter(person_id__in=people) | Award.objects.filter(unit_id__in=units,
                                                                                  person__isnull=True))\
            .filter(revoked=False).select_related("award_type").order_by("year", "decision_date", "pk"):
        history.setdefault(("p", a.person_id) if a.person_id else ("u", a.unit_id), []).append(a)
    parts = []
    for n, item in enumerate(items):
        award = item.final_award_type.name
        if item.person_id:
            person = item.person
            facts = [(_("Full name"), person.full_name),
                     (pgettext("achievement report", "Date of birth"), ddmmyyyy(person.date_of_birth)),
                     (_("Gender"), person.get_gender_display() if person.gender else ""),
                     (_("Position"), person.position), (_("Unit"), item.unit.name)]
            earlier = history.get(("p", person.pk), [])
            sigs = [issuer_signature(issuer), layout.signature([_("The reporting person")], person.full_name,
                                                               _("(signature, full name)"))]
            sigs[0]["note"] = _("(certifies)")
            heading_one = _("I. PERSONAL DETAILS")
            subject = person.full_name
        else:
            facts = [(pgettext("achievement report", "Collective"), item.unit.name),
                     (_("Governing unit"), nomination.unit.name)]
            earlier = history.get(("u", item.unit_id), [])
            sigs = [issuer_signature(issuer)]
            heading_one = _("I. THE COLLECTIVE")
            subject = item.unit.name
        blocks = [layout.para(heading_one, "plain")]
        blocks += [layout.para(f"{label}: {value}", "plain") for label, value in facts if value]
        blocks.append(layout.para(_("II. ACHIEVEMENTS"), "plain"))
        summary = [line for line in item.summary.splitlines() if line.strip()]
        blocks += [layout.para(line) for line in summary] or [
            layout.para(_("(The achievements are written here.)"), "italic")]
        blocks.append(layout.para(_("III. AWARDS ALREADY RECEIVED"), "plain"))
        if earlier:
            blocks.append(layout.table(
                [_("Year"), _("Award"), _("Decision")],
                [[a.year, a.award_type.name, " ".join(x for x in (a.decision_number, ddmmyyyy(a.decision_date)) if x)]
                 for a in earlier], [18, 90, 57]))
        else:
            blocks.append(layout.para(_("None recorded."), "italic"))
        parts.append(layout.part(
            page_break=n > 0,
            letterhead=issuer_letterhead(issuer, "", day),
            doc_type=_("ACHIEVEMENT REPORT"),
            title=_("Proposing %(award)s") % {"award": award}, subtitle=subject, blocks=blocks,
            foot=layout.foot(sigs),
        ))
    return parts


def title_proposal(nomination):
    return _("Proposal %(title)s") % {"title": nomination.title}


def title_reports(nomination):
    return _("Achievement reports %(title)s") % {"title": nomination.title}
