from django.dispatch import Signal

# Sent by ``services.progress`` at each progress point, in the worker, with ``job`` and ``value``
# (0-100) and ``phase`` (the phase's name). Tests read progress through it; apps may too.
job_progress = Signal()
