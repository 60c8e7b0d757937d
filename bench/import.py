"""Time the check and the import of 10,000 people and 50,000 past awards.

    .venv/bin/python bench/import.py                       # a fresh SQLite database in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench .venv/bin/python bench/import.py

Each file goes through the web path: the preview (read + check, kept in the storage) and the confirm (the
kept rows written with their log entries) through the job machinery (``imports.services``, eager without a
broker). For the awards it also prints the floor: the time to read the file and of a bare bulk insert of the
same rows (rolled back), and the ratio of the web path to that floor (issue 17: at most 2×). The older
one-pass figures (``import_file``, what ``import_xlsx --commit`` does) follow. The target is under 30 seconds
for each file (check + import) on a 2-core machine. The database
named by DATABASE_URL is flushed of the bench's own rows only when it is a fresh temp SQLite file;
for PostgreSQL use a throw-away database (it is migrated, not dropped).
"""

import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="tdkt-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")  # as in production: no query log (DEBUG=1 in the environment to see it)
os.environ.setdefault("MEDIA_ROOT", str(TMP / "media"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import translation  # noqa: E402

from awards.models import Award, AwardType  # noqa: E402
from emulation.enums import Role  # noqa: E402
from emulation.models import (  # noqa: E402
    ActivityLog,
    Person,
    RoleAssignment,  # noqa: E402
    Unit,
)
from imports import services  # noqa: E402
from imports.engine import insert_rows  # noqa: E402
from imports.exports import write_workbook  # noqa: E402
from imports.pipeline import check_file, import_file  # noqa: E402
from imports.reading import Report, read_file  # noqa: E402
from imports.specs import SPECS  # noqa: E402

PEOPLE = 10_000
AWARDS = 50_000
TYPES = [("LDTT", "Lao động tiên tiến", True, True), ("CSTDCS", "Chiến sĩ thi đua cơ sở", True, False),
         ("GIAY_KHEN", "Giấy khen", True, True), ("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", True, True)]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Đức", "Thu", "Minh", "Thanh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Quang", "Sơn"]


def setup():
    call_command("migrate", verbosity=0)
    root, _ = Unit.objects.get_or_create(code="BENCH", defaults={"name": "Tỉnh thử tải"})
    for i in range(50):
        Unit.objects.get_or_create(code=f"B{i:02d}", defaults={"name": f"Sở thử tải {i}", "parent": root})
    for code, name, ind, col in TYPES:
        AwardType.objects.get_or_create(code=code, defaults={"name": name, "kind": "title", "level": "grassroots",
                                                             "for_individuals": ind, "for_collectives": col})


def people_rows():
    rnd = random.Random(1)
    for i in range(PEOPLE):
        yield {"full_name": f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)} {i}",
               "cccd": f"0{i:011d}", "staff_code": f"BN{i:05d}",
               "date_of_birth": datetime.date(1960, 1, 1) + datetime.timedelta(days=rnd.randrange(15000)),
               "gender": rnd.choice(["male", "female"]), "unit": f"B{i % 50:02d}", "position": "Chuyên viên",
               "category": "worker", "is_active": True}


def award_rows():
    rnd = random.Random(2)
    for i in range(AWARDS):
        p = i % PEOPLE
        year = 2015 + i // PEOPLE
        code, name, _ind, _col = TYPES[rnd.randrange(len(TYPES))]
        yield {"award_code": code, "award_name": name, "year": year, "unit": f"B{p % 50:02d}",
               "cccd": f"0{p:011d}", "method": "regular", "decision_number": f"{100 + p % 50}/QĐ-UBND-{year}",
               "decision_date": datetime.date(year + 1, 1, 15), "decision_authority": "UBND tỉnh",
               "amount": 1_170_000, "note": ""}


def timed(label, fn):
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<50} {elapsed:7.2f} s")
    return result, elapsed


def board_user():
    from django.contrib.auth import get_user_model  # noqa: PLC0415 (after django.setup)

    user, _ = get_user_model().objects.get_or_create(username="bench-board")
    RoleAssignment.objects.get_or_create(user=user, role=Role.BOARD, unit=None)
    return user


