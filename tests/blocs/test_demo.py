import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from blocs.enums import BlocYearState, ProposalKind, ScorecardState
from blocs.models import BlocYear, Criterion, Proposal, Scorecard
from blocs.selectors import criteria_tree, proposals_for_bloc_year
from blocs.services import criteria_problems
from emulation.models import UnitEvent

pytestmark = pytest.mark.django_db


def test_demo_blocs_years_scores_vote_and_proposals():
    call_command("load_demo")
    counts = (BlocYear.objects.count(), Scorecard.objects.count(), Proposal.objects.count(), Criterion.objects.count())
    call_command("load_demo")
    assert (BlocYear.objects.count(), Scorecard.objects.count(), Proposal.objects.count(),
            Criterion.objects.count()) == counts
    k5 = BlocYear.objects.get(bloc__code="K5", year=2020)
    agri = BlocYear.objects.get(bloc__code="KNN", year=2020)
    for by, size in ((k5, 6), (agri, 8)):
        assert by.memberships.count() == size
        assert Scorecard.objects.filter(bloc_year=by, state=ScorecardState.FINALISED).count() == size
        assert criteria_problems(criteria_tree(by)) == []
        kinds = sorted(p.kind for p in proposals_for_bloc_year(by))
        assert kinds == [ProposalKind.DIPLOMA] * 3 + [ProposalKind.FLAG]
        assert {s.title for s in criteria_tree(by).sections} >= {
            "Điểm thưởng", "Điểm trừ", "Tham gia hoạt động chung của Khối", "Công tác thi đua, khen thưởng"}
    assert sorted(p.unit.code for p in proposals_for_bloc_year(k5) if p.kind == ProposalKind.DIPLOMA) == [
        "SGTVT", "SXD", "VQGBGM"]
    assert (k5.head_unit.code, agri.head_unit.code) == ("VQGBGM", "TTKN")
    for code in ("K5", "KNN"):
        y2021 = BlocYear.objects.get(bloc__code=code, year=2021)
        assert y2021.state == BlocYearState.SCORING
        assert Scorecard.objects.filter(bloc_year=y2021).count() == y2021.memberships.count()
    assert BlocYear.objects.get(bloc__code="K5", year=2021).head_unit.code == "SGTVT"
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["vqg", "gtvt"])}
    y2021 = BlocYear.objects.get(bloc__code="K5", year=2021)
    assert users["vqg"].has_perm("blocs.record_vote", k5) is True
    assert users["vqg"].has_perm("blocs.record_vote", y2021) is False
    assert users["gtvt"].has_perm("blocs.record_vote", y2021) is True


def test_demo_has_a_login_for_every_member_unit_of_both_seed_blocs(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    User = get_user_model()
    for code in ("K5", "KNN"):
        for by in BlocYear.objects.filter(bloc__code=code):
            for m in by.memberships.select_related("unit"):
                unit = m.unit
                if unit.valid_to is not None:  # merged by the demo's reform of 1/7/2025: its clerk went along
                    unit = UnitEvent.objects.get(predecessors=unit).successors.get()
                users = User.objects.filter(role_assignments__unit=unit, role_assignments__role="clerk")
                assert users.exists(), m.unit.code
                assert any(u.username in out for u in users), m.unit.code
