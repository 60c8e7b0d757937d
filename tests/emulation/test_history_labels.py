"""The history tab and the activity log speak the users' language: a label for every action code,
field names and choice values instead of the stored ones.

The first test reads the source: every action code written anywhere (a literal "app.model.verb", or an
f-string whose parts are passed in by the callers) must have a label in ``<app>/actions.py``. A new code
without a label fails here.
"""

import ast
import datetime
import importlib.util
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from awards.forms import SETTING_FORMS
from blocs import services as bloc_services
from blocs.enums import BlocYearState
from emulation import services as core_services
from emulation.actions import action_label, codes_matching, describe, labels
from emulation.audit import log_action
from emulation.models import ActivityLog
from imports.engine import HANDLERS
from pledges import services as pledge_services
from tests.blocs.factories import FULL, leaves, make_bloc_year, make_card
from tests.factories import UnitFactory
from tests.pledges.factories import CommitmentFactory, PledgeFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("emulation", "blocs", "campaigns", "pledges", "awards", "reports", "imports", "api")
APP = "(?:" + "|".join(APPS) + ")"
CODE = re.compile(APP + r"\.[a-z_]+\.[a-z_]+")
PART = r"(?:[a-z_]+|\{\})"
ACTION_FSTRING = re.compile(rf"{APP}\.{PART}\.{PART}|\{{\}}\.[a-z_]+")


def _setting_models():

    return [form._meta.model._meta.model_name for form in SETTING_FORMS.values()]


def _import_models():

    return [handler.model._meta.model_name for handler in HANDLERS.values()]


# Parts of action f-strings the scanner cannot follow by itself: (file, expression) → its possible values.
EXPRESSIONS = {
    ("awards/services/catalogue.py", "instance._meta.model_name"): _setting_models,
    ("imports/engine.py", "self.model._meta.model_name"): _import_models,
}


def _python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _is_module_path(text):
    """"reports.tasks.render" names a module's attribute (a Celery task), not an action."""
    head = text.rsplit(".", 1)[0]
    try:
        return importlib.util.find_spec(head) is not None
    except ModuleNotFoundError:
        return False


class Module:
    """One source file: its functions and the calls in it, to follow an f-string's parts to their values."""
    def __init__(self, path):
        self.path = path.relative_to(ROOT).as_posix()
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node

    def function_of(self, node):
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node
        return None

    def calls_to(self, name):
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                func = node.func
                if (isinstance(func, ast.Name) and func.id == name) or (
                        isinstance(func, ast.Attribute) and func.attr == name):
                    yield node

    def values(self, expr, depth=0):
        """Every string ``expr`` may hold, or None when the scanner cannot tell."""
        if depth > 5:
            return None
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            body, orelse = self.values(expr.body, depth + 1), self.values(expr.orelse, depth + 1)
            return None if body is None or orelse is None else body | orelse
        if isinstance(expr, ast.JoinedStr):
            return self.fstring(expr, depth + 1)
        if isinstance(expr, ast.FormattedValue):
            return self.values(expr.value, depth + 1)
        known = EXPRESSIONS.get((self.path, ast.unparse(expr)))
        if known is not None:
            return set(known())
        if isinstance(expr, ast.Name):
            return self.name_values(expr, depth + 1)
        return None

    def name_values(self, name, depth):
        func = self.function_of(name)
        if func is None:
            return None
        params = [a.arg for a in func.args.posonlyargs + func.args.args]
        if name.id in params + [a.arg for a in func.args.kwonlyargs]:
            out = set()
            found = False
            for call in self.calls_to(func.name):
                arg = self._argument(call, func, params, name.id)
                if arg is None:
                    continue
                found = True
                values = self.values(arg, depth + 1)
                if values is None:
                    return None
                out |= values
            return out if found else None
        assigned = [node.value for node in ast.walk(func) if isinstance(node, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == name.id for t in node.targets)]
        if not assigned:
            return None
        out = set()
        for value in assigned:
            values = self.values(value, depth + 1)
            if values is None:
                return None
            out |= values
        return out

    @staticmethod
    def _argument(call, func, params, param):
        for keyword in call.keywords:
            if keyword.arg == param:
                return keyword.value
        index = params.index(param) if param in params else None
        if index is None:
            return None
        if params and params[0] in ("self", "cls") and isinstance(call.func, ast.Attribute):
            index -= 1
        return call.args[index] if 0 <= index < len(call.args) else None

    def fstring(self, node, depth=0):
        results = {""}
        for part in node.values:
            values = self.values(part, depth + 1)
            if values is None:
                return None
            results = {head + tail for head in results for tail in values}
        return results


