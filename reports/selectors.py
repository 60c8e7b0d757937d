from emulation.roles import roles_of

from .models import ReportJob


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
