"""The demo data of the register: idempotent, and the rules show interesting verdicts on it."""

import pytest

from awards import demo
from awards.eligibility import check
from awards.models import Appraisal, Award, Initiative
from emulation import demo as core_demo
from tests.awards.register_factories import award_type

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_shows_eligible_and_refused_people():
    ctx = demo.load(core_demo.load())
    counts = (Appraisal.objects.count(), Award.objects.count(), Initiative.objects.count())
    demo.load(ctx)
    assert (Appraisal.objects.count(), Award.objects.count(), Initiative.objects.count()) == counts
    # 2020 awards come only from the nominations' decisions, never entered by hand
    assert not Award.objects.filter(year__gte=2020, nomination_item__isnull=True).exists()
    assert Award.objects.filter(year=2020, nomination_item__isnull=False).exists()
    people = list(ctx["units"]["SGTVT"].people.order_by("staff_code")[4:9])
    fighter, twice, inventor, punished, reused = people
    assert check(award_type("CSTD_TINH"), fighter, 2019).eligible is True
    assert check(award_type("BK_TINH"), twice, 2019).eligible is True
    assert check(award_type("BK_TINH"), inventor, 2019).evidence["initiatives"]
    assert check(award_type("LDTT"), punished, 2021).eligible is False
    assert check(award_type("CSTD_TINH"), reused, 2019).eligible is False
    assert check(award_type("CSTD_TINH"), fighter, 2020).reasons == [
        "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (có 2018, 2019; thiếu 2020)"]
