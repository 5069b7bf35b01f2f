"""A small fixed-window rate limiter on Django's cache, for public pages that take guesses
(a survey code, a survey link). django-axes guards sign-in only, so pages without an account
use this instead.

`too_many(key, limit=..., window=...)` says whether `key` has already used up its attempts in
the current window; `record(key, window=...)` counts one more. Count only what should be limited
(failed guesses, say), so honest use never locks anyone out. With the Redis cache the counts
are shared by every worker; with the local-memory cache (one process) they are per process.
"""

from django.core.cache import cache
from django.http import HttpRequest

PREFIX = "rate-limit"


def client_key(request: HttpRequest, scope: str) -> str:
    """The key for one client on one kind of page. REMOTE_ADDR is the address the proxy in
    front of gunicorn passes on; a shared address shares its limit."""
    address = request.META.get("REMOTE_ADDR", "unknown")
    return f"{PREFIX}:{scope}:{address}"


def too_many(key: str, *, limit: int) -> bool:
    return int(cache.get(key, 0)) >= limit


def record(key: str, *, window: int) -> int:
    """Count one attempt; the count disappears `window` seconds after the first one."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def reset(key: str) -> None:
    cache.delete(key)
