"""Extension hooks: the unit's fulfilment of its bloc year's pledge, shown beside its scorecard."""

from django.utils.translation import gettext as _

from emulation.registry import Panel

from .enums import FulfilmentResult
from .selectors import unit_fulfilment


def scorecard_panels(scorecard, user):
    bloc_year = getattr(scorecard, "bloc_year", None)
    unit = getattr(scorecard, "unit", None)
    if bloc_year is None or unit is None:
        return []
    pledge, report = unit_fulfilment(bloc_year, unit)
    counts = {"achieved": 0, "partly": 0, "not_achieved": 0}
    if report is not None:
        for line in report.lines.all():
            if line.result == FulfilmentResult.ACHIEVED:
                counts["achieved"] += 1
            elif line.result == FulfilmentResult.PARTLY:
                counts["partly"] += 1
            else:
                counts["not_achieved"] += 1
    return [Panel(_("Fulfilment of the pledge"), "pledges/_scorecard_panel.html",
                  {"pledge": pledge, "report": report, "unit": unit, "counts": counts}, order=40)]