def _may_be_action(node):
    """An f-string shaped like a code: "app.{}.{}", or "{name}.verb" whose head comes from a variable."""
    pattern = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
    if not ACTION_FSTRING.fullmatch(pattern):
        return False
    head = node.values[0]
    return isinstance(head, ast.Constant) or isinstance(head.value, ast.Name)


def codes_in_source():
    """``(codes, problems)``: every action code the code base can write, and f-strings it could not follow."""
    codes, problems = set(), []
    for path in _python_files():
        module = Module(path)
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if CODE.fullmatch(node.value) and not _is_module_path(node.value):
                    codes.add(node.value)
            elif isinstance(node, ast.JoinedStr) and _may_be_action(node):
                values = module.fstring(node)
                if values is None:
                    problems.append(f"{module.path}:{node.lineno}: cannot tell the codes of {ast.unparse(node)}")
                else:
                    codes |= {v for v in values if CODE.fullmatch(v)}
    return codes, problems


def test_every_action_code_in_the_source_has_a_label():
    codes, problems = codes_in_source()
    assert problems == []  # teach EXPRESSIONS above how to expand it, or write the codes out
    # the scanner finds the codes written through helpers and f-strings, not only the literal ones
    assert {"pledges.pledge.signed", "emulation.campaign.review_opened", "awards.basesalary.created",
            "awards.publicholiday.updated", "imports.person.updated", "blocs.scorecard.submitted",
            "awards.nomination.returned"} <= codes
    assert sorted(codes - set(labels())) == []


def test_every_label_belongs_to_its_app_and_is_translated():
    for code, label in labels().items():
        assert CODE.fullmatch(code), code
        with translation.override("en"):
            english = str(label)
        with translation.override("vi"):
            assert str(label) != english, f"{code}: “{english}” has no Vietnamese translation"


# The history tab ---------------------------------------------------------------------------------------


@pytest.fixture
def card(db, unit, clerk):
    head = UnitFactory(name="Sở Trưởng khối", code="HEADH")
    by = make_bloc_year(head, members=[unit], state=BlocYearState.SCORING)
    return make_card(by, unit, points=FULL)


def _section(body):
    start = body.index('id="history-title"')
    return body[start:body.index("</section>", start)]


def _history(obj):
    return Template("{% history obj %}").render(Context({"obj": obj}))


def test_history_tab_of_a_submitted_scorecard_is_in_vietnamese(client, card, clerk):
    bloc_services.submit_scorecard(card, clerk, today=datetime.date(2020, 12, 1))
    client.force_login(clerk)
    body = client.get(reverse("blocs:scorecard", args=[card.pk])).content.decode()
    history = _section(body)
    assert "Gửi bảng chấm điểm" in history
    assert "Trạng thái: Nháp → Đã gửi" in history
    assert "blocs.scorecard.submitted" not in history
    assert "state:" not in history and "draft" not in history


def test_history_tab_of_a_signed_pledge_is_in_vietnamese(client, unit, clerk, board):
    head = UnitFactory(name="Sở Trưởng khối", code="HEADP")
    by = make_bloc_year(head, members=[unit], criteria=False)
    pledge = PledgeFactory(bloc_year=by)
    CommitmentFactory(pledge=pledge, position=1)
    pledge_services.open_for_signing(pledge, board)
    pledge_services.sign_pledge(pledge, clerk, unit, "Nguyễn Văn An", "Giám đốc")
    client.force_login(clerk)
    body = client.get(reverse("pledges:pledge_detail", args=[pledge.pk])).content.decode()
    history = _section(body)
    assert "Ký giao ước thi đua" in history
    assert "Mở ký kết giao ước thi đua" in history
    assert "Trạng thái: Dự thảo → Đang mở ký kết" in history
    assert "pledges.pledge." not in history


def test_history_shows_related_objects_dates_and_yes_no(db, board, unit, other_unit):
    head, deputy = UnitFactory(name="Sở Khối trưởng", code="KT1"), UnitFactory(name="Sở Khối phó", code="KP1")
    by = make_bloc_year(head, members=[deputy, unit], deputy=deputy, deadline=datetime.date(2020, 12, 15))
    bloc_services.update_bloc_year_dates(by, board, self_scoring_deadline=datetime.date(2021, 1, 5))
    bloc_services.set_leadership(by, board, unit, deputy, reason="Luân phiên")
    html = _history(by)
    assert "Hạn tự chấm: 15/12/2020 → 05/01/2021" in html
    assert "Khối trưởng: Sở Khối trưởng → Sở Thử nghiệm" in html
    assert "Lý do: Luân phiên" in html
    core_services.update_unit(other_unit, board, is_active=False)
    assert "Đang hoạt động: Có → Không" in _history(other_unit)


def test_history_names_criteria_in_score_diffs(card, clerk):

    card.state = "draft"
    card.save()
    a1 = leaves(card.bloc_year)["A.1"]
    bloc_services.save_self_scores(card, clerk, {a1.pk: (Decimal("45"), "")})
    assert "Tiêu chí A.1: 50 → 45" in _history(card)


