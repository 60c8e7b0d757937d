from django.urls import path

from . import account_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("huong-dan/", views.user_guide, name="user_guide"),
    path("year/", views.choose_year, name="choose_year"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/options.json", views.unit_options, name="unit_options"),
    path("units/new/", views.UnitFormView.as_view(), name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.UnitFormView.as_view(), name="unit_edit"),
    path("units/reforms/", views.unit_event_list, name="unit_event_list"),
    path("units/reforms/<int:pk>/", views.unit_event_detail, name="unit_event_detail"),
    path("units/reforms/new/<slug:kind>/", views.unit_event_new, name="unit_event_new"),
    path("units/<int:pk>/members-since/", views.unit_members_since, name="unit_members_since"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.PersonFormView.as_view(), name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonFormView.as_view(), name="person_edit"),
    path("people/<int:pk>/move/", views.PersonMoveView.as_view(), name="person_move"),
    path("people/<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("account/", account_views.account, name="account"),
    path("account/two-factor/", account_views.two_factor_enrol, name="two_factor_enrol"),
    path("account/two-factor/verify/", account_views.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/off/", account_views.two_factor_disable, name="two_factor_disable"),
    path("account/locked/", account_views.locked_logins, name="locked_logins"),
    path("activity/", views.activity_log, name="activity_log"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
]
