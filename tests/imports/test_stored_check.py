"""The confirm reuses what the preview checked (issue 17): the kept rows are written without reading or
checking the file again, unless the file, the scope or the database rows the check read changed since."""

import gzip
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Award
from emulation.jobs.signals import job_progress
from emulation.models import ActivityLog, Person
from imports import services
from imports.engine import AwardHandler, PersonHandler
from imports.models import ImportRun
from tests.imports.conftest import AWARD_HEADERS, PEOPLE_HEADERS, make_xlsx

pytestmark = pytest.mark.django_db


def _people(n, name="Nguyễn Văn Thử"):
    rows = [PEOPLE_HEADERS] + [[f"{name} {i}", f"0010850{i:05d}", None, None, "Nam", "STN"] for i in range(n)]
    return SimpleUploadedFile("nhan-su.xlsx", make_xlsx(rows).getvalue())


@pytest.fixture
def checks(monkeypatch):
    """Counts the rows the people and awards handlers check (a spy: the real check still runs)."""
    seen = []
    for handler in (PersonHandler, AwardHandler):
        original = handler.check_row

        def counted(self, row, values, _original=original):
            seen.append(row)
            return _original(self, row, values)

        monkeypatch.setattr(handler, "check_row", counted)
    return seen


def test_preview_keeps_the_checked_rows_in_the_storage(clerk, unit):
    run = services.start_import(clerk, "people", _people(2), unit)
    assert run.checked_file.name.startswith("imports/checked/")
    assert len(run.checked_signature) == 64
    with run.checked_file.open("rb") as fh:
        body = json.loads(gzip.decompress(fh.read()))
    assert (body["run"], body["kind"], body["file"]) == (str(run.pk), "people", run.file.name)
    assert [plan[:3] for plan in body["plans"]] == [[2, "create", "Nguyễn Văn Thử 0"],
                                                    [3, "create", "Nguyễn Văn Thử 1"]]


def test_confirm_does_not_check_the_rows_again(clerk, unit, checks):
    run = services.start_import(clerk, "people", _people(3), unit)
    assert checks == [2, 3, 4]
    run = services.confirm_import(run, clerk)
    assert run.status == "done"
    assert checks == [2, 3, 4]  # the preview's check, and no other
    assert Person.objects.count() == 3


def test_file_deleted_after_the_preview_still_imports(clerk, unit):
    run = services.start_import(clerk, "people", _people(3), unit)
    run.file.storage.delete(run.file.name)
    run = services.confirm_import(run, clerk)
    assert (run.status, run.summary) == ("done", {"create": 3, "update": 0, "unchanged": 0})
    assert sorted(Person.objects.values_list("full_name", flat=True)) == [
        "Nguyễn Văn Thử 0", "Nguyễn Văn Thử 1", "Nguyễn Văn Thử 2"]
    assert not run.checked_file  # the kept rows go once they are written
    assert run.checked_signature == ""


def test_person_with_the_same_cccd_created_after_the_preview_is_a_row_error(clerk, unit, checks):
    run = services.start_import(clerk, "people", _people(3), unit)
    Person.objects.create(full_name="Người Khác", unit=unit, cccd="001085000002")
    run = services.confirm_import(run, clerk)
    assert checks == [2, 3, 4, 2, 3, 4]  # the database changed: the file was checked again
    assert run.status == "previewed"
    assert run.error == "Dữ liệu đã thay đổi sau khi kiểm tra và tệp nay có lỗi. Chưa có dữ liệu nào được nhập."
    assert [(p["row"], p["message"]) for p in run.preview["problems"]] == [
        (4, "Số CCCD 001085000002 là của người khác: Người Khác (STN).")]
    assert Person.objects.filter(full_name__startswith="Nguyễn Văn Thử").count() == 0
    assert not run.checked_file  # a check with errors keeps nothing to confirm


def test_award_added_after_the_preview_is_caught(board, unit, award_types):
    rows = [AWARD_HEADERS, ["LDTT", None, 2024, "STN", None, None, None, None, "12/QĐ", None, None, None, None, None]]
    run = services.start_import(board, "awards", SimpleUploadedFile("kt.xlsx", make_xlsx(rows).getvalue()), None)
    assert run.preview["error_count"] == 0, run.preview["problems"]
    Award.objects.create(award_type=award_types["LDTT"], unit=unit, year=2024, decision_number="99/QĐ",
                         recipient_kind="collective")
    run = services.confirm_import(run, board)
    assert run.status == "previewed"
    assert run.preview["error_count"] == 1
    assert Award.objects.count() == 1


