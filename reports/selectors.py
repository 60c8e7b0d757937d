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


def bloc_years_for_user(user):
    """Bloc years the user may look at in the reports app: every one for board, council and administrators;
    for a clerk those whose head unit or one of whose members is in their scope."""
    from django.db.models import Q

    from blocs.models import BlocMembership, BlocYear

    qs = BlocYear.objects.select_related("bloc", "head_unit", "deputy_unit")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    if not r.is_clerk:
        return qs.none()
    scope = set(r.scope_unit_ids)
    member_of = BlocMembership.objects.filter(unit_id__in=scope).values("bloc_year_id")
    return qs.filter(Q(pk__in=member_of) | Q(head_unit_id__in=scope))