def refreshed(run):
    run.refresh_from_db()  # a large file is checked by the (eager) task after the upload's commit
    return run


def web_path(kind, path, expected, user):
    """Preview then confirm, as the browser does (the services the views call, through the job machinery)."""
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    run, t_preview = timed(f"{kind}: web preview (upload, read + check, kept)",
                           lambda: refreshed(services.start_import(user, kind, upload, None)))
    assert run.status == "previewed" and run.can_confirm, (run.status, run.error, run.preview.get("problems"))
    run, t_confirm = timed(f"{kind}: web confirm (write rows + log entries)",
                           lambda: services.confirm_import(run, user))
    assert run.status == "done" and run.summary["create"] == expected, (run.status, run.error, run.summary)
    print(f"{kind}: WEB PATH (preview + confirm){'':<19} {t_preview + t_confirm:7.2f} s   ({expected:,} rows)")
    return t_preview + t_confirm


def floor(path):
    """Reading the awards file, and a bare bulk insert of the same rows (no check, no log; rolled back)."""
    with open(path, "rb") as fh:
        parsed, t_read = timed("awards: read the file only", lambda: read_file(fh, "awards", Report(SPECS["awards"])))
    types = dict(AwardType.objects.values_list("code", "pk"))
    people = dict(Person.objects.values_list("cccd", "pk"))
    units = dict(Unit.objects.values_list("code", "pk"))
    columns = ["award_type_id", "person_id", "unit_id", "recipient_kind", "year", "method", "decision_number",
               "decision_date", "decision_signer", "decision_authority", "amount", "revoked", "note",
               "person_category"]
    adapt = connection.ops.adapt_datefield_value
    rows = [(types[v["award_code"]], people[v["cccd"]], units[v["unit"]], "individual", v["year"], "regular",
             v["decision_number"], adapt(v["decision_date"]), "", v.get("decision_authority", ""), v["amount"], False,
             "", "worker") for _row, v in parsed.rows]

    def insert():
        with transaction.atomic():
            insert_rows(Award, columns, rows)
            transaction.set_rollback(True)

    _, t_insert = timed(f"awards: bare bulk insert of the same {len(rows):,} rows", insert)
    return t_read, t_insert


def one_pass(kind, path, expected):
    """``import_file``: check and write in one transaction (``import_xlsx --commit``); here a re-import of
    the same file, every row unchanged."""
    with open(path, "rb") as fh:
        again, t = timed(f"{kind}: re-import of the same file (no change)", lambda: import_file(fh, kind, run_id=None))
    assert again.counts()["unchanged"] == expected, again.counts()
    return t


def main():
    with translation.override("vi"):
        setup()
        print(f"database: {django.db.connection.vendor}; DEBUG={settings.DEBUG}; files in {TMP}")
        print(f"load average: {Path('/proc/loadavg').read_text()}")
        people = TMP / "people.xlsx"
        awards = TMP / "awards.xlsx"
        timed("write the 10,000-people file", lambda: people.write_bytes(write_workbook("people", people_rows())))
        timed("write the 50,000-awards file", lambda: awards.write_bytes(write_workbook("awards", award_rows())))
        user = board_user()
        t1 = web_path("people", people, PEOPLE, user)
        t_read, t_insert = floor(awards)
        with open(awards, "rb") as fh:
            timed("awards: preview only (read + check, check_file)", lambda: check_file(fh, "awards"))
        t2 = web_path("awards", awards, AWARDS, user)
        print(f"awards: floor (read + bare insert){'':<17} {t_read + t_insert:7.2f} s")
        ratio = t2 / (t_read + t_insert)
        print(f"RATIO web path / floor: {ratio:.2f}  (target ≤ 2)")
        one_pass("awards", awards, AWARDS)
        print(f"people {Person.objects.count():,}, awards {Award.objects.count():,}, "
              f"activity log {ActivityLog.objects.count():,}; load {Path('/proc/loadavg').read_text()}")
        ok = t1 < 30 and t2 < 30
        print(f"RESULT: web path: people {t1:.1f} s, awards {t2:.1f} s –",
              "both under 30 s" if ok else "TOO SLOW", f"; awards {ratio:.2f}× the floor")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
