from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        # Registration on start-up: the rules of the law with the eligibility engine, the permissions with
        # ``rules`` (its autodiscovery imports awards.rules too; importing it here keeps the order explicit).
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415 (as above)

        from emulation.models import Person, Unit  # noqa: PLC0415 (as above)

        from . import eligibility, rules  # noqa: F401, PLC0415 (registration once the app registry is ready)
        from .models import Award  # noqa: PLC0415 (as above)

        post_save.connect(_award_saved, sender=Award, dispatch_uid="awards.counts.saved")
        post_delete.connect(_award_deleted, sender=Award, dispatch_uid="awards.counts.deleted")
        post_save.connect(_person_saved, sender=Person, dispatch_uid="awards.sortkeys.person")
        post_save.connect(_unit_saved, sender=Unit, dispatch_uid="awards.sortkeys.unit")


# The statistics summary follows single saves and deletes of awards (the admin, the tests' factories); the
# services' and the importer's bulk writes refresh it themselves (awards.counts).
COUNTED_FIELDS = {"year", "award_type", "award_type_id", "revoked"}


def _award_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and not COUNTED_FIELDS & set(update_fields)):
        return
    from .counts import refresh_award_counts  # noqa: PLC0415 (models are loaded by now; apps load first)

    refresh_award_counts({(instance.year, instance.award_type_id)})


def _award_deleted(sender, instance, **kwargs):
    from .counts import refresh_award_counts  # noqa: PLC0415 (as above)

    refresh_award_counts({(instance.year, instance.award_type_id)})


# The register's sort keys follow a renamed person or unit (awards.sortkeys); a new one has no awards yet.
def _person_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    from .sortkeys import person_renamed  # noqa: PLC0415 (as above)

    person_renamed(instance)


def _unit_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    from .sortkeys import unit_renamed  # noqa: PLC0415 (as above)

    unit_renamed(instance)
