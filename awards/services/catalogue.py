"""Changes of the catalogue and legal data: award types, coefficients, rule parameters, quotas,
base salary, and the board's dated settings (deadlines, appraisal time limits, ballot thresholds, holidays)."""


from django.db import transaction
from django.utils.translation import gettext as _

from emulation.audit import log_action, snapshot
from emulation.errors import DomainError

from ..enums import AwardKind, AwardLevel
from ..models import AwardType, BaseSalary, QuotaSetting, RewardCoefficient, RuleParameter
from ..sortkeys import award_type_reordered
from .common import _create, _fresh, _guard, _require_board, _update

TYPE_FIELDS = ["code", "name", "kind", "for_individuals", "for_collectives", "for_households", "level", "authority",
               "rule", "requires_initiative", "requires_posting", "posting_working_days", "requires_council_vote",
               "requires_concurrence", "concurrence_bodies", "order", "is_active"]
COEFFICIENT_FIELDS = ["award_type", "recipient_kind", "coefficient", "authority", "is_ceiling", "valid_from",
                      "valid_to", "legal_basis", "to_confirm"]
PARAMETER_FIELDS = ["award_type", "key", "value", "valid_from", "valid_to", "legal_basis"]
QUOTA_FIELDS = ["award_type", "relative_to", "max_percent", "valid_from", "valid_to", "legal_basis"]
SALARY_FIELDS = ["amount", "valid_from", "valid_to", "legal_basis", "to_confirm"]


# Catalogue -------------------------------------------------------------------------------------


@transaction.atomic
def create_award_type(actor, **values):
    _guard(actor, "awards.manage_catalogue")
    if AwardType.objects.filter(code=values["code"]).exists():
        raise DomainError(_("An award type with this code already exists."), field="code")
    return _create(AwardType, actor, "awards.awardtype.created", TYPE_FIELDS, values)


@transaction.atomic
def update_award_type(award_type, actor, **changes):
    _guard(actor, "awards.manage_catalogue")
    award_type = _fresh(award_type)
    if "code" in changes and AwardType.objects.filter(code=changes["code"]).exclude(pk=award_type.pk).exists():
        raise DomainError(_("An award type with this code already exists."), field="code")
    award_type = _update(award_type, actor, "awards.awardtype.updated", TYPE_FIELDS, changes)
    award_type_reordered(award_type)  # the register's stored order (awards.sortkeys)
    return award_type


def _save_dated(model, obj, actor, fields, action, changes):
    """Create (``obj`` None) or edit a row of a dated rule. The model's own check (``DatedRule.save``) refuses
    a period that ends before it starts or overlaps another row of the same rule, with a ``DomainError``."""
    _guard(actor, "awards.manage_catalogue")
    obj = _fresh(obj)
    type_id = changes["award_type"].pk if changes.get("award_type") else getattr(obj, "award_type_id", None)
    if type_id is not None:  # two new rows of one award type's rule, saved at once, wait for each other here
        AwardType.objects.select_for_update().filter(pk=type_id).first()
    if obj is None:
        obj = _create(model, actor, f"{action}.created", fields, changes)
        _log_superseded(actor, obj, f"{action}.updated")
        return obj
    return _update(obj, actor, f"{action}.updated", fields, changes)


def _log_superseded(actor, row, action):
    """Log the closing of the rule that a new dated row succeeded (``DatedRule.save`` sets ``superseded``)."""
    previous = getattr(row, "superseded", None)
    if previous is not None:
        log_action(actor, action, previous, data={"diff": {"valid_to": [None, previous.valid_to.isoformat()]}})


@transaction.atomic
def save_coefficient(row, actor, **changes):
    """Create (``row`` None) or edit a reward coefficient. An empty figure means "unknown"."""
    return _save_dated(RewardCoefficient, row, actor, COEFFICIENT_FIELDS, "awards.rewardcoefficient", changes)


@transaction.atomic
def save_parameter(parameter, actor, **changes):
    return _save_dated(RuleParameter, parameter, actor, PARAMETER_FIELDS, "awards.ruleparameter", changes)


@transaction.atomic
def save_quota(quota, actor, **changes):
    return _save_dated(QuotaSetting, quota, actor, QUOTA_FIELDS, "awards.quotasetting", changes)


@transaction.atomic
def save_base_salary(salary, actor, **changes):
    return _save_dated(BaseSalary, salary, actor, SALARY_FIELDS, "awards.basesalary", changes)


# The catalogue entries the nominations part looks up by code (the register's data migration defines
# them fully; these defaults only apply on a database that does not have them yet).
CATALOGUE_DEFAULTS = {
    "LDTT": ("Lao động tiên tiến", AwardKind.TITLE, True, False, AwardLevel.GRASSROOTS, 10),
    "CSTDCS": ("Chiến sĩ thi đua cơ sở", AwardKind.TITLE, True, False, AwardLevel.GRASSROOTS, 20),
    "CSTD_TINH": ("Chiến sĩ thi đua cấp tỉnh", AwardKind.TITLE, True, False, AwardLevel.PROVINCIAL, 30),
    "TTLDTT": ("Tập thể lao động tiên tiến", AwardKind.TITLE, False, True, AwardLevel.GRASSROOTS, 50),
    "TTLDXS": ("Tập thể lao động xuất sắc", AwardKind.TITLE, False, True, AwardLevel.PROVINCIAL, 60),
    "CO_TINH": ("Cờ thi đua của UBND tỉnh", AwardKind.TITLE, False, True, AwardLevel.PROVINCIAL, 70),
    "GIAY_KHEN": ("Giấy khen", AwardKind.FORM, True, True, AwardLevel.GRASSROOTS, 90),
    "BK_TINH": ("Bằng khen của Chủ tịch UBND tỉnh", AwardKind.FORM, True, True, AwardLevel.PROVINCIAL, 100),
    "KNC": ("Kỷ niệm chương", AwardKind.FORM, True, False, AwardLevel.STATE, 120),
}


def award_type_by_code(code):
    """The catalogue entry with this code, created with the domain's name if it is not there yet."""
    name, kind, ind, coll, level, order = CATALOGUE_DEFAULTS[code]
    award_type, _created = AwardType.objects.get_or_create(
        code=code,
        defaults={"name": name, "kind": kind, "for_individuals": ind, "for_collectives": coll, "level": level,
                  "order": order, "requires_council_vote": code in ("CSTD_TINH", "CO_TINH")},
    )
    return award_type



# Settings kept as data ------------------------------------------------------------------------------------


@transaction.atomic
def save_setting(actor, instance):
    """Deadlines, appraisal time limits, ballot thresholds and holidays: the board's dated settings."""
    _require_board(actor)
    created = instance.pk is None
    instance.save()
    fields = [f.name for f in instance._meta.concrete_fields if f.name != "id"]
    log_action(actor, f"awards.{instance._meta.model_name}.{'created' if created else 'updated'}", instance,
               data={"values": snapshot(instance, fields)})
    _log_superseded(actor, instance, f"awards.{instance._meta.model_name}.updated")
    return instance
