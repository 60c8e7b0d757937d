"""The demo carries the reforms of 1/7/2025: one merger of two member units of the agriculture bloc and the
district level closed on 30/6/2025; the demo logins still work."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from emulation.demo import DEMO_PASSWORD, DISTRICT_CODES, MERGED_CODES, MERGED_INTO, USERS
from emulation.enums import UnitEventKind as K
from emulation.models import Person, Unit, UnitEvent
from emulation.reforms import unit_lineage

pytestmark = pytest.mark.django_db


def test_demo_merger_and_end_of_the_district_level():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123 (silence the printout)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123 (idempotent: nothing twice)
    merger = UnitEvent.objects.get(kind=K.MERGE)
    assert merger.date == datetime.date(2025, 7, 1)
    assert sorted(u.code for u in merger.predecessors.all()) == sorted(MERGED_CODES)
    new = Unit.objects.get(code=MERGED_INTO["code"])
    assert [u.pk for u in merger.successors.all()] == [new.pk]
    assert Person.objects.filter(unit=new).count() == 80
    assert {e.unit_id for e in unit_lineage(new)} == {new.pk} | set(
        Unit.objects.filter(code__in=MERGED_CODES).values_list("pk", flat=True))
    for code in DISTRICT_CODES:
        district = Unit.objects.get(code=code)
        assert (district.valid_to, district.is_active) == (datetime.date(2025, 6, 30), False)
        assert not Unit.objects.filter(parent=district).exists()
    assert UnitEvent.objects.filter(kind=K.DISSOLVE).count() == len(DISTRICT_CODES)
    for username, *_rest in USERS:  # every demo login keeps its password and a role on a unit still open
        user = get_user_model().objects.get(username=username)
        assert user.is_active and user.check_password(DEMO_PASSWORD), username
        assert all(ra.unit is None or ra.unit.valid_to is None for ra in user.role_assignments.all()), username
