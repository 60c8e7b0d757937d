import datetime
from decimal import Decimal as D

import pytest

from blocs import services
from blocs.enums import BlocYearState, ProposalKind, ScorecardState
from blocs.models import BlocYear, Proposal, VoteThreshold
from blocs.selectors import proposals_for_bloc_year, vote_threshold_on
from emulation.errors import DomainError
from emulation.models import ActivityLog, Notification
from tests.blocs.factories import make_card, new_unit

pytestmark = pytest.mark.django_db
DAY = datetime.date(2021, 1, 20)


@pytest.fixture
def voting(bloc):
    BlocYear.objects.filter(pk=bloc.by.pk).update(state=BlocYearState.VOTING)
    bloc.by.refresh_from_db()
    finals = {bloc.unit: 95, bloc.other_unit: 90, bloc.head: 85, bloc.deputy: 80}
    for unit, a1 in finals.items():
        make_card(bloc.by, unit, state=ScorecardState.FINALISED,
                  final={"A.1": a1 - 40, "A.2": 40, "B.1": 0, "B.2": 0, "C.1": 0})
    return bloc


def _votes(b, unit=10, other=8, head=5, deputy=2):
    return {b.unit.pk: unit, b.other_unit.pk: other, b.head.pk: head, b.deputy.pk: deputy}


def test_threshold_is_dated_data_with_default():
    VoteThreshold.objects.all().delete()
    assert vote_threshold_on(DAY) == 50
    VoteThreshold.objects.create(percent=D(60), valid_from=datetime.date(2020, 1, 1),
                                 valid_to=datetime.date(2020, 12, 31))
    VoteThreshold.objects.create(percent=D("66.67"), valid_from=datetime.date(2021, 1, 1))
    assert vote_threshold_on(datetime.date(2020, 6, 1)) == D(60)
    assert vote_threshold_on(DAY) == D("66.67")
    assert vote_threshold_on(datetime.date(2019, 6, 1)) == 50


def test_record_vote_by_leader_stores_results_threshold_and_logs(voting, board):
    vote = services.record_vote(voting.by, voting.leader, DAY, 12, _votes(voting), "Biên bản")
    assert (vote.voters_present, vote.threshold_percent) == (12, D(50))
    results = {r.unit_id: (r.votes_for, r.passes) for r in vote.results.all()}
    assert results == {voting.unit.pk: (10, True), voting.other_unit.pk: (8, True), voting.head.pk: (5, False),
                       voting.deputy.pk: (2, False)}
    log = ActivityLog.objects.get(action="blocs.vote.recorded")
    assert (log.actor, log.data["voters_present"]) == (voting.leader, 12)
    assert Notification.objects.filter(recipient=board, action="blocs.vote.recorded").exists()


def test_record_vote_exactly_at_threshold_passes(voting):
    vote = services.record_vote(voting.by, voting.leader, DAY, 10, _votes(voting, unit=5, other=4, head=0, deputy=0))
    assert {r.unit_id: r.passes for r in vote.results.all()}[voting.unit.pk] is True


def test_record_vote_uses_the_threshold_valid_on_the_meeting_day(voting):
    default = VoteThreshold.objects.get()  # one threshold in force at a time: close the default first
    default.valid_to = datetime.date(2020, 12, 31)
    default.save()
    VoteThreshold.objects.create(percent=D(90), valid_from=datetime.date(2021, 1, 1))
    vote = services.record_vote(voting.by, voting.leader, DAY, 10, _votes(voting, unit=9))
    assert vote.threshold_percent == D(90)
    assert [r.unit_id for r in vote.results.all() if r.passes] == [voting.unit.pk]


@pytest.mark.parametrize("who", ["clerk", "deputy_clerk"])
def test_record_vote_by_member_is_refused(voting, who):
    with pytest.raises(DomainError):
        services.record_vote(voting.by, getattr(voting, who), DAY, 12, _votes(voting))


def test_record_vote_refuses_bad_numbers_and_outsiders(voting, other_unit):
    with pytest.raises(DomainError):
        services.record_vote(voting.by, voting.leader, DAY, 5, _votes(voting))  # 10 votes > 5 voters

    with pytest.raises(DomainError):
        services.record_vote(voting.by, voting.leader, DAY, 12, {new_unit("Ngoài khối").pk: 3})


def test_record_vote_before_voting_state_is_refused(bloc):
    with pytest.raises(DomainError):
        services.record_vote(bloc.by, bloc.leader, DAY, 12, {bloc.unit.pk: 3})


def test_make_proposals_from_passing_units(voting, board):
    services.record_vote(voting.by, voting.leader, DAY, 12, _votes(voting, head=7))
    services.make_proposals(voting.by, voting.leader, [voting.unit.pk], [voting.other_unit.pk, voting.head.pk],
                            "Theo biên bản")
    got = [(p.unit_id, p.kind, p.votes, p.rank) for p in proposals_for_bloc_year(voting.by)]
    assert sorted(got) == sorted([(voting.unit.pk, ProposalKind.FLAG, 10, 1),
                                  (voting.other_unit.pk, ProposalKind.DIPLOMA, 8, 2),
                                  (voting.head.pk, ProposalKind.DIPLOMA, 7, 3)])
    log = ActivityLog.objects.get(action="blocs.proposals.made")
    assert (log.data["flag"], log.data["diploma"]) == ([voting.unit.pk], [voting.other_unit.pk, voting.head.pk])
    assert Notification.objects.filter(recipient=board, action="blocs.proposals.made").exists()


def test_make_proposals_refuses_units_under_threshold_two_flags_and_doubles(voting):
    services.record_vote(voting.by, voting.leader, DAY, 12, _votes(voting))
    with pytest.raises(DomainError) as exc:
        services.make_proposals(voting.by, voting.leader, [], [voting.head.pk])
    assert voting.head.name in str(exc.value)
    with pytest.raises(DomainError):
        services.make_proposals(voting.by, voting.leader, [voting.unit.pk, voting.other_unit.pk], [])
    with pytest.raises(DomainError):
        services.make_proposals(voting.by, voting.leader, [voting.unit.pk], [voting.unit.pk])
    assert not Proposal.objects.exists()


def test_make_proposals_needs_vote_and_role(voting):
    with pytest.raises(DomainError):
        services.make_proposals(voting.by, voting.leader, [voting.unit.pk], [])
    services.record_vote(voting.by, voting.leader, DAY, 12, _votes(voting))
    with pytest.raises(DomainError):
        services.make_proposals(voting.by, voting.clerk, [voting.unit.pk], [])


def test_recording_the_vote_again_withdraws_proposals(voting):
    services.record_vote(voting.by, voting.leader, DAY, 12, _votes(voting))
    services.make_proposals(voting.by, voting.leader, [voting.unit.pk], [])
    services.record_vote(voting.by, voting.leader, DAY, 12, _votes(voting, unit=11))
    assert not Proposal.objects.exists()
    log = ActivityLog.objects.get(action="blocs.vote.changed")
    assert log.data["withdrawn_proposals"] == [[voting.unit.pk, "flag"]]
