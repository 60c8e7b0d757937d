# ruff: noqa: F811  (fixtures imported from tests.awards.nomination_factories)
"""The awards app on the core helpers: one upload check, one download helper, one dated-rule base, the admin
that cannot bypass the services, one subtree query."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.enums import DocumentKind, NominationState, RecipientKind
from awards.models import (
    AppraisalTimeLimit,
    AwardType,
    BaseSalary,
    CouncilVoteThreshold,
    Decision,
    Nomination,
    NominationDocument,
    PublicHoliday,
    QuotaSetting,
    RewardCoefficient,
    RuleParameter,
)
from awards.money import base_salary_on
from emulation.errors import DomainError
from emulation.models import ActivityLog
from tests.awards.nomination_factories import (  # noqa: F401
    AwardTypeFactory,
    advance,
    base_salary,
    build,
    decide,
    ldtt,
    pdf,
    people,
)
from tests.factories import UnitFactory, make_user

pytestmark = pytest.mark.django_db

D = datetime.date
PROGRAM = "Tệp này là một chương trình, không phải tài liệu: không được chấp nhận."
NOT_A_PDF = "Tệp có đuôi .pdf nhưng nội dung không phải là tệp PDF."
GONE = "Tệp không còn trên máy chủ. Hãy đề nghị người đã đính kèm tải tệp lên lại."
OVERLAP = ("Đã có một mức khác đang có hiệu lực trong thời gian này (từ %s). Hãy nhập ngày hết hiệu lực cho mức "
           "đó trước.")


def url(name, *args):
    return reverse(f"awards:{name}", args=args)


def program(name="to-trinh.pdf"):
    """A Windows program renamed to look like a document."""
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, content_type="application/pdf")


def fake_pdf(name="to-trinh.pdf"):
    return SimpleUploadedFile(name, b"just some text, not a PDF", content_type="application/pdf")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def issued(clerk, unit, board, ldtt, people):
    """An issued decision on the unit's nomination, with its signed file."""
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    return services.issue_decision(decide(nomination, board), board)


# Uploads: the dossier's documents -------------------------------------------------------------------------


def test_document_service_refuses_a_renamed_program_with_the_core_message(clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    with pytest.raises(DomainError) as exc:
        services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, program())
    assert (exc.value.field, exc.value.message) == ("file", PROGRAM)
    with pytest.raises(DomainError) as exc:
        services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, fake_pdf())
    assert exc.value.message == NOT_A_PDF
    assert nomination.documents.count() == 0


