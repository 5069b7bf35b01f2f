"""Small template helpers for the audit pages."""

from typing import Any

from django import template

register = template.Library()

STATUS_COLOURS = {"drawn": "grey", "allocated": "blue", "in_progress": "light-blue",
                  "agreed": "turquoise", "moderation": "yellow", "moderated": "purple",
                  "escalated": "red", "completed": "green", "withdrawn": "grey"}
GRADE_COLOURS = {"outstanding": "green", "good": "turquoise", "requires_improvement": "yellow",
                 "inadequate": "red"}


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """`mapping|get:key` for a dict (None when missing)."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.inclusion_tag("audits/_status.html")
def status_tag(audit: Any) -> dict[str, Any]:
    return {"label": audit.get_status_display(),
            "colour": STATUS_COLOURS.get(audit.status, "grey")}


@register.inclusion_tag("audits/_grade.html")
def grade_tag(code: str) -> dict[str, Any]:
    from clearsight.audits.models import Grade

    label = Grade(code).label if code in Grade.values else "Not graded"
    return {"label": label, "colour": GRADE_COLOURS.get(code, "grey")}
