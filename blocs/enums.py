from django.db import models
from django.utils.translation import pgettext_lazy


class BlocYearState(models.TextChoices):
    """preparing → scoring → reviewing → voting → closed (the board may step back one state)."""

    PREPARING = "preparing", pgettext_lazy("bloc year state", "Preparing")
    SCORING = "scoring", pgettext_lazy("bloc year state", "Self-scoring")
    REVIEWING = "reviewing", pgettext_lazy("bloc year state", "Reviewing")
    VOTING = "voting", pgettext_lazy("bloc year state", "Voting")
    CLOSED = "closed", pgettext_lazy("bloc year state", "Closed")
