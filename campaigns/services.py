"""Changes of state for campaigns (phong trào thi đua), their documents, registrations and reviews.

Lifecycle (Điều 17 of the law: plan → phát động → carry out → sơ kết/tổng kết):

    planned ──launch──▶ launched ──start──▶ under way ──open_review──▶ mid-term review
                                                ▲                              │
                                                └──────────close_review────────┘
    under way / mid-term review ──conclude (summary)──▶ concluded

Units in scope register (đăng ký thi đua) while the campaign is launched, under way or in review:
    submitted ──accept──▶ accepted;  submitted ──return (reason)──▶ returned ──register again──▶ submitted
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import BlocYear
from emulation.audit import diff, log_action, snapshot
from emulation.errors import DomainError
from emulation.notifications import board_users, clerks_of, notify
from emulation.roles import roles_of
from emulation.uploads import validate_upload

from .enums import CampaignScope, CampaignState, RegistrationState
from .models import Campaign, CampaignDocument, CampaignRegistration, CampaignReview
from .selectors import unit_ids_in_scope

# The action codes keep the prefix "emulation.campaign." they had when campaigns lived in the core: the
# activity log and the notifications already hold rows with these codes (see ``actions.py``).

CAMPAIGN_FIELDS = [
    "code", "title", "form", "authority", "launching_unit", "scope", "scope_unit", "start_date", "end_date",
    "registration_deadline", "goals", "criteria",
]
SCOPE_FIELDS = {"scope", "scope_unit", "scope_blocs"}

# action: (states it may start from, state it leads to)
TRANSITIONS = {
    "launch": ({CampaignState.PLANNED}, CampaignState.LAUNCHED),
    "start": ({CampaignState.LAUNCHED}, CampaignState.UNDER_WAY),
    "open_review": ({CampaignState.UNDER_WAY}, CampaignState.MID_TERM),
    "close_review": ({CampaignState.MID_TERM}, CampaignState.UNDER_WAY),
    "conclude": ({CampaignState.UNDER_WAY, CampaignState.MID_TERM}, CampaignState.CONCLUDED),
}
REGISTRATION_OPEN = {CampaignState.LAUNCHED, CampaignState.UNDER_WAY, CampaignState.MID_TERM}


def _lock(campaign):
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def _require_manager(campaign, actor):
    if not actor.has_perm("campaigns.manage_campaign", campaign):
        raise DomainError(_("Only the board or the launching unit may manage this campaign."))


def _require_state(campaign, action):
    allowed, _target = TRANSITIONS[action]
    if campaign.state not in allowed:
        raise DomainError(
            _("This cannot be done while the campaign is “%(state)s”.") % {"state": campaign.get_state_display()}
        )


def _check_scope(actor, values, blocs):
    scope = values.get("scope")
    if scope == CampaignScope.BLOCS and not blocs:
        raise DomainError(_("Choose at least one emulation bloc."), field="scope_blocs")
    if scope == CampaignScope.UNIT and values.get("scope_unit") is None:
        raise DomainError(_("Choose the unit the campaign is for."), field="scope_unit")
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise DomainError(_("The end date cannot be before the start date."), field="end_date")
    r = roles_of(actor)
    if r.manages_everything:
        return
    # A clerk launches only for their own unit, to their sub-units or to blocs their unit heads.
    launching = values.get("launching_unit")
    if launching is None or launching.pk not in r.clerk_unit_ids:
        raise DomainError(_("Choose your own unit as the launching unit."), field="launching_unit")
    if scope == CampaignScope.PROVINCE:
        raise DomainError(_("Only the board may launch a campaign for the whole province."), field="scope")
    if scope == CampaignScope.UNIT and values["scope_unit"].pk not in r.scope_unit_ids:
        raise DomainError(_("The unit in scope must be your unit or one of its sub-units."), field="scope_unit")
    if scope == CampaignScope.BLOCS:
        led = set(BlocYear.objects.filter(head_unit_id__in=r.clerk_unit_ids).values_list("bloc_id", flat=True))
        if any(b.pk not in led for b in blocs):
            raise DomainError(_("You may only choose blocs your unit heads."), field="scope_blocs")


@transaction.atomic
def create_campaign(actor, scope_blocs=(), **fields):
    if not actor.has_perm("campaigns.add_campaign"):
        raise DomainError(_("Your role may not create campaigns."))
    scope_blocs = list(scope_blocs or [])
    _check_scope(actor, fields, scope_blocs)
    campaign = Campaign(state=CampaignState.PLANNED, **fields)
    campaign.save()
    if fields.get("scope") == CampaignScope.BLOCS:
        campaign.scope_blocs.set(scope_blocs)
    values = snapshot(campaign, CAMPAIGN_FIELDS)
    values["scope_blocs"] = sorted(b.pk for b in scope_blocs)
    log_action(actor, "emulation.campaign.created", campaign, unit=campaign.launching_unit, data={"values": values})
    return campaign


@transaction.atomic
def update_campaign(campaign, actor, scope_blocs=None, **changes):
    campaign = _lock(campaign)
    _require_manager(campaign, actor)
    if campaign.state == CampaignState.CONCLUDED:
        raise DomainError(_("A concluded campaign can no longer be edited."))
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    before["scope_blocs"] = sorted(campaign.scope_blocs.values_list("pk", flat=True))
    values = {f: changes.get(f, getattr(campaign, f)) for f in CAMPAIGN_FIELDS}
    blocs = list(scope_blocs) if scope_blocs is not None else list(campaign.scope_blocs.all())
    _check_scope(actor, values, blocs)
    for key, value in changes.items():
        setattr(campaign, key, value)
    after = snapshot(campaign, CAMPAIGN_FIELDS)
    after["scope_blocs"] = sorted(b.pk for b in blocs) if campaign.scope == CampaignScope.BLOCS else []
    changed = diff(before, after)
    if campaign.state != CampaignState.PLANNED and SCOPE_FIELDS & set(changed):
        raise DomainError(_("The scope can no longer change once the campaign has been launched."), field="scope")
    if changed:
        campaign.save()
        if "scope_blocs" in changed:
            campaign.scope_blocs.set(blocs if campaign.scope == CampaignScope.BLOCS else [])
        log_action(actor, "emulation.campaign.updated", campaign, unit=campaign.launching_unit,
                   data={"diff": changed})
    return campaign


def _move(campaign, actor, action, extra=None, fields=()):
    """Lock, guard and move ``campaign`` along ``action``; log it. Returns the locked row and the old state."""
    campaign = _lock(campaign)
    _require_manager(campaign, actor)
    _require_state(campaign, action)
    old = campaign.state
    campaign.state = TRANSITIONS[action][1]
    if extra:
        extra(campaign)
    campaign.save(update_fields=["state", *fields])
    return campaign, old


def _log(actor, verb, campaign, old, **data):
    log_action(actor, f"emulation.campaign.{verb}", campaign, unit=campaign.launching_unit,
               data={"diff": {"state": [old, campaign.state]}, **data})


@transaction.atomic
def launch_campaign(campaign, actor):
    """Phát động: the campaign is announced; the clerks of every unit in scope are told to register."""
    if campaign.scope == CampaignScope.BLOCS and not campaign.scope_blocs.exists():
        raise DomainError(_("Choose at least one emulation bloc."))

    def stamp(c):
        c.launched_at = timezone.now()

    campaign, old = _move(campaign, actor, "launch", stamp, ["launched_at"])
    recipients = clerks_of(unit_ids_in_scope(campaign))
    _log(actor, "launched", campaign, old, notified=len(recipients))
    notify(
        recipients,
        _("The campaign “%(title)s” has been launched. Register your unit's participation and targets.")
        % {"title": campaign.title},
        url=campaign.get_absolute_url(),
        action="emulation.campaign.launched",
        exclude=actor,
    )
    return campaign


@transaction.atomic
def start_campaign(campaign, actor):
    campaign, old = _move(campaign, actor, "start")
    _log(actor, "started", campaign, old)
    return campaign


@transaction.atomic
def open_mid_term_review(campaign, actor, title, held_on=None):
    """Sơ kết: open one mid-term review (a campaign may have several)."""
    if not (title or "").strip():
        raise DomainError(_("Give the review a title."), field="title")
    campaign, old = _move(campaign, actor, "open_review")
    review = CampaignReview.objects.create(campaign=campaign, title=title.strip(), held_on=held_on, opened_by=actor)
    _log(actor, "review_opened", campaign, old, review=review.pk, title=review.title)
    return review


@transaction.atomic
def close_mid_term_review(campaign, actor, findings):
    if not (findings or "").strip():
        raise DomainError(_("Record the findings of the review."), field="findings")
    campaign, old = _move(campaign, actor, "close_review")
    review = campaign.reviews.filter(closed_at__isnull=True).order_by("-pk").first()
    if review is not None:
        review.findings = findings.strip()
        review.closed_at = timezone.now()
        review.save(update_fields=["findings", "closed_at"])
    _log(actor, "review_closed", campaign, old, review=review.pk if review else None)
    return review


@transaction.atomic
def conclude_campaign(campaign, actor, summary):
    """Tổng kết: close the campaign with a summary of its results."""
    if not (summary or "").strip():
        raise DomainError(_("Write the summary of results."), field="summary")

    def stamp(c):
        c.summary = summary.strip()
        c.concluded_at = timezone.now()

    campaign, old = _move(campaign, actor, "conclude", stamp, ["summary", "concluded_at"])
    campaign.reviews.filter(closed_at__isnull=True).update(closed_at=campaign.concluded_at)
    _log(actor, "concluded", campaign, old)
    return campaign


# Documents --------------------------------------------------------------------------------------


@transaction.atomic
def attach_document(campaign, actor, title, file):
    campaign = _lock(campaign)
    _require_manager(campaign, actor)
    if file is None:
        raise DomainError(_("Choose a file."), field="file")
    name = validate_upload(file, kind="document", field="file")
    doc = CampaignDocument(campaign=campaign, title=(title or "").strip() or name, original_name=name,
                           size=file.size, uploaded_by=actor)
    doc.file.save(name, file, save=False)
    doc.save()
    log_action(actor, "emulation.campaign.document_added", campaign, unit=campaign.launching_unit,
               data={"document": doc.pk, "title": doc.title, "file": doc.filename, "size": doc.size})
    return doc


@transaction.atomic
def remove_document(document, actor):
    campaign = _lock(document.campaign)
    _require_manager(campaign, actor)
    if campaign.state == CampaignState.CONCLUDED:
        raise DomainError(_("The documents of a concluded campaign are kept."))
    data = {"document": document.pk, "title": document.title, "file": document.filename}
    name = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
    log_action(actor, "emulation.campaign.document_removed", campaign, unit=campaign.launching_unit, data=data)


# Registrations (đăng ký thi đua) ------------------------------------------------------------------


def _launching_side(campaign):
    if campaign.launching_unit_id:
        users = clerks_of([campaign.launching_unit_id])
        if users:
            return users
    return board_users()


@transaction.atomic
def register_unit(campaign, actor, unit, targets):
    """A unit in scope registers (or corrects its registration) with its own targets."""
    campaign = _lock(campaign)
    r = roles_of(actor)
    if not (r.manages_everything or unit.pk in r.clerk_unit_ids):
        raise DomainError(_("You may register only your own unit."), field="unit")
    if campaign.state not in REGISTRATION_OPEN:
        raise DomainError(_("Registration is not open for this campaign."))
    if unit.pk not in unit_ids_in_scope(campaign):
        raise DomainError(_("This unit is not in the campaign's scope."), field="unit")
    if not (targets or "").strip():
        raise DomainError(_("State your unit's targets."), field="targets")
    reg = CampaignRegistration.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
    if reg is not None and reg.state == RegistrationState.ACCEPTED:
        raise DomainError(_("The registration has been accepted and can no longer be changed."))
    verb = "registration_submitted" if reg is None else "registration_resubmitted"
    before = None if reg is None else {"targets": reg.targets, "state": reg.state}
    if reg is None:
        reg = CampaignRegistration(campaign=campaign, unit=unit)
    reg.targets = targets.strip()
    reg.state = RegistrationState.SUBMITTED
    reg.submitted_by = actor
    reg.submitted_at = timezone.now()
    reg.save()
    data = {"registration": reg.pk, "targets": reg.targets}
    if before is not None:
        data["diff"] = diff(before, {"targets": reg.targets, "state": reg.state})
    log_action(actor, f"emulation.campaign.{verb}", campaign, unit=unit, data=data)
    notify(
        _launching_side(campaign),
        _("%(unit)s has registered for the campaign “%(title)s”.") % {"unit": unit, "title": campaign.title},
        url=reg.get_absolute_url(),
        action=f"emulation.campaign.{verb}",
        exclude=actor,
    )
    return reg


def _lock_registration(registration, actor):
    reg = CampaignRegistration.objects.select_for_update().select_related("campaign", "unit").get(
        pk=registration.pk
    )
    _require_manager(reg.campaign, actor)
    if reg.state != RegistrationState.SUBMITTED:
        raise DomainError(_("Only a submitted registration can be reviewed."))
    return reg


@transaction.atomic
def return_registration(registration, actor, reason):
    """Send a registration back to its unit for correction."""
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for returning the registration."), field="reason")
    reg = _lock_registration(registration, actor)
    reg.state = RegistrationState.RETURNED
    reg.return_reason = reason.strip()
    reg.reviewed_by = actor
    reg.reviewed_at = timezone.now()
    reg.save(update_fields=["state", "return_reason", "reviewed_by", "reviewed_at"])
    log_action(actor, "emulation.campaign.registration_returned", reg.campaign, unit=reg.unit,
               data={"registration": reg.pk, "reason": reg.return_reason,
                     "diff": {"state": [RegistrationState.SUBMITTED, reg.state]}})
    notify(
        clerks_of([reg.unit_id]),
        _("Your registration for the campaign “%(title)s” was returned for correction: %(reason)s")
        % {"title": reg.campaign.title, "reason": reg.return_reason},
        url=reg.get_absolute_url(),
        action="emulation.campaign.registration_returned",
        exclude=actor,
    )
    return reg


@transaction.atomic
def accept_registration(registration, actor):
    reg = _lock_registration(registration, actor)
    reg.state = RegistrationState.ACCEPTED
    reg.reviewed_by = actor
    reg.reviewed_at = timezone.now()
    reg.save(update_fields=["state", "reviewed_by", "reviewed_at"])
    log_action(actor, "emulation.campaign.registration_accepted", reg.campaign, unit=reg.unit,
               data={"registration": reg.pk, "diff": {"state": [RegistrationState.SUBMITTED, reg.state]}})
    return reg
