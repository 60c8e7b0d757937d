from django.urls import path

from . import views

app_name = "blocs"
urlpatterns = [
    path("", views.bloc_list, name="bloc_list"),
    path("new/", views.bloc_create, name="bloc_create"),
    path("<int:pk>/", views.bloc_detail, name="bloc_detail"),
    path("<int:pk>/years/new/", views.blocyear_create, name="blocyear_create"),
    path("years/<int:pk>/", views.blocyear_detail, name="blocyear_detail"),
    path("years/<int:pk>/state/", views.blocyear_transition, name="blocyear_transition"),
    path("years/<int:pk>/manage/", views.blocyear_manage, name="blocyear_manage"),
    path("years/<int:pk>/next/", views.blocyear_next, name="blocyear_next"),
    path("years/<int:pk>/criteria/", views.criteria, name="criteria"),
    path("years/<int:pk>/criteria/<int:cid>/edit/", views.criterion_edit, name="criterion_edit"),
    path("years/<int:pk>/criteria/export.xlsx", views.criteria_export, name="criteria_export"),
    path("years/<int:pk>/criteria/import/", views.criteria_import, name="criteria_import"),
    path("years/<int:pk>/scoreboard/", views.scoreboard, name="scoreboard"),
    path("years/<int:pk>/scoreboard.xlsx", views.scoreboard_export, name="scoreboard_export"),
    path("years/<int:pk>/vote/", views.vote, name="vote"),
    path("years/<int:pk>/remind/", views.blocyear_remind, name="blocyear_remind"),
    path("years/<int:pk>/finalise-reviewed/", views.blocyear_finalise_reviewed, name="finalise_reviewed"),
    path("years/<int:pk>/assessment/", views.bloc_assessment, name="assessment"),
    path("scorecards/<int:pk>/", views.scorecard, name="scorecard"),
    path("scorecards/<int:pk>/review/", views.scorecard_review, name="scorecard_review"),
    path("scorecards/<int:pk>/close-out/", views.scorecard_close_out, name="scorecard_close_out"),
    path("scorecards/<int:pk>/reopen-closed-out/", views.scorecard_reopen_closed_out,
         name="scorecard_reopen_closed_out"),
    path("scorecards/<int:pk>/on-behalf/", views.scorecard_on_behalf, name="scorecard_on_behalf"),
    path("scorecards/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:eid>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:eid>/delete/", views.evidence_delete, name="evidence_delete"),
]
