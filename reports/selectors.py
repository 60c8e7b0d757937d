from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from blocs.enums import BlocYearState
from blocs.models import BlocYear, BlocYearAssessment
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


def bloc_summaries_to_produce(user, year):
    """For a bloc leader's home page: the bloc years the user's units head whose vote is recorded (still
    voting, or closed in ``year`` or the year before), each as ``(bloc_year, job)`` with
    ``bloc_year.has_assessment`` (the leaders' texts are written) and ``job`` the latest finished bloc
    summary of that bloc year still kept (anyone's), or None. Two queries, whatever the number of rows."""


    ids = list(roles_of(user).clerk_unit_ids)
    if not ids:
        return []
    bloc_years = list(
        BlocYear.objects.filter(head_unit_id__in=ids, vote__isnull=False)
        .filter(Q(state=BlocYearState.VOTING) | Q(state=BlocYearState.CLOSED, year__gte=year - 1))
        .select_related("bloc")
        .annotate(has_assessment=Exists(BlocYearAssessment.objects.filter(bloc_year=OuterRef("pk"))))
        .order_by("-year", "bloc__code", "pk"))
    if not bloc_years:
        return []
    keys = {params_key({"bloc_year": by.pk}): by for by in bloc_years}
    jobs = (ReportJob.objects.filter(kind="bloc_summary", params_key__in=list(keys), status=JobStatus.DONE)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())).order_by("finished_at", "pk"))
    latest = {job.params_key: job for job in jobs}
    return [(by, latest.get(key)) for key, by in keys.items()]
