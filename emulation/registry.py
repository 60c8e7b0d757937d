"""Each app may contribute navigation entries and dashboard panels without touching shared files.

An app provides ``<app>/nav.py`` with ``items(user, roles) -> list[NavItem]`` and/or
``<app>/dashboard.py`` with ``panels(request, roles, year) -> list[Panel]``. They are collected in
INSTALLED_APPS order.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps


@dataclass
class NavItem:
    label: str
    url: str
    order: int = 50
    children: list = field(default_factory=list)


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50
    count: int | None = None


def _modules(name):
    for config in apps.get_app_configs():
        try:
            yield import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise


def hook(name, **kwargs):
    """Collect ``<app>.hooks.<name>(**kwargs)`` results (lists of Panel) from every app that has one.

    Hooks in use: ``person_panels(person, user)``, ``unit_panels(unit, user)`` (extra sections on the
    person and unit pages) and ``scorecard_panels(scorecard, user)`` (beside a bloc scorecard).
    """
    out = []
    for module in _modules("hooks"):
        fn = getattr(module, name, None)
        if fn is not None:
            out.extend(fn(**kwargs))
    return sorted(out, key=lambda p: p.order)


def nav_items(user, roles):
    items = []
    for module in _modules("nav"):
        items.extend(module.items(user, roles))
    return sorted(items, key=lambda i: i.order)


def dashboard_panels(request, roles, year):
    panels = []
    for module in _modules("dashboard"):
        panels.extend(module.panels(request, roles, year))
    return sorted(panels, key=lambda p: p.order)

