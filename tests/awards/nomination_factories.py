"""Factories and fixtures for the nominations tests (import the fixtures with ``from … import *``)."""

import datetime

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import services
from awards.enums import AwardKind, AwardLevel, DocumentKind, ItemOutcome, NominationState, RecipientKind
from awards.models import AwardType, BaseSalary, Nomination, RewardCoefficient
from tests.factories import PersonFactory, make_board


class AwardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardType

    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Danh hiệu thử {n}")
    kind = AwardKind.TITLE
    for_individuals = True
    for_collectives = False
    level = AwardLevel.GRASSROOTS


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    title = factory.Sequence(lambda n: f"Hồ sơ đề nghị {n}")
    year = 2024


def pdf(name="to-trinh.pdf", size=None):
    body = b"%PDF-1.4\n" + (b"x" * (size - 9) if size else b"test")
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def money_for(award_type, kind=RecipientKind.INDIVIDUAL, coefficient="0.30"):
    RewardCoefficient.objects.create(award_type=award_type, recipient_kind=kind, coefficient=coefficient,
                                     valid_from=datetime.date(2024, 1, 1))


def set_base_salary(amount, valid_from):
    """Make ``amount`` the base salary from ``valid_from`` on, the way the board does: rows starting that day or
    later are replaced and the row in force the day before is closed (dated rows may never overlap)."""
    BaseSalary.objects.filter(valid_from__gte=valid_from).delete()
    before = BaseSalary.current(valid_from - datetime.timedelta(days=1))
    if before is not None and (before.valid_to is None or before.valid_to >= valid_from):
        before.valid_to = valid_from - datetime.timedelta(days=1)
        before.save(update_fields=["valid_to"])
    return BaseSalary.objects.create(amount=amount, valid_from=valid_from)


@pytest.fixture
def base_salary(db):
    """2,340,000 VND from 01/07/2024 (NĐ 73/2024), in place of the row the catalogue migration recorded."""
    return set_base_salary(2_340_000, datetime.date(2024, 7, 1))


@pytest.fixture
def ldtt(db, base_salary):
    award_type = AwardTypeFactory(code="T_LDTT", name="Lao động tiên tiến (thử)")
    money_for(award_type)
    return award_type


@pytest.fixture
def flag(db, base_salary):
    award_type = AwardTypeFactory(code="T_CO", name="Cờ thi đua (thử)", for_individuals=False,
                                  for_collectives=True, requires_council_vote=True)
    money_for(award_type, RecipientKind.COLLECTIVE, "8.00")
    return award_type


@pytest.fixture
def board2(db):
    return make_board(username="board2")


@pytest.fixture
def people(unit):
    return [PersonFactory(unit=unit, full_name=name) for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")]


def build(clerk, unit, award_type, people, year=2024, cover=True):
    nomination = services.create_nomination(clerk, unit, year, "Đề nghị khen thưởng năm 2024")
    services.add_items(nomination, clerk, award_type, people=people, summary="Hoàn thành tốt nhiệm vụ")
    if cover:
        services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, pdf())
    return nomination


def advance(nomination, clerk, board, to):
    """Drive a nomination through the workflow up to the state ``to`` (outcomes all eligible)."""
    order = [NominationState.SUBMITTED, NominationState.RECEIVED, NominationState.APPRAISING,
             NominationState.AT_COUNCIL]
    steps = {
        NominationState.SUBMITTED: lambda n: services.submit_nomination(n, clerk),
        NominationState.RECEIVED: lambda n: services.receive_nomination(n, board),
        NominationState.APPRAISING: lambda n: services.start_appraisal(n, board),
        NominationState.AT_COUNCIL: lambda n: _all_eligible_then_council(n, board),
    }
    for state in order:
        nomination = steps[state](nomination)
        if state == to:
            break
    nomination.refresh_from_db()
    return nomination


def _all_eligible_then_council(nomination, board):
    for item in nomination.items.all():
        services.set_item_outcome(item, board, ItemOutcome.ELIGIBLE)
    return services.send_to_council(nomination, board)


def decide(nomination, board, number="15/QĐ-UBND", date=datetime.date(2024, 12, 20)):
    decision = services.create_decision(board, number, date, "Nguyễn Văn Chủ", "Chủ tịch", "UBND tỉnh",
                                        items=list(nomination.items.all()), signed_file=pdf("qd.pdf"))
    return decision
