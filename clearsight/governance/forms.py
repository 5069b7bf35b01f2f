"""Governance packs: the request form (input cleaning only)."""

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from clearsight.governance.workflow import PackKind


class PackRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Which pack", choices=PackKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose which pack to make"})
    end = forms.DateField(
        label="Board pack: the last day of the six weeks", required=False,
        help_text="For example 27/11/2026. Leave it empty for today.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10",
                                                         "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the date as day/month/year, for example 27/11/2026"})
    quarter = forms.ChoiceField(label="Quarterly report: the quarter", required=False)

    def __init__(self, *args: Any, today: date, quarters: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        cast(forms.ChoiceField, self.fields["quarter"]).choices = quarters

    def clean_end(self) -> date:
        end: date | None = self.cleaned_data.get("end")
        if end is None:
            return self.today
        if end > self.today:
            raise ValidationError("The last day of the six weeks must be today or earlier")
        return end
