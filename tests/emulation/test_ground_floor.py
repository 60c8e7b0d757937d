"""``emulation`` is the ground floor: outside its migrations it imports nothing from the apps above it, not
even inline, and does not name their models, URLs or templates. The apps register with it instead
(``emulation.registry``: nav, dashboard panels, hooks, reminders, actions, demo)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "emulation"
UPPER = ("blocs", "campaigns", "pledges", "awards", "reports", "imports")
NAMED = re.compile(r"^(?:" + "|".join(UPPER) + r")(?:[:./]|$)")
# calls whose first argument names an app, a model, a URL or a module
NAMING_CALLS = {"get_model", "reverse", "reverse_lazy", "redirect", "resolve_url", "import_module", "get_app_config",
                "include", "render", "get_template", "select_template", "has_perm"}
TEMPLATE_TAG = re.compile(r"""\{%\s*(?:url|include|extends)\s+["'](?:""" + "|".join(UPPER) + ")[:/]")


def _sources():
    return sorted(p for p in CORE.rglob("*.py") if "migrations" not in p.relative_to(CORE).parts)


def _call_name(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def problems_in(path, text):
    """``["file:line: what"]`` for every import of, or reference by name to, an app above the core."""
    found = []
    where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else []
        elif isinstance(node, ast.Call) and _call_name(node) in NAMING_CALLS and node.args:
            first = node.args[0]
            names = [first.value] if isinstance(first, ast.Constant) and isinstance(first.value, str) else []
        else:
            continue
        for name in names:
            if NAMED.match(name):
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)[:100]}")
    return found


def test_the_core_imports_and_names_no_app_above_it():
    found = []
    for path in _sources():
        found += problems_in(path, path.read_text(encoding="utf-8"))
    for path in sorted(CORE.rglob("*.html")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if TEMPLATE_TAG.search(line):
                found.append(f"{path.relative_to(ROOT).as_posix()}:{lineno}: {line.strip()[:100]}")
    assert found == []


def test_the_scanner_sees_inline_imports_and_names(tmp_path):
    sample = tmp_path / "sample.py"
    text = '''
import os
from .models import Unit
from blocs.models import Bloc


def f():
    import awards.models
    from campaigns import selectors
    apps.get_model("pledges", "Pledge")
    return reverse("reports:index"), reverse("unit_list"), "blocs.scorecard.submitted"
'''
    lines = [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in problems_in(sample, text)]
    assert lines == ["4", "8", "9", "10", "11"]


APPS = ("emulation", "campaigns", "blocs", "pledges", "awards", "reports", "imports", "api")
# a subject written into an app's file name instead of a package: ``awards/nomination_views.py``,
# ``awards/views_register.py`` (inside a package, ``blocs/services/bloc_years.py`` is one module per subject)
PREFIXED = re.compile(r"^(?:(?:nomination|campaign|register|decision|scorecard|bloc|criteria)_\w+"
                      r"|(?:models|views|services|selectors|forms|urls|rules|enums)_\w+)\.py$")


def test_no_app_hides_a_subject_behind_a_file_name_prefix():
    found = [p.relative_to(ROOT).as_posix() for app in APPS for p in (ROOT / app).glob("*.py")
             if PREFIXED.match(p.name)]
    assert found == []
    assert (ROOT / "campaigns" / "models.py").exists()
    for package in ("models", "services", "selectors", "views", "forms", "eligibility"):
        assert (ROOT / "awards" / package / "__init__.py").exists(), package
    for package in ("services", "views"):
        assert (ROOT / "blocs" / package / "__init__.py").exists(), package
