"""Units through reforms: each kind of reorganisation (preview, commit, log, nothing lost), names as they were,
the line of succession in the register and in eligibility, bloc memberships of the next year, access."""

import datetime

import pytest
from django.urls import reverse

from awards.eligibility import check
from awards.models import Award, AwardType, RuleParameter
from blocs.models import BlocMembership, BlocYear
from emulation.enums import UnitEventKind as K
from emulation.errors import DomainError
from emulation.models import ActivityLog, Person, RoleAssignment, Unit, UnitEvent, UnitMembership, UnitName
from emulation.reforms import commit_event, current_units, plan_event, unit_lineage, unit_name_on
from tests.awards.register_factories import give
from tests.factories import PersonFactory, UnitFactory, make_clerk

D = datetime.date
DAY = D(2025, 7, 1)
BASIS = "Nghị quyết 1662/NQ-UBTVQH15"

pytestmark = pytest.mark.django_db


def staff(unit, n):
    out = []
    for _ in range(n):
        p = PersonFactory(unit=unit)
        UnitMembership.objects.create(person=p, unit=unit, start_date=D(2015, 1, 1))
        out.append(p)
    return out


def counts():
    return {"people": Person.objects.count(), "awards": Award.objects.count(),
            "memberships": UnitMembership.objects.count(), "units": Unit.objects.count(),
            "roles": RoleAssignment.objects.count()}


@pytest.fixture
def pair(db):
    a = UnitFactory(name="Sở Giao thông vận tải", code="SGTVT")
    b = UnitFactory(name="Sở Xây dựng", code="SXD")
    staff(a, 3)
    staff(b, 2)
    give("TTLDXS", a, 2022)
    give("TTLDXS", b, 2023)
    return a, b


# Merge ---------------------------------------------------------------------------------------------------


def test_merge_preview_lists_what_moves_and_changes_nothing(pair, board):
    a, b = pair
    clerk = make_clerk(a, username="clerk_a")
    before = counts()
    plan = plan_event(K.MERGE, predecessors=[a, b], date=DAY, legal_basis=BASIS,
                      new_unit={"code": "SXD2", "name": "Sở Xây dựng (mới)", "admin_code": "G01"})
    assert [u.code for u in plan.closes] == ["SGTVT", "SXD"]
    assert [u.code for u in plan.new_units] == ["SXD2"]
    assert len(plan.people) == 5
    assert [(ra.user_id, to.code) for ra, to in plan.roles] == [(clerk.pk, "SXD2")]
    assert counts() == before
    assert not UnitEvent.objects.exists()


def test_merge_commit_moves_people_roles_keeps_history_and_logs(pair, board):
    a, b = pair
    clerk = make_clerk(a, username="clerk_a")
    before = counts()
    event = commit_event(board, K.MERGE, predecessors=[a, b], date=DAY, legal_basis=BASIS,
                         new_unit={"code": "SXD2", "name": "Sở Xây dựng mới"})
    new = Unit.objects.get(code="SXD2")
    after = counts()
    assert after == {**before, "units": before["units"] + 1, "memberships": before["memberships"] + 5}
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.valid_to, a.is_active, b.valid_to, b.is_active) == (D(2025, 6, 30), False, D(2025, 6, 30), False)
    assert new.valid_from == DAY
    assert Person.objects.filter(unit=new).count() == 5
    closed = UnitMembership.objects.filter(unit__in=[a, b])
    assert sorted({m.end_date for m in closed}) == [D(2025, 6, 30)]
    assert sorted({m.start_date for m in UnitMembership.objects.filter(unit=new)}) == [DAY]
    assert RoleAssignment.objects.get(user=clerk).unit == new
    assert sorted(u.code for u in event.predecessors.all()) == ["SGTVT", "SXD"]
    assert [u.code for u in event.successors.all()] == ["SXD2"]
    assert Award.objects.filter(unit=a).count() == 1  # the awards stay on the unit that earned them
    log = ActivityLog.objects.get(action="emulation.unit_event.merge")
    assert (log.actor, log.data["people_moved"], log.data["roles_moved"]) == (board, 5, 1)
    assert ActivityLog.objects.filter(action="emulation.person.moved").count() == 5
    assert ActivityLog.objects.filter(action="emulation.unit.reorganised").count() == 3