def test_a_changed_stored_check_is_not_trusted(clerk, unit, checks):
    run = services.start_import(clerk, "people", _people(2), unit)
    with run.checked_file.open("rb") as fh:
        body = json.loads(gzip.decompress(fh.read()))
    body["plans"][0][4]["full_name"] = "Kẻ Giả Mạo"
    name = run.checked_file.name
    run.checked_file.storage.delete(name)
    run.checked_file.storage.save(name, ContentFile(gzip.compress(json.dumps(body).encode())))
    run = services.confirm_import(run, clerk)
    assert run.status == "done"
    assert checks == [2, 3, 2, 3]  # its signature did not match: the file was read and checked again
    assert sorted(Person.objects.values_list("full_name", flat=True)) == ["Nguyễn Văn Thử 0", "Nguyễn Văn Thử 1"]


def test_a_lost_stored_check_falls_back_to_the_file(clerk, unit, checks):
    run = services.start_import(clerk, "people", _people(2), unit)
    run.checked_file.storage.delete(run.checked_file.name)
    run = services.confirm_import(run, clerk)
    assert (run.status, checks) == ("done", [2, 3, 2, 3])
    assert Person.objects.count() == 2


def test_a_large_run_confirmed_later_reads_the_kept_check(clerk, unit, settings, checks,
                                                          django_capture_on_commit_callbacks):
    """The check and the write run as two tasks (two workers, possibly on two hosts): the second reads the
    run's row and the storage only."""
    settings.IMPORT_ASYNC_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_import(clerk, "people", _people(5), unit)
    run = ImportRun.objects.get(pk=run.pk)  # as a new process sees it
    assert run.status == "previewed"
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_import(run, clerk)
    run.refresh_from_db()
    assert (run.status, checks) == ("done", [2, 3, 4, 5, 6])
    assert Person.objects.count() == 5


def test_every_row_gets_its_log_entry_in_one_bulk_insert(clerk, unit):
    run = services.start_import(clerk, "people", _people(40), unit)
    table = ActivityLog._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        run = services.confirm_import(run, clerk)
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(f'INSERT INTO "{table}"')]
    # the 40 rows' entries in one statement, then imports.run.confirmed and imports.run.completed alone
    assert len(inserts) == 3
    entries = ActivityLog.objects.filter(action="imports.person.created", data__import=str(run.pk))
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in Person.objects.values_list("pk", flat=True))
    assert entries.count() == 40


def test_progress_moves_through_the_write_of_the_kept_rows(clerk, unit, checks):
    seen = []

    def record(sender, job, value, phase, **kwargs):
        seen.append((phase, value))

    run = services.start_import(clerk, "people", _people(5), unit)
    job_progress.connect(record)
    try:
        services.confirm_import(run, clerk)
    finally:
        job_progress.disconnect(record)
    writes = [v for phase, v in seen if phase == "write"]
    assert checks == [2, 3, 4, 5, 6]
    assert writes == [10, 50, 74, 99]  # read the kept check, the database unchanged, the people, their log


def test_with_object_storage_the_kept_check_is_in_the_bucket_and_the_confirm_reads_only_it(s3_storage, clerk, unit,
                                                                                           checks):
    """Several hosts: the check and the confirm may run on different machines; both reach the bucket only."""
    client, bucket = s3_storage
    run = services.start_import(clerk, "people", _people(2), unit)
    assert client.head_object(Bucket=bucket, Key=run.checked_file.name)["ContentLength"] > 0
    client.delete_object(Bucket=bucket, Key=run.file.name)  # the spreadsheet is not needed any more
    run = services.confirm_import(ImportRun.objects.get(pk=run.pk), clerk)
    assert (run.status, checks) == ("done", [2, 3])
    assert Person.objects.count() == 2
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert not [k for k in keys if k.startswith("imports/checked/")]  # deleted once written
