"""The eligibility engine: one rule per award type (``AwardType.rule``), run over a batch.

A rule is a function ``rule(recipient, year, ctx) -> Verdict`` registered with ``@register("code")``.
``ctx`` is a ``BatchContext`` that loads the records every rule reads (appraisals, awards, initiatives,
discipline) for the whole batch in a handful of queries, so checking 500 people costs the same number
of queries as checking one.

``check_batch(award_type, recipients, year)`` is the entry point the nomination builder, the eligibility
page and the year view call. An award type without a rule (or with an unknown rule code) is
"not checked automatically": eligible with a warning that a person must judge it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

RULES = {}


@dataclass
class Verdict:
    eligible: bool
    reasons: list = field(default_factory=list)  # why not eligible, in Vietnamese, naming the missing evidence
    warnings: list = field(default_factory=list)  # quota and other soft checks
    evidence: dict = field(default_factory=dict)  # e.g. {"initiatives": [ids]} used by the decision


def register(code):
    def wrap(fn):
        RULES[code] = fn
        return fn

    return wrap


class BatchContext:
    """Records for a batch of recipients, loaded once. Rules read from here, never from the database."""

    def __init__(self, award_type, recipients, year):
        self.award_type = award_type
        self.recipients = list(recipients)
        self.year = year
        self.cache = {}

    def get(self, key, loader):
        if key not in self.cache:
            self.cache[key] = loader()
        return self.cache[key]


def check_batch(award_type, recipients, year):
    """``{recipient.pk: Verdict}`` for people or units (all of one kind)."""
    recipients = list(recipients)
    ctx = BatchContext(award_type, recipients, year)
    rule = RULES.get(award_type.rule)
    out = {}
    for r in recipients:
        if rule is None:
            note = _("No automatic rule for this award type: check the conditions by hand.")
            out[r.pk] = Verdict(True, warnings=[note])
        else:
            out[r.pk] = rule(r, year, ctx)
    return out


def check(award_type, recipient, year):
    return check_batch(award_type, [recipient], year)[recipient.pk]
