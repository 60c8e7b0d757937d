from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from . import (
            eligibility_rules,  # noqa: F401  (registers the rules of the law)
            nomination_rules,  # noqa: F401  (registers the nominations' permissions)
        )
