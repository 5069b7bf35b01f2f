from django import template

from clearsight.governance.documents import figure_text

register = template.Library()


@register.filter
def figure(value: object) -> str:
    """A pack figure as text: a rate as a percentage, a count with thousands separators."""
    return figure_text(value)
