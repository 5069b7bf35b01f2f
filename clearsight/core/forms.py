"""GOV.UK Design System markup for every Django form (ADR 0001).

Views render forms as usual (`{{ form }}`); this renderer swaps Django's default markup for
GOV.UK components. The error summary is a separate include, `govuk/error_summary.html`, placed
at the top of the page by the base template's `error_form` block.
"""

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
}


def widget_class(widget: forms.Widget) -> str:
    for widget_type in type(widget).__mro__:
        if widget_type in WIDGET_CLASSES:
            return WIDGET_CLASSES[widget_type]
    return "govuk-input"


class GovukBoundField(BoundField):
    """Adds GOV.UK classes, error modifiers and the describedby links to each widget."""

    @property
    def govuk_kind(self) -> str:
        widget = self.field.widget
        if isinstance(widget, forms.RadioSelect):
            return "radios"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        return "single"

    @property
    def first_input_id(self) -> str:
        """Where the error summary link should land: the first option of a group."""
        if self.govuk_kind in ("radios", "checkboxes"):
            return f"{self.auto_id}_0"
        return str(self.auto_id)

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = [widget_class(widget)]
        if self.errors and css[0] in ("govuk-input", "govuk-textarea", "govuk-select",
                                      "govuk-file-upload"):
            css.append(f"{css[0]}--error")
        extra = widget.attrs.get("class")
        if extra:
            css.append(extra)
        attrs["class"] = " ".join(css)
        return attrs


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"
    bound_field_class = GovukBoundField
