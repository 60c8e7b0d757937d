"""Speed of the main pages on a province-sized data set.

    .venv/bin/python bench/pages.py [--runs 5] [--years 10] [--people 50000] [--units 500] [--blocs 40]
                                    [--nominations 3000] [--log 200000] [--notifications 2000]
                                    [--keep] [--reuse] [--only LABEL]

Builds the same throwaway database as bench/reports.py (its ``build``: units, blocs, people, awards over the
years, one bloc year's year-end data), adds what the pages show (users with roles, nominations across states
with their items, a large activity log, the clerk's notifications), then GETs each page ``--runs`` times with
django.test.Client as a logged-in user (working year: the last year of the data) and prints per page and
role: median and max milliseconds, the median time spent in SQL (the sum of its queries' times), query count
and response size, and marks the pages over target (median over 150 ms, over 60 ms for the home page, or over
twice its own SQL). Runs with DEBUG off (as in production) unless DEBUG is set in the environment.

``--keep`` builds in the database DATABASE_URL names itself (created and migrated if missing) and keeps it;
``--reuse`` skips building when that database already holds the bench data (it still migrates it, so new
migrations and their backfills run as on a real installation). Without either, a throwaway test database is
built and dropped. bench/load.sh runs gunicorn against the kept database.

This prints figures; it asserts nothing about time. To bench another page, add a line to ``PAGES`` below.
"""

import argparse
import datetime
import importlib.util
import os
import random
import statistics
import time
import warnings
from pathlib import Path

os.environ.setdefault("DEBUG", "0")
warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic needed
_spec = importlib.util.spec_from_file_location("bench_reports", Path(__file__).resolve().parent / "reports.py")
bench_reports = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_reports)  # sets up the environment and Django; its main() only runs as a script

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

# (label, role, url name, args from the data set, query string)
PAGES = [
    ("dashboard", "clerk", "dashboard", None, ""),
    ("dashboard", "bloc leader", "dashboard", None, ""),
    ("dashboard", "board", "dashboard", None, ""),
    ("dashboard", "council", "dashboard", None, ""),
    ("people", "board", "person_list", None, ""),
    ("people ?q=nguyen", "board", "person_list", None, "?q=nguyen"),
    ("people", "clerk", "person_list", None, ""),
    ("units", "board", "unit_list", None, ""),
    ("activity log", "board", "activity_log", None, ""),
    ("notifications", "clerk", "notification_list", None, ""),
    ("awards register", "board", "awards:register", None, ""),
    ("awards register ?q=nguyen", "board", "awards:register", None, "?q=nguyen"),
    ("awards register", "clerk", "awards:register", None, ""),
    ("awards statistics", "board", "awards:statistics", None, ""),
    ("nominations", "clerk", "awards:nomination_list", None, ""),
    ("nominations", "board", "awards:nomination_list", None, ""),
    ("board queue", "board", "awards:nomination_queue", None, ""),
    ("decisions", "board", "awards:decision_list", None, ""),
    ("blocs", "board", "blocs:bloc_list", None, ""),
    ("scoreboard", "board", "blocs:scoreboard", lambda ds: [ds["bloc_year_ids"][0]], ""),
    ("scoreboard", "bloc leader", "blocs:scoreboard", lambda ds: [ds["bloc_year_ids"][0]], ""),
    ("pledges", "board", "pledges:pledge_list", None, ""),
    ("campaigns", "board", "campaigns:campaign_list", None, ""),
    ("campaigns", "clerk", "campaigns:campaign_list", None, ""),
    ("my reports", "board", "reports:mine", None, ""),
    ("import runs", "board", "imports:runs", None, ""),
]

ACTIONS = ["person.created", "person.updated", "award.created", "nomination.submitted", "nomination.received",
           "scorecard.submitted", "pledge.signed", "import.confirmed", "decision.issued", "unit.updated"]


