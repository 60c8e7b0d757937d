# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)
"""Building a nomination: people shown with position and office, "eligible only", several added at once,
several documents on one form, and a confirmation that lists what is missing before sending."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.enums import AppraisalRating, DocumentKind, NominationState
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.awards.nomination_factories import AwardTypeFactory, base_salary, build, ldtt, money_for, people  # noqa: F401
from tests.awards.register_factories import rate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test\n"


def url(name, *args):
    return reverse(f"awards:{name}", args=args)


def pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_builder_lists_position_and_office(client, clerk, unit, ldtt, people):
    people[0].position = "Trưởng phòng"
    people[0].save()
    nomination = services.create_nomination(clerk, unit, 2024, "Hồ sơ")
    client.force_login(clerk)
    page = client.get(url("nomination_builder", nomination.pk)).content.decode()
    assert f"Nguyễn Văn An — Trưởng phòng · {unit.display_name}" in page


def test_builder_eligible_only(client, clerk, unit, base_salary, people):
    ldtt = AwardTypeFactory(code="T_LDTT2", name="Lao động tiên tiến", rule="ldtt")
    money_for(ldtt)
    rate(people[1], 2024, AppraisalRating.EXCELLENT)  # only Bình has the appraisal the rule asks for
    nomination = services.create_nomination(clerk, unit, 2024, "Hồ sơ")
    client.force_login(clerk)
    everyone = client.get(url("nomination_builder", nomination.pk) + f"?award_type={ldtt.pk}")
    assert everyone.context["form"].fields["people"].queryset.count() == 3
    eligible = client.get(url("nomination_builder", nomination.pk) + f"?award_type={ldtt.pk}&eligible=1")
    assert [p.full_name for p in eligible.context["form"].fields["people"].queryset] == ["Trần Thị Bình"]
    assert eligible.context["form"].initial["award_type"] == ldtt.pk



def test_builder_adds_several_people_at_once_and_logs(client, clerk, unit, ldtt, people):
    nomination = services.create_nomination(clerk, unit, 2024, "Hồ sơ")
    client.force_login(clerk)
    response = client.post(url("nomination_builder", nomination.pk), {
        "award_type": ldtt.pk, "people": [people[0].pk, people[2].pk], "action": "add"})
    assert response.status_code == 302
    assert sorted(nomination.items.values_list("person__full_name", flat=True)) == ["Lê Văn Cường", "Nguyễn Văn An"]


def test_several_documents_on_one_form(client, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:2], cover=False)
    client.force_login(clerk)
    response = client.post(url("nomination_document_add", nomination.pk), {
        "kind": DocumentKind.ACHIEVEMENT_REPORT,
        "file": [pdf("Bao-cao-Nguyen-Van-An.pdf"), pdf("bao_cao_tran_thi_binh.pdf")]})
    assert response.status_code == 302
    docs = {d.original_name: d.item.person.full_name for d in nomination.documents.select_related("item__person")}
    assert docs == {"Bao-cao-Nguyen-Van-An.pdf": "Nguyễn Văn An", "bao_cao_tran_thi_binh.pdf": "Trần Thị Bình"}
    assert ActivityLog.objects.filter(action="awards.nomination.document_added", object_id=nomination.pk).count() == 2


def test_several_documents_all_or_none(clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:2], cover=False)
    with pytest.raises(DomainError):
        services.add_documents(nomination, clerk, DocumentKind.ACHIEVEMENT_REPORT,
                               [pdf("Bao-cao-Nguyen-Van-An.pdf"), pdf("bao-cao.pdf")])
    assert nomination.documents.count() == 0


def test_several_documents_forbidden_to_another_unit(client, other_clerk, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    client.force_login(other_clerk)
    response = client.post(url("nomination_document_add", nomination.pk), {
        "kind": DocumentKind.COVER_LETTER, "file": [pdf("a.pdf"), pdf("b.pdf")]})
    assert response.status_code == 404
    assert nomination.documents.count() == 0


def test_send_asks_for_confirmation_and_lists_what_is_missing(client, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:2])
    client.force_login(clerk)
    response = client.get(url("nomination_submit", nomination.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "biên bản" in page  # the minutes are missing
    assert response.context["advisory"]
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT  # looking is not sending
    client.post(url("nomination_submit", nomination.pk))
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED


def test_send_confirmation_outsider_and_council(client, other_clerk, council, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1])
    client.force_login(other_clerk)
    assert client.get(url("nomination_submit", nomination.pk)).status_code == 404
    client.force_login(council)
    assert client.get(url("nomination_submit", nomination.pk)).status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_send_confirmation_query_count(client, clerk, unit, ldtt, people, n, django_assert_max_num_queries):
    nomination = build(clerk, unit, ldtt, people[:n])
    client.force_login(clerk)
    with django_assert_max_num_queries(25):
        assert client.get(url("nomination_submit", nomination.pk)).status_code == 200
