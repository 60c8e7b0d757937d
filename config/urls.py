from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

from api.endpoints import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("", include("emulation.urls")),
    path("blocs/", include("blocs.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("pledges/", include("pledges.urls")),
    path("awards/", include("awards.urls")),
    path("reports/", include("reports.urls")),
    path("imports/", include("imports.urls")),
    path("integrations/", include("api.urls")),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler403 = "emulation.views.error_403"
handler404 = "emulation.views.error_404"
handler500 = "emulation.views.error_500"
