"""Complaints and compliments: forms (input cleaning only; services hold the rules)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from clearsight.complaints.models import (
    ComplainantType,
    ComplimentCategory,
    GiverType,
    Outcome,
    Satisfaction,
    Source,
    Theme,
)
from clearsight.organisation.models import Team, User
from clearsight.organisation.roles import Role

DATE_ERRORS = {"invalid": "Enter the date as day, month and year, like 30/11/2026"}


class DateField(forms.DateField):
    """A date typed as DD/MM/YYYY (or YYYY-MM-DD)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"])
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs={
            "class": "govuk-input--width-10", "inputmode": "numeric"}))
        kwargs.setdefault("help_text", "For example, 30/11/2026")
        label = str(kwargs.get("label", "the date")).lower()
        errors = {"required": f"Enter {label}", **DATE_ERRORS}
        errors.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=errors, **kwargs)


def _text(label: str, *, required: bool = True, help_text: str = "", rows: int = 4,
          max_length: int | None = None) -> forms.CharField:
    widget: forms.Widget = (forms.Textarea(attrs={"rows": rows}) if max_length is None
                            else forms.TextInput())
    return forms.CharField(label=label, required=required, help_text=help_text,
                           max_length=max_length, widget=widget,
                           error_messages={"required": f"Enter {label.lower()}"})


def _choice(label: str, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             required=required,
                             error_messages={"required": f"Select {label.lower()}"})


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        team = f" ({obj.team.name})" if obj.team_id else ""
        return f"{obj.display_name}{team}"


def staff_queryset() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related("team").order_by(
        "last_name", "first_name")


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ComplaintForm(forms.Form):
    received_on = DateField(label="Date received", help_text="Day 0 of the procedure. For "
                                                             "example, 30/11/2026")
    source = _choice("How it came in", Source.choices)
    complainant_type = _choice("Who is complaining", ComplainantType.choices)
    complainant_name = _text("Complainant's name", max_length=120)
    summary = _text("What the complaint is about", rows=5)
    case_ref = forms.CharField(label="Case reference (optional)", required=False, max_length=40,
                               help_text="The case of the child the complaint is about, if any",
                               widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}))
    team = forms.ModelChoiceField(label="Team (optional when a case is given)",
                                  queryset=Team.objects.filter(is_active=True), required=False,
                                  empty_label="The case's team")
    worker = UserChoiceField(label="Member of staff complained about (optional)",
                             queryset=User.objects.none(), required=False,
                             empty_label="Nobody named")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = staff_queryset()  # type: ignore[attr-defined]


class AllocateForm(Versioned):
    qa_officer = UserChoiceField(label="QA officer", queryset=User.objects.none(),
                                 error_messages={"required": "Select the QA officer"})
    on = DateField(label="Date allocated", help_text="Due on day 1. For example, 30/11/2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qa_officer"].queryset = staff_queryset().filter(  # type: ignore[attr-defined]
            role_grants__role=Role.QA_OFFICER)


class ContactForm(Versioned):
    on = DateField(label="Date of first contact")
    advocate_offered = forms.BooleanField(
        label="An advocate was offered", required=False,
        help_text="Always offer a child or young person an advocate")
    note = _text("Note (optional)", required=False, rows=3)


class MeetingForm(Versioned):
    on = DateField(label="Date of the initial meeting")
    note = _text("What was discussed (optional)", required=False)


class PointForm(Versioned):
    on = DateField(label="Date the point was agreed")
    text = _text("The complaint point", rows=3)
    theme = forms.ChoiceField(label="Theme", choices=Theme.choices)
    restart_clock = forms.BooleanField(
        label="Restart the stage 1 clock from this date", required=False,
        help_text="Only when new points were added at the meeting, with the agreement of the "
                  "manager of the complaints team")
    restart_reason = _text("Reason for restarting the clock", required=False, rows=2)


class ResolveEarlyForm(Versioned):
    on = DateField(label="Date resolved")
    note = _text("How it was resolved")
    satisfaction = _choice("Is the complainant satisfied", Satisfaction.choices)


class DateOnlyForm(Versioned):
    on = DateField(label="Date")


class PauseForm(Versioned):
    on = DateField(label="Date the pause starts")
    reason = _text("Reason", max_length=200,
                   help_text="For example, arranging an advocate for the child")


class ResumeForm(Versioned):
    on = DateField(label="Date the clock restarts")


class ExtendForm(Versioned):
    new_due = DateField(label="New response date")
    agreed_on = DateField(label="Date of the complainant's written agreement",
                          help_text="An extension needs their agreement in writing, copied to "
                                    "the complaints team. For example, 30/11/2026")
    reason = _text("Reason for the extension", rows=3)