def test_merge_into_an_existing_unit(pair, board):
    a, b = pair
    commit_event(board, K.MERGE, predecessors=[a], into=b, date=DAY, legal_basis=BASIS)
    b.refresh_from_db()
    assert b.is_active and b.valid_to is None
    assert Person.objects.filter(unit=b).count() == 5
    assert [e.unit_id for e in unit_lineage(b)] == [b.pk, a.pk]


def test_merge_refused_for_a_clerk_and_for_a_closed_unit(pair, board):
    a, b = pair
    clerk = make_clerk(a)
    with pytest.raises(DomainError):
        commit_event(clerk, K.MERGE, predecessors=[a], into=b, date=DAY, legal_basis=BASIS)
    commit_event(board, K.MERGE, predecessors=[a], into=b, date=DAY, legal_basis=BASIS)
    c = UnitFactory()
    with pytest.raises(DomainError, match="kết thúc hoạt động"):
        commit_event(board, K.MERGE, predecessors=[a], into=c, date=D(2025, 8, 1), legal_basis=BASIS)
    assert UnitEvent.objects.count() == 1


def test_admin_code_is_never_reused(pair, board):
    a, b = pair
    a.admin_code = "25222"
    a.save()
    with pytest.raises(DomainError, match="không bao giờ"):
        plan_event(K.MERGE, predecessors=[a, b], date=DAY, legal_basis=BASIS,
                   new_unit={"code": "NEW", "name": "Mới", "admin_code": "25222"})


# Rename --------------------------------------------------------------------------------------------------


def test_rename_keeps_the_old_name_on_the_award_of_its_date(pair, board, client):
    a, _b = pair
    award = give("BK_TINH", a, 2024, decision_date=D(2024, 12, 20))
    before = counts()
    commit_event(board, K.RENAME, unit=a, date=DAY, legal_basis=BASIS, name="Sở Xây dựng và Giao thông")
    assert counts() == before
    a.refresh_from_db()
    assert a.name == "Sở Xây dựng và Giao thông"
    assert UnitName.objects.get(unit=a).valid_to == D(2025, 6, 30)
    assert unit_name_on(a, D(2024, 12, 20)) == "Sở Giao thông vận tải"
    assert unit_name_on(a, D(2025, 7, 2)) == "Sở Xây dựng và Giao thông"
    assert ActivityLog.objects.filter(action="emulation.unit_event.rename").count() == 1
    client.force_login(board)
    page = client.get(reverse("awards:award_detail", args=[award.pk])).content.decode()
    assert "Sở Giao thông vận tải" in page
    page = client.get(reverse("awards:register") + f"?unit={a.pk}").content.decode()
    assert "Sở Giao thông vận tải" in page


# Split ---------------------------------------------------------------------------------------------------


def test_split_allocates_people_and_closes_the_unit(pair, board):
    a, _b = pair
    people = list(Person.objects.filter(unit=a).order_by("pk"))
    before = counts()
    params = {"unit": a, "date": DAY, "legal_basis": BASIS,
              "new_units": [{"code": "A1", "name": "Phần một"}, {"code": "A2", "name": "Phần hai"}],
              "allocation": {people[2].pk: 1}}
    plan = plan_event(K.SPLIT, **params)
    assert [(p.pk, to.code) for p, _f, to in plan.people] == [(people[0].pk, "A1"), (people[1].pk, "A1"),
                                                             (people[2].pk, "A2")]
    commit_event(board, K.SPLIT, **params)
    assert counts() == {**before, "units": before["units"] + 2, "memberships": before["memberships"] + 3}
    assert Person.objects.get(pk=people[2].pk).unit.code == "A2"
    a.refresh_from_db()
    assert a.valid_to == D(2025, 6, 30)
    assert ActivityLog.objects.filter(action="emulation.unit_event.split").count() == 1
    assert [e.unit_id for e in unit_lineage(Unit.objects.get(code="A1"))] == [Unit.objects.get(code="A1").pk]


