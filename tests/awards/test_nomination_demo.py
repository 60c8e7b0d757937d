import time

import pytest
from django.db.models import Count

from awards.demo import nominations as demo_nominations
from awards.enums import NominationState
from awards.models import Award, Decision, Nomination
from emulation import demo

pytestmark = pytest.mark.django_db


def test_demo_loads_seed_2020_awards_and_2021_nominations_in_every_state():
    ctx = demo.load()
    started = time.monotonic()
    demo_nominations.load(ctx)
    elapsed = time.monotonic() - started
    assert elapsed < 15
    rows = (Award.objects.filter(year=2020).order_by().values_list("award_type__code", "recipient_kind", "method")
            .annotate(n=Count("pk")))
    counts = {(code, kind, method): n for code, kind, method, n in rows}
    assert counts == {
        ("LDTT", "individual", "regular"): 300,
        ("TTLDTT", "collective", "regular"): 29,
        ("CSTDCS", "individual", "regular"): 44,
        ("GIAY_KHEN", "individual", "regular"): 244,
        ("GIAY_KHEN", "collective", "regular"): 19,
        ("KNC", "individual", "thematic"): 1,
        ("BK_TINH", "collective", "thematic"): 4,
        ("BK_TINH", "individual", "thematic"): 3,
        ("GIAY_KHEN", "collective", "thematic"): 12,
    }
    assert set(Nomination.objects.filter(year=2020).values_list("state", flat=True)) == {NominationState.DECIDED}
    states = set(Nomination.objects.filter(year=2021).values_list("state", flat=True))
    assert states == set(NominationState.values)
    assert Award.objects.filter(year=2021).count() == 4
    decisions = Decision.objects.count()
    demo_nominations.load(ctx)  # idempotent
    assert Decision.objects.count() == decisions
    assert Award.objects.count() == 660
