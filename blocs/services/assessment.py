"""The bloc leaders' year-end assessment of a bloc year (printed in the bloc summary report)."""

from django.db import transaction
from django.utils.translation import gettext as _

from emulation.audit import diff, log_action, snapshot
from emulation.errors import DomainError
from emulation.roles import roles_of

from ..enums import BlocYearState
from ..models import BlocYear, BlocYearAssessment


@transaction.atomic
def save_bloc_assessment(bloc_year, actor, **fields):
    """Create or update the assessment of a bloc year. The bloc leaders write it until the bloc year is
    closed; the board may correct it at any time. Logged with the diff of the texts.

    The action code keeps its first name, ``reports.bloc_assessment.saved``: the entries already written
    carry it (its label is in ``blocs.actions``)."""
    bloc_year = BlocYear.objects.select_for_update().select_related("bloc").get(pk=bloc_year.pk)
    if not actor.has_perm("blocs.change_bloc_assessment", bloc_year):
        raise DomainError(_("Only the bloc leaders or the board may write the assessment of this bloc year."))
    if bloc_year.state == BlocYearState.CLOSED and not roles_of(actor).manages_everything:
        raise DomainError(_("The bloc year is closed: only the board may still change its assessment."))
    assessment, created = BlocYearAssessment.objects.select_for_update().get_or_create(bloc_year=bloc_year)
    names = list(BlocYearAssessment.TEXT_FIELDS)
    before = snapshot(assessment, names)
    for name in names:
        if name in fields:
            setattr(assessment, name, (fields[name] or "").strip())
    assessment.updated_by = actor
    assessment.save(update_fields=[*names, "updated_by", "updated_at"])
    changes = diff(before, snapshot(assessment, names))
    log_action(actor, "reports.bloc_assessment.saved", assessment, unit=bloc_year.head_unit,
               data={"diff": changes, "created": created})
    return assessment
