"""Deadline reminders: each provider finds the right people, and each reminder is sent once."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from awards import services as nsvc
from awards.enums import AwardMethod, NominationState
from awards.models import Nomination, SubmissionDeadline
from blocs.enums import BlocYearState, ScorecardState
from campaigns.enums import CampaignState, RegistrationState
from campaigns.models import CampaignRegistration
from emulation.models import Notification
from emulation.reminders import send_due_reminders
from emulation.tasks import send_deadline_reminders
from pledges import services as psvc
from tests.awards.nomination_factories import *  # noqa: F401,F403
from tests.awards.nomination_factories import advance, build
from tests.blocs.factories import make_bloc_year, make_card, new_unit
from tests.campaigns.campaign_helpers import CampaignFactory
from tests.factories import make_clerk
from tests.pledges.factories import CommitmentFactory, PledgeFactory
from tests.pledges.factories import make_bloc_year as pledge_bloc_year

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 21)


def inbox(user):
    return list(Notification.objects.filter(recipient=user, action="reminder").values_list("message", flat=True))


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_the_beat_schedule_runs_the_reminder_task_and_it_writes_vietnamese(unit, clerk, other_unit):
    assert settings.CELERY_BEAT_SCHEDULE["deadline-reminders"]["task"] == send_deadline_reminders.name
    make_bloc_year(other_unit, [unit], year=2026, state=BlocYearState.SCORING,
                   deadline=timezone.localdate() + datetime.timedelta(days=1))
    with translation.override("en"):
        assert send_deadline_reminders.delay().get() == 1
    [message] = inbox(clerk)
    assert "Nhắc việc" in message


def test_self_scoring_deadline_reminds_units_that_have_not_submitted_once(unit, clerk, other_unit, other_clerk):
    third = new_unit("Sở Thứ ba", "S3")
    third_clerk = make_clerk(third, username="third")
    by = make_bloc_year(other_unit, [unit, third], year=2026, state=BlocYearState.SCORING,
                        deadline=TODAY + datetime.timedelta(days=2))
    make_card(by, unit, ScorecardState.DRAFT)
    make_card(by, third, ScorecardState.SUBMITTED)
    # other_unit (the head) has no scorecard yet: reminded too.
    assert send_due_reminders(TODAY) == 2
    [message] = inbox(clerk)
    assert "23/11/2026" in message and by.bloc.name in message
    assert len(inbox(other_clerk)) == 1
    assert inbox(third_clerk) == []
    assert Notification.objects.get(recipient=clerk, action="reminder").url.endswith(
        f"/scorecards/{by.scorecards.get(unit=unit).pk}/")
    # The next run (and the next day) sends nothing again.
    assert send_due_reminders(TODAY) == 0
    assert send_due_reminders(TODAY + datetime.timedelta(days=1)) == 0
    assert len(inbox(clerk)) == 1


def test_self_scoring_reminder_waits_until_the_deadline_is_near_and_stops_after_it(unit, clerk, other_unit):
    make_bloc_year(other_unit, [unit], year=2026, state=BlocYearState.SCORING,
                   deadline=TODAY + datetime.timedelta(days=3 + 1))
    assert send_due_reminders(TODAY) == 0
    assert send_due_reminders(TODAY + datetime.timedelta(days=3 + 2)) == 0
    assert send_due_reminders(TODAY + datetime.timedelta(days=1)) == 1
    assert len(inbox(clerk)) == 1


def test_how_many_days_before_is_a_setting(unit, clerk, other_unit, settings):
    settings.REMINDER_DAYS_BEFORE = 7
    make_bloc_year(other_unit, [unit], year=2026, state=BlocYearState.SCORING,
                   deadline=TODAY + datetime.timedelta(days=6))
    assert send_due_reminders(TODAY) == 1


def test_a_moved_deadline_is_a_new_reminder(unit, clerk, other_unit):
    by = make_bloc_year(other_unit, [unit], year=2026, state=BlocYearState.SCORING,
                        deadline=TODAY + datetime.timedelta(days=1))
    send_due_reminders(TODAY)
    by.self_scoring_deadline = TODAY + datetime.timedelta(days=3)
    by.save()
    send_due_reminders(TODAY + datetime.timedelta(days=1))
    assert len(inbox(clerk)) == 2


def test_review_deadline_reminds_the_bloc_leader_while_scorecards_wait(unit, clerk, other_unit, other_clerk):
    by = make_bloc_year(other_unit, [unit], year=2026, state=BlocYearState.REVIEWING)
    by.review_deadline = TODAY + datetime.timedelta(days=1)
    by.save()
    card = make_card(by, unit, ScorecardState.REVIEWED)
    assert send_due_reminders(TODAY) == 0  # nothing waits: no reminder
    card.state = ScorecardState.SUBMITTED
    card.save()
    assert send_due_reminders(TODAY) == 1
    [message] = inbox(other_clerk)
    assert "22/11/2026" in message
    assert inbox(clerk) == []


def test_submission_deadline_reminds_open_dossiers_and_every_other_clerk_once(
        unit, clerk, other_unit, other_clerk, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1])
    SubmissionDeadline.objects.create(year=2024, method=AwardMethod.REGULAR,
                                      deadline=TODAY + datetime.timedelta(days=2))
    send_due_reminders(TODAY)
    [mine] = Notification.objects.filter(recipient=clerk, action="reminder")
    assert nomination.title in mine.message and mine.url == nomination.get_absolute_url()
    [general] = inbox(other_clerk)
    assert "2024" in general and "23/11/2026" in general
    assert send_due_reminders(TODAY + datetime.timedelta(days=1)) == 0


def test_appraisal_time_limit_reminds_the_board_then_the_appraiser_and_once_more_when_overdue(
        unit, clerk, board, board2, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.RECEIVED)
    Nomination.objects.filter(pk=nomination.pk).update(appraisal_due=TODAY + datetime.timedelta(days=2))
    assert send_due_reminders(TODAY) == 2  # nobody took it yet: the whole board
    assert "23/11/2026" in inbox(board2)[0]
    nomination = nsvc.start_appraisal(nomination, board2)
    Nomination.objects.filter(pk=nomination.pk).update(appraisal_due=TODAY - datetime.timedelta(days=1))
    assert send_due_reminders(TODAY) == 1  # overdue: told once, to the appraiser only
    assert len(inbox(board2)) == 2 and len(inbox(board)) == 1
    assert send_due_reminders(TODAY + datetime.timedelta(days=1)) == 0
    assert inbox(clerk) == []


def test_signing_ceremony_reminds_units_that_have_not_signed(unit, clerk, other_unit, other_clerk, board):

    by = pledge_bloc_year(other_unit, [unit])
    pledge = PledgeFactory(bloc_year=by, ceremony_date=TODAY + datetime.timedelta(days=1))
    CommitmentFactory(pledge=pledge, position=1)
    psvc.open_for_signing(pledge, board)
    psvc.sign_pledge(pledge, other_clerk, other_unit, "Nguyễn Văn Ký", "Giám đốc")
    assert send_due_reminders(TODAY) == 1
    [message] = inbox(clerk)
    assert pledge.title in message and "22/11/2026" in message
    assert inbox(other_clerk) == []


def test_campaign_registration_deadline_reminds_units_not_registered(unit, clerk, other_unit, other_clerk, board):

    campaign = CampaignFactory(state=CampaignState.LAUNCHED, registration_deadline=TODAY + datetime.timedelta(days=2))
    CampaignRegistration.objects.create(campaign=campaign, unit=other_unit, targets="Hoàn thành 100%",
                                        state=RegistrationState.SUBMITTED)
    CampaignFactory(state=CampaignState.PLANNED, registration_deadline=TODAY + datetime.timedelta(days=2))
    assert send_due_reminders(TODAY) == 1
    [message] = inbox(clerk)
    assert campaign.title in message and "23/11/2026" in message
    assert inbox(other_clerk) == []
    assert send_due_reminders(TODAY) == 0
