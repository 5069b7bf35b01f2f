"""Template helpers for the learning pages (themes, exemplars, the briefing)."""

from django import template

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """A share as a whole percentage, or "c" when it is suppressed or cannot be worked out."""
    return "c" if value is None else f"{value:.0f}%"


@register.filter
def points(value: float | None) -> str:
    """A change in percentage points, signed, or "not shown" when suppressed."""
    return "not shown" if value is None else f"{value:+.0f} points"


@register.filter
def kappa(value: float | None) -> str:
    return "Not enough to tell" if value is None else f"{value:.2f}"


@register.filter
def signed(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}"


SETTLED = frozenset({"agreed", "moderated", "escalated", "completed"})


@register.filter
def findings_settled(audit: object) -> bool:
    """Whether the audit's grades are agreed or moderated, so themes and exemplars apply."""
    return getattr(audit, "status", "") in SETTLED