class SignOffForm(Versioned):
    on = DateField(label="Date quality assured")
    note = _text("Comments (optional)", required=False, rows=3)


class RespondForm(Versioned):
    on = DateField(label="Date the response was sent")
    response_summary = _text("Summary of the response", rows=5)
    good_practice = _text("Good practice found (optional)", required=False, rows=3,
                          help_text="For the quarterly learning bulletin, for example: "
                                    "phone calls and emails were recorded and easy to find")
    copy_on_case_file = forms.BooleanField(
        label="A copy is on the child's case file, labelled 'stage 1 complaint response'",
        required=False)


class MediateForm(Versioned):
    on = DateField(label="Date of mediation")
    note = _text("What was agreed")


class EscalateForm(Versioned):
    requested_on = DateField(label="Date stage 2 was asked for")
    investigating_officer = _text("Investigating officer", max_length=120)
    independent_person = _text("Independent person", max_length=120)
    late_reason = _text("Reason a late request is accepted (only if late)", required=False,
                        rows=2)


class ExtendStage2Form(Versioned):
    new_due = DateField(label="New response date", help_text="Up to 65 working days from the "
                                                              "request. For example, 30/11/2026")
    reason = _text("Reason for the extension", rows=3)


class RespondStage2Form(Versioned):
    on = DateField(label="Date the stage 2 response was sent")
    outcome = _choice("Outcome", Outcome.choices)


class EscalateStage3Form(Versioned):
    requested_on = DateField(label="Date the review panel was asked for")
    late_reason = _text("Reason a late request is accepted (only if late)", required=False,
                        rows=2)


class PanelForm(Versioned):
    on = DateField(label="Date the panel met")
    outcome = _choice("Outcome", Outcome.choices)
    note = _text("The panel's recommendations (optional)", required=False)


class CloseForm(Versioned):
    on = DateField(label="Date closed")
    satisfaction = _choice("How satisfied is the complainant", Satisfaction.choices)
    remedy = _text("Remedy (optional)", required=False, rows=3,
                   help_text="For example, an apology, a meeting, or putting something right")
    payment = forms.DecimalField(label="Payment in pounds (optional)", required=False,
                                 min_value=Decimal(0), max_digits=9, decimal_places=2,
                                 widget=forms.TextInput(attrs={"class": "govuk-input--width-5",
                                                               "inputmode": "decimal"}),
                                 error_messages={"invalid": "Enter the payment as a number, "
                                                            "like 50 or 50.00"})
    note = _text("Note (optional)", required=False, rows=3)


class OmbudsmanForm(Versioned):
    on = DateField(label="Date referred")
    ombudsman_reference = _text("Ombudsman's reference (optional)", required=False,
                                max_length=40)


class WithdrawForm(Versioned):
    on = DateField(label="Date withdrawn")
    note = _text("How they told us, and why (if they said)", rows=3)


class PointOutcomeForm(Versioned):
    outcome = _choice("Outcome", Outcome.choices)
    finding = _text("What the investigation found", rows=5)


class LearningForm(forms.Form):
    learning = _text("What was learned", rows=3)
    action = _text("The action", rows=3)
    owner = UserChoiceField(label="Owner", queryset=User.objects.none(),
                            error_messages={"required": "Select the owner"})
    due_on = DateField(label="Due date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_queryset()  # type: ignore[attr-defined]


class CompleteForm(Versioned):
    on = DateField(label="Date completed")


class ComplimentForm(forms.Form):
    received_on = DateField(label="Date received")
    staff = UserChoiceField(label="Member of staff praised", queryset=User.objects.none(),
                            error_messages={"required": "Select the member of staff"})
    category = forms.ChoiceField(label="Category", choices=ComplimentCategory.choices)
    giver_type = _choice("Who gave it", GiverType.choices)
    giver_name = _text("Their name (optional)", required=False, max_length=120,
                       help_text="Leave blank if they asked not to be named")
    text = _text("What they said", rows=5)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset()  # type: ignore[attr-defined]


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "allocate": AllocateForm,
    "record_contact": ContactForm,
    "record_meeting": MeetingForm,
    "add_point": PointForm,
    "resolve_early": ResolveEarlyForm,
    "start_stage1": DateOnlyForm,
    "pause": PauseForm,
    "resume": ResumeForm,
    "extend": ExtendForm,
    "sign_off": SignOffForm,
    "respond": RespondForm,
    "mediate": MediateForm,
    "escalate": EscalateForm,
    "extend_stage2": ExtendStage2Form,
    "respond_stage2": RespondStage2Form,
    "escalate_stage3": EscalateStage3Form,
    "record_panel": PanelForm,
    "close": CloseForm,
    "refer_ombudsman": OmbudsmanForm,
    "withdraw": WithdrawForm,
}
