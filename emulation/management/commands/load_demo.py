from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from emulation import demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False) or not getattr(settings, "DEMO", True):
            raise CommandError(
                "load_demo refuses to run under production settings (PRODUCTION=1 or DEMO off): it creates "
                "logins with a published password. Use a development or demo installation (DEMO=1)."
            )

        with transaction.atomic():
            ctx = demo.load()
            for config in apps.get_app_configs():
                if config.name == "emulation":
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(ctx)
            demo.load_reforms(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Logins (username / password — role):"))
        for username, password, purpose in ctx["logins"]:
            self.stdout.write(f"  {username:<12} / {password}  — {purpose}")
