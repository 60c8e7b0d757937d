from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AwardKind(models.TextChoices):
    TITLE = "title", _("Emulation title")  # danh hiệu thi đua
    FORM = "form", _("Commendation form")  # hình thức khen thưởng


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")


class AwardLevel(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots")
    PROVINCIAL = "provincial", _("Provincial")
    STATE = "state", _("State")


class AwardMethod(models.TextChoices):
    """Hình thức tổ chức khen thưởng (Điều 8 of the law)."""

    REGULAR = "regular", _("Regular (year-end)")
    THEMATIC = "thematic", _("Thematic (by campaign)")
    EXTRAORDINARY = "extraordinary", _("Extraordinary")
    CONTRIBUTION = "contribution", _("Process of contribution")
    SENIORITY = "seniority", _("Seniority")
    FOREIGN = "foreign", _("Foreign affairs")


class AppraisalRating(models.TextChoices):
    EXCELLENT = "excellent", pgettext_lazy("appraisal", "Excellently completed")
    GOOD = "good", pgettext_lazy("appraisal", "Well completed")
    COMPLETED = "completed", pgettext_lazy("appraisal", "Completed")
    NOT_COMPLETED = "not_completed", pgettext_lazy("appraisal", "Not completed")


class InitiativeLevel(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots")
    PROVINCIAL = "provincial", _("Provincial")
    NATIONAL = "national", _("National")


class DisciplineKind(models.TextChoices):
    DISCIPLINE = "discipline", _("Disciplinary measure")
    INVESTIGATION = "investigation", _("Under investigation")
    INSPECTION = "inspection", _("Under inspection")
    COMPLAINT = "complaint", _("Complaint being verified")


class DisciplineMeasure(models.TextChoices):
    """Hình thức kỷ luật, from the lightest; TTLĐTT excludes a member with "cảnh cáo" or worse."""

    NONE = "", _("(not a disciplinary measure)")
    REPRIMAND = "reprimand", _("Reprimand")  # khiển trách
    WARNING = "warning", _("Warning")  # cảnh cáo
    DEMOTION = "demotion", _("Demotion or removal from post")  # hạ bậc lương, giáng chức, cách chức
    DISMISSAL = "dismissal", _("Dismissal")  # buộc thôi việc


SERIOUS_MEASURES = (DisciplineMeasure.WARNING, DisciplineMeasure.DEMOTION, DisciplineMeasure.DISMISSAL)


class RuleParameterKey(models.TextChoices):
    """Numbers the eligibility rules read, stored per award type with validity dates."""

    CONSECUTIVE_YEARS = "consecutive_years", _("Consecutive years or times required")
    CYCLE_YEARS = "cycle_years", _("Years covered by one award of the title below")
    MIN_LDTT_PERCENT = "min_ldtt_percent", _("Minimum share of members who are Advanced Workers (%)")
    MIN_COMPLETED_PERCENT = "min_completed_percent", _("Minimum share of members who completed their tasks (%)")
    MIN_CSTDCS = "min_cstdcs", _("Minimum number of members who are Grassroots Emulation Fighters")
    EXCELLENT_YEARS = "excellent_years", _("Consecutive years rated excellent (alternative route)")
    INITIATIVES = "initiatives", _("Initiatives required in the period (alternative route)")