def test_unknown_action_code_gets_a_readable_label_with_the_code_aside(card, clerk):
    log_action(clerk, "blocs.scorecard.teleported", card, data={"diff": {"mood": ["calm", "busy"]}})
    html = _history(card)
    assert "Bảng chấm điểm: thay đổi khác" in html
    assert '<code class="small text-muted">blocs.scorecard.teleported</code>' in html
    assert "Mood: calm → busy" in html
    assert action_label("nothing.known.here") == "Thay đổi: thay đổi khác"


def test_describe_keeps_entries_without_data_or_content_type(db):
    entry = ActivityLog.objects.create(action="reports.job.done", data={})
    [described] = describe(ActivityLog.objects.filter(pk=entry.pk))
    assert (described.label, described.label_known, described.changes) == ("Báo cáo đã tạo xong", True, [])


def _entries_with_foreign_keys(board, by, units, n):
    for i in range(n):
        bloc_services.set_leadership(by, board, units[(i + 1) % len(units)], None, reason=f"Lần {i}")


@pytest.mark.parametrize("n", [1, 3])
def test_history_tab_query_count_is_fixed(db, board, django_assert_num_queries, n):
    units = [UnitFactory(name=f"Sở Số {i}", code=f"SS{i}") for i in range(4)]
    by = make_bloc_year(units[0], members=units, criteria=False)
    _entries_with_foreign_keys(board, by, units, n)
    _history(by)  # content types and templates cached
    with django_assert_num_queries(2):  # the entries with their actors; the units named in the diffs
        html = _history(by)
    assert html.count("Phân công Khối trưởng, Khối phó") == n


# The activity log page ------------------------------------------------------------------------------------


def test_activity_log_shows_labels_and_readable_diffs(client, board, card, clerk):
    bloc_services.submit_scorecard(card, clerk, today=datetime.date(2020, 12, 1))
    client.force_login(board)
    body = client.get(reverse("activity_log")).content.decode()
    table = body[body.index("<table"):]
    assert "Gửi bảng chấm điểm" in table
    assert "Trạng thái: Nháp → Đã gửi" in table
    assert "blocs.scorecard.submitted" not in table
    assert '<optgroup label="Khối thi đua">' in body
    assert '<option value="blocs.scorecard.submitted">Gửi bảng chấm điểm</option>' in body


def test_activity_log_filters_by_code_prefix_and_by_label(client, board, card, clerk, unit):
    bloc_services.submit_scorecard(card, clerk, today=datetime.date(2020, 12, 1))
    core_services.update_unit(unit, board, name="Sở Đổi tên")
    client.force_login(board)

    def shown(action):
        page = client.get(reverse("activity_log"), {"action": action}).context["page"]
        return {e.action for e in page}

    assert shown("blocs.scorecard.submitted") == {"blocs.scorecard.submitted"}
    assert shown("emulation.") == {"emulation.unit.updated"}
    assert shown("gui bang cham diem") == {"blocs.scorecard.submitted"}
    assert codes_matching("Gửi bảng chấm điểm") == ["blocs.scorecard.submitted"]
    body = client.get(reverse("activity_log"), {"action": "emulation."}).content.decode()
    assert '<option value="emulation." selected>' in body


def test_activity_log_outsiders_and_read_only_roles(client, clerk, council):
    assert client.get(reverse("activity_log")).status_code == 302
    for user in (clerk, council):
        client.force_login(user)
        assert client.get(reverse("activity_log")).status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_activity_log_query_count_with_labels_and_foreign_keys(client, board, django_assert_num_queries, n):
    units = [UnitFactory(name=f"Sở Số {i}", code=f"SL{i}") for i in range(4)]
    by = make_bloc_year(units[0], members=units, criteria=False)
    _entries_with_foreign_keys(board, by, units, n)
    client.force_login(board)
    client.get(reverse("activity_log"))
    with django_assert_num_queries(7):  # the page's 6 (units load on demand) + the units named in the diffs, once
        body = client.get(reverse("activity_log")).content.decode()
    assert body.count("Phân công Khối trưởng, Khối phó") == n + 1  # the rows and the filter's option


def test_demo_data_logs_only_labelled_codes_and_the_log_page_shows_no_raw_code(client, db):

    call_command("load_demo", verbosity=0)
    codes = set(ActivityLog.objects.values_list("action", flat=True))
    assert len(codes) > 20
    assert sorted(codes - set(labels())) == []
    client.force_login(get_user_model().objects.get(username="bantdkt"))
    body = client.get(reverse("activity_log")).content.decode()
    table = body[body.index("<tbody>"):body.index("</tbody>")]
    assert [code for code in codes if code in table] == []
