"""Home-page panel of the reports app: the bloc leader's year-end summary to produce (after the vote)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from blocs.dashboard import led_bloc_years
from blocs.enums import BlocYearState
from emulation.registry import Panel

from .selectors import bloc_summaries_to_produce


def panels(request, roles, year):
    if not roles.is_clerk:
        return []
    rows = []
    to_do = 0
    request_url = reverse("reports:request", args=["bloc_summary"])
    for by, job in bloc_summaries_to_produce(request.user, year,
                                             led=led_bloc_years(request, roles)):
        if not by.has_assessment and by.state != BlocYearState.CLOSED:
            to_do += 1
            rows.append({"label": _("Write the year-end assessment of %(bloc_year)s") % {"bloc_year": by},
                         "url": reverse("blocs:assessment", args=[by.pk]),
                         "note": _("printed in the bloc's year-end summary")})
        if job is None:
            to_do += 1
            rows.append({"label": _("Produce the year-end summary of %(bloc_year)s") % {"bloc_year": by},
                         "url": f"{request_url}?{urlencode({'bloc_year': by.pk})}",
                         "note": _("the vote is recorded")})
        else:
            mine = job.requested_by_id == request.user.pk
            when = timezone.localtime(job.finished_at).strftime("%d/%m/%Y") if job.finished_at else ""
            rows.append({"label": _("Year-end summary of %(bloc_year)s: ready") % {"bloc_year": by},
                         "url": job.get_absolute_url() if mine else f"{request_url}?{urlencode({'bloc_year': by.pk})}",
                         "note": _("produced on %(date)s") % {"date": when} if when else ""})
    if not rows:
        return []
    return [Panel(_("Bloc leader: year-end report"), "emulation/_panel_rows.html",
                  {"rows": rows, "links": [(_("My reports"), reverse("reports:mine"))]}, order=22, count=to_do)]