def test_split_keeping_the_original(pair, board):
    a, _b = pair
    people = list(Person.objects.filter(unit=a).order_by("pk"))
    commit_event(board, K.SPLIT, unit=a, date=DAY, legal_basis=BASIS, new_units=[{"code": "A1", "name": "Tách"}],
                 keep_original=True, allocation={people[0].pk: 0, people[1].pk: 1, people[2].pk: 1})
    a.refresh_from_db()
    assert a.is_active and a.valid_to is None
    assert Person.objects.filter(unit=a).count() == 2


# Dissolve ------------------------------------------------------------------------------------------------


def test_dissolve_without_receiver_ends_memberships_and_lifts_children(board):
    province = UnitFactory(code="P")
    district = UnitFactory(code="H", parent=province)
    communes = [UnitFactory(parent=district) for _ in range(2)]
    staff(district, 2)
    before = counts()
    commit_event(board, K.DISSOLVE, unit=district, date=DAY, legal_basis=BASIS)
    assert counts() == before  # nothing deleted, nothing added
    district.refresh_from_db()
    assert district.valid_to == D(2025, 6, 30)
    assert {u.parent_id for u in Unit.objects.filter(pk__in=[c.pk for c in communes])} == {province.pk}
    assert Person.objects.filter(unit=district, is_active=False).count() == 2
    assert set(UnitMembership.objects.filter(unit=district).values_list("end_date", flat=True)) == {D(2025, 6, 30)}
    assert ActivityLog.objects.filter(action="emulation.unit_event.dissolve").count() == 1


def test_dissolve_into_a_receiver(pair, board):
    a, b = pair
    before = counts()
    commit_event(board, K.DISSOLVE, unit=a, receiver=b, date=DAY, legal_basis=BASIS)
    assert counts() == {**before, "memberships": before["memberships"] + 3}
    assert Person.objects.filter(unit=b).count() == 5


# Move ----------------------------------------------------------------------------------------------------


def test_move_changes_the_parent_only(pair, board):
    a, b = pair
    before = counts()
    commit_event(board, K.MOVE, unit=a, parent=b, date=DAY, legal_basis=BASIS)
    a.refresh_from_db()
    assert (a.parent_id, a.is_active) == (b.pk, True)
    assert counts() == before
    assert ActivityLog.objects.filter(action="emulation.unit_event.move").count() == 1
    with pytest.raises(DomainError):
        commit_event(board, K.MOVE, unit=b, parent=a, date=DAY, legal_basis=BASIS)


# The line of succession ----------------------------------------------------------------------------------


def test_register_lookup_of_the_successor_shows_predecessors_awards_marked(pair, board, client):
    a, b = pair
    commit_event(board, K.MERGE, predecessors=[a, b], date=DAY, legal_basis=BASIS,
                 new_unit={"code": "NEW", "name": "Sở Mới"})
    new = Unit.objects.get(code="NEW")
    client.force_login(board)
    page = client.get(reverse("awards:register") + f"?unit={new.pk}").content.decode()
    assert page.count("Sở Giao thông vận tải") >= 1 and "Sở Xây dựng" in page
    assert page.count('badge text-bg-info') == 2
    detail = client.get(reverse("unit_detail", args=[new.pk])).content.decode()
    assert "Includes the awards of its predecessors" in detail or "Gồm cả khen thưởng" in detail


def _collective_type():
    t = AwardType.objects.create(code="BK_TTG_TT", name="Bằng khen Thủ tướng (tập thể)", kind="form",
                                 for_individuals=False, for_collectives=True, level="state", rule="ttldxs_years")
    RuleParameter.objects.create(award_type=t, key="consecutive_years", value=3, valid_from=D(2024, 1, 1),
                                 legal_basis="thử")
    return t


def test_eligibility_counts_years_across_a_merger_and_says_so(pair, board):
    a, b = pair
    t = _collective_type()
    give("TTLDXS", a, 2023)
    give("TTLDXS", a, 2024)
    commit_event(board, K.MERGE, predecessors=[a, b], date=DAY, legal_basis=BASIS,
                 new_unit={"code": "NEW", "name": "Sở Mới"})
    new = Unit.objects.get(code="NEW")
    give("TTLDXS", new, 2025)
    verdict = check(t, new, 2025)
    assert verdict.eligible is True
    assert any("Sở Giao thông vận tải" in w for w in verdict.warnings)
    # without the merger the new unit alone has one year
    lone = UnitFactory()
    give("TTLDXS", lone, 2025)
    assert check(t, lone, 2025).eligible is False


