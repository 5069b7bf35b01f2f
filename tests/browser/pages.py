"""Every page a role can open, found by walking Django's URL resolver.

Patterns without arguments are visited as they are. Patterns with arguments need a sample
record: SAMPLE_ARGUMENTS fills them from the signed-in user's own team and cases. A new
pattern with arguments and no entry there fails loudly rather than going unchecked.
Django's admin site (everything under /admin/) is left out: it is Django's own markup, not
GOV.UK's, and only administrators use it.
POST-only routes are recognised when they answer GET with 405 and are skipped then.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clearsight.organisation.models import User
from clearsight.organisation.roles import Role

SKIPPED_NAMESPACES = ("admin",)
SKIPPED_PREFIXES = ("/admin/",)  # includes /admin/login/, which only redirects to our sign-in


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "" for an unnamed pattern
    path: str  # "/cases/<str:case_ref>/"
    arguments: tuple[str, ...]
    view: Callable[..., object]

    def reachable_by(self, role: str) -> bool:
        rule = getattr(self.view, "access_rule", None)
        if rule is None or rule.kind in ("public", "signed_in"):
            return True
        return role in rule.roles


def _walk(resolver: URLResolver, namespace: str, prefix: str) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            path = "/" + prefix + str(entry.pattern)
            if path.startswith(SKIPPED_PREFIXES):
                continue
            arguments = tuple(entry.pattern.regex.groupindex)
            yield Route(name, path, arguments, entry.callback)


def routes() -> list[Route]:
    return list(_walk(get_resolver(), "", ""))


def role_routes() -> list[tuple[str, Route]]:
    """(role, route) for every route each role may open."""
    return [(role.value, route) for role in Role for route in routes()
            if route.reachable_by(role.value)]


def public_routes() -> list[Route]:
    """Routes open to people who are not signed in."""
    return [route for route in routes()
            if getattr(getattr(route.view, "access_rule", None), "kind", "") == "public"]


def _a_case_of(user: User) -> dict[str, str]:
    case = user.allocated_cases.filter(closed_on__isnull=True).order_by("case_ref").first()
    assert case is not None, f"{user} has no open case to visit"
    return {"case_ref": case.case_ref}


def _an_import_for(user: User) -> dict[str, str]:
    from clearsight.organisation.selectors import import_list_for_user

    record = import_list_for_user(user=user).filter(imported_by=user).order_by("pk").first()
    assert record is not None, f"{user} can read none of their imports"
    return {"pk": str(record.pk)}


# route name -> the URL arguments for a record the user may see (made by helpers.make_user).
SAMPLE_ARGUMENTS: dict[str, Callable[[User], dict[str, str]]] = {
    "casework:case-detail": _a_case_of,
    "organisation:team-detail": lambda user: {"code": user.team.code},
    "organisation:import-detail": _an_import_for,
}


def url_for(route: Route, user: User | None) -> str:
    if not route.arguments:
        return reverse(route.name) if route.name else route.path
    fill = SAMPLE_ARGUMENTS.get(route.name)
    if fill is None or user is None:
        raise LookupError(
            f"No sample arguments for {route.name} ({route.path}): add an entry to "
            "SAMPLE_ARGUMENTS in tests/browser/pages.py so the page is checked."
        )
    return reverse(route.name, kwargs=fill(user))
