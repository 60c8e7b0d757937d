"""Pledge document: the PDF and its Excel twin state the pledge's commitments and signatories from the database."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blocs.models import BlocMembership
from pledges.enums import CommitmentKind, PledgeState
from pledges.models import Commitment, Signature
from reports import registry
from reports.models import ReportJob
from tests.factories import UnitFactory, make_clerk
from tests.pledges.factories import CommitmentFactory, PledgeFactory, make_bloc_year
from tests.reports.conftest import pdf_text, xlsx_rows

pytestmark = pytest.mark.django_db


def _sign(pledge, unit, name, position, withdrawn=False):
    return Signature.objects.create(
        pledge=pledge, unit=unit, representative_name=name, representative_position=position,
        signed_at=timezone.make_aware(datetime.datetime(2025, 2, 20, 9, 0)),
        withdrawn_at=timezone.now() if withdrawn else None)


@pytest.fixture
def pledge(unit, letterhead):
    head = UnitFactory(name="Sở Tài chính")
    deputy = UnitFactory(name="Sở Xây dựng")
    bloc_year = make_bloc_year(head, [deputy, unit], year=2025, deputy_unit=deputy)
    bloc_year.bloc.name = "Khối các sở quản lý kinh tế"
    bloc_year.bloc.save()
    pledge = PledgeFactory(bloc_year=bloc_year, title="Giao ước thi đua năm 2025", state=PledgeState.SIGNED,
                           ceremony_date=datetime.date(2025, 2, 20), ceremony_place="Hội trường Sở Tài chính",
                           preamble="Các đơn vị thành viên thống nhất ký kết giao ước thi đua năm 2025.")
    CommitmentFactory(pledge=pledge, position=1, text="Hoàn thành 100% chỉ tiêu kế hoạch được giao",
                      kind=CommitmentKind.MEASURABLE, target_figure=100, target_unit="%")
    CommitmentFactory(pledge=pledge, position=2, text="Không có cán bộ vi phạm kỷ luật")
    _sign(pledge, head, "Nguyễn Văn An", "Giám đốc")
    _sign(pledge, deputy, "Trần Thị Bình", "Phó Giám đốc")
    _sign(pledge, unit, "Lê Văn Cũ", "Phó Giám đốc", withdrawn=True)
    return pledge


def _produce(pledge, user):
    spec = registry.get("pledge_document")
    data = spec.gather({"pledge": pledge.pk}, user)
    return data, pdf_text(spec.render_pdf(data)), spec.render_xlsx(data)


def test_pledge_document_pdf_states_commitments_and_signatories(pledge, board, unit):
    _data, text, _xlsx = _produce(pledge, board)
    assert "GIAO ƯỚC THI ĐUA" in text and "Giao ước thi đua năm 2025" in text
    # the date line names the locality (the letterhead's place), never the venue; the venue is in the body
    assert "Thử Nghiệm, ngày 20 tháng 02 năm 2025" in text and "Hội trường Sở Tài chính, ngày" not in text
    assert "Hội trường Sở Tài chính" in text
    assert "Các đơn vị thành viên thống nhất ký kết giao ước thi đua năm 2025." in text
    for c in Commitment.objects.filter(pledge=pledge):
        assert f"{c.position}. {c.text}" in text
    assert "1. Hoàn thành 100% chỉ tiêu kế hoạch được giao (chỉ tiêu: 100%)" in text
    live = Signature.objects.filter(pledge=pledge, withdrawn_at__isnull=True).count()
    assert f"Đã ký: {live}/3 đơn vị thành viên" in text
    assert "1 Sở Tài chính (Khối trưởng) Nguyễn Văn An Giám đốc 20/02/2025" in text
    assert "2 Sở Xây dựng (Khối phó) Trần Thị Bình Phó Giám đốc 20/02/2025" in text
    assert f"3 {unit.name}" in text and "Chưa ký" in text
    assert "Lê Văn Cũ" not in text  # a withdrawn signature is not a signatory
    assert "KHỐI TRƯỞNG" in text and "KHỐI CÁC SỞ QUẢN LÝ KINH TẾ" in text


def test_pledge_document_xlsx_has_the_same_figures(pledge, board, unit):
    data, _text, xlsx = _produce(pledge, board)
    commitments = [r for r in xlsx_rows(xlsx, 0)[3:]]
    assert commitments == [[c.position, c.text, float(c.target_figure) if c.target_figure is not None else None,
                            c.target_unit or None] for c in Commitment.objects.filter(pledge=pledge)
                           .order_by("position")]
    signatories = xlsx_rows(xlsx, 1)[3:]
    assert signatories[:2] == [[1, "Sở Tài chính", "Khối trưởng", "Nguyễn Văn An", "Giám đốc", "20/02/2025"],
                               [2, "Sở Xây dựng", "Khối phó", "Trần Thị Bình", "Phó Giám đốc", "20/02/2025"]]
    assert signatories[2][:2] == [3, unit.name] and signatories[2][3] is None
    assert signatories[3][:2] == ["Đã ký", "2/3"]


def test_pledge_document_access_members_leaders_and_board(pledge, clerk, other_clerk, board, council):
    spec = registry.get("pledge_document")
    leader = make_clerk(pledge.bloc_year.head_unit)
    params = {"pledge": pledge.pk}
    assert [spec.check_access(u, params) for u in (clerk, leader, board, council)] == [True] * 4
    assert spec.check_access(other_clerk, params) is False
    assert spec.check_access(clerk, {}) is False
    assert not spec.Form({"pledge": pledge.pk}, user=other_clerk).is_valid()
    form = spec.Form({"pledge": pledge.pk}, user=clerk)
    assert form.is_valid() and spec.params_from(form.cleaned_data) == params


def test_pledge_document_outsider_gets_404_even_with_the_job_url(client, django_capture_on_commit_callbacks, pledge,
                                                                 clerk, other_clerk):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:request", args=["pledge_document"]), {"pledge": pledge.pk})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and job.is_done
    pdf = client.get(reverse("reports:download", args=[job.pk, "pdf"]))
    assert "Giao ước thi đua năm 2025" in pdf_text(b"".join(pdf.streaming_content))
    client.force_login(other_clerk)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:download", args=[job.pk, "pdf"])).status_code == 404
    response = client.post(reverse("reports:request", args=["pledge_document"]), {"pledge": pledge.pk})
    assert response.status_code == 200 and "pledge" in response.context["form"].errors


def test_pledge_page_links_to_the_report(client, pledge, clerk):
    client.force_login(clerk)
    content = client.get(pledge.get_absolute_url()).content.decode()
    assert reverse("reports:request", args=["pledge_document"]) + f"?pledge={pledge.pk}" in content


def test_pledge_document_gather_queries_do_not_depend_on_units(pledge, board, django_assert_num_queries):
    spec = registry.get("pledge_document")
    with django_assert_num_queries(6):  # with the letterhead's signer settings
        spec.gather({"pledge": pledge.pk}, board)

    for i in range(3):
        u = UnitFactory()
        BlocMembership.objects.create(bloc_year=pledge.bloc_year, unit=u)
        _sign(pledge, u, f"Đại diện {i}", "Giám đốc")
        CommitmentFactory(pledge=pledge, position=10 + i)
    with django_assert_num_queries(6):  # with the letterhead's signer settings
        data = spec.gather({"pledge": pledge.pk}, board)
    assert data["counts"] == {"members": 6, "signed": 5, "commitments": 5}

