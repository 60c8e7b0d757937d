from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        # Registration on start-up: the rules of the law with the eligibility engine, the permissions with
        # ``rules`` (its autodiscovery imports awards.rules too; importing it here keeps the order explicit).
        from . import eligibility, rules  # noqa: F401, PLC0415 (registration once the app registry is ready)
