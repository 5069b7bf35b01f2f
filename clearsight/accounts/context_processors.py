from django.conf import settings
from django.http import HttpRequest

from clearsight.accounts.navigation import navigation_for
from clearsight.accounts.second_factor import needs_second_factor


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        # No menu until the second factor is done: every link would lead back to it.
        "navigation": [] if needs_second_factor(request) else navigation_for(user, request.path),
        "session_idle_seconds": settings.SESSION_IDLE_MINUTES * 60,
        "session_warning_seconds": settings.SESSION_WARNING_MINUTES * 60,
    }