def test_eligibility_reason_names_the_line_when_years_are_missing(pair, board):
    a, b = pair
    t = _collective_type()
    commit_event(board, K.MERGE, predecessors=[a, b], date=DAY, legal_basis=BASIS,
                 new_unit={"code": "NEW", "name": "Sở Mới"})
    new = Unit.objects.get(code="NEW")
    verdict = check(t, new, 2025)
    assert verdict.eligible is False
    assert "Sở Giao thông vận tải" in verdict.reasons[0] and "01/07/2025" in verdict.reasons[0]


def test_lineage_stops_at_the_date(pair, board):
    a, b = pair
    commit_event(board, K.MERGE, predecessors=[a], into=b, date=DAY, legal_basis=BASIS)
    assert [e.unit_id for e in unit_lineage(b, D(2025, 6, 30))] == [b.pk]
    assert [e.unit_id for e in unit_lineage(b, DAY)] == [b.pk, a.pk]


# Blocs ---------------------------------------------------------------------------------------------------


def _bloc_year(year, units, board):
    from blocs.services import create_bloc, create_bloc_year  # noqa: PLC0415 (test helper)

    bloc = create_bloc(board, "Khối thử", f"K{year}")
    return create_bloc_year(board, bloc, year, head_unit=units[0], members=units)


def test_merge_changes_the_members_of_the_next_bloc_year_only(pair, board):
    a, b = pair
    c = UnitFactory()
    current = _bloc_year(2025, [a, b, c], board)
    nxt = BlocYear.objects.create(bloc=current.bloc, year=2026, head_unit=a)
    BlocMembership.objects.bulk_create([BlocMembership(bloc_year=nxt, unit=u) for u in (a, b, c)])
    plan = plan_event(K.MERGE, predecessors=[a, b], date=DAY, legal_basis=BASIS,
                      new_unit={"code": "NEW", "name": "Sở Mới"})
    assert plan.extra and plan.extra[0][0] == "blocs"
    commit_event(board, K.MERGE, predecessors=[a, b], date=DAY, legal_basis=BASIS,
                 new_unit={"code": "NEW", "name": "Sở Mới"})
    new = Unit.objects.get(code="NEW")
    assert set(current.memberships.values_list("unit_id", flat=True)) == {a.pk, b.pk, c.pk}
    nxt.refresh_from_db()
    assert set(nxt.memberships.values_list("unit_id", flat=True)) == {new.pk, c.pk}
    assert nxt.head_unit_id == new.pk
    assert ActivityLog.objects.filter(action="blocs.blocyear.members_reorganised").count() == 1
    assert current_units([a.pk, c.pk], D(2026, 1, 1)) == [c.pk, new.pk]


# Views ---------------------------------------------------------------------------------------------------


def _post(client, kind, data, commit=False):
    data = {**data, ("commit" if commit else "preview"): "1"}
    return client.post(reverse("unit_event_new", args=[kind]), data)


def test_views_preview_then_commit(pair, board, client):
    a, b = pair
    client.force_login(board)
    data = {"date": "01/07/2025", "legal_basis": BASIS, "predecessors": [a.pk, b.pk], "new_code": "NEW",
            "new_name": "Sở Mới"}
    response = _post(client, "merge", data)
    assert response.status_code == 200
    assert "preview-people" in response.content.decode()
    assert not UnitEvent.objects.exists()
    response = _post(client, "merge", data, commit=True)
    event = UnitEvent.objects.get()
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    assert client.get(event.get_absolute_url()).status_code == 200
    assert client.get(reverse("unit_event_list")).status_code == 200


def test_views_split_allocation_from_the_preview(pair, board, client):
    a, _b = pair
    people = list(Person.objects.filter(unit=a).order_by("pk"))
    client.force_login(board)
    data = {"date": "01/07/2025", "legal_basis": BASIS, "unit": a.pk, "successors": "A1 | Một\nA2 | Hai",
            f"alloc_{people[0].pk}": "1"}
    assert _post(client, "split", data).status_code == 200
    _post(client, "split", data, commit=True)
    assert Person.objects.get(pk=people[0].pk).unit.code == "A2"
    assert Person.objects.get(pk=people[1].pk).unit.code == "A1"


