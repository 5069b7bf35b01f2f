"""Private fostering forms (input cleaning only)."""

from typing import Any

from django import forms

from clearsight.fostering.models import Arrangement, AwarenessActivity, Notice, NotifiedBy
from clearsight.organisation.models import Team, User

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]


class DateField(forms.DateField):
    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs={
            "class": "govuk-input--width-10", "inputmode": "numeric"}))
        kwargs.setdefault("help_text", "For example, 27/03/2026")
        kwargs["error_messages"] = {"required": f"Enter the {label.lower()}",
                                    "invalid": "Enter a real date, like 27/03/2026"}
        super().__init__(label=label, required=required, **kwargs)


def _radios(label: str, choices: Any, noun: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages={"required": f"Select {noun}"})


class NamedUser(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class NotificationForm(forms.Form):
    kind = _radios("What were you told about?", Arrangement.Kind.choices,
                   "whether the arrangement is proposed or already in place")
    notified_on = DateField(label="Date of the notification")
    notified_by = _radios("Who told us?", NotifiedBy.choices, "who told us")
    notifier_detail = forms.CharField(label="Name and organisation of who told us",
                                      required=False, max_length=200)
    child_id = forms.CharField(label="Child ID", max_length=40,
                               help_text="The child's pseudonymous ID from the case system",
                               error_messages={"required": "Enter the child ID"})
    carer_name = forms.CharField(label="Name of the private foster carer", max_length=200,
                                 error_messages={"required": "Enter the carer's name"})
    carer_relationship = forms.CharField(label="Carer's relationship to the child",
                                         required=False, max_length=200)
    starts_on = DateField(label="Date the arrangement starts or started")
    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.none(),
                                  empty_label="Choose a team",
                                  error_messages={"required": "Choose a team"})
    social_worker = NamedUser(label="Social worker", queryset=User.objects.none(),
                              required=False, empty_label="Not yet allocated")

    def __init__(self, *args: Any, teams: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["social_worker"].queryset = workers  # type: ignore[attr-defined]


class VisitForm(forms.Form):
    visited_on = DateField(label="Date of the visit")
    seen_alone = forms.TypedChoiceField(
        label="Was the child seen alone?", choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child was seen alone"})
    report = forms.CharField(label="Report of the visit", widget=forms.Textarea(
        attrs={"rows": 6}), error_messages={"required": "Write the report of the visit"},
        help_text="What you saw and heard, the child's views, and anything that needs doing")


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = _radios("Is the arrangement suitable?", Arrangement.Decision.choices,
                       "a decision")
    decided_on = DateField(label="Date of the decision")
    assessment = forms.CharField(label="Suitability assessment",
                                 widget=forms.Textarea(attrs={"rows": 6}),
                                 error_messages={"required": "Write the assessment"})


class NoticeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = _radios("What kind of notice is it?", Notice.Kind.choices, "the kind of notice")
    received_on = DateField(label="Date the notice was received")
    details = forms.CharField(label="What has changed", widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Say what has changed"})


class AwarenessForm(forms.Form):
    held_on = DateField(label="Date")
    audience = _radios("Who was it for?", AwarenessActivity.Audience.choices, "who it was for")
    description = forms.CharField(label="What was done", widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages={"required": "Say what was done"})
    reached = forms.IntegerField(label="Number of people reached (if known)", required=False,
                                 min_value=0, widget=forms.NumberInput(
                                     attrs={"class": "govuk-input--width-5"}))
