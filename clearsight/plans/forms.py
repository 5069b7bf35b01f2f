"""Improvement plans: forms (input cleaning only; services decide what is valid)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from clearsight.organisation.models import User
from clearsight.plans.models import MeasureLink
from clearsight.plans.workflow import ACTION_TRANSITIONS, RAG_MEANING, ActionStep, Rag


class DateField(forms.DateField):
    """A date typed as DD/MM/YYYY (or YYYY-MM-DD)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"])
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y",
                                                     attrs={"class": "govuk-input--width-10",
                                                            "inputmode": "numeric"}))
        super().__init__(**kwargs)


class PlanFields(forms.Form):
    name = forms.CharField(label="Name of the plan", max_length=120,
                           help_text='For example "Phase 3"',
                           error_messages={"required": "Enter a name for the plan"})
    starts_on = DateField(label="Starts on", help_text="For example 01/04/2025",
                          error_messages={"required": "Enter the date the plan starts",
                                          "invalid": "Enter the date as day, month and year, "
                                                     "like 01/04/2025"})
    ends_on = DateField(label="Ends on", help_text="For example 31/03/2026",
                        error_messages={"required": "Enter the date the plan ends",
                                        "invalid": "Enter the date as day, month and year, "
                                                   "like 31/03/2026"})
    summary = forms.CharField(label="Summary (optional)", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The plan must end after it starts")
        return cleaned


class PlanImportForm(PlanFields):
    file = forms.FileField(
        label="Upload the plan", allow_empty_file=True,
        help_text="An Excel workbook (.xlsx) or a CSV file, one row per action",
        error_messages={"required": "Select the plan as an .xlsx or .csv file",
                        "invalid": "The selected file could not be read. Select the plan as an "
                                   ".xlsx or .csv file"},
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}))
    field_order = ["file", "name", "starts_on", "ends_on", "summary"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError("The selected file must be an .xlsx or .csv file")
        return upload


class PlanEditForm(PlanFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProgressForm(forms.Form):
    text = forms.CharField(label="What has happened", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Enter what has happened"})
    evidence = forms.CharField(
        label="Evidence (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Where someone can check it: a report, minutes of a meeting, a set of figures")
    happened_on = DateField(label="Date", help_text="For example 14/10/2025",
                            error_messages={"required": "Enter the date",
                                            "invalid": "Enter the date as day, month and year, "
                                                       "like 14/10/2025"})
    step = forms.ChoiceField(label="Has the action's status changed?", required=False,
                             widget=forms.RadioSelect)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, status: str, steps: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {ActionStep.START: "Yes, it has started",
                  ActionStep.COMPLETE: "Yes, it is complete",
                  ActionStep.REOPEN: "Yes, it needs more work (reopen it)",
                  ActionStep.WITHDRAW: "Yes, it has been withdrawn",
                  ActionStep.REINSTATE: "Yes, it is back in the plan"}
        choices = [("", "No change")]
        choices += [(step, labels[ActionStep(step)]) for step in steps
                    if (status, step) in ACTION_TRANSITIONS]
        self.fields["step"].choices = choices  # type: ignore[attr-defined]
        self.fields["step"].initial = ""


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label="RAG rating", widget=forms.RadioSelect,
        choices=[(rag.value, f"{rag.label}: {RAG_MEANING[rag]}") for rag in Rag],
        error_messages={"required": "Choose red, amber or green"})
    reason = forms.CharField(
        label="Why this rating", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it rests on, and what would change it",
        error_messages={"required": "Explain why you chose this rating"})
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecommendationForm(forms.Form):
    title = forms.CharField(label="Short title", max_length=200,
                            error_messages={"required": "Enter a short title for the "
                                                        "recommendation"})
    text = forms.CharField(label="The recommendation in full (optional)", required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))


class RecommendationEditForm(RecommendationForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionForm(forms.Form):
    text = forms.CharField(label="What will be done", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter what will be done"})
    owner = forms.ModelChoiceField(
        label="Owner (a person)", required=False, queryset=User.objects.none(),
        empty_label="Not a person: a forum owns it",
        help_text="They can then record progress and set the RAG rating themselves")
    owner_forum = forms.CharField(label="Or the forum that owns it", required=False,
                                  max_length=200,
                                  help_text="For example Corporate parenting board")
    partners = forms.CharField(label="Partners (optional)", required=False, max_length=300)
    timescale = forms.CharField(
        label="Timescale", max_length=30,
        help_text="A financial quarter such as Q2 2025/26, or a date such as 30/09/2025",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter a quarter or a date"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, role_grants__isnull=False).distinct().order_by(
            "last_name", "first_name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("owner") and cleaned.get("owner_forum"):
            self.add_error("owner_forum", "Name a person or a forum, not both")
        elif not cleaned.get("owner") and not cleaned.get("owner_forum"):
            self.add_error("owner", "Choose the person who owns the action, or name the forum")
        return cleaned


class ActionEditForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of measure", widget=forms.RadioSelect,
                             choices=MeasureLink.Kind.choices,
                             error_messages={"required": "Choose the kind of measure"})
    reference = forms.CharField(
        label="Code (optional for audit evidence and feedback)", required=False,
        max_length=40,
        help_text="An indicator's code, such as F09; an audit domain's code, overall, or theme: "
                  "and a thematic audit's name; a feedback question's code, such as "
                  "listened_to. The codes are listed below the form",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}))
    note = forms.CharField(label="Description (optional when you give a code)", required=False,
                           max_length=300)
