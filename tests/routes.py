"""Every URL pattern in Clearsight, walked from the resolver."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    path: str  # "/cases/<str:case_ref>/"
    arguments: tuple[str, ...]  # the URL's keyword arguments, e.g. ("case_ref",)
    callback: object


def iter_routes(resolver: URLResolver | None = None, namespace: str = "",
                prefix: str = "") -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_routes(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed>"
            arguments = tuple(entry.pattern.regex.groupindex)
            yield Route(name, "/" + prefix + str(entry.pattern), arguments, entry.callback)


def app_routes() -> list[Route]:
    """Clearsight's own routes: everything except Django's admin site."""
    return [route for route in iter_routes() if not route.name.startswith("admin:")]
