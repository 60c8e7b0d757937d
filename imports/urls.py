from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.upload, name="upload"),
    path("template/<str:kind>/", views.template_download, name="template"),
    path("export/<str:kind>/", views.export, name="export"),
    path("runs/", views.run_list, name="runs"),
    path("runs/<uuid:pk>/", views.run_detail, name="run"),
    path("runs/<uuid:pk>/file/", views.run_file, name="run_file"),
    path("runs/<uuid:pk>/status/", views.run_status, name="run_status"),
    path("runs/<uuid:pk>/confirm/", views.run_confirm, name="run_confirm"),
    path("runs/<uuid:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("runs/<uuid:pk>/retry/", views.run_retry, name="run_retry"),
]
