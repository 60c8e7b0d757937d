from django.urls import path

from . import views

app_name = "pledges"
urlpatterns = [
    path("", views.pledge_list, name="pledge_list"),
    path("new/<int:bloc_year_pk>/", views.PledgeFormView.as_view(), name="pledge_create"),
    path("<int:pk>/", views.pledge_detail, name="pledge_detail"),
    path("<int:pk>/edit/", views.PledgeFormView.as_view(), name="pledge_edit"),
    path("<int:pk>/do/<slug:action>/", views.pledge_action, name="pledge_action"),
    path("<int:pk>/commitments/new/", views.CommitmentFormView.as_view(), name="commitment_create"),
    path("<int:pk>/commitments/<int:commitment_pk>/edit/", views.CommitmentFormView.as_view(),
         name="commitment_edit"),
    path("<int:pk>/commitments/<int:commitment_pk>/delete/", views.commitment_delete, name="commitment_delete"),
    path("<int:pk>/sign/", views.SignView.as_view(), name="sign"),
    path("<int:pk>/signatures/<int:signature_pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/units/<int:unit_pk>/", views.ReportView.as_view(), name="report"),
    path("<int:pk>/units/<int:unit_pk>/confirm/", views.report_confirm, name="report_confirm"),
    path("<int:pk>/units/<int:unit_pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/evidence/<int:line_pk>/", views.evidence_download, name="evidence_download"),
]
