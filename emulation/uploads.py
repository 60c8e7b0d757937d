"""Checks on uploaded files, shared by every app that accepts them."""

import os

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import DomainError


def check_upload(file, field="file"):
    """Refuse files above ``settings.UPLOAD_MAX_BYTES`` or with an extension not in ``UPLOAD_EXTENSIONS``."""
    if file is None:
        raise DomainError(_("Choose a file."), field=field)
    ext = os.path.splitext(file.name)[1].lower().lstrip(".")
    if ext not in settings.UPLOAD_EXTENSIONS:
        raise DomainError(
            _("Files of this type are not accepted. Accepted: %(types)s.")
            % {"types": ", ".join(settings.UPLOAD_EXTENSIONS)},
            field=field,
        )
    if file.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            field=field,
        )
