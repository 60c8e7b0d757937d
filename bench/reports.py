"""Speed of the year-end reports on a province-sized data set.

    .venv/bin/python bench/reports.py [--runs 3] [--years 10] [--people 50000] [--units 500] [--blocs 40]
                                      [--only decision_annex] [--save DIR]

Builds a throwaway database (a Django test database: SQLite in a temporary file, or, when DATABASE_URL
points at PostgreSQL, ``test_<name>`` on that server, dropped at the end), fills it with bulk_create, and
prints for each report the time to gather the data, the time to render the PDF and the Excel twin, and the
query count of gathering (which must not depend on the number of units).

To bench a new report, add a line to ``BENCHES`` below: (kind, a function of the data set giving its params).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
_TMP = tempfile.mkdtemp(prefix="tdkt-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_TMP}/bench.sqlite3")
os.environ["MEDIA_ROOT"] = _TMP

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

# Which reports to bench and how to build their parameters from the data set (``ds``).
BENCHES = [
    ("province_stats", lambda ds: {"year": ds["last_year"]}),
    ("state_forms", lambda ds: {"year": ds["last_year"]}),
    # The bloc year-end summary: target under 2 s end to end.
    ("bloc_summary", lambda ds: {"bloc_year": ds["bloc_year_ids"][0]}),
    ("pledge_document", lambda ds: {"pledge": ds["pledge_id"]}),
    ("decision_annex", lambda ds: {"decision": ds["decision_id"]}),
]

TYPES = [  # code, name, kind, individual?, collective?, order
    ("LDTT", "Lao động tiên tiến", "title", True, False, 1),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "title", True, False, 2),
    ("CSTDT", "Chiến sĩ thi đua cấp tỉnh", "title", True, False, 3),
    ("TTLDTT", "Tập thể lao động tiên tiến", "title", False, True, 4),
    ("TTLDXS", "Tập thể lao động xuất sắc", "title", False, True, 5),
    ("CTD", "Cờ thi đua của UBND tỉnh", "title", False, True, 6),
    ("GK", "Giấy khen", "form", True, True, 10),
    ("BKT", "Bằng khen của Chủ tịch UBND tỉnh", "form", True, True, 11),
    ("BKTTG", "Bằng khen của Thủ tướng Chính phủ", "form", True, True, 12),
]
AMOUNT = {"LDTT": 710_000, "CSTDCS": 2_340_000, "CSTDT": 7_020_000, "TTLDTT": 1_880_000, "TTLDXS": 3_510_000,
          "CTD": 18_720_000, "GK": 710_000, "BKT": 3_510_000, "BKTTG": 8_190_000}


def build(args):
    from awards.models import Award, AwardType
    from awards.sortkeys import refresh_sort_keys
    from blocs.models import Bloc, BlocMembership, BlocYear
    from emulation.enums import PersonCategory, Role
    from emulation.models import Person, RoleAssignment, Unit
    from emulation.text import search_key
    from reports.models import Letterhead

    rnd = random.Random(7)
    t0 = time.perf_counter()
    Letterhead.objects.create(parent_body="UBND tỉnh Thử", issuing_body="Ban Thi đua – Khen thưởng",
                              symbol="BC-BTĐKT", place="Thử", signer_title="Trưởng ban", signer_name="Nguyễn Văn Ký")
    units = Unit.objects.bulk_create([
        Unit(name=f"Đơn vị số {i:03d}", code=f"B{i:03d}", search_name=" " + search_key(f"Đơn vị số {i:03d} B{i:03d}"))
        for i in range(args.units)])
    blocs = Bloc.objects.bulk_create([Bloc(code=f"K{i:02d}", name=f"Khối thi đua số {i + 1}")
                                      for i in range(args.blocs)])
    years = list(range(2025 - args.years + 1, 2026))
    bloc_years, memberships = [], []
    for year in years:
        for b_index, bloc in enumerate(blocs):
            members = units[b_index::len(blocs)]
            bloc_years.append(BlocYear(bloc=bloc, year=year, head_unit=members[year % len(members)]))
    bloc_years = BlocYear.objects.bulk_create(bloc_years)
    for by in bloc_years:
        b_index = blocs.index(by.bloc)
        memberships += [BlocMembership(bloc_year=by, unit=u) for u in units[b_index::len(blocs)]]
    BlocMembership.objects.bulk_create(memberships, batch_size=5000)
    categories = [PersonCategory.WORKER] * 17 + [PersonCategory.OTHER_LEADER] * 2 + [PersonCategory.DEPARTMENT_LEADER]
    people = Person.objects.bulk_create([
        Person(full_name=f"Nguyễn Văn Thử {i}", unit=units[i % len(units)], category=rnd.choice(categories),
               search_name=f" nguyen van thu {i}") for i in range(args.people)], batch_size=5000)
    types = {code: AwardType.objects.update_or_create(  # the catalogue migration has seeded some codes already
        code=code, defaults=dict(name=name, kind=kind, for_individuals=ind, for_collectives=col, level="provincial",
                                 order=order))[0]
        for code, name, kind, ind, col, order in TYPES}
    total = 0
    for year in years:
        batch = []
        for p in people:
            r = rnd.random()
            code = ("LDTT" if r < 0.30 else "CSTDCS" if r < 0.35 else "GK" if r < 0.37 else "BKT" if r < 0.375
                    else "CSTDT" if r < 0.3755 else None)
            if code:
                batch.append(Award(award_type=types[code], person=p, unit_id=p.unit_id, recipient_kind="individual",
                                   year=year, method="thematic" if rnd.random() < 0.1 else "regular",
                                   decision_number=f"{len(batch)}/QĐ", amount=AMOUNT[code]))
        for u in units:
            r = rnd.random()
            code = ("TTLDTT" if r < 0.6 else "TTLDXS" if r < 0.7 else "CTD" if r < 0.78 else "BKT" if r < 0.82
                    else None)
            if code:
                batch.append(Award(award_type=types[code], unit=u, recipient_kind="collective", year=year,
                                   method="regular", amount=AMOUNT[code]))
        Award.objects.bulk_create(batch, batch_size=5000)
        total += len(batch)
    refresh_sort_keys(Award.objects.all())  # bulk_create calls no save(): the register's sort keys
    from django.contrib.auth import get_user_model

    board = get_user_model().objects.create_user("bench-board")
    RoleAssignment.objects.create(user=board, role=Role.BOARD)
    last = [by for by in bloc_years if by.year == years[-1]]
    extra = build_year_end(rnd, board, last[0], people, types)
    print(f"data set: {len(units)} units, {len(blocs)} blocs × {len(years)} years, {len(people)} people, "
          f"{total} awards ({time.perf_counter() - t0:.1f} s to build)")
    return {"board": board, "last_year": years[-1], "bloc_year_ids": [by.pk for by in last], **extra}


def build_year_end(rnd, board, bloc_year, people, types):
    """What the year-end reports of one bloc year read: criteria and scorecards of every member, the vote and
    proposals, the pledge with signatures and fulfilment reports, the leaders' assessment, campaigns; and an
    issued award decision with 300 awardees for the decision annex."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from awards.models import Award, Decision, Nomination, NominationItem
    from awards.sortkeys import refresh_sort_keys
    from blocs.models import (
        BlocMembership,
        BlocYearAssessment,
        CriteriaSet,
        Criterion,
        Proposal,
        Scorecard,
        ScoreEntry,
        Vote,
        VoteResult,
    )
    from campaigns.models import Campaign, CampaignRegistration
    from pledges.models import Commitment, FulfilmentLine, FulfilmentReport, Pledge, Signature

    members = [m.unit for m in BlocMembership.objects.filter(bloc_year=bloc_year).select_related("unit")]
    cs = CriteriaSet.objects.create(bloc_year=bloc_year, bonus_cap=Decimal("10"))
    criteria = []
    for s in range(5):
        section = Criterion.objects.create(criteria_set=cs, is_section=True, code=f"S{s}", title=f"Phần {s}",
                                           position=s * 10)
        for i in range(4):
            criteria.append(Criterion.objects.create(
                criteria_set=cs, parent=section, code=f"S{s}.{i}", title=f"Tiêu chí {s}.{i}",
                kind="standard" if s < 3 else ("bonus" if s == 3 else "penalty"), max_points=Decimal("8.33"),
                position=s * 10 + i + 1))
    cards = Scorecard.objects.bulk_create([Scorecard(bloc_year=bloc_year, unit=u, state="finalised") for u in members])
    ScoreEntry.objects.bulk_create([
        ScoreEntry(scorecard=sc, criterion=c, self_points=Decimal(rnd.randint(0, 833)) / 100,
                   reviewed_points=Decimal(rnd.randint(0, 833)) / 100) for sc in cards for c in criteria])
    vote = Vote.objects.create(bloc_year=bloc_year, held_on=datetime.date(bloc_year.year, 12, 20),
                               voters_present=len(members), threshold_percent=Decimal("50"))
    VoteResult.objects.bulk_create([VoteResult(vote=vote, unit=u, votes_for=rnd.randint(0, len(members)))
                                    for u in members])
    Proposal.objects.bulk_create([Proposal(bloc_year=bloc_year, unit=u, kind="diploma" if i else "flag", votes=5,
                                           voters_present=len(members), rank=i + 1)
                                  for i, u in enumerate(members[:3])])
    pledge = Pledge.objects.create(bloc_year=bloc_year, title="Giao ước thi đua", state="signed",
                                   ceremony_date=datetime.date(bloc_year.year, 2, 20), preamble="Các đơn vị …")
    commitments = Commitment.objects.bulk_create([Commitment(pledge=pledge, position=i + 1, text=f"Nội dung {i + 1}")
                                                  for i in range(10)])
    Signature.objects.bulk_create([Signature(pledge=pledge, unit=u, representative_name=f"Đại diện {u.code}",
                                             representative_position="Giám đốc", signed_at=timezone.now())
                                   for u in members])
    reports = FulfilmentReport.objects.bulk_create([FulfilmentReport(pledge=pledge, unit=u, state="confirmed")
                                                    for u in members])
    FulfilmentLine.objects.bulk_create([FulfilmentLine(report=r, commitment=c, result=rnd.choice(
        ["achieved", "achieved", "partly", "not_achieved"])) for r in reports for c in commitments])
    BlocYearAssessment.objects.create(bloc_year=bloc_year, **{f: "Nội dung đánh giá. " * 20
                                                              for f in BlocYearAssessment.TEXT_FIELDS})
    for i in range(5):
        c = Campaign.objects.create(code=f"PT{i}", title=f"Phong trào thi đua {i}", scope="province",
                                    state="under_way", start_date=datetime.date(bloc_year.year, 1, 1),
                                    form="thematic" if i % 2 else "regular")
        CampaignRegistration.objects.bulk_create([CampaignRegistration(campaign=c, unit=u, targets="…")
                                                  for u in members])
    decision = Decision.objects.create(number="100/QĐ-UBND", date=datetime.date(bloc_year.year + 1, 1, 20),
                                       signer="Nguyễn Văn Chủ", signer_title="Chủ tịch", authority="UBND tỉnh",
                                       state="issued")
    nomination = Nomination.objects.create(unit=members[0], title="Đề nghị", year=bloc_year.year, state="decided")
    awards = Award.objects.bulk_create([
        Award(award_type=types["BKT"], person=p, unit_id=p.unit_id, recipient_kind="individual", year=bloc_year.year,
              decision_number=decision.number, decision_date=decision.date, amount=3_510_000)
        for p in people[:300]])
    refresh_sort_keys(Award.objects.filter(pk__in=[a.pk for a in awards]))
    NominationItem.objects.bulk_create([
        NominationItem(nomination=nomination, award_type=a.award_type, recipient_kind="individual", person=a.person,
                       unit_id=a.unit_id, outcome="eligible", decision=decision, award=a) for a in awards])
    return {"pledge_id": pledge.pk, "decision_id": decision.pk}


