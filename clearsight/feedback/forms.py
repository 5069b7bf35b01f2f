"""Feedback: forms (input cleaning only; services decide what is valid)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from clearsight.feedback.models import Audience, QuestionKind, SurveyPoint, SurveyVersion, Theme
from clearsight.feedback.services import MAX_NAME, MAX_TEXT

UNSAFE_CHOICES = [("no", "No"), ("yes", "Yes, I need to tell someone now")]


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Your code", max_length=20,
        help_text="It is 8 letters and numbers, in your letter or message. For example, "
                  "ABCD-2345.",
        error_messages={"required": "Enter the code from your letter or message"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off",
                                      "spellcheck": "false", "autocapitalize": "characters"}))


class AudienceForm(forms.Form):
    audience = forms.ChoiceField(
        label="Who is filling this in?", choices=Audience.choices, widget=forms.RadioSelect,
        error_messages={"required": "Say who is filling this in"})


def _question_field(question: Any, child: bool) -> forms.Field:
    label = question.text
    hint = question.hint
    if question.kind == QuestionKind.SCALE and question.scale_min_label and not hint:
        hint = (f"{question.scale_min} means {question.scale_min_label.lower()}. "
                f"{question.scale_max} means {question.scale_max_label.lower()}.")
    messages = {"required": f"Answer: {question.text}" if not child else
                f"Please answer: {question.text}"}
    common: dict[str, Any] = {"label": label, "help_text": hint, "required": question.required,
                              "error_messages": messages}
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4}),
                               **common)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(choices=question.option_list(),
                                         widget=forms.CheckboxSelectMultiple, **common)
    return forms.ChoiceField(choices=question.option_list(), widget=forms.RadioSelect, **common)


class SurveyForm(forms.Form):
    """The questions of one survey version, then the fixed questions every survey asks: are you
    safe, your name (optional) and whether your worker may see it was you."""

    def __init__(self, *args: Any, version: SurveyVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        child = version.survey.audience == Audience.CHILD
        self.question_codes = []
        for question in version.questions.all():
            self.fields[question.code] = _question_field(question, child)
            self.question_codes.append(question.code)
        self.fields["unsafe"] = forms.ChoiceField(
            label=("Are you or another child in danger or not safe right now?" if child else
                   "Is anyone in your family, or any child, in danger or not safe right now?"),
            help_text="If you answer yes, someone from our team will read this straight away.",
            choices=UNSAFE_CHOICES, widget=forms.RadioSelect,
            error_messages={"required": "Tell us if you or a child are not safe"})
        self.fields["respondent_name"] = forms.CharField(
            label="Your name (optional)", required=False, max_length=MAX_NAME,
            help_text="You do not have to tell us.",
            widget=forms.TextInput(attrs={"autocomplete": "name"}))
        self.fields["hide_from_worker"] = forms.BooleanField(
            label=("Do not show my social worker that this came from me" if child else
                   "Do not show our worker that these answers came from us"),
            required=False)

    def answers(self) -> dict[str, Any]:
        return {code: self.cleaned_data.get(code) for code in self.question_codes}


class PhoneForm(SurveyForm):
    """The same questions, typed in by the member of staff who called, with the date."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["called_on"] = forms.DateField(
            label="Date of the call", input_formats=["%d/%m/%Y", "%Y-%m-%d"],
            help_text="For example, 27/3/2026", initial=timezone.localdate,
            widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10",
                                                              "inputmode": "numeric"}),
            error_messages={"required": "Enter the date of the call",
                            "invalid": "Enter the date as day, month and year, like 27/3/2026"})
        self.fields["respondent_name"].label = "Name of the person you spoke to (optional)"
        self.fields["respondent_name"].help_text = "Only if they were happy to give it."
        self.fields["hide_from_worker"].label = ("They asked that their worker does not see "
                                                 "these answers came from them")
        self.fields["unsafe"].label = "Did they say that they or a child are not safe?"
        self.fields["unsafe"].help_text = ("If they did, follow the safeguarding procedure now "
                                           "as well: this only tells the QA team.")
        self.order_fields(["called_on"])

    def clean_called_on(self) -> Any:
        value = self.cleaned_data["called_on"]
        if value and value > timezone.localdate():
            raise ValidationError("The date of the call must be today or in the past")
        return value


class CaseFindForm(forms.Form):
    case_ref = forms.CharField(
        label="Case reference", max_length=40,
        error_messages={"required": "Enter the case reference"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off",
                                      "spellcheck": "false"}))


class InviteForm(forms.Form):
    point = forms.ChoiceField(label="What is the feedback about?", choices=SurveyPoint.choices,
                              widget=forms.RadioSelect,
                              error_messages={"required": "Choose what the feedback is about"})


class InviteSendForm(InviteForm):
    email = forms.EmailField(
        label="Email address to send it to (optional)", required=False, max_length=254,
        help_text="Leave blank to print the link and code in a letter. The address is not kept.",
        error_messages={"invalid": "Enter an email address like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}))


class PhoneStartForm(InviteForm):
    audience = forms.ChoiceField(label="Who did you speak to?", choices=Audience.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose who you spoke to"})


class ThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label="Themes", queryset=Theme.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Choose all that fit.")


class ThemeForm(forms.Form):
    name = forms.CharField(label="Name of the theme", max_length=80,
                           error_messages={"required": "Enter a name for the theme"})


class AlertForm(forms.Form):
    note = forms.CharField(label="What was done", max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Say what was done"})


class ActionForm(forms.Form):
    you_said = forms.CharField(label="You said", max_length=MAX_TEXT,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="What children and families told us, in a sentence.",
                               error_messages={"required": "Enter what people told us"})
    we_did = forms.CharField(label="We did", max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter what we did about it"})
    theme = forms.ModelChoiceField(label="Theme (optional)", queryset=Theme.objects.all(),
                                   required=False)
    done_on = forms.DateField(
        label="Date", input_formats=["%d/%m/%Y", "%Y-%m-%d"], help_text="For example, 27/3/2026",
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10",
                                                          "inputmode": "numeric"}),
        error_messages={"required": "Enter the date",
                        "invalid": "Enter the date as day, month and year, like 27/3/2026"})


class ActionEditForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
