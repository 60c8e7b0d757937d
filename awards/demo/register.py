"""Demo data of the awards register: appraisals 2018–2021, a few initiatives, awards up to 2019.

The 2020 awards of the agriculture bloc (seed 001) are not made here: the nominations part creates
them as decided nominations. Idempotent: nothing is added when the demo appraisals exist.
"""

import datetime
import random

from ..counts import bulk_create_awards
from ..enums import AppraisalRating, AwardMethod, DisciplineKind, DisciplineMeasure, InitiativeLevel
from ..models import Appraisal, Award, AwardType, DisciplineRecord, Initiative, QuotaSetting

UNITS = ["SGTVT", "STNMT", "VQGBGM", "TTKN", "TTNS"]
YEARS = [2018, 2019, 2020, 2021]
AWARD_YEARS = [2017, 2018, 2019]


def _rating(rng):
    x = rng.random()
    if x < 0.25:
        return AppraisalRating.EXCELLENT
    if x < 0.85:
        return AppraisalRating.GOOD
    if x < 0.97:
        return AppraisalRating.COMPLETED
    return AppraisalRating.NOT_COMPLETED


def load(ctx):
    units = {code: ctx["units"][code] for code in UNITS if code in ctx["units"]}
    if not units or Appraisal.objects.filter(person__unit__code=UNITS[0]).exists():
        return ctx
    types = {t.code: t for t in AwardType.objects.filter(code__in=["LDTT", "CSTDCS", "TTLDXS", "TTLDTT"])}
    rng = random.Random(5)
    appraisals, awards = [], []
    ratings = {}
    for unit in units.values():
        people = list(unit.people.order_by("staff_code"))
        for year in YEARS:
            appraisals.append(Appraisal(unit=unit, year=year, rating=AppraisalRating.EXCELLENT if rng.random() < 0.7
                                        else AppraisalRating.GOOD))
        for person in people:
            for year in [2017] + YEARS:
                rating = _rating(rng)
                ratings[person.pk, year] = rating
                if year >= 2018:
                    appraisals.append(Appraisal(person=person, year=year, rating=rating))
        for year in AWARD_YEARS:
            number = f"{rng.randint(10, 99)}/QĐ-{unit.code}"
            common = {"unit": unit, "year": year, "method": AwardMethod.REGULAR, "decision_number": number,
                      "decision_date": datetime.date(year + 1, 1, 15), "decision_signer": "Giám đốc",
                      "decision_authority": unit.name, "entered_manually": True}
            for person in people:
                rating = ratings[person.pk, year]
                if rating in (AppraisalRating.EXCELLENT, AppraisalRating.GOOD):
                    awards.append(Award(award_type=types["LDTT"], person=person, recipient_kind="individual",
                                        **common))
                if rating == AppraisalRating.EXCELLENT:
                    awards.append(Award(award_type=types["CSTDCS"], person=person, recipient_kind="individual",
                                        **common))
    Appraisal.objects.bulk_create(appraisals)
    bulk_create_awards(awards)  # with their sort keys and the statistics summary
    _stories(units, types)
    QuotaSetting.objects.get_or_create(
        award_type=types["CSTDCS"], relative_to=types["LDTT"], valid_from=datetime.date(2018, 1, 1),
        defaults={"max_percent": 15, "legal_basis": "Quy định của tỉnh (dữ liệu mẫu): không quá 15% số LĐTT"})
    return ctx


def _stories(units, types):
    """A few people whose verdicts show each rule at work."""
    unit = units.get("SGTVT")
    if unit is None:
        return
    people = list(unit.people.order_by("staff_code")[4:9])
    if len(people) < 5:
        return
    fighter, twice, inventor, punished, reused = people

    def excellent(person, years):
        for year in years:
            Appraisal.objects.update_or_create(person=person, year=year,
                                               defaults={"rating": AppraisalRating.EXCELLENT})

    def fighter_awards(person, years):
        for year in years:
            Award.objects.get_or_create(
                award_type=types["CSTDCS"], person=person, year=year,
                defaults={"unit": unit, "recipient_kind": "individual", "entered_manually": True,
                          "decision_number": f"1{year % 100}/QĐ-SGTVT", "decision_date": datetime.date(year + 1, 1, 15),
                          "decision_signer": "Giám đốc", "decision_authority": unit.name})

    def no_fighter(person, years):
        Award.objects.filter(award_type=types["CSTDCS"], person=person, year__in=years).delete()

    # 3 consecutive CSTĐ cơ sở and a provincial initiative: Chiến sĩ thi đua cấp tỉnh 2019.
    excellent(fighter, [2018, 2019, 2020, 2021])
    fighter_awards(fighter, [2017, 2018, 2019])
    initiative = Initiative.objects.create(
        title="Số hóa hồ sơ cấp phép vận tải trên toàn tỉnh", unit=unit, year=2019, level=InitiativeLevel.PROVINCIAL,
        decision_number="215/QĐ-HĐSK", decision_date=datetime.date(2019, 11, 20),
        decision_body="Hội đồng sáng kiến tỉnh")
    initiative.authors.set([fighter])
    # 2 consecutive CSTĐ cơ sở: Bằng khen của Chủ tịch UBND tỉnh 2019 by Điều 74.1.d.
    excellent(twice, [2018, 2019])
    fighter_awards(twice, [2018, 2019])
    # 2 years excellent with 2 grassroots initiatives, no CSTĐ cơ sở: the other route of Điều 74.1.d.
    excellent(inventor, [2018, 2019])
    no_fighter(inventor, [2018, 2019])
    for year, title in [(2018, "Phần mềm theo dõi bảo trì cầu đường"), (2019, "Quy trình thẩm định hồ sơ một cửa")]:
        item = Initiative.objects.create(title=title, unit=unit, year=year, level=InitiativeLevel.GRASSROOTS,
                                         decision_number=f"{year % 100}/QĐ-SGTVT",
                                         decision_date=datetime.date(year, 12, 10), decision_body=unit.name)
        item.authors.set([inventor])
    # Disciplined in 2021: blocked for 2021.
    DisciplineRecord.objects.create(person=punished, kind=DisciplineKind.DISCIPLINE,
                                    measure=DisciplineMeasure.REPRIMAND, start_date=datetime.date(2021, 3, 1),
                                    end_date=datetime.date(2021, 12, 31), description="Vi phạm quy chế làm việc")
    # An initiative already used for CSTĐ cơ sở 2019 does not count again.
    excellent(reused, [2019])
    fighter_awards(reused, [2019])
    used = Initiative.objects.create(title="Bản đồ số điểm đen giao thông", unit=unit, year=2019,
                                     level=InitiativeLevel.GRASSROOTS, decision_number="19/QĐ-SGTVT",
                                     decision_date=datetime.date(2019, 12, 10), decision_body=unit.name)
    used.authors.set([reused])
    Award.objects.get(award_type=types["CSTDCS"], person=reused, year=2019).initiatives.add(used)
