"""No stored file is reachable except through a view that checks access, in every setting.

For every kind of stored file (bloc evidence, pledge evidence, campaign document, nomination document, signed
decision, report PDF and Excel, import file): its owner downloads it (an attachment, nosniff); a clerk of
another unit gets 404; an anonymous visitor gets the login page, never the file; and the stored path itself,
under /media/, is 404 to everyone, with DEBUG on (``make run``) and off (production).
"""

import datetime
import importlib

import pytest
from django.core.files.base import ContentFile
from django.urls import Resolver404, clear_url_caches, resolve, reverse

import config.urls
from awards.models import Decision, NominationDocument
from blocs.models import Evidence
from campaigns.enums import CampaignScope, CampaignState
from campaigns.models import CampaignDocument
from imports.enums import ImportKind
from imports.models import ImportRun
from pledges.models import FulfilmentLine, FulfilmentReport
from reports.enums import JobStatus
from reports.models import ReportJob
from tests.awards.nomination_factories import NominationFactory
from tests.blocs.factories import leaves, make_bloc_year, make_card
from tests.campaigns.campaign_helpers import CampaignFactory
from tests.pledges.factories import CommitmentFactory, PledgeFactory

PDF = b"%PDF-1.4\n1 0 obj\n%%EOF\n"
XLSX = b"PK\x03\x04 not really a workbook, only bytes to send back"
KINDS = ["bloc_evidence", "pledge_evidence", "campaign_document", "nomination_document", "signed_decision",
         "report_pdf", "report_xlsx", "import_file"]


def _file(name, data=PDF):
    return ContentFile(data, name=name)


def make_stored(kind, clerk, unit, board):
    """(the stored FieldFile, its download URL, a user allowed to download it)."""
    if kind == "bloc_evidence":
        by = make_bloc_year(unit)
        ev = Evidence.objects.create(scorecard=make_card(by, unit), criterion=next(iter(leaves(by).values())),
                                     file=_file("Minh chứng.pdf"), original_name="Minh chứng.pdf", uploaded_by=clerk)
        return ev.file, reverse("blocs:evidence_download", args=[ev.pk]), clerk
    if kind == "pledge_evidence":
        pledge = PledgeFactory(bloc_year=make_bloc_year(unit), state="open")
        report = FulfilmentReport.objects.create(pledge=pledge, unit=unit)
        line = FulfilmentLine.objects.create(report=report, commitment=CommitmentFactory(pledge=pledge),
                                             result="achieved", evidence_file=_file("Biên bản.pdf"),
                                             evidence_name="Biên bản.pdf")
        return line.evidence_file, reverse("pledges:evidence_download", args=[pledge.pk, line.pk]), clerk
    if kind == "campaign_document":
        campaign = CampaignFactory(state=CampaignState.LAUNCHED, scope=CampaignScope.UNIT, scope_unit=unit)
        doc = CampaignDocument.objects.create(campaign=campaign, title="Kế hoạch", file=_file("Kế hoạch.pdf"),
                                              original_name="Kế hoạch.pdf")
        return doc.file, reverse("campaigns:campaign_document_download", args=[campaign.pk, doc.pk]), clerk
    if kind == "nomination_document":
        nomination = NominationFactory(unit=unit, created_by=clerk)
        doc = NominationDocument.objects.create(nomination=nomination, kind="other", file=_file("Tờ trình.pdf"),
                                                original_name="Tờ trình.pdf")
        return doc.file, reverse("awards:nomination_document_download", args=[doc.pk]), clerk
    if kind == "signed_decision":
        decision = Decision.objects.create(number="15/QĐ-UBND", date=datetime.date(2024, 12, 20), signer="A",
                                           signer_title="Chủ tịch", authority="UBND tỉnh",
                                           signed_file=_file("qd.pdf"))
        return decision.signed_file, reverse("awards:decision_file", args=[decision.pk]), board
    if kind in ("report_pdf", "report_xlsx"):
        job = ReportJob.objects.create(kind="award_history", params={"unit": unit.pk}, params_key="k",
                                       requested_by=clerk, status=JobStatus.DONE,
                                       file=_file("r.pdf"), xlsx_file=_file("r.xlsx", XLSX))
        fmt = kind.split("_")[1]
        return (job.file if fmt == "pdf" else job.xlsx_file), reverse("reports:download", args=[job.pk, fmt]), clerk
    if kind == "import_file":
        run = ImportRun.objects.create(kind=ImportKind.PEOPLE, file=_file("Danh sách.xlsx", XLSX),
                                       original_name="Danh sách.xlsx", requested_by=clerk, scope_unit=unit)
        return run.file, reverse("imports:run_file", args=[run.pk]), clerk
    raise AssertionError(kind)


@pytest.fixture(params=[True, False], ids=["development-DEBUG", "production-DEBUG-off"])
def debug_setting(request, settings):
    """The URLconf built as under ``make run`` (DEBUG on) and in production (DEBUG off)."""
    settings.DEBUG = request.param
    importlib.reload(config.urls)
    clear_url_caches()
    yield request.param
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.parametrize("kind", KINDS)
def test_every_stored_file_goes_out_only_through_its_checked_view(client, debug_setting, kind, clerk, other_clerk,
                                                                  unit, board):
    stored, url, owner = make_stored(kind, clerk, unit, board)
    # stored under a random name, nothing of the uploader's
    assert stored.name.count("/") >= 3 and len(stored.name.rsplit("/", 1)[1].split(".")[0]) == 32
    media = "/media/" + stored.name
    with pytest.raises(Resolver404):
        resolve(media)

    # anonymous: the login page, never the file
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(media).status_code == 404

    # another unit's clerk: 404
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404
    assert client.get(media).status_code == 404

    # the owner: the file, as an attachment the browser will not sniff; still never under /media/
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200, response
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == stored.open("rb").read()
    assert client.get(media).status_code == 404
