"""A decision number is given once per issuing body and year; a double click on "new decision" makes one draft."""

import datetime
import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.urls import reverse
from django.utils import translation

from awards import services
from awards.models import Decision
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.factories import make_board

DATE = datetime.date(2024, 12, 20)


def _draft(actor, number="15/QĐ-UBND", date=DATE, signer="Nguyễn Văn Chủ", authority="UBND tỉnh"):
    return services.create_decision(actor, number, date, signer, "Chủ tịch", authority)


@pytest.mark.django_db
def test_new_decision_twice_with_no_items_gives_one_draft(board):
    first = _draft(board)
    second = _draft(board)
    assert second.pk == first.pk
    assert Decision.objects.filter(number="15/QĐ-UBND").count() == 1
    assert ActivityLog.objects.filter(action="awards.decision.created").count() == 1


@pytest.mark.django_db
def test_taken_number_in_the_same_body_and_year_is_refused(board):
    _draft(board)
    other = make_board(username="board2")
    with translation.override("vi"), pytest.raises(DomainError) as refused:
        _draft(other, date=datetime.date(2024, 3, 1))
    assert refused.value.field == "number"
    assert refused.value.message == (
        "Số quyết định 15/QĐ-UBND của UBND tỉnh năm 2024 đã có trong hệ thống: hãy dùng số khác.")
    with pytest.raises(DomainError):
        _draft(board, signer="Người khác")  # same actor, but not the same draft: not a double click
    assert Decision.objects.count() == 1
    assert ActivityLog.objects.filter(action="awards.decision.created").count() == 1


@pytest.mark.django_db
def test_same_number_in_another_body_or_year_is_allowed(board):
    _draft(board)
    _draft(board, authority="Sở Nội vụ")
    _draft(board, date=datetime.date(2025, 1, 5))
    assert Decision.objects.filter(number="15/QĐ-UBND").count() == 3


@pytest.mark.django_db
def test_changing_a_draft_to_a_taken_number_is_refused(board):
    _draft(board)
    draft = _draft(board, number="16/QĐ-UBND")
    with pytest.raises(DomainError) as refused:
        services.update_decision(draft, board, number="15/QĐ-UBND")
    assert refused.value.field == "number"
    draft.refresh_from_db()
    assert draft.number == "16/QĐ-UBND"
    assert services.update_decision(draft, board, number="17/QĐ-UBND").number == "17/QĐ-UBND"


@pytest.mark.django_db
def test_database_refuses_a_second_decision_with_the_same_number(board):
    values = dict(number="15/QĐ-UBND", signer="A", signer_title="Chủ tịch", authority="UBND tỉnh")
    Decision.objects.create(date=DATE, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(date=datetime.date(2024, 6, 1), **values)


@pytest.mark.django_db
def test_double_submit_of_the_new_decision_form_makes_one_draft(client, board):
    client.force_login(board)
    data = {"number": "25/QĐ-UBND", "date": "20/12/2024", "signer": "Nguyễn Văn Chủ", "signer_title": "Chủ tịch",
            "authority": "UBND tỉnh"}
    first = client.post(reverse("awards:decision_create"), data)
    second = client.post(reverse("awards:decision_create"), data)
    decision = Decision.objects.get()
    assert (first.status_code, second.status_code) == (302, 302)
    assert first.url == second.url == decision.get_absolute_url()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("signers", [("Nguyễn Văn Chủ", "Nguyễn Văn Chủ"), ("Nguyễn Văn Chủ", "Trần Thị Khác")])
def test_two_new_decisions_at_the_same_moment_never_share_a_number(require_postgres, board, signers):
    barrier = threading.Barrier(2)
    outcomes = []

    def create(signer):
        try:
            barrier.wait(timeout=10)
            outcomes.append(_draft(board, signer=signer).pk)
        except DomainError:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=create, args=(s,)) for s in signers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    decision = Decision.objects.get()
    if signers[0] == signers[1]:  # the same click twice: both answer with the one draft
        assert outcomes == [decision.pk, decision.pk]
    else:
        assert sorted(outcomes, key=str) == sorted([decision.pk, "refused"], key=str)
