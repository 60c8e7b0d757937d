"""Each app may contribute navigation entries and dashboard panels without touching shared files.

An app provides ``<app>/nav.py`` with ``items(user, roles) -> list[NavItem]`` and/or
``<app>/dashboard.py`` with ``panels(request, roles, year) -> list[Panel]``. They are collected in
INSTALLED_APPS order.

The menu depends on the user's roles only (``nav_key``: administrator, board, council, clerk), so it is built
once per role set, language and URL configuration and kept for the life of the process: a nav module must
not look at anything else of the user (labels may be lazy; they are translated when the page is drawn).
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language, pgettext_lazy


@dataclass
class NavItem:
    label: str
    url: str
    order: int = 50
    children: list = field(default_factory=list)
    group: str = ""  # a key of GROUPS: the entry goes into that drop-down menu
    header: bool = False  # a heading inside a drop-down menu, not a link


# The top menu, grouped by task so that it fits one line at 1366 px: (key, label, order).
GROUPS = [
    ("organisation", pgettext_lazy("top menu", "Organisation"), 10),
    ("emulation", pgettext_lazy("top menu", "Emulation"), 20),
    ("commendation", pgettext_lazy("top menu", "Commendation"), 40),
    ("nominations", pgettext_lazy("top menu", "Nominations"), 45),
    ("reports", pgettext_lazy("top menu", "Reports and data"), 80),
    ("admin", pgettext_lazy("top menu", "System"), 90),
]


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


_nav_cache = {}


def nav_key(roles):
    """What the menu depends on: the role flags, the language and the URL configuration in force."""
    return (roles.is_admin, roles.is_board, roles.is_council, roles.is_clerk, get_language(), get_urlconf(),
            get_script_prefix())


def nav_items(user, roles):
    """The top menu (built by ``build_nav`` once per ``nav_key`` and shared: callers must not change it)."""
    key = nav_key(roles)
    nav = _nav_cache.get(key)
    if nav is None:
        nav = _nav_cache[key] = build_nav(user, roles)
    return nav


def nav_html(user, roles, path):
    """The top menu's entries as HTML (templates/_nav_menu.html), rendered once per ``nav_key`` and active entry
    (the plain entry whose address starts as this page's does) and shared: the menu's loops and conditions cost
    a few milliseconds on every page otherwise."""
    nav = nav_items(user, roles)
    active = tuple(item.url for item in nav if not item.children and item.url != "/" and item.url[:6] == path[:6])
    key = ("html", active, *nav_key(roles))
    html = _nav_cache.get(key)
    if html is None:
        html = _nav_cache[key] = render_to_string("_nav_menu.html", {"nav_items": nav, "active": active})
    return html


def clear_nav_cache(**kwargs):
    _nav_cache.clear()


def build_nav(user, roles):
    """The top menu: ungrouped entries as they are, grouped ones gathered into one drop-down per group
    (an entry that has children of its own becomes a heading followed by them)."""
    items = []
    for module in _modules("nav"):
        items.extend(module.items(user, roles))
    items.sort(key=lambda i: i.order)
    out = [item for item in items if not item.group]
    for key, label, order in GROUPS:
        members = [item for item in items if item.group == key]
        if not members:
            continue
        if len(members) == 1 and members[0].children:
            out.append(NavItem(label, members[0].url, order=order, children=members[0].children))
            continue
        children = []
        for item in members:
            if item.children:
                children.append(NavItem(item.label, "", header=True))
                children.extend(item.children)
            else:
                children.append(item)
        out.append(NavItem(label, members[0].url, order=order, children=children))
    return sorted(out, key=lambda i: i.order)


def dashboard_panels(request, roles, year):
    panels = []
    for module in _modules("dashboard"):
        panels.extend(module.panels(request, roles, year))
    return sorted(panels, key=lambda p: p.order)

