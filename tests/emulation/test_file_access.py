"""No stored file is reachable except through a view that checks access, in every setting.

For every kind of stored file (bloc evidence, pledge evidence, campaign document, nomination document, signed
decision and the PDF the app signed, report PDF and Excel and the signed report, import file): its owner
downloads it (an attachment, nosniff); a clerk of another unit gets 404; an anonymous visitor gets 404 too
(no login redirect that would tell the file exists), while pages still send anonymous visitors to the login
page; and the stored path itself, under /media/, is 404 to everyone, with DEBUG on (``make run``) and off
(production). Every view that sends a stored file (every caller of ``serve_file``) is one of those tested
here, and is decorated with ``signed_in_or_404``.
"""

import datetime
import importlib
import inspect

import pytest
from django.core.files.base import ContentFile
from django.urls import Resolver404, URLPattern, URLResolver, clear_url_caches, get_resolver, resolve, reverse

import config.urls
from awards.models import Decision, NominationDocument, UpwardSubmission
from blocs.models import Evidence
from campaigns.enums import CampaignScope, CampaignState
from campaigns.models import CampaignDocument
from imports.enums import ImportKind
from imports.models import ImportRun
from pledges.models import FulfilmentLine, FulfilmentReport
from reports.enums import JobStatus
from reports.models import ReportJob, SignedProposal
from tests.awards.nomination_factories import NominationFactory
from tests.blocs.factories import leaves, make_bloc_year, make_card
from tests.campaigns.campaign_helpers import CampaignFactory
from tests.pledges.factories import CommitmentFactory, PledgeFactory

PDF = b"%PDF-1.4\n1 0 obj\n%%EOF\n"
XLSX = b"PK\x03\x04 not really a workbook, only bytes to send back"
KINDS = ["bloc_evidence", "pledge_evidence", "campaign_document", "nomination_document", "signed_decision",
         "decision_signed_pdf", "report_pdf", "report_xlsx", "report_signed_pdf", "import_file",
         "upward_cover_letter", "signed_proposal"]
# the URL name of the view that sends each kind: together, every view that calls serve_file
KIND_VIEWS = {"bloc_evidence": "blocs:evidence_download", "pledge_evidence": "pledges:evidence_download",
              "campaign_document": "campaigns:campaign_document_download",
              "nomination_document": "awards:nomination_document_download", "signed_decision": "awards:decision_file",
              "decision_signed_pdf": "awards:decision_signed_pdf", "report_pdf": "reports:download",
              "report_xlsx": "reports:download", "report_signed_pdf": "reports:signed_download",
              "import_file": "imports:run_file", "upward_cover_letter": "awards:upward_file",
              "signed_proposal": "reports:proposal_signed"}


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
    if kind == "decision_signed_pdf":
        decision = Decision.objects.create(number="16/QĐ-UBND", date=datetime.date(2024, 12, 20), signer="A",
                                           signer_title="Chủ tịch", authority="UBND tỉnh",
                                           signed_pdf=_file("qd-ky-so.pdf"))
        return decision.signed_pdf, reverse("awards:decision_signed_pdf", args=[decision.pk]), board
    if kind == "report_signed_pdf":
        job = ReportJob.objects.create(kind="award_history", params={"unit": unit.pk}, params_key="k",
                                       requested_by=clerk, status=JobStatus.DONE, file=_file("r.pdf"),
                                       signed_pdf=_file("r-ky-so.pdf"))
        return job.signed_pdf, reverse("reports:signed_download", args=[job.pk]), clerk
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
    if kind == "upward_cover_letter":
        submission = UpwardSubmission.objects.create(title="Tờ trình khen cao", date=datetime.date(2025, 3, 1),
                                                     file=_file("tt-khen-cao.pdf"))
        return submission.file, reverse("awards:upward_file", args=[submission.pk]), board
    if kind == "signed_proposal":
        nomination = NominationFactory(unit=unit, created_by=clerk)
        row = SignedProposal.objects.create(nomination=nomination, signed_pdf=_file("to-trinh-ky-so.pdf"))
        return row.signed_pdf, reverse("reports:proposal_signed", args=[nomination.pk, row.pk]), clerk
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
    assert resolve(url).view_name == KIND_VIEWS[kind]
    # stored under a random name, nothing of the uploader's
    assert stored.name.count("/") >= 3 and len(stored.name.rsplit("/", 1)[1].split(".")[0]) == 32
    media = "/media/" + stored.name
    with pytest.raises(Resolver404):
        resolve(media)

    # anonymous: 404 as for an outsider, never the file, no login redirect
    assert client.get(url).status_code == 404
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


def _patterns(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry.callback


def test_every_view_that_sends_a_stored_file_is_tested_above_and_answers_anonymous_requests_with_404():
    senders = set()
    for name, callback in _patterns(get_resolver()):
        try:
            source = inspect.getsource(inspect.unwrap(callback))
        except (OSError, TypeError):  # a class-based or library view: not ours
            continue
        if "serve_file(" in source:
            senders.add(name)
            assert getattr(callback, "serves_stored_file", False), f"{name}: use @signed_in_or_404"
    assert senders == set(KIND_VIEWS.values())


@pytest.mark.parametrize("url_name", ["dashboard", "reports:mine", "imports:home"])
def test_pages_still_send_anonymous_visitors_to_the_login_page(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
