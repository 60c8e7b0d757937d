from django.urls import path
from django.views.generic import RedirectView

from . import certificate_views, document_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.my_reports, name="mine"),
    path("new/<slug:kind>/", views.request_report, name="request"),
    path("jobs/<uuid:pk>/", views.job_detail, name="job"),
    path("jobs/<uuid:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<uuid:pk>/retry/", views.job_retry, name="job_retry"),
    path("jobs/<uuid:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<uuid:pk>/file.<str:fmt>", views.download, name="download"),
    path("certificates/decision/<int:pk>/", certificate_views.decision_certificates, name="certificates"),
    path("certificate-blanks/", certificate_views.blank_list, name="blank_list"),
    path("certificate-blanks/new/", certificate_views.blank_create, name="blank_create"),
    path("certificate-blanks/<int:pk>/", certificate_views.blank_edit, name="blank_edit"),
    path("certificate-blanks/<int:pk>/calibration.pdf", certificate_views.blank_calibration, name="blank_calibration"),
    path("documents/decision/<int:pk>.<str:fmt>", document_views.decision_document, name="decision_document"),
    path("documents/nomination/<int:pk>/<slug:which>.<str:fmt>", document_views.nomination_document,
         name="nomination_document"),
    path("documents/nomination/<int:pk>/sign/", document_views.proposal_sign, name="proposal_sign"),
    path("documents/nomination/<int:pk>/signed/<int:signed_pk>.pdf", document_views.proposal_signed_download,
         name="proposal_signed"),
    path("signers/", document_views.issuer_list, name="issuer_list"),
    path("signers/new/", document_views.issuer_create, name="issuer_create"),
    path("signers/<int:pk>/", document_views.issuer_edit, name="issuer_edit"),
    path("jobs/<uuid:pk>/sign/", views.job_sign, name="job_sign"),
    path("jobs/<uuid:pk>/signed.pdf", views.signed_download, name="signed_download"),
    # the year-end assessment moved to the blocs app: old links still find it
    path("bloc-years/<int:pk>/assessment/", RedirectView.as_view(pattern_name="blocs:assessment", permanent=True)),
]
