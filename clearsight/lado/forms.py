"""LADO register forms (input cleaning only; services decide what the register accepts)."""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from clearsight.lado.models import (
    OUTCOME_DEFINITIONS,
    Category,
    Decision,
    HarmTest,
    Meeting,
    Outcome,
    ReferralKind,
    Sector,
)
from clearsight.organisation.models import User

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]


class DateField(forms.DateField):
    """A date typed as DD/MM/YYYY."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs={
            "class": "govuk-input--width-10", "inputmode": "numeric"}))
        kwargs.setdefault("error_messages", {"invalid": "Enter a real date, like 27/03/2026"})
        super().__init__(**kwargs)


def _text(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=200,
                           error_messages={"required": f"Enter {label.lower()}"})


def _area(label: str, *, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": f"Enter {label.lower()}"})


def _radios(label: str, choices: Any, noun: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages={"required": f"Select {noun}"})


class ReferralForm(forms.Form):
    kind = _radios("Is this a referral or a consultation?", ReferralKind.choices,
                   "referral or consultation")
    received_on = DateField(label="Date received", help_text="For example, 27/03/2026",
                            error_messages={"required": "Enter the date received",
                                            "invalid": "Enter a real date, like 27/03/2026"})
    received_time = forms.TimeField(
        label="Time received", help_text="Use the 24-hour clock, for example 14:30",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time received",
                        "invalid": "Enter a time like 14:30"})
    referrer_name = _text("Name of the person referring")
    referrer_agency = _text("Their agency or organisation")
    subject_name = _text("Name of the person the allegation is about")
    subject_role = _text("Their role", help_text="For example, class teacher or sports coach")
    employer = _text("Their employer")
    sector = _radios("Sector", Sector.choices, "the sector")
    child_ids = forms.CharField(
        label="Children concerned", required=False, max_length=500,
        help_text="Pseudonymous child IDs from the case system, separated by commas")
    description = _area("What is alleged", required=True)
    harm_test = _radios("Which part of the harm threshold does it concern?", HarmTest.choices,
                        "the part of the harm threshold")
    category = _radios("Category", Category.choices, "a category")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, moment = data.get("received_on"), data.get("received_time")
        if day and moment:
            received = timezone.make_aware(datetime.combine(day, moment))
            if received > timezone.now():
                self.add_error("received_on", "The date and time received must be in the past")
            data["received_at"] = received
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("received_on")
        data.pop("received_time")
        return data


class ReferralUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    referrer_name = _text("Name of the person referring")
    referrer_agency = _text("Their agency or organisation")
    subject_name = _text("Name of the person the allegation is about")
    subject_role = _text("Their role")
    employer = _text("Their employer")
    sector = _radios("Sector", Sector.choices, "the sector")
    child_ids = forms.CharField(label="Children concerned", required=False, max_length=500,
                                help_text="Pseudonymous child IDs, separated by commas")
    discussion = _area("What was discussed")
    support_child = _area("Support offered to the child")
    support_person = _area("Support offered to the person")
    rationale = _area("Rationale for decisions")
    police_involved = forms.BooleanField(label="The police are involved", required=False)
    employer_involved = forms.BooleanField(label="The employer is involved", required=False)
    regulator_involved = forms.BooleanField(label="A regulator is involved", required=False)
    suspended_on = DateField(label="Date suspended (if the person was suspended)",
                             required=False)
    dbs_referred_on = DateField(label="Date referred to the Disclosure and Barring Service",
                                required=False)
    regulator_referred_on = DateField(label="Date referred to a professional regulator",
                                      required=False)
    regulator_name = forms.CharField(label="Which regulator", required=False, max_length=200,
                                     help_text="For example, the Teaching Regulation Agency")


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = _radios("Decision", Decision.choices, "a decision")
    considered_on = DateField(label="Date of the initial consideration",
                              error_messages={"required": "Enter the date of the consideration",
                                              "invalid": "Enter a real date, like 27/03/2026"})
    rationale = _area("Rationale for the decision", required=True)


class AllegationForm(forms.Form):
    description = _area("What is alleged", required=True)
    harm_test = _radios("Which part of the harm threshold does it concern?", HarmTest.choices,
                        "the part of the harm threshold")
    category = _radios("Category", Category.choices, "a category")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome", widget=forms.RadioSelect,
        choices=[(value, f"{label}: {OUTCOME_DEFINITIONS[Outcome(value)]}")
                 for value, label in Outcome.choices],
        error_messages={"required": "Select an outcome"})
    resolved_on = DateField(label="Date resolved",
                            error_messages={"required": "Enter the date resolved",
                                            "invalid": "Enter a real date, like 27/03/2026"})


class MeetingForm(forms.Form):
    kind = _radios("Type of meeting", Meeting.Kind.choices, "the type of meeting")
    held_on = DateField(label="Date held", error_messages={
        "required": "Enter the date held", "invalid": "Enter a real date, like 27/03/2026"})
    attendees = _area("Who attended", required=True,
                      help_text="One per line, with their role and agency")
    discussion = _area("What was discussed")
    actions = _area("Actions agreed", help_text="Who will do what, and by when")
    next_meeting_on = DateField(label="Date of the next meeting (if one is planned)",
                                required=False)


class OversightForm(forms.Form):
    note = _area("Oversight note", required=True,
                 help_text="Your view of the work so far and any direction you give")


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    closed_on = DateField(label="Date closed", error_messages={
        "required": "Enter the date closed", "invalid": "Enter a real date, like 27/03/2026"})


class ReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = _area("Why is the referral being reopened?", required=True)


class SeniorManagerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name}, {obj.job_title}" if obj.job_title else obj.display_name


class SettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    senior_manager = SeniorManagerChoice(
        label="Named senior manager", required=False, queryset=User.objects.none(),
        empty_label="No one named",
        help_text="The one senior manager who may read every LADO record and writes the "
                  "management oversight")
    retention_years = forms.IntegerField(
        label="Years to keep a closed referral", min_value=1, max_value=100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Enter the number of years",
                        "min_value": "Enter a number from 1 to 100",
                        "max_value": "Enter a number from 1 to 100"})

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["senior_manager"].queryset = candidates  # type: ignore[attr-defined]


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year + 1:
            raise ValidationError("Choose a year that has begun")
        return int(year)

