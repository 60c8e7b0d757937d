"""Rules that change with the law: one abstract model, one overlap check, one ``in_force()``.

A dated rule is a row valid from ``valid_from`` to ``valid_to`` (both days included; ``valid_to`` empty:
until further notice) with the ``legal_basis`` that set it. Two rows of *the same rule* (the same values
of ``overlap_key``) may not be in force on the same day::

    class RewardCoefficient(DatedRule):
        overlap_key = ("award_type", "recipient_kind")
        award_type = models.ForeignKey(...)
        ...

    RewardCoefficient.objects.in_force(day)                     # rows in force that day, newest first
    RewardCoefficient.current(award_type=t, recipient_kind="individual", on=day)   # one row or None

The check runs on every save path that goes through the model: ``clean()`` (ModelForms, the admin)
reports it on ``valid_from`` as a ``ValidationError``; ``save()`` raises ``DomainError`` (services, the
importer, the shell). ``QuerySet.update()`` and ``bulk_create()`` do NOT call ``save()``: never use them on
these tables. Inside a transaction the rows of the same rule are locked (``select_for_update``) before the
check, so a service that saves two rows at once in two requests does not let both through where the
database locks rows (PostgreSQL); a new row racing a new row is caught by the service's own lock on the
parent (e.g. the award type).

The functions work on any queryset with ``valid_from``/``valid_to``, adopted or not:
``in_force(qs, on)``, ``find_overlap(qs, valid_from, valid_to, key=None, exclude_pk=None)``,
``check_period(valid_from, valid_to)`` and ``check_overlap(qs, valid_from, valid_to, key, exclude_pk)``
(both raise ``DomainError``). ``emulation.selectors.in_force`` delegates here.

A new row that starts after the open-ended row of the same rule *succeeds* it: ``save()`` closes that row
the day before the new one starts and sets ``new_row.superseded`` to it (services and the admin log that
change), and ``clean()`` does not count it as an overlap. Anything else that overlaps is refused.

The tables on this base: ``awards.RuleParameter`` (key ``award_type``, ``key``), ``awards.QuotaSetting``
(``award_type``, ``relative_to``), ``awards.BaseSalary`` (one rule), ``awards.RewardCoefficient``
(``award_type``, ``recipient_kind``), ``awards.AppraisalTimeLimit`` and ``awards.CouncilVoteThreshold``
(``award_type``; an empty one is the default rule) and ``blocs.VoteThreshold`` (one rule; its basis field
is ``basis`` and the base's ``legal_basis`` is dropped). A new dated table derives from ``DatedRule``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import DomainError


def in_force(qs, on):
    """Rows of a dated table (``valid_from``/``valid_to``) in force on the day ``on``, newest first."""
    return qs.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from")


def find_overlap(qs, valid_from, valid_to=None, key=None, exclude_pk=None):
    """The first row of ``qs`` (filtered by ``key``, a dict of field → value) in force on any day from
    ``valid_from`` to ``valid_to`` (``None``: open-ended), other than ``exclude_pk``; ``None`` if there is none."""
    clash = qs.filter(**(key or {})).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        clash = clash.filter(valid_from__lte=valid_to)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    return clash.order_by("valid_from").first()


def check_period(valid_from, valid_to, field="valid_to"):
    """Raise ``DomainError`` when the period ends before it starts."""
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError(_("The end of the validity period is before its start."), field=field)


def check_overlap(qs, valid_from, valid_to=None, key=None, exclude_pk=None):
    """Raise ``DomainError`` (on ``valid_from``) when another row of the same rule is in force in the period."""
    other = find_overlap(qs, valid_from, valid_to, key=key, exclude_pk=exclude_pk)
    if other is not None:
        raise DomainError(
            _("Another row is already in force in this period (from %(start)s). Close it first by setting its end "
              "date.") % {"start": other.valid_from.strftime("%d/%m/%Y")}, field="valid_from")


class DatedRuleQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """Rows in force on ``on`` (default: today), newest first."""
        return in_force(self, on or timezone.localdate())


class DatedRule(models.Model):
    """Abstract base of a rule valid over a period. Subclasses set ``overlap_key`` (the fields whose values
    make "the same rule"; empty: the whole table is one rule)."""

    overlap_key = ()

    valid_from = models.DateField(gettext_lazy("valid from"))
    valid_to = models.DateField(gettext_lazy("valid to"), null=True, blank=True)
    legal_basis = models.CharField(gettext_lazy("legal basis"), max_length=255, blank=True)

    objects = DatedRuleQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Check the period, and for a new row that starts after the open-ended row of the same rule in force,
        close that row the day before (``self.superseded`` is then that row, for the caller's log): recording
        "the base salary from 1/7/2024" replaces the old figure instead of being refused as an overlap."""
        update_fields = kwargs.get("update_fields")
        watched = {"valid_from", "valid_to", *self.overlap_key}
        self.superseded = None
        with transaction.atomic(using=router.db_for_write(type(self), instance=self)):
            if self._state.adding:
                previous = self.open_predecessor(lock=True)
                if previous is not None:
                    check_period(self.valid_from, self.valid_to)
                    previous.valid_to = self.valid_from - datetime.timedelta(days=1)
                    models.Model.save(previous, update_fields=["valid_to"])
                    self.superseded = previous
            if update_fields is None or watched & set(update_fields):
                self.check_dates()
            super().save(*args, **kwargs)

    def open_predecessor(self, lock=False):
        """For a new row: the open-ended row of the same rule that started before it (the rule in force until
        now), which saving this row closes; None for a row already saved or when there is none."""
        if not self._state.adding or self.valid_from is None:
            return None
        qs = type(self)._default_manager.filter(**self.rule_key(), valid_to__isnull=True,
                                                 valid_from__lt=self.valid_from)
        if lock:
            qs = qs.select_for_update()
        return qs.order_by("-valid_from").first()

    def rule_key(self):
        """``{field: value}`` of ``overlap_key`` for this row (foreign keys by id)."""
        out = {}
        for name in self.overlap_key:
            field = self._meta.get_field(name)
            out[field.attname] = getattr(self, field.attname)
        return out

    def check_dates(self):
        """Raise ``DomainError`` when the period is backwards or overlaps another row of the same rule (other than
        the open-ended row that a new row closes when it is saved)."""
        check_period(self.valid_from, self.valid_to)
        if self.valid_from is None:
            return
        db = router.db_for_write(type(self), instance=self)
        qs = type(self)._default_manager.using(db)
        previous = self.open_predecessor()
        if previous is not None:
            qs = qs.exclude(pk=previous.pk)
        if transaction.get_connection(db).in_atomic_block:
            qs = qs.select_for_update()
        check_overlap(qs, self.valid_from, self.valid_to, key=self.rule_key(),
                      exclude_pk=self.pk if not self._state.adding else None)

    def clean(self):
        super().clean()
        try:
            self.check_dates()
        except DomainError as exc:
            raise ValidationError({exc.field or "valid_from": exc.message}) from None

    @classmethod
    def current(cls, on=None, **key):
        """The row of the rule ``key`` (``overlap_key`` field values) in force on ``on`` (default today), or None."""
        return in_force(cls._default_manager.filter(**key), on or timezone.localdate()).first()