def bench(kind, params, user, runs, save=None):
    from reports import registry, services

    try:
        spec = registry.get(kind)
    except registry.UnknownReport:
        print(f"{kind}: not implemented yet (add reports/kinds/{kind}.py)")
        return
    gathers, pdfs, xlsxs, queries, pages = [], [], [], [], 0
    for _run in range(runs):
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            data = services.gather_data(spec, params, user)
        gathers.append(time.perf_counter() - t)
        queries.append(len(ctx))
        t = time.perf_counter()
        pdf = spec.render_pdf(data)
        pdfs.append(time.perf_counter() - t)
        if registry.has_xlsx(spec):
            t = time.perf_counter()
            spec.render_xlsx(data)
            xlsxs.append(time.perf_counter() - t)
        from io import BytesIO

        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(pdf)).pages)
        if save:
            Path(save, f"{kind}.pdf").write_bytes(pdf)

    def fmt(values):
        return " ".join(f"{v:.2f}" for v in values) + f" (median {statistics.median(values):.2f})" if values else "–"

    end_to_end = [g + p + (x if xlsxs else 0) for g, p, x in zip(gathers, pdfs, xlsxs or [0] * runs, strict=True)]
    print(f"{kind} {params}: {pages} pages")
    print(f"  gather   s: {fmt(gathers)}   queries: {queries}")
    print(f"  pdf      s: {fmt(pdfs)}")
    print(f"  xlsx     s: {fmt(xlsxs)}")
    print(f"  end to end s: {fmt(end_to_end)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--blocs", type=int, default=40)
    parser.add_argument("--only", action="append", help="bench only this report kind (may be repeated)")
    parser.add_argument("--save", help="write each rendered PDF into this folder (to look at it)")
    args = parser.parse_args()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = f"{_TMP}/bench-test.sqlite3"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    try:
        with translation.override(settings.LANGUAGE_CODE):
            ds = build(args)
            for kind, make_params in BENCHES:
                if args.only and kind not in args.only:
                    continue
                try:
                    params = make_params(ds)
                except (KeyError, IndexError):
                    params = {}
                bench(kind, params, ds["board"], args.runs, args.save)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