def build_pages(args, ds):
    """Users with roles, nominations with items, the activity log and the clerk's notifications."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from awards.enums import ItemOutcome, NominationState
    from awards.models import AwardType, Nomination, NominationItem
    from blocs.enums import ScorecardState
    from blocs.models import BlocYear, Scorecard
    from emulation.enums import Role
    from emulation.models import ActivityLog, Notification, Person, RoleAssignment, Unit

    rnd = random.Random(11)
    t0 = time.perf_counter()
    User = get_user_model()
    head = BlocYear.objects.get(pk=ds["bloc_year_ids"][0]).head_unit
    clerk_unit = Unit.objects.exclude(pk=head.pk).order_by("pk").first()
    users = {"board": ds["board"]}
    users["council"] = User.objects.create_user("bench-council")
    RoleAssignment.objects.create(user=users["council"], role=Role.COUNCIL)
    users["clerk"] = User.objects.create_user("bench-clerk")
    RoleAssignment.objects.create(user=users["clerk"], role=Role.CLERK, unit=clerk_unit)
    users["bloc leader"] = User.objects.create_user("bench-leader")
    RoleAssignment.objects.create(user=users["bloc leader"], role=Role.CLERK, unit=head)
    # Half the bloc year's scorecards back in the leader's hands, so the leader's panel has something to review.
    cards = Scorecard.objects.filter(bloc_year_id=ds["bloc_year_ids"][0]).exclude(unit=head).order_by("pk")
    Scorecard.objects.filter(pk__in=list(cards.values_list("pk", flat=True)[::2])).update(
        state=ScorecardState.SUBMITTED, submitted_at=timezone.now())

    # Nominations across states, each with a few items for people of its unit; the clerk's unit has its share.
    units = list(Unit.objects.order_by("pk"))
    people_by_unit = {}
    for pk, unit_id in Person.objects.values_list("pk", "unit_id"):
        people_by_unit.setdefault(unit_id, []).append(pk)
    types = list(AwardType.objects.filter(code__in=["LDTT", "CSTDCS", "BKT", "GK"]))
    states = list(NominationState.values)
    now = timezone.now()
    noms = []
    for i in range(args.nominations):
        unit = clerk_unit if i % 50 == 0 else units[i % len(units)]
        state = states[i % len(states)]
        submitted = state != NominationState.DRAFT
        noms.append(Nomination(unit=unit, title=f"Đề nghị khen thưởng số {i}", year=ds["last_year"], state=state,
                               created_by=users["clerk"] if unit == clerk_unit else None,
                               submitted_at=now if submitted else None,
                               received_at=now if state not in (NominationState.DRAFT, NominationState.SUBMITTED)
                               else None,
                               appraisal_due=datetime.date(ds["last_year"] + 1, 1, 15) if submitted else None,
                               decided_at=now if state == NominationState.DECIDED else None))
    noms = Nomination.objects.bulk_create(noms, batch_size=2000)
    items = []
    for n in noms:
        pool = people_by_unit.get(n.unit_id) or []
        for pk in rnd.sample(pool, min(len(pool), rnd.randint(2, 6))):
            outcome = (rnd.choice([ItemOutcome.ELIGIBLE, ItemOutcome.INELIGIBLE])
                       if n.state in (NominationState.AT_COUNCIL, NominationState.DECIDED) else ItemOutcome.PENDING)
            items.append(NominationItem(nomination=n, award_type=rnd.choice(types), recipient_kind="individual",
                                        person_id=pk, unit_id=n.unit_id, summary="Hoàn thành xuất sắc nhiệm vụ.",
                                        outcome=outcome))
        items.append(NominationItem(nomination=n, award_type=types[0], recipient_kind="collective",
                                    unit_id=n.unit_id, summary="Tập thể hoàn thành tốt nhiệm vụ."))
    NominationItem.objects.bulk_create(items, batch_size=5000)

    actors = list(users.values())
    for start in range(0, args.log, 20_000):
        ActivityLog.objects.bulk_create([
            ActivityLog(actor=rnd.choice(actors), action=rnd.choice(ACTIONS), object_repr=f"Đối tượng số {i}",
                        object_id=str(i), unit=rnd.choice(units), data={"i": i})
            for i in range(start, min(start + 20_000, args.log))], batch_size=5000)
    Notification.objects.bulk_create([
        Notification(recipient=users["clerk"], message=f"Hồ sơ đề nghị số {i} đã được tiếp nhận",
                     url=f"/awards/nominations/{noms[i % len(noms)].pk}/", action="nomination.received",
                     read_at=now if i % 3 else None)
        for i in range(args.notifications)], batch_size=5000)
    print(f"pages data: {len(noms)} nominations with {len(items)} items, {args.log} log entries, "
          f"{args.notifications} notifications ({time.perf_counter() - t0:.1f} s to build)")
    return users


HOME_TARGET_MS, PAGE_TARGET_MS = 60, 150


class SqlTimer:
    """connection.execute_wrapper that sums the time spent in the database driver."""

    def __init__(self):
        self.ms = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - t) * 1000


def loadavg():
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "n/a"


class Floor:
    """The fixed cost of a signed-in page: the whole middleware stack (session, user, roles, two-factor), the
    context processors and the base layout with its menu, around an empty content block. Served from a URL
    configuration of its own (the app's URLs plus this one page), so nothing in the app is changed for it."""

    PATH = "/__bench_floor__/"

    def __init__(self):
        import types

        from django.contrib.auth.decorators import login_required
        from django.shortcuts import render
        from django.urls import path

        import config.urls

        @login_required
        def floor(request):
            return render(request, "base.html", {})

        self.urlconf = types.ModuleType("bench_floor_urls")
        self.urlconf.urlpatterns = [path(self.PATH.strip("/") + "/", floor)] + list(config.urls.urlpatterns)
        for name in ("handler400", "handler403", "handler404", "handler500"):
            if hasattr(config.urls, name):
                setattr(self.urlconf, name, getattr(config.urls, name))


def bench(pages, ds, users, runs):
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
        session = clients[role].session
        session["year"] = ds["last_year"]  # the year with data, as if chosen in the year box
        session.save()
    rows = []
    floor_pages = [("layout only (floor)", role, None, None, "") for role in dict.fromkeys(p[1] for p in pages)]
    floors = {}
    for label, role, name, make_args, query in floor_pages + pages:
        url = reverse(name, args=make_args(ds) if make_args else None) + query if name else Floor.PATH
        client = clients[role]
        times, sql_times, queries, size = [], [], [], 0
        for _run in range(runs):
            timer = SqlTimer()
            with connection.execute_wrapper(timer):
                t = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, f"{label} ({role}) {url}: {response.status_code}"
            sql_times.append(timer.ms)
            queries.append(timer.queries)
            size = len(response.content)
        median, sql = statistics.median(times), statistics.median(sql_times)
        if name is None:
            floors[role] = median
        own = median - floors[role]
        target = HOME_TARGET_MS if name == "dashboard" else PAGE_TARGET_MS
        over = []
        if median > target:
            over.append(f">{target}")
        if name and median > 2 * sql:
            over.append(">2×SQL")
            if own > 2 * sql:
                over.append("own>2×SQL")
        if name:
            rows.append((label, role, median, max(times), sql, queries, size, over))
        q = str(queries[-1]) if len(set(queries[1:] or queries)) == 1 else "/".join(map(str, queries))
        print(f"| {label:<26} | {role:<11} | {median:>7.1f} | {max(times):>7.0f} | {sql:>7.1f} | {own:>7.1f} "
              f"| {q:>7} | {size / 1024:>7.0f} | {' '.join(over) or 'ok':<22} |", flush=True)
    return rows


def existing_data():
    """The data set and users of a kept bench database, or None when it holds no bench data."""
    from django.contrib.auth import get_user_model

    from awards.models import Decision
    from blocs.models import BlocYear
    from pledges.models import Pledge

    User = get_user_model()
    names = {"board": "bench-board", "council": "bench-council", "clerk": "bench-clerk",
             "bloc leader": "bench-leader"}
    found = {u.username: u for u in User.objects.filter(username__in=names.values())}
    if len(found) != len(names) or not Pledge.objects.exists():
        return None
    users = {role: found[username] for role, username in names.items()}
    last_year = BlocYear.objects.order_by("-year").values_list("year", flat=True).first()
    pledge = Pledge.objects.order_by("pk").first()
    ds = {"board": users["board"], "last_year": last_year,
          "bloc_year_ids": [pledge.bloc_year_id] + list(
              BlocYear.objects.filter(year=last_year).exclude(pk=pledge.bloc_year_id).order_by("pk")
              .values_list("pk", flat=True)),
          "pledge_id": pledge.pk, "decision_id": Decision.objects.order_by("pk").values_list("pk", flat=True).first()}
    return ds, users


def ensure_database():
    """Create the database DATABASE_URL names when it does not exist yet, and migrate it."""
    from django.core.management import call_command

    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0, interactive=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--blocs", type=int, default=40)
    parser.add_argument("--nominations", type=int, default=3000)
    parser.add_argument("--log", type=int, default=200_000)
    parser.add_argument("--notifications", type=int, default=2000)
    parser.add_argument("--keep", action="store_true",
                        help="build in the database DATABASE_URL names and keep it afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="use the kept database as it is when it already holds the bench data (implies --keep)")
    parser.add_argument("--only", action="append", default=[],
                        help="bench only the pages whose label starts with this (repeatable)")
    args = parser.parse_args()
    pages = [p for p in PAGES if not args.only or any(p[0].startswith(o) for o in args.only)]
    keep = args.keep or args.reuse
    db = settings.DATABASES["default"]
    if keep:
        ensure_database()
        old_name = None
    else:
        if db["ENGINE"].endswith("sqlite3"):
            db.setdefault("TEST", {})["NAME"] = f"{bench_reports._TMP}/bench-test.sqlite3"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}), DEBUG={settings.DEBUG}, "
          f"CONN_MAX_AGE={db.get('CONN_MAX_AGE')}, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    try:
        with translation.override(settings.LANGUAGE_CODE):
            found = existing_data() if args.reuse else None
            if found:
                ds, users = found
                print("reusing the bench data already in the database")
            else:
                if keep and existing_data():
                    raise SystemExit("the database already holds bench data: use --reuse, or drop it first")
                ds = bench_reports.build(args)
                users = build_pages(args, ds)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"{args.runs} runs per page; queries of every run when they differ after the first; "
              f"targets: median ≤ {PAGE_TARGET_MS} ms (home ≤ {HOME_TARGET_MS} ms) and ≤ 2× its SQL")
        print(f"load average before: {loadavg()}")
        print(f"| {'page':<26} | {'role':<11} | {'med ms':>7} | {'max ms':>7} | {'SQL ms':>7} | {'own ms':>7} "
              f"| {'queries':>7} | {'KiB':>7} | {'target':<22} |")
        print(f"|{'-' * 28}|{'-' * 13}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 24}|")
        with override_settings(ROOT_URLCONF=Floor().urlconf):
            rows = bench(pages, ds, users, args.runs)
        print(f"load average after: {loadavg()}")
        slow = [f"{r[0]} ({r[1]})" for r in rows if any(mark.startswith(">") and "SQL" not in mark for mark in r[7])]
        print(f"over {PAGE_TARGET_MS} ms (home pages {HOME_TARGET_MS} ms): {', '.join(slow) if slow else 'none'}")
        over = [f"{r[0]} ({r[1]})" for r in rows if ">2×SQL" in r[7]]
        print(f"over twice their SQL: {', '.join(over) if over else 'none'}")
    finally:
        if old_name is not None:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
