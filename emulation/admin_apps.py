"""``django.contrib.admin`` with the site that lets in administrators only (``emulation.admin_site``).

In INSTALLED_APPS as ``"emulation.admin_apps.AdminConfig"`` in place of ``"django.contrib.admin"``; kept apart
from ``emulation.apps`` (one default AppConfig per module) and free of model imports (it loads before them).
"""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "emulation.admin_site.AdminSite"
