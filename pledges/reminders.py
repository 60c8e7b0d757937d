"""Reminders of the pledges (collected by ``emulation.reminders``, sent once each).

Before the signing ceremony of an open pledge (giao ước thi đua), the clerks of member units that
have not signed yet are reminded that their signature is missing.
"""

import datetime

from django.utils.translation import gettext as _

from emulation.notifications import clerks_by_unit
from emulation.reminders import Reminder, days_before

from .enums import PledgeState
from .models import Pledge, Signature


def due(today):
    window = (today, today + datetime.timedelta(days=days_before()))
    pledges = list(Pledge.objects.filter(state=PledgeState.OPEN, ceremony_date__range=window)
                   .prefetch_related("bloc_year__memberships"))
    if not pledges:
        return
    signed = set(Signature.objects.filter(pledge__in=pledges, withdrawn_at__isnull=True)
                 .values_list("pledge_id", "unit_id"))
    missing = [(p, m.unit_id) for p in pledges for m in p.bloc_year.memberships.all()
               if (p.pk, m.unit_id) not in signed]
    clerks = clerks_by_unit({unit_id for _p, unit_id in missing})
    for pledge, unit_id in missing:
        yield Reminder(
            users=clerks.get(unit_id, []),
            message=_("Reminder: your unit has not signed the pledge “%(title)s”; the signing ceremony is on "
                      "%(date)s.") % {"title": pledge.title, "date": pledge.ceremony_date.strftime("%d/%m/%Y")},
            url=pledge.get_absolute_url(),
            key=f"pledges.signature:{pledge.pk}:{unit_id}:{pledge.ceremony_date.isoformat()}",
        )
