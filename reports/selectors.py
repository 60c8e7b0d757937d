from django.db.models import Q
from django.utils import timezone

from blocs.enums import BlocYearState
from blocs.selectors import led_bloc_years
from emulation.roles import roles_of

from .enums import JobStatus
from .models import ReportJob
from .registry import params_key


def jobs_for_user(user):
    """Board, council and administrators see every job; everyone else only the jobs they requested.

    Views also re-check the report's own ``check_access(user, params)`` on every page and download.
    """
    qs = ReportJob.objects.select_related("requested_by")
    if roles_of(user).sees_everything:
        return qs
    return qs.filter(requested_by=user)


def my_jobs(user):
    return ReportJob.objects.filter(requested_by=user).order_by("-created_at")


def bloc_summaries_to_produce(user, year, led=None):
    """For a bloc leader's home page: the bloc years the user's units head whose vote is recorded (still
    voting, or closed in ``year`` or the year before), each as ``(bloc_year, job)`` with
    ``bloc_year.has_assessment`` (the leaders' texts are written) and ``job`` the latest finished bloc
    summary of that bloc year still kept (anyone's), or None. The bloc years come from
    ``blocs.selectors.led_bloc_years`` (``led`` when the caller has it: no query); one query for the jobs,
    none when there is no such bloc year."""
    ids = roles_of(user).clerk_unit_ids
    if not ids:
        return []
    if led is None:
        led = led_bloc_years(ids)
    bloc_years = [by for by in led if by.head_unit_id in ids and by.has_vote
                  and (by.state == BlocYearState.VOTING or by.state == BlocYearState.CLOSED and by.year >= year - 1)]
    if not bloc_years:
        return []
    keys = {params_key({"bloc_year": by.pk}): by for by in bloc_years}
    jobs = (ReportJob.objects.filter(kind="bloc_summary", params_key__in=list(keys), status=JobStatus.DONE)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())).order_by("finished_at", "pk")
            .only("params_key", "requested_by", "finished_at"))
    latest = {job.params_key: job for job in jobs}
    return [(by, latest.get(key)) for key, by in keys.items()]
