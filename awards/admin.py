from . import nomination_admin  # noqa: F401
