"""Session limits, and the second factor for privileged password sign-ins.

Idle: SESSION_IDLE_MINUTES without a request signs the user out (the page warns
SESSION_WARNING_MINUTES before, and "Stay signed in" extends it; WCAG 2.2.1).
Absolute: SESSION_MAX_HOURS after signing in, whatever the activity.
Second factor: see clearsight/accounts/second_factor.py.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from clearsight.accounts.second_factor import needs_second_factor, safe_next, second_factor_url

SIGNED_IN_AT = "clearsight_signed_in_at"
LAST_SEEN_AT = "clearsight_last_seen_at"
TIMED_OUT = "clearsight_timed_out"  # read by the sign-in page, like OIDC_FAILED
OIDC_FAILED = "clearsight_oidc_failed"

# Pages someone who still owes the second factor may open.
SECOND_FACTOR_OPEN = frozenset({
    "accounts:mfa-setup",
    "accounts:mfa-verify",
    "accounts:sign-out",
    "accounts:signed-out",
    "accounts:session-extend",
})


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
                if request.path == reverse(settings.LOGIN_URL):
                    # Already on the way to sign in (the warning script sends people here):
                    # show the page, which explains why, instead of redirecting to itself.
                    return self.get_response(request)
                # Only a page can be returned to: a timed-out form post ("Stay signed in"
                # without JavaScript, say) comes back to the page it was sent from.
                back = request.get_full_path() if request.method == "GET" else safe_next(
                    request, request.POST.get("next"))
                return redirect_to_login(back)
            session[LAST_SEEN_AT] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until a privileged password session passes the second factor, only the second-factor
    pages and signing out are open; everything else redirects there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_factor(request) and not self._open(request):
            next_url = request.get_full_path() if request.method == "GET" else ""
            return redirect(second_factor_url(request.user, next_url))
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in SECOND_FACTOR_OPEN
