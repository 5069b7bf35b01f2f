"""Session limits: an idle timeout the user can extend, and an absolute lifetime.

Idle: SESSION_IDLE_MINUTES without a request signs the user out (the page warns
SESSION_WARNING_MINUTES before, and "Stay signed in" extends it; WCAG 2.2.1).
Absolute: SESSION_MAX_HOURS after signing in, whatever the activity.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "clearsight_signed_in_at"
LAST_SEEN_AT = "clearsight_last_seen_at"
TIMED_OUT = "clearsight_timed_out"


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            idle = now - last_seen_at > settings.SESSION_IDLE_MINUTES * 60
            expired = now - signed_in_at > settings.SESSION_MAX_HOURS * 3600
            if idle or expired:
                auth.logout(request)
                request.session[TIMED_OUT] = "idle" if idle else "expired"
                return redirect_to_login(request.get_full_path())
            session[LAST_SEEN_AT] = now
        return self.get_response(request)
