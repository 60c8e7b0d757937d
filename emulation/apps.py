from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Emulation core")

    def ready(self):
        # registers the login signal receivers and the deploy check
        from . import collation, security  # noqa: F401, PLC0415 (registration once the app registry is ready)
        from .text import install_vietnamese_full_name  # noqa: PLC0415 (the auth app must be loaded first)

        install_vietnamese_full_name()
