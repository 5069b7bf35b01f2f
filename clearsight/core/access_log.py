"""Writing the access log. Views call `log_access` once per child-level page or export."""

from django.http import HttpRequest

from clearsight.core.models import AccessLogEntry


def log_access(
    *, request: HttpRequest, object_type: str, object_id: object, action: str = "view"
) -> AccessLogEntry:
    user = request.user
    roles: list[str] = getattr(user, "role_codes", lambda: [])()
    return AccessLogEntry.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "",
        roles=",".join(sorted(roles)),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        path=request.path[:300],
    )
