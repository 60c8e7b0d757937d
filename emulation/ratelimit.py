"""A small fixed-window rate limiter on the cache (Django's cache framework: Redis in production, the local
memory cache in development and tests).

``too_many(scope, ident, limit, window)`` counts one hit of ``ident`` (a client address) in ``scope`` and says
whether it went over ``limit`` hits in the current ``window`` seconds. ``client_ip(request)`` is the address
to count: ``REMOTE_ADDR``, or the header named by ``settings.RATELIMIT_IP_HEADER`` (e.g. ``HTTP_X_REAL_IP``)
when a reverse proxy sets it (only then: a client can send any header).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    header = getattr(settings, "RATELIMIT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    value = value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    return value or "unknown"


def too_many(scope, ident, limit, window):
    """Count a hit; True when ``ident`` has made more than ``limit`` hits in ``scope`` in this window."""
    if limit <= 0:
        return False
    bucket = int(time.time() // window)
    digest = hashlib.sha256(f"{scope}|{ident}".encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        hits = 1
    return hits > limit