def test_document_page_refuses_a_fake_pdf_in_vietnamese(client, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    client.force_login(clerk)
    response = client.post(url("nomination_document_add", nomination.pk),
                           {"kind": DocumentKind.COVER_LETTER, "file": fake_pdf()})
    assert response.status_code == 302
    assert messages_of(response) == [NOT_A_PDF]
    assert nomination.documents.count() == 0


def test_document_is_stored_under_a_random_name_and_sent_under_its_own(client, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    upload = SimpleUploadedFile("Tờ trình đề nghị.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    doc = services.add_document(nomination, clerk, DocumentKind.COVER_LETTER, upload)
    today = timezone.localdate()
    assert doc.original_name == "Tờ trình đề nghị.pdf"
    assert doc.file.name.startswith(f"nominations/{today:%Y}/{today:%m}/") and "Tờ" not in doc.file.name
    client.force_login(clerk)
    response = client.get(url("nomination_document_download", doc.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename=\"To trinh de nghi.pdf\"; "
        "filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%test\n"


def test_document_stored_under_the_old_naming_still_downloads(client, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    doc = NominationDocument(nomination=nomination, kind=DocumentKind.OTHER, original_name="Biên bản.pdf", size=9)
    old_name = f"nominations/{nomination.pk}/0123456789abcdef0123456789abcdef.pdf"
    stored = doc.file.storage.save(old_name, ContentFile(b"%PDF-1.4\n"))
    doc.file.name = stored
    doc.save()
    client.force_login(clerk)
    response = client.get(url("nomination_document_download", doc.pk))
    assert (response.status_code, b"".join(response.streaming_content)) == (200, b"%PDF-1.4\n")


def test_document_model_field_checks_a_new_upload(clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1], cover=False)
    doc = NominationDocument(nomination=nomination, kind=DocumentKind.OTHER, original_name="x.pdf", file=program())
    with pytest.raises(ValidationError) as exc:
        doc.full_clean()
    assert exc.value.message_dict["file"] == [PROGRAM]


# Uploads: the signed decision ------------------------------------------------------------------------------


def test_decision_service_refuses_a_fake_signed_file(clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    with pytest.raises(DomainError) as exc:
        services.create_decision(board, "1/QĐ", D(2024, 12, 20), "A", "Chủ tịch", "UBND tỉnh",
                                 items=list(nomination.items.all()), signed_file=program("qd.pdf"))
    assert (exc.value.field, exc.value.message) == ("signed_file", PROGRAM)
    decision = services.create_decision(board, "1/QĐ", D(2024, 12, 20), "A", "Chủ tịch", "UBND tỉnh")
    with pytest.raises(DomainError) as exc:
        services.update_decision(decision, board, signed_file=fake_pdf("qd.pdf"))
    assert (exc.value.field, exc.value.message) == ("signed_file", NOT_A_PDF)
    decision.refresh_from_db()
    assert not decision.signed_file


def test_decision_form_refuses_a_fake_signed_file_next_to_its_field(client, board):
    client.force_login(board)
    response = client.post(url("decision_create"), {
        "number": "2/QĐ", "date": "20/12/2024", "signer": "A", "signer_title": "Chủ tịch", "authority": "UBND tỉnh",
        "signed_file": program("qd.pdf")})
    assert response.status_code == 200
    assert response.context["form"].errors["signed_file"] == [PROGRAM]
    assert not Decision.objects.exists()


def test_decision_model_field_checks_a_new_upload():
    decision = Decision(number="3/QĐ", date=D(2024, 1, 1), signer="A", signer_title="B", authority="C",
                        signed_file=fake_pdf("qd.pdf"))
    with pytest.raises(ValidationError) as exc:
        decision.full_clean()
    assert exc.value.message_dict["signed_file"] == [NOT_A_PDF]


def test_signed_file_is_stored_under_a_random_name_and_sent_under_the_decision_number(client, board, issued):
    today = timezone.localdate()
    assert issued.signed_file.name.startswith(f"decisions/{today:%Y}/{today:%m}/")
    client.force_login(board)
    response = client.get(url("decision_file", issued.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename=\"15-QD-UBND.pdf\"; filename*=UTF-8''15-Q%C4%90-UBND.pdf")


# Downloads: missing files and outsiders ----------------------------------------------------------------------


def test_document_gone_from_storage_is_a_404_that_says_so(client, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1])
    doc = nomination.documents.get()
    doc.file.storage.delete(doc.file.name)
    client.force_login(clerk)
    response = client.get(url("nomination_document_download", doc.pk))
    assert response.status_code == 404
    assert GONE in response.content.decode()


def test_signed_file_gone_from_storage_is_a_404_that_says_so(client, board, issued):
    issued.signed_file.storage.delete(issued.signed_file.name)
    client.force_login(board)
    response = client.get(url("decision_file", issued.pk))
    assert response.status_code == 404
    assert GONE in response.content.decode()


def test_decision_without_a_signed_file_is_a_404_that_says_so(client, board):
    decision = services.create_decision(board, "4/QĐ", D(2024, 12, 20), "A", "Chủ tịch", "UBND tỉnh")
    client.force_login(board)
    response = client.get(url("decision_file", decision.pk))
    assert response.status_code == 404
    assert "Chưa đính kèm bản ký." in response.content.decode()


def test_signed_file_outsider_404_and_own_unit_200(client, clerk, other_clerk, issued):
    client.force_login(other_clerk)
    assert client.get(url("decision_file", issued.pk)).status_code == 404
    client.force_login(clerk)
    assert client.get(url("decision_file", issued.pk)).status_code == 200


def test_draft_decision_file_is_not_for_clerks(client, clerk, unit, board, ldtt, people):
    nomination = advance(build(clerk, unit, ldtt, people[:1]), clerk, board, NominationState.AT_COUNCIL)
    draft = decide(nomination, board)
    client.force_login(clerk)
    assert client.get(url("decision_file", draft.pk)).status_code == 404


def test_document_outsider_404(client, clerk, other_clerk, unit, ldtt, people):
    doc = build(clerk, unit, ldtt, people[:1]).documents.get()
    client.force_login(other_clerk)
    assert client.get(url("nomination_document_download", doc.pk)).status_code == 404


# Dated rules ------------------------------------------------------------------------------------------------


def _dated_rows():
    """For each of the six dated tables: a row open from 2030 and a clashing one from 2031 of the same rule."""
    t = AwardType.objects.get(code="LDTT")
    other = AwardType.objects.get(code="CSTDCS")
    return {
        RuleParameter: dict(award_type=t, key="initiatives", value=1),
        QuotaSetting: dict(award_type=t, relative_to=other, max_percent=10),
        BaseSalary: dict(amount=3_000_000),
        RewardCoefficient: dict(award_type=t, recipient_kind=RecipientKind.INDIVIDUAL, coefficient="0.5",
                                  authority=None),
        AppraisalTimeLimit: dict(award_type=t, working_days=20),
        CouncilVoteThreshold: dict(award_type=t, percent=90),
    }


def _close_open_rows(model, values):
    """The catalogue migration's rows of that rule end before 2030, so that the test's own rows are alone."""
    key = {name: values[name] for name in model.overlap_key}
    for row in model.objects.filter(**key).filter(valid_to__isnull=True):
        row.valid_to = D(2029, 12, 31)
        row.save(update_fields=["valid_to"])


@pytest.mark.parametrize("model", [RuleParameter, QuotaSetting, BaseSalary, RewardCoefficient, AppraisalTimeLimit,
                                   CouncilVoteThreshold], ids=lambda m: m.__name__)
def test_dated_tables_refuse_an_overlap_on_save_and_on_clean(model):
    values = _dated_rows()[model]
    _close_open_rows(model, values)
    model.objects.create(valid_from=D(2030, 1, 1), valid_to=D(2032, 12, 31), **values)
    clash = model(valid_from=D(2031, 1, 1), **values)
    with pytest.raises(ValidationError) as exc:
        clash.clean()
    assert exc.value.message_dict == {"valid_from": [OVERLAP % "01/01/2030"]}
    with pytest.raises(DomainError) as exc:
        clash.save()
    assert (exc.value.field, exc.value.message) == ("valid_from", OVERLAP % "01/01/2030")
    assert model.objects.filter(valid_from=D(2031, 1, 1)).count() == 0


@pytest.mark.parametrize("model", [RuleParameter, QuotaSetting, BaseSalary, RewardCoefficient, AppraisalTimeLimit,
                                   CouncilVoteThreshold], ids=lambda m: m.__name__)
def test_a_later_row_succeeds_the_open_one_and_an_earlier_one_is_refused(model):
    values = _dated_rows()[model]
    _close_open_rows(model, values)
    first = model.objects.create(valid_from=D(2030, 1, 1), **values)
    assert first.superseded is None
    second = model(valid_from=D(2031, 7, 1), **values)
    second.clean()  # the form path lets it through: saving closes the row in force
    second.save()
    first.refresh_from_db()
    assert (first.valid_to, second.superseded, second.valid_to) == (D(2031, 6, 30), first, None)
    assert model.current(on=D(2031, 6, 30), **{k: values[k] for k in model.overlap_key}) == first
    assert model.current(on=D(2031, 7, 1), **{k: values[k] for k in model.overlap_key}) == second
    earlier = model(valid_from=D(2029, 6, 1), **values)  # open-ended, starts before both: overlaps them
    with pytest.raises(DomainError) as exc:
        earlier.save()
    assert exc.value.field == "valid_from"
    assert model.objects.filter(valid_from=D(2029, 6, 1)).count() == 0


@pytest.mark.parametrize("model", [RuleParameter, QuotaSetting, RewardCoefficient, AppraisalTimeLimit,
                                   CouncilVoteThreshold], ids=lambda m: m.__name__)
def test_dated_tables_keep_each_rule_to_its_key(model):
    values = _dated_rows()[model]
    _close_open_rows(model, values)
    model.objects.create(valid_from=D(2030, 1, 1), **values)
    model.objects.create(valid_from=D(2030, 1, 1), **{**values, "award_type": AwardTypeFactory()})
    assert model.objects.filter(valid_from=D(2030, 1, 1)).count() == 2


def test_default_limit_and_a_types_own_limit_are_two_rules(ldtt):
    AppraisalTimeLimit.objects.create(award_type=None, working_days=20, valid_from=D(2020, 1, 1))
    AppraisalTimeLimit.objects.create(award_type=ldtt, working_days=5, valid_from=D(2020, 1, 1))
    with pytest.raises(DomainError):
        AppraisalTimeLimit.objects.create(award_type=None, working_days=30, valid_from=D(2019, 1, 1))


def test_dated_tables_answer_in_force_and_current():
    assert BaseSalary.current(D(2024, 6, 30)).amount == 1_800_000
    assert [r.amount for r in BaseSalary.objects.in_force(D(2025, 1, 1))] == [2_340_000]
    assert base_salary_on(D(2017, 6, 30)) is None  # the table starts on 1/7/2017
    row = RewardCoefficient.current(D(2025, 7, 1), award_type=AwardType.objects.get(code="LDTT"),
                                    recipient_kind=RecipientKind.INDIVIDUAL)
    assert row.valid_from == D(2025, 7, 1)


def test_base_salary_service_refuses_an_overlap_and_writes_nothing(board):
    # from 2024-01-01 on: the closed 2023 row (1,800,000 until 30/06/2024) is in force then
    with pytest.raises(DomainError) as exc:
        services.save_base_salary(None, board, amount=2_530_000, valid_from=D(2024, 1, 1), legal_basis="NĐ mới")
    assert (exc.value.field, exc.value.message) == ("valid_from", OVERLAP % "01/07/2023")
    assert not BaseSalary.objects.filter(amount=2_530_000).exists()
    assert not ActivityLog.objects.exists()


def test_a_new_base_salary_closes_the_one_in_force_logged(board):
    old = BaseSalary.current(D(2026, 6, 30))
    new = services.save_base_salary(None, board, amount=2_530_000, valid_from=D(2026, 7, 1), legal_basis="NĐ mới")
    old.refresh_from_db()
    assert (old.valid_to, BaseSalary.current(D(2026, 7, 1))) == (D(2026, 6, 30), new)
    closed = ActivityLog.objects.get(action="awards.basesalary.updated")
    assert (closed.object_id, closed.data) == (str(old.pk), {"diff": {"valid_to": [None, "2026-06-30"]}})
    assert ActivityLog.objects.filter(action="awards.basesalary.created", object_id=str(new.pk)).exists()


def test_quota_service_and_page_refuse_an_overlap(client, board):
    cstdcs, ldtt_type = AwardType.objects.get(code="CSTDCS"), AwardType.objects.get(code="LDTT")
    services.save_quota(None, board, award_type=cstdcs, relative_to=ldtt_type, max_percent=15,
                        valid_from=D(2024, 1, 1), valid_to=None, legal_basis="")
    with pytest.raises(DomainError):  # starts before the open row and runs into it
        services.save_quota(None, board, award_type=cstdcs, relative_to=ldtt_type, max_percent=20,
                            valid_from=D(2023, 1, 1), valid_to=None, legal_basis="")
    client.force_login(board)
    response = client.post(url("quota_create"), {"award_type": cstdcs.pk, "relative_to": ldtt_type.pk,
                                                 "max_percent": "20", "valid_from": "01/01/2023"})
    assert response.status_code == 200
    assert response.context["form"].errors["valid_from"] == [OVERLAP % "01/01/2024"]
    # Against the people of the unit (no relative_to): another rule, accepted.
    response = client.post(url("quota_create"), {"award_type": cstdcs.pk, "max_percent": "20",
                                                 "valid_from": "01/01/2025"})
    assert response.status_code == 302


def test_new_coefficient_overlap_is_caught_by_the_form_next_to_the_date(client, board):
    t = AwardType.objects.get(code="LDTT")
    client.force_login(board)
    response = client.post(url("coefficient_create", t.pk), {"recipient_kind": "individual", "coefficient": "0.4",
                                                              "valid_from": "01/01/2025", "valid_to": "31/12/2026"})
    assert response.status_code == 200
    assert response.context["form"].errors["valid_from"] == [OVERLAP % "01/01/2024"]


def test_settings_page_refuses_an_overlapping_threshold(client, board):
    client.force_login(board)
    response = client.post(url("nomination_settings"), {"kind": "threshold", "threshold-percent": "80",
                                                        "threshold-valid_from": "01/01/2016",
                                                        "threshold-valid_to": "31/12/2018"})
    assert response.status_code == 200
    assert response.context["forms"]["threshold"].errors["valid_from"] == [OVERLAP % "01/10/2017"]
    assert CouncilVoteThreshold.objects.count() == 2  # NĐ 91 until 31/12/2023, then the row to confirm


def test_settings_page_new_threshold_closes_the_one_in_force_logged(client, board):
    old = CouncilVoteThreshold.objects.get(valid_to__isnull=True)
    client.force_login(board)
    response = client.post(url("nomination_settings"), {"kind": "threshold", "threshold-percent": "80",
                                                        "threshold-valid_from": "01/01/2026"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.valid_to == D(2025, 12, 31)
    assert CouncilVoteThreshold.current(on=D(2026, 1, 1), award_type=None).percent == 80
    entry = ActivityLog.objects.get(action="awards.councilvotethreshold.updated")
    assert entry.data == {"diff": {"valid_to": [None, "2025-12-31"]}}


# The admin ------------------------------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return make_user(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_admin_post_to_change_a_nomination_is_refused(admin_client, clerk, unit, ldtt, people):
    nomination = build(clerk, unit, ldtt, people[:1])
    change = reverse("admin:awards_nomination_change", args=[nomination.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    response = admin_client.post(change, {"title": "Đổi lén", "state": NominationState.DECIDED})
    nomination.refresh_from_db()
    assert (response.status_code, nomination.title, nomination.state) == (
        403, "Đề nghị khen thưởng năm 2024", NominationState.DRAFT)
    response = admin_client.post(reverse("admin:awards_nomination_delete", args=[nomination.pk]), {"post": "yes"})
    assert (response.status_code, Nomination.objects.filter(pk=nomination.pk).exists()) == (403, True)


def test_admin_cannot_add_or_change_a_base_salary(admin_client):
    row = BaseSalary.objects.get(valid_from=D(2024, 7, 1))
    response = admin_client.post(reverse("admin:awards_basesalary_change", args=[row.pk]),
                                 {"amount": "1", "valid_from": "2024-07-01"})
    row.refresh_from_db()
    assert (response.status_code, row.amount) == (403, 2_340_000)
    assert admin_client.post(reverse("admin:awards_basesalary_add"),
                             {"amount": "1", "valid_from": "2030-01-01"}).status_code == 403
    assert not ActivityLog.objects.exists()


def test_admin_closing_a_threshold_is_logged(admin_client, superuser):
    row = CouncilVoteThreshold.objects.get(valid_to__isnull=True)
    response = admin_client.post(reverse("admin:awards_councilvotethreshold_change", args=[row.pk]), {
        "award_type": "", "percent": "90.00", "valid_from": "2024-01-01", "valid_to": "2025-12-31",
        "legal_basis": row.legal_basis, "to_confirm": "on"})
    assert response.status_code == 302
    entry = ActivityLog.objects.get(action="awards.councilvotethreshold.admin_changed")
    assert (entry.actor, entry.object_id, entry.data) == (
        superuser, str(row.pk), {"diff": {"valid_to": [None, "2025-12-31"]}})


def test_admin_add_of_an_overlapping_limit_is_refused_next_to_the_date(admin_client):
    AppraisalTimeLimit.objects.create(award_type=None, working_days=20, valid_from=D(2021, 1, 1))
    response = admin_client.post(reverse("admin:awards_appraisaltimelimit_add"), {
        "award_type": "", "working_days": "15", "valid_from": "2020-01-01", "legal_basis": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["valid_from"] == [OVERLAP % "01/01/2021"]
    assert AppraisalTimeLimit.objects.count() == 1
    assert not ActivityLog.objects.exists()


def test_admin_add_of_a_later_limit_closes_the_one_in_force_logged(admin_client):
    old = AppraisalTimeLimit.objects.create(award_type=None, working_days=20, valid_from=D(2021, 1, 1))
    response = admin_client.post(reverse("admin:awards_appraisaltimelimit_add"), {
        "award_type": "", "working_days": "15", "valid_from": "2024-01-01", "legal_basis": ""})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.valid_to == D(2023, 12, 31)
    assert set(ActivityLog.objects.values_list("action", flat=True)) == {
        "awards.appraisaltimelimit.admin_added", "awards.appraisaltimelimit.admin_changed"}


def test_admin_add_of_a_holiday_is_logged(admin_client):
    response = admin_client.post(reverse("admin:awards_publicholiday_add"), {"date": "2026-11-24",
                                                                             "name": "Ngày nghỉ thêm"})
    assert response.status_code == 302
    holiday = PublicHoliday.objects.get(date=D(2026, 11, 24))
    entry = ActivityLog.objects.get(action="awards.publicholiday.admin_added")
    assert entry.object_id == str(holiday.pk)


# One subtree query -----------------------------------------------------------------------------------------------


def test_recipients_of_a_nomination_include_every_unit_below_the_sender(clerk, unit):
    child = UnitFactory(name="Phòng con", code="CON", parent=unit)
    grandchild = UnitFactory(name="Tổ cháu", code="CHAU", parent=child)
    UnitFactory(name="Sở khác", code="KHAC")
    nomination = services.create_nomination(clerk, unit, 2024, "Đề nghị")
    assert services.allowed_recipient_unit_ids(nomination) == {unit.pk, child.pk, grandchild.pk}
    assert not hasattr(services, "subtree_ids")
