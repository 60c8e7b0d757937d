"""Time the check and the import of 10,000 people and 50,000 past awards.

    .venv/bin/python bench/import.py                       # a fresh SQLite database in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tdkt_bench .venv/bin/python bench/import.py

The target is under 30 seconds for each file (check + import) on a 2-core machine. The database
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
os.environ.setdefault("MEDIA_ROOT", str(TMP / "media"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

from awards.models import Award, AwardType  # noqa: E402
from emulation.models import ActivityLog, Person, Unit  # noqa: E402
from imports.exports import write_workbook  # noqa: E402
from imports.pipeline import check_file, import_file  # noqa: E402

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


def run(kind, path, expected):
    """Returns the time to validate and import in one pass (``import_xlsx --commit``, the confirm step)."""
    with open(path, "rb") as fh:
        checked, t_check = timed(f"{kind}: preview only (read + validate)", lambda: check_file(fh, kind))
    assert checked.ok, checked.report.sorted_problems()[:5]
    with open(path, "rb") as fh:
        done, t_import = timed(f"{kind}: VALIDATE + IMPORT (1 transaction)",
                               lambda: import_file(fh, kind, run_id=None))
    assert done.counts()["create"] == expected, done.counts()
    print(f"{kind}: web two steps (preview, then confirm){'':<8} {t_check + t_import:7.2f} s   ({expected:,} rows)")
    with open(path, "rb") as fh:
        again, _ = timed(f"{kind}: re-import of the same file (no change)",
                         lambda: import_file(fh, kind, run_id=None))
    assert again.counts()["unchanged"] == expected, again.counts()
    return t_import


def main():
    with translation.override("vi"):
        setup()
        print(f"database: {django.db.connection.vendor}; files in {TMP}")
        people = TMP / "people.xlsx"
        awards = TMP / "awards.xlsx"
        timed("write the 10,000-people file", lambda: people.write_bytes(write_workbook("people", people_rows())))
        timed("write the 50,000-awards file", lambda: awards.write_bytes(write_workbook("awards", award_rows())))
        t1 = run("people", people, PEOPLE)
        t2 = run("awards", awards, AWARDS)
        print(f"people {Person.objects.count():,}, awards {Award.objects.count():,}, "
              f"activity log {ActivityLog.objects.count():,}")
        ok = t1 < 30 and t2 < 30
        print(f"RESULT: validate + import: people {t1:.1f} s, awards {t2:.1f} s –",
              "both under 30 s" if ok else "TOO SLOW")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
