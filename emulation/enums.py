from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Provincial People's Committee")
    DISTRICT = "district", _("District-level People's Committee")
    DEPARTMENT = "department", _("Provincial department or agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    COMMUNE = "commune", _("Commune, ward or special zone")
    ENTERPRISE = "enterprise", _("Enterprise")
    MASS_ORGANISATION = "mass_org", _("Mass organisation")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    MALE = "male", pgettext_lazy("gender", "Male")
    FEMALE = "female", pgettext_lazy("gender", "Female")


class PersonCategory(models.TextChoices):
    """The statistical categories of the state reporting forms on awards."""

    PROVINCIAL_LEADER = "provincial_leader", _("Provincial-level leader")
    DEPARTMENT_LEADER = "department_leader", _("Department-level leader")
    OTHER_LEADER = "other_leader", _("Other leader (deputy head of division and above)")
    WORKER = "worker", _("Direct worker")


class Role(models.TextChoices):
    CLERK = "clerk", _("Unit clerk")
    BOARD = "board", _("Commendation board officer")
    COUNCIL = "council", _("Council member")
    ADMIN = "admin", _("Administrator")


class UnitEventKind(models.TextChoices):
    """Reorganisations of units (sắp xếp, tổ chức lại), each one service in ``emulation.reforms``."""

    RENAME = "rename", _("Rename")
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    DISSOLVE = "dissolve", _("Dissolve")
    MOVE = "move", _("Move to another parent unit")
