from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.CampaignFormView.as_view(), name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", views.CampaignFormView.as_view(), name="campaign_edit"),
    path("<int:pk>/do/<slug:action>/", views.CampaignActionView.as_view(), name="campaign_action"),
    path("<int:pk>/documents/", views.document_upload, name="campaign_document_upload"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_download, name="campaign_document_download"),
    path("<int:pk>/documents/<int:doc_pk>/delete/", views.document_delete, name="campaign_document_delete"),
    path("<int:pk>/register/", views.RegisterView.as_view(), name="campaign_register"),
    path("<int:pk>/registrations/<int:reg_pk>/return/", views.ReturnRegistrationView.as_view(),
         name="campaign_registration_return"),
    path("<int:pk>/registrations/<int:reg_pk>/accept/", views.registration_accept,
         name="campaign_registration_accept"),
]
