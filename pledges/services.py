"""Changes of state for pledges (giao ước thi đua). Views never change these rows directly.

Pledge:  draft ──open_for_signing──▶ open ──(the last member unit signs)──▶ signed ──close_pledge──▶ closed
         open ──back_to_draft──▶ draft (only while nobody has signed)
Signature: signed while the pledge is open; withdrawn only while it is open, with a reason.
Fulfilment report (per member unit, once the pledge is signed):
         draft/returned ──submit──▶ submitted ──confirm──▶ confirmed;  submitted ──return──▶ returned
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.audit import diff, log_action, snapshot
from emulation.errors import DomainError
from emulation.notifications import board_users, clerks_of, notify
from emulation.roles import roles_of
from emulation.uploads import validate_upload

from .enums import CommitmentKind, PledgeState, ReportState
from .models import Commitment, FulfilmentLine, FulfilmentReport, Pledge, Signature

PLEDGE_FIELDS = ["title", "preamble", "ceremony_date", "ceremony_place"]
COMMITMENT_FIELDS = ["position", "text", "kind", "target_figure", "target_unit", "criterion_code"]


def _lock(pledge):
    return Pledge.objects.select_for_update().select_related("bloc_year__bloc").get(pk=pledge.pk)


def _member_ids(pledge):
    return set(pledge.bloc_year.memberships.values_list("unit_id", flat=True))


def _require(actor, perm, pledge, message=None):
    if not actor.has_perm(perm, pledge):
        raise DomainError(message or _("Your role may not do this on this pledge."))


def _require_state(pledge, *states):
    if pledge.state not in states:
        raise DomainError(
            _("This cannot be done while the pledge is “%(state)s”.") % {"state": pledge.get_state_display()}
        )


def _require_own_unit(actor, unit, message):
    r = roles_of(actor)
    if not (r.manages_everything or unit.pk in r.clerk_unit_ids):
        raise DomainError(message, field="unit")


def _leaders(pledge):
    return clerks_of([pledge.bloc_year.head_unit_id]) or board_users()


def _log(actor, verb, pledge, unit=None, **data):
    log_action(actor, f"pledges.pledge.{verb}", pledge, unit=unit or pledge.bloc_year.head_unit, data=data)


# The pledge and its commitments ------------------------------------------------------------------


@transaction.atomic
def create_pledge(bloc_year, actor, title, preamble="", ceremony_date=None, ceremony_place=""):
    if not actor.has_perm("pledges.add_pledge", bloc_year):
        raise DomainError(_("Only the bloc leaders or the board may draw up the bloc's pledge."))
    if Pledge.objects.filter(bloc_year=bloc_year).exists():
        raise DomainError(_("This bloc year already has a pledge."))
    if not (title or "").strip():
        raise DomainError(_("Give the pledge a title."), field="title")
    pledge = Pledge.objects.create(bloc_year=bloc_year, title=title.strip(), preamble=preamble,
                                   ceremony_date=ceremony_date, ceremony_place=ceremony_place)
    _log(actor, "created", pledge, values=snapshot(pledge, PLEDGE_FIELDS))
    return pledge


@transaction.atomic
def update_pledge(pledge, actor, **changes):
    """Edit the title, preamble and ceremony details (while draft or open for signing)."""
    pledge = _lock(pledge)
    _require(actor, "pledges.change_pledge", pledge)
    _require_state(pledge, PledgeState.DRAFT, PledgeState.OPEN)
    before = snapshot(pledge, PLEDGE_FIELDS)
    for key in PLEDGE_FIELDS:
        if key in changes:
            setattr(pledge, key, changes[key])
    if not (pledge.title or "").strip():
        raise DomainError(_("Give the pledge a title."), field="title")
    changed = diff(before, snapshot(pledge, PLEDGE_FIELDS))
    if changed:
        pledge.save(update_fields=list(changed))
        _log(actor, "updated", pledge, diff=changed)
    return pledge


def _clean_commitment(fields):
    if not (fields.get("text") or "").strip():
        raise DomainError(_("Write the content of the commitment."), field="text")
    if fields.get("kind") == CommitmentKind.MEASURABLE and fields.get("target_figure") is None:
        raise DomainError(_("A measurable target needs a target figure."), field="target_figure")
    if fields.get("kind") == CommitmentKind.UNDERTAKING:
        fields["target_figure"] = None
        fields["target_unit"] = ""


@transaction.atomic
def add_commitment(pledge, actor, **fields):
    pledge = _lock(pledge)
    _require(actor, "pledges.change_pledge", pledge)
    _require_state(pledge, PledgeState.DRAFT)
    fields.setdefault("kind", CommitmentKind.UNDERTAKING)
    _clean_commitment(fields)
    if not fields.get("position"):
        last = pledge.commitments.order_by("-position").values_list("position", flat=True).first()
        fields["position"] = (last or 0) + 1
    commitment = Commitment.objects.create(pledge=pledge, **fields)
    _log(actor, "commitment_added", pledge, commitment=commitment.pk, values=snapshot(commitment, COMMITMENT_FIELDS))
    return commitment


@transaction.atomic
def update_commitment(commitment, actor, **changes):
    pledge = _lock(commitment.pledge)
    _require(actor, "pledges.change_pledge", pledge)
    _require_state(pledge, PledgeState.DRAFT)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    before = snapshot(commitment, COMMITMENT_FIELDS)
    values = {**before, **changes}
    _clean_commitment(values)
    for key in COMMITMENT_FIELDS:
        if key in values:
            setattr(commitment, key, values[key])
    changed = diff(before, snapshot(commitment, COMMITMENT_FIELDS))
    if changed:
        commitment.save()
        _log(actor, "commitment_updated", pledge, commitment=commitment.pk, diff=changed)
    return commitment


@transaction.atomic
def remove_commitment(commitment, actor):
    pledge = _lock(commitment.pledge)
    _require(actor, "pledges.change_pledge", pledge)
    _require_state(pledge, PledgeState.DRAFT)
    data = snapshot(commitment, COMMITMENT_FIELDS)
    pk = commitment.pk
    commitment.delete()
    _log(actor, "commitment_removed", pledge, commitment=pk, values=data)


# Signing -----------------------------------------------------------------------------------------


@transaction.atomic
def open_for_signing(pledge, actor):
    pledge = _lock(pledge)
    _require(actor, "pledges.change_pledge", pledge)
    _require_state(pledge, PledgeState.DRAFT)
    if not pledge.commitments.exists():
        raise DomainError(_("Add at least one commitment before opening the pledge for signing."))
    members = _member_ids(pledge)
    if not members:
        raise DomainError(_("The bloc year has no member units."))
    pledge.state = PledgeState.OPEN
    pledge.opened_at = timezone.now()
    pledge.save(update_fields=["state", "opened_at"])
    _log(actor, "opened", pledge, diff={"state": [PledgeState.DRAFT, pledge.state]})
    notify(
        clerks_of(members),
        _("The pledge “%(title)s” is open for signing. Record your unit's signature.") % {"title": pledge.title},
        url=pledge.get_absolute_url(),
        action="pledges.pledge.opened",
        exclude=actor,
    )
    return pledge


@transaction.atomic
def back_to_draft(pledge, actor):
    pledge = _lock(pledge)
    _require(actor, "pledges.change_pledge", pledge)
    _require_state(pledge, PledgeState.OPEN)
    if pledge.signatures.filter(withdrawn_at__isnull=True).exists():
        raise DomainError(_("Units have already signed; the pledge can no longer go back to draft."))
    pledge.state = PledgeState.DRAFT
    pledge.save(update_fields=["state"])
    _log(actor, "reopened_as_draft", pledge, diff={"state": [PledgeState.OPEN, pledge.state]})
    return pledge


@transaction.atomic
def sign_pledge(pledge, actor, unit, representative_name, representative_position):
    """A clerk records their unit's signature. The pledge becomes signed exactly when the last member signs.

    The pledge row is locked, so two units signing at the same moment are counted one after the other.
    """
    pledge = _lock(pledge)
    _require_own_unit(actor, unit, _("You may sign only for your own unit."))
    _require_state(pledge, PledgeState.OPEN)
    members = _member_ids(pledge)
    if unit.pk not in members:
        raise DomainError(_("%(unit)s is not a member of this bloc.") % {"unit": unit}, field="unit")
    if not (representative_name or "").strip():
        raise DomainError(_("Name the representative who signed."), field="representative_name")
    if not (representative_position or "").strip():
        raise DomainError(_("Give the representative's position."), field="representative_position")
    if pledge.signatures.filter(unit=unit, withdrawn_at__isnull=True).exists():
        raise DomainError(_("%(unit)s has already signed.") % {"unit": unit}, field="unit")
    signature = Signature.objects.create(
        pledge=pledge, unit=unit, representative_name=representative_name.strip(),
        representative_position=representative_position.strip(), signed_at=timezone.now(), signed_by=actor,
    )
    _log(actor, "signed", pledge, unit=unit, signature=signature.pk,
         representative=signature.representative_name, position=signature.representative_position)
    signed = set(pledge.signatures.filter(withdrawn_at__isnull=True).values_list("unit_id", flat=True))
    if members <= signed:
        pledge.state = PledgeState.SIGNED
        pledge.signed_at = signature.signed_at
        pledge.save(update_fields=["state", "signed_at"])
        _log(actor, "completed", pledge, diff={"state": [PledgeState.OPEN, pledge.state]})
        notify(
            _leaders(pledge) + clerks_of(members),
            _("Every member unit has signed the pledge “%(title)s”.") % {"title": pledge.title},
            url=pledge.get_absolute_url(),
            action="pledges.pledge.completed",
            exclude=actor,
        )
    return signature


@transaction.atomic
def withdraw_signature(signature, actor, reason):
    pledge = _lock(signature.pledge)
    signature = Signature.objects.select_for_update().select_related("unit").get(pk=signature.pk)
    _require_own_unit(actor, signature.unit, _("You may withdraw only your own unit's signature."))
    _require_state(pledge, PledgeState.OPEN)
    if signature.withdrawn_at is not None:
        raise DomainError(_("This signature has already been withdrawn."))
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for withdrawing the signature."), field="reason")
    signature.withdrawn_at = timezone.now()
    signature.withdrawn_by = actor
    signature.withdraw_reason = reason.strip()
    signature.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    _log(actor, "signature_withdrawn", pledge, unit=signature.unit, signature=signature.pk,
         reason=signature.withdraw_reason)
    notify(
        _leaders(pledge),
        _("%(unit)s withdrew its signature of the pledge “%(title)s”: %(reason)s")
        % {"unit": signature.unit, "title": pledge.title, "reason": signature.withdraw_reason},
        url=pledge.get_absolute_url(),
        action="pledges.pledge.signature_withdrawn",
        exclude=actor,
    )
    return signature


# Fulfilment ----------------------------------------------------------------------------------------


def _lock_report(pledge, unit):
    report = FulfilmentReport.objects.select_for_update().filter(pledge=pledge, unit=unit).first()
    if report is None:
        report = FulfilmentReport.objects.create(pledge=pledge, unit=unit)
    return report


@transaction.atomic
def save_report(pledge, actor, unit, lines):
    """Record (or correct) a unit's results per commitment. ``lines`` is a list of dicts with
    ``commitment``, ``result``, ``figure``, ``evidence`` and optionally ``evidence_file``."""
    pledge = _lock(pledge)
    _require_own_unit(actor, unit, _("You may report only for your own unit."))
    _require_state(pledge, PledgeState.SIGNED)
    if unit.pk not in _member_ids(pledge):
        raise DomainError(_("%(unit)s is not a member of this bloc.") % {"unit": unit}, field="unit")
    report = _lock_report(pledge, unit)
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise DomainError(_("The report has been submitted and can no longer be changed."))
    commitment_ids = set(pledge.commitments.values_list("pk", flat=True))
    existing = {line.commitment_id: line for line in report.lines.all()}
    changed = {}
    for item in lines:
        commitment = item["commitment"]
        if commitment.pk not in commitment_ids:
            raise DomainError(_("This commitment does not belong to the pledge."))
        upload = item.get("evidence_file")
        upload_name = validate_upload(upload, kind="document", field="evidence_file") if upload else ""
        line = existing.get(commitment.pk) or FulfilmentLine(report=report, commitment=commitment)
        before = {"result": line.result, "figure": str(line.figure) if line.figure is not None else None,
                  "evidence": line.evidence}
        line.result = item["result"]
        line.figure = item.get("figure")
        line.evidence = (item.get("evidence") or "").strip()
        if upload:
            line.evidence_file.save(upload_name, upload, save=False)  # stored under a random name
            line.evidence_name = upload_name
        line.save()
        after = {"result": line.result, "figure": str(line.figure) if line.figure is not None else None,
                 "evidence": line.evidence}
        line_diff = diff(before, after)
        if upload:
            line_diff["evidence_file"] = [None, upload_name]
        for key, value in line_diff.items():
            changed[f"{commitment.position}.{key}"] = value
    if changed:
        _log(actor, "fulfilment_saved", pledge, unit=unit, report=report.pk, diff=changed)
    return report


@transaction.atomic
def submit_report(report, actor):
    pledge = _lock(report.pledge)
    report = FulfilmentReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    _require_own_unit(actor, report.unit, _("You may report only for your own unit."))
    _require_state(pledge, PledgeState.SIGNED)
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise DomainError(_("The report has already been submitted."))
    missing = pledge.commitments.exclude(pk__in=report.lines.values("commitment_id")).count()
    if missing:
        raise DomainError(_("Report on every commitment first (%(n)s missing).") % {"n": missing})
    old = report.state
    report.state = ReportState.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    report.save(update_fields=["state", "submitted_by", "submitted_at"])
    _log(actor, "fulfilment_submitted", pledge, unit=report.unit, report=report.pk,
         diff={"state": [old, report.state]})
    notify(
        _leaders(pledge),
        _("%(unit)s reported its fulfilment of the pledge “%(title)s”.") % {"unit": report.unit, "title": pledge.title},
        url=report.get_absolute_url(),
        action="pledges.pledge.fulfilment_submitted",
        exclude=actor,
    )
    return report


def _review(report, actor):
    pledge = _lock(report.pledge)
    report = FulfilmentReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    _require(actor, "pledges.confirm_fulfilment", pledge,
             _("Only the bloc leaders or the board may confirm fulfilment."))
    _require_state(pledge, PledgeState.SIGNED)
    if report.state != ReportState.SUBMITTED:
        raise DomainError(_("Only a submitted report can be confirmed or returned."))
    if report.submitted_by_id == actor.pk:
        raise DomainError(_("Whoever submitted the report may not confirm or return it."))
    return pledge, report


@transaction.atomic
def confirm_report(report, actor):
    pledge, report = _review(report, actor)
    report.state = ReportState.CONFIRMED
    report.confirmed_by = actor
    report.confirmed_at = timezone.now()
    report.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    _log(actor, "fulfilment_confirmed", pledge, unit=report.unit, report=report.pk,
         diff={"state": [ReportState.SUBMITTED, report.state]})
    notify(clerks_of([report.unit_id]),
           _("Your fulfilment report on the pledge “%(title)s” has been confirmed.") % {"title": pledge.title},
           url=report.get_absolute_url(), action="pledges.pledge.fulfilment_confirmed", exclude=actor)
    return report


@transaction.atomic
def return_report(report, actor, reason):
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for returning the report."), field="reason")
    pledge, report = _review(report, actor)
    report.state = ReportState.RETURNED
    report.return_reason = reason.strip()
    report.save(update_fields=["state", "return_reason"])
    _log(actor, "fulfilment_returned", pledge, unit=report.unit, report=report.pk, reason=report.return_reason,
         diff={"state": [ReportState.SUBMITTED, report.state]})
    notify(clerks_of([report.unit_id]),
           _("Your fulfilment report on the pledge “%(title)s” was returned: %(reason)s")
           % {"title": pledge.title, "reason": report.return_reason},
           url=report.get_absolute_url(), action="pledges.pledge.fulfilment_returned", exclude=actor)
    return report


@transaction.atomic
def close_pledge(pledge, actor):
    """Close the year: every member unit's fulfilment has been reported and confirmed."""
    pledge = _lock(pledge)
    _require(actor, "pledges.change_pledge", pledge)
    _require_state(pledge, PledgeState.SIGNED)
    confirmed = set(pledge.reports.filter(state=ReportState.CONFIRMED).values_list("unit_id", flat=True))
    missing = _member_ids(pledge) - confirmed
    if missing:
        raise DomainError(
            _("The fulfilment of %(n)s member units has not been confirmed yet.") % {"n": len(missing)}
        )
    pledge.state = PledgeState.CLOSED
    pledge.closed_at = timezone.now()
    pledge.save(update_fields=["state", "closed_at"])
    _log(actor, "closed", pledge, diff={"state": [PledgeState.SIGNED, pledge.state]})
    return pledge
