"""The eligibility engine (``engine``), the rules of the law (``rules``) and the provincial quotas (``quotas``).

Importing this package registers the rules.
"""

from . import rules  # noqa: F401  (registers the rules of the law with the engine)
from .conferral import check_conferral_power, conferral_refusal, resolve_authority
from .engine import (
    QUOTA_RULES,
    RULE_LABELS,
    RULES,
    AwardRow,
    BatchContext,
    DisciplineRow,
    InitiativeRow,
    Verdict,
    check,
    check_batch,
    register,
    rule_choices,
)

__all__ = [
    "QUOTA_RULES",
    "RULE_LABELS",
    "RULES",
    "AwardRow",
    "BatchContext",
    "DisciplineRow",
    "InitiativeRow",
    "Verdict",
    "check",
    "check_batch",
    "check_conferral_power",
    "conferral_refusal",
    "resolve_authority",
    "register",
    "rule_choices",
]
