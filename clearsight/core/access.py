"""Who may open which page: every view declares its rule here, once.

Each view is wrapped by exactly one of `public`, `signed_in` or `for_roles`. The wrapper both
enforces the rule and records it on the view (`view.access_rule`), so the authorisation-matrix
test can walk every URL and fail on any route that has no declared rule.

Roles are the string codes in `clearsight.organisation.roles.Role`; object-level rules (which
child, which team) live in each app's `*_get_for_user` selectors, which answer 404 both for a
record that does not exist and for one the user may not see.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

# Any response: class-based views (`as_view()`) are typed to return the base class.
View = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class AccessRule:
    kind: str  # "public", "signed_in" or "roles"
    roles: frozenset[str] = frozenset()
    child_data: bool = False  # shows child-level data: every view writes one access-log row

    def allows(self, user: Any) -> bool:
        if self.kind == "public":
            return True
        if not user.is_authenticated:
            return False
        if self.kind == "signed_in":
            return True
        return bool(self.roles & set(user.role_codes()))


def _declare(rule: AccessRule) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if rule.kind != "public":
                if not request.user.is_authenticated:
                    # After signing in, people can only be sent back to a page (a GET).
                    back = request.get_full_path() if request.method == "GET" else "/"
                    return redirect_to_login(back)
                if not rule.allows(request.user):
                    raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule  # type: ignore[attr-defined]
        return wrapped

    return decorator


def declared_rule(view: Callable[..., object]) -> AccessRule | None:
    """The rule a view was wrapped with, or None for a view with no declared rule."""
    return getattr(view, "access_rule", None)


def public(view: View) -> View:
    """Open to anyone, signed in or not (sign-in, accessibility statement)."""
    return _declare(AccessRule("public"))(view)


def signed_in(view: View) -> View:
    """Any signed-in member of staff, whatever their role."""
    return _declare(AccessRule("signed_in"))(view)


def for_roles(*roles: str | Iterable[str], child_data: bool = False) -> Callable[[View], View]:
    """Staff holding at least one of `roles`. `child_data=True` marks child-level pages."""
    codes: set[str] = set()
    for role in roles:
        codes.update([role] if isinstance(role, str) else role)
    return _declare(AccessRule("roles", frozenset(codes), child_data))
