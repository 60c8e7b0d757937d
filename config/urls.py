from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.endpoints import api
from awards.views import verify_award
from emulation.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # public, no login: the verification page a certificate's QR code opens
    path("xac-minh/<str:token>/", verify_award, name="verify_award"),
    # the load balancer's health check (emulation.health: answered by its middleware unless a session cookie)
    path("healthz", healthz, name="healthz"),
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

# No route serves MEDIA_ROOT, in any setting (DEBUG included): every stored file goes out through a view that
# checks the requester's access (emulation.downloads.serve_file after a *_for_user selector).

handler403 = "emulation.views.error_403"
handler404 = "emulation.views.error_404"
handler500 = "emulation.views.error_500"
