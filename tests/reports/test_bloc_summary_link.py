"""The bloc year page links to the year-end summary only for those who may read it.

Found by the bloc leader's browser journey: a member unit's clerk saw "Yêu cầu báo cáo (PDF)" on a bloc year still
in scoring, and the link led to a form whose only choice was refused ("Hãy chọn một lựa chọn hợp lệ").
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from blocs.enums import BlocYearState
from blocs.models import BlocYear
from reports.kinds.bloc_summary import bloc_years_for_summary, may_read_summary
from tests.blocs.factories import make_bloc_year, new_unit
from tests.factories import make_clerk, make_user

pytestmark = pytest.mark.django_db

LINK = "Yêu cầu báo cáo (PDF)"


@pytest.fixture
def year(unit, clerk):
    """A bloc year in self-scoring: head H (leader), deputy D, the clerk's unit a plain member."""
    head, deputy = new_unit("Sở Đứng đầu", "HEAD"), new_unit("Sở Phó", "DEP")
    make_clerk(head, username="leader")
    make_clerk(deputy, username="deputy")
    return make_bloc_year(head, members=[unit], deputy=deputy, state=BlocYearState.SCORING)


def _page(client, user, by):
    client.force_login(user)
    response = client.get(reverse("blocs:blocyear_detail", args=[by.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _user(name):

    return get_user_model().objects.get(username=name)


def test_member_clerk_sees_no_summary_link_before_the_year_is_closed(client, year, clerk):
    assert LINK not in _page(client, clerk, year)


def test_member_clerk_sees_the_summary_link_once_the_year_is_closed(client, year, clerk):
    BlocYear.objects.filter(pk=year.pk).update(state=BlocYearState.CLOSED)
    assert LINK in _page(client, clerk, year)


@pytest.mark.parametrize("username", ["leader", "deputy", "board", "council"])
def test_leaders_board_and_council_see_the_summary_link(client, year, board, council, username):
    assert LINK in _page(client, _user(username), year)


@pytest.mark.parametrize("state", [BlocYearState.SCORING, BlocYearState.CLOSED])
def test_may_read_summary_agrees_with_the_report_access_query(year, clerk, other_clerk, board, council, state):
    BlocYear.objects.filter(pk=year.pk).update(state=state)
    year = BlocYear.objects.prefetch_related("memberships").get(pk=year.pk)
    nobody = make_user(username="nobody")
    for user in [clerk, other_clerk, board, council, nobody, _user("leader"), _user("deputy")]:
        expected = bloc_years_for_summary(user).filter(pk=year.pk).exists()
        assert (user.username, may_read_summary(user, year)) == (user.username, expected)


@pytest.mark.parametrize("n", [1, 3])
def test_bloc_year_page_for_a_member_clerk_query_count(client, clerk, unit, django_assert_num_queries, n):
    """The link's check reads the prefetched memberships: no query of its own, whatever the number of members."""
    head = new_unit("Sở Đứng đầu", "HEAD")
    others = [new_unit(f"Sở Thành viên {i}") for i in range(n - 1)]
    by = make_bloc_year(head, members=[unit, *others], state=BlocYearState.CLOSED)
    _page(client, clerk, by)
    with django_assert_num_queries(8):
        client.get(reverse("blocs:blocyear_detail", args=[by.pk]))
