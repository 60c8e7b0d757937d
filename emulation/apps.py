from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Emulation core")

    def ready(self):
        # registers the login signal receivers and the deploy check
        from . import security  # noqa: F401, PLC0415 (registration once the app registry is ready)