@pytest.mark.parametrize("kind", ["rename", "merge", "split", "dissolve", "move"])
def test_views_form_per_kind_board_only(pair, board, council, client, kind):
    a, _b = pair
    client.force_login(board)
    assert client.get(reverse("unit_event_new", args=[kind])).status_code == 200
    client.force_login(council)
    assert client.get(reverse("unit_event_new", args=[kind])).status_code == 403
    clerk = make_clerk(a)
    client.force_login(clerk)
    assert client.get(reverse("unit_event_new", args=[kind])).status_code == 403
    assert _post(client, kind, {"date": "01/07/2025", "legal_basis": BASIS, "unit": a.pk}, commit=True
                 ).status_code == 403
    assert not UnitEvent.objects.exists()


def test_views_event_pages_refused_to_clerks(pair, board, client):
    a, b = pair
    event = commit_event(board, K.MERGE, predecessors=[a], into=b, date=DAY, legal_basis=BASIS)
    client.force_login(make_clerk(b))
    assert client.get(reverse("unit_event_list")).status_code == 403
    assert client.get(event.get_absolute_url()).status_code == 403


def test_views_unknown_kind_404(board, client):
    client.force_login(board)
    assert client.get(reverse("unit_event_new", args=["explode"])).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_event_list_query_count_is_fixed(board, client, django_assert_num_queries, n):
    for i in range(n):
        a, b = UnitFactory(), UnitFactory()
        commit_event(board, K.MERGE, predecessors=[a], into=b, date=DAY, legal_basis=f"{BASIS} {i}")
    client.force_login(board)
    with django_assert_num_queries(9):
        assert client.get(reverse("unit_event_list")).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_merge_preview_query_count_is_fixed(board, client, django_assert_num_queries, n):
    units = [UnitFactory() for _ in range(n + 1)]
    for u in units:
        staff(u, 2)
    client.force_login(board)
    data = {"date": "01/07/2025", "legal_basis": BASIS, "predecessors": [u.pk for u in units[1:]],
            "into": units[0].pk, "preview": "1"}
    with django_assert_num_queries(10):
        assert client.post(reverse("unit_event_new", args=["merge"]), data).status_code == 200


def test_next_bloc_year_made_after_a_merger_carries_the_successor(pair, board):
    from blocs.services import create_next_year  # noqa: PLC0415 (test helper)

    a, b = pair
    c = UnitFactory()
    y2025 = _bloc_year(2025, [c, a, b], board)
    commit_event(board, K.MERGE, predecessors=[a, b], date=DAY, legal_basis=BASIS,
                 new_unit={"code": "NEW", "name": "Sở Mới"})
    y2026 = create_next_year(y2025, board, head_unit=c)
    new = Unit.objects.get(code="NEW")
    assert set(y2026.memberships.values_list("unit_id", flat=True)) == {c.pk, new.pk}


@pytest.mark.parametrize(("kind", "closes", "moving"), [
    ("rename", 0, 0), ("merge", 2, 5), ("split", 1, 3), ("dissolve", 1, 3), ("move", 0, 0)])
def test_preview_of_each_kind_changes_nothing(pair, board, client, kind, closes, moving):
    a, b = pair
    params = {
        "rename": {"unit": a, "name": "Tên mới"},
        "merge": {"predecessors": [a, b], "new_unit": {"code": "N", "name": "Mới"}},
        "split": {"unit": a, "new_units": [{"code": "A1", "name": "Một"}, {"code": "A2", "name": "Hai"}]},
        "dissolve": {"unit": a, "receiver": b},
        "move": {"unit": a, "parent": b},
    }[kind]
    before = counts()
    plan = plan_event(kind, date=DAY, legal_basis=BASIS, **params)
    assert (len(plan.closes), len(plan.moving_people)) == (closes, moving)
    assert counts() == before
    assert not UnitEvent.objects.exists()
    assert not ActivityLog.objects.filter(action__startswith="emulation.unit").exists()
