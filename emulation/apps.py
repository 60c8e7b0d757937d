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

        from django.core.signals import setting_changed  # noqa: PLC0415 (with the registration below)

        from .registry import clear_nav_cache  # noqa: PLC0415 (registration once the app registry is ready)

        # the menu is kept per role set; a test that changes the settings (URLs, languages) gets a new one
        setting_changed.connect(clear_nav_cache, dispatch_uid="emulation.clear_nav_cache")
