"""Performance data: forms (input cleaning only; services decide what is valid data)."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from clearsight.organisation.models import User


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the SSDA903 tables)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                # No file chosen comes as an empty list, which would pass unchecked.
                raise ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class DateField(forms.DateField):
    """A date typed as DD/MM/YYYY (or YYYY-MM-DD)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"])
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y",
                                                     attrs={"class": "govuk-input--width-10",
                                                            "inputmode": "numeric"}))
        super().__init__(**kwargs)


def _file_field(label: str, accept: str, noun: str) -> forms.FileField:
    return forms.FileField(
        label=label, allow_empty_file=True,
        error_messages={"required": f"Select {noun}", "missing": f"Select {noun}",
                        "invalid": f"The selected file could not be read. Select {noun}"},
        widget=forms.FileInput(attrs={"accept": accept}))


def _not_future(value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError("The date must be today or in the past")


class AnnexAForm(forms.Form):
    file = _file_field("Upload the Annex A workbook", ".xlsx", "an Annex A workbook (.xlsx)")
    as_at = DateField(
        label="Date the lists were taken",
        help_text="The date the extract was run, for example 30/11/2026. Lists 1 to 9 cover the "
                  "six months before it.",
        validators=[_not_future],
        error_messages={"required": "Enter the date the lists were taken",
                        "invalid": "Enter the date as day, month and year, like 30/11/2026"})


class CinCensusForm(forms.Form):
    file = _file_field("Upload the CIN census file", ".xml,text/xml,application/xml",
                       "a CIN census file (.xml)")
    as_at = DateField(
        label="Date the data runs to (optional)", required=False,
        help_text="Leave blank for a complete year. For a year still running, the date of the "
                  "extract: months after it are not counted.",
        validators=[_not_future],
        error_messages={"invalid": "Enter the date as day, month and year, like 30/11/2026"})


class Ssda903Form(forms.Form):
    tables = MultipleFileField(
        label="Upload the SSDA903 CSV files",
        help_text="Select every table of the year at once: header.csv, episodes.csv, "
                  "reviews.csv and the others.",
        error_messages={"required": "Select the SSDA903 CSV files"},
        widget=MultipleFileInput(attrs={"accept": ".csv,text/csv"}))
    collection_year = forms.TypedChoiceField(
        label="Collection year", coerce=int,
        error_messages={"required": "Select the collection year"})
    as_at = DateField(
        label="Date the data runs to (optional)", required=False,
        help_text="Leave blank for a complete year.", validators=[_not_future],
        error_messages={"invalid": "Enter the date as day, month and year, like 30/11/2026"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = timezone.localdate().year + (1 if timezone.localdate().month >= 4 else 0)
        self.fields["collection_year"].choices = [("", "Select a year")] + [  # type: ignore[attr-defined]
            (year, f"{year - 1}-{year % 100:02d}") for year in range(latest, latest - 8, -1)]


class PopulationForm(forms.Form):
    collection_year = forms.IntegerField(
        label="Collection year ending in March", min_value=2013, max_value=2040,
        help_text="For example 2026 for the year April 2025 to March 2026. DfE uses the "
                  "mid-2025 estimate for it.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={"required": "Enter the year the collection ends in",
                        "min_value": "Enter a year from 2013 to 2040",
                        "max_value": "Enter a year from 2013 to 2040",
                        "invalid": "Enter the year as four digits, like 2026"})
    children = forms.IntegerField(
        label="Children aged 0 to 17", min_value=1, max_value=5_000_000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the number of children aged 0 to 17",
                        "min_value": "Enter a number more than 0",
                        "max_value": "Enter a number no more than 5,000,000",
                        "invalid": "Enter a whole number, like 35000"})
    source = forms.CharField(
        label="Where the figure comes from", max_length=200,
        initial="ONS mid-year estimate", widget=forms.TextInput(),
        error_messages={"required": "Enter where the figure comes from"})


class ProfileForm(forms.Form):
    name = forms.CharField(label="Authority name", max_length=120,
                           error_messages={"required": "Enter the authority's name"})
    la_code = forms.RegexField(
        label="DfE local authority number", regex=r"^\d{3}$", required=False,
        help_text="Three digits, for example 884",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the local authority number as three digits"})
    comparator_la_code = forms.RegexField(
        label="Compare with the region and neighbours of", regex=r"^\d{3}$", required=False,
        help_text="Three digits. Leave blank to use your own number.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the local authority number as three digits"})
    neighbour_model = forms.ChoiceField(
        label="Statistical neighbours", widget=forms.RadioSelect,
        choices=[("2025", "DfE 2025 model"), ("2021", "DfE 2021 model")])
    version = forms.IntegerField(widget=forms.HiddenInput)


class IndicatorSettingForm(forms.Form):
    owner = forms.ModelChoiceField(
        label="Owner", required=False, queryset=User.objects.none(),
        help_text="Told by email when a special-cause signal appears",
        empty_label="No owner")
    target = forms.FloatField(
        label="Target (optional)", required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5", "step": "any"}),
        error_messages={"invalid": "Enter the target as a number, like 85"})
    baseline_start = DateField(
        label="Baseline starts (optional)", required=False,
        help_text="The process limits are worked out from the months between these dates. "
                  "Leave both blank to use every month.",
        error_messages={"invalid": "Enter the date as day, month and year, like 01/04/2024"})
    baseline_end = DateField(
        label="Baseline ends (optional)", required=False,
        error_messages={"invalid": "Enter the date as day, month and year, like 31/03/2025"})
    run_length = forms.TypedChoiceField(
        label="A run is", coerce=int, widget=forms.RadioSelect,
        choices=[(7, "7 points in a row on one side of the mean"),
                 (8, "8 points in a row on one side of the mean")])
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, role_grants__isnull=False).distinct().order_by(
            "last_name", "first_name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("baseline_start"), cleaned.get("baseline_end")
        if start and end and end < start:
            self.add_error("baseline_end", "The baseline must end after it starts")
        return cleaned
