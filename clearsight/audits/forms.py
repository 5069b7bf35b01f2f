"""Case audits: forms (input cleaning only; the services decide what a complete audit is)."""

from datetime import date
from typing import Any

from django import forms

from clearsight.audits.models import Audit, AuditGrading, Grade, PracticeTheme, TemplateDomain
from clearsight.audits.selectors import AUDITOR_ROLES
from clearsight.audits.services import ActionInput, DomainInput, GradingInput, domain_field
from clearsight.casework.models import CaseType
from clearsight.organisation.models import ServiceArea, User

ACTION_ROWS = 3
DATE_ERRORS = {"invalid": "Enter the date as day, month and year, like 30/11/2026"}


class DateField(forms.DateField):
    """A date typed as DD/MM/YYYY (or YYYY-MM-DD)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"])
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y",
                                                     attrs={"class": "govuk-input--width-10",
                                                            "inputmode": "numeric"}))
        kwargs.setdefault("error_messages", DATE_ERRORS)
        super().__init__(**kwargs)


def _text(label: str, help_text: str = "", required: bool = False, rows: int = 3,
          **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _grade(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=Grade.choices,
                             widget=forms.RadioSelect)


def _staff() -> Any:
    return User.objects.filter(is_active=True, role_grants__isnull=False).distinct().order_by(
        "last_name", "first_name")


class ActionRowsMixin(forms.Form):
    """Up to three actions: what, who and by when. A row left blank is ignored."""

    def add_action_fields(self) -> None:
        staff = _staff()
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = _text(f"Action {n} (optional)", rows=2,
                                               max_length=2000)
            self.fields[f"action_{n}_owner"] = forms.ModelChoiceField(
                label=f"Who owns action {n}", queryset=staff, required=False,
                empty_label="Choose a person")
            self.fields[f"action_{n}_due"] = DateField(label=f"Action {n} due by",
                                                       required=False,
                                                       help_text="For example 31/01/2027")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for n in range(1, ACTION_ROWS + 1):
            if (cleaned.get(f"action_{n}") or "").strip():
                if cleaned.get(f"action_{n}_owner") is None and not self.has_error(
                        f"action_{n}_owner"):
                    self.add_error(f"action_{n}_owner", f"Choose who owns action {n}")
                if cleaned.get(f"action_{n}_due") is None and not self.has_error(
                        f"action_{n}_due"):
                    self.add_error(f"action_{n}_due", f"Enter when action {n} is due")
        return cleaned

    def actions(self) -> list[ActionInput]:
        rows = []
        for n in range(1, ACTION_ROWS + 1):
            text = (self.cleaned_data.get(f"action_{n}") or "").strip()
            if text:
                rows.append(ActionInput(description=text,
                                        owner=self.cleaned_data[f"action_{n}_owner"],
                                        due_on=self.cleaned_data[f"action_{n}_due"]))
        return rows

    def action_rows(self) -> list[list[Any]]:
        return [[self[f"action_{n}"], self[f"action_{n}_owner"], self[f"action_{n}_due"]]
                for n in range(1, ACTION_ROWS + 1)]


class GradingForm(forms.Form):
    """One auditor's grades: each domain, then the overall grade and the views sought."""

    views = True

    def __init__(self, *args: Any, domains: list[TemplateDomain], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = domains
        for domain in domains:
            self.fields[domain_field(domain, "grade")] = _grade(f"Grade for {domain.title}")
            self.fields[domain_field(domain, "evidence")] = _text(
                f"Evidence for {domain.title.lower()}",
                "What you saw on the file that supports the grade", max_length=10000)
            self.fields[domain_field(domain, "strengths")] = _text(
                f"Strengths in {domain.title.lower()}", max_length=10000)
            self.fields[domain_field(domain, "development")] = _text(
                f"Areas for development in {domain.title.lower()}", max_length=10000)
        self.fields["overall_grade"] = _grade("Overall grade")
        if self.views:
            self.fields["child_views"] = _text(
                "The child's views", "What the child told you about the help they get",
                max_length=10000)
            self.fields["child_views_not_sought"] = _text(
                "If the child's views could not be sought, why not", max_length=2000)
            self.fields["parent_views"] = _text("The parent's or carer's views",
                                                max_length=10000)
            self.fields["parent_views_not_sought"] = _text(
                "If the parent's or carer's views could not be sought, why not",
                max_length=2000)
            self.fields["worker_reflection"] = _text(
                "Reflection with the allocated worker",
                "What you and the worker learnt from looking at the work together",
                max_length=10000)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)

    def sections(self) -> list[dict[str, Any]]:
        return [{"domain": domain,
                 "fields": [self[domain_field(domain, part)]
                            for part in ("grade", "evidence", "strengths", "development")]}
                for domain in self.domains]

    def view_fields(self) -> list[Any]:
        return [self[name] for name in ("child_views", "child_views_not_sought",
                                        "parent_views", "parent_views_not_sought",
                                        "worker_reflection") if name in self.fields]

    def to_input(self) -> GradingInput:
        data = self.cleaned_data
        return GradingInput(
            overall_grade=data.get("overall_grade") or "",
            child_views=data.get("child_views") or "",
            child_views_not_sought=data.get("child_views_not_sought") or "",
            parent_views=data.get("parent_views") or "",
            parent_views_not_sought=data.get("parent_views_not_sought") or "",
            worker_reflection=data.get("worker_reflection") or "",
            domains={domain.pk: DomainInput(
                grade=data.get(domain_field(domain, "grade")) or "",
                evidence=data.get(domain_field(domain, "evidence")) or "",
                strengths=data.get(domain_field(domain, "strengths")) or "",
                development=data.get(domain_field(domain, "development")) or "")
                for domain in self.domains})


def grading_initial(grading: AuditGrading | None) -> dict[str, Any]:
    if grading is None:
        return {"version": 0}
    initial: dict[str, Any] = {
        name: getattr(grading, name) for name in (
            "overall_grade", "child_views", "child_views_not_sought", "parent_views",
            "parent_views_not_sought", "worker_reflection", "version")}
    for row in grading.domains.all():
        for part in ("grade", "evidence", "strengths", "development"):
            initial[f"d{row.domain_id}_{part}"] = getattr(row, part)
    return initial


class ModerationForm(ActionRowsMixin, GradingForm):
    views = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commentary"] = _text(
            "Reflective commentary",
            "Why you reached these grades, where the auditors differed and what the service "
            "should learn. Required.", rows=6, max_length=20000)
        self.add_action_fields()


class CompleteForm(ActionRowsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_action_fields()


class SwapForm(forms.Form):
    reason = _text("Why swap this case", "For example: the family moved away last week",
                   max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReassignForm(forms.Form):
    part = forms.ChoiceField(label="Whose part", widget=forms.RadioSelect, choices=[
        ("lead", "Lead auditor"), ("peer", "Peer auditor"), ("moderator", "Moderator")],
        error_messages={"required": "Choose whose part to reassign"})
    to = forms.ModelChoiceField(label="Give it to", queryset=User.objects.none(),
                                empty_label="Choose a person",
                                error_messages={"required": "Choose a person"})
    reason = _text("Why", max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = _staff().filter(  # type: ignore[attr-defined]
            role_grants__role__in=sorted(AUDITOR_ROLES)).distinct()


class ThemeForm(forms.Form):
    name = forms.CharField(label="Theme", max_length=120,
                           help_text="For example: young people aged 16 or 17 presenting as "
                                     "homeless",
                           error_messages={"required": "Enter the theme"})
    number = forms.IntegerField(label="How many cases", min_value=1, max_value=200,
                                widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
                                error_messages={"required": "Enter how many cases to draw",
                                                "min_value": "Enter a number from 1 to 200",
                                                "max_value": "Enter a number from 1 to 200",
                                                "invalid": "Enter a whole number"})
    case_type = forms.ChoiceField(label="Type of case (optional)", required=False,
                                  choices=[("", "Any type"), *list(CaseType.choices)])
    service_area = forms.ChoiceField(label="Service area (optional)", required=False)
    min_age = forms.IntegerField(label="Youngest age (optional)", required=False, min_value=0,
                                 max_value=25,
                                 widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}))
    max_age = forms.IntegerField(label="Oldest age (optional)", required=False, min_value=0,
                                 max_value=25,
                                 widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}))
    pre_birth = forms.BooleanField(label="Unborn children only (pre-birth work)",
                                   required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].choices = [("", "Any service area")] + [  # type: ignore[attr-defined]
            (s.code, s.name) for s in ServiceArea.objects.order_by("name")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", "The oldest age must be the same as or above the "
                                      "youngest")
        return cleaned


class OversightForm(forms.Form):
    comment = _text("Your oversight and comment", rows=5, max_length=10000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    note = _text("What the 6-week review found", rows=5, max_length=10000)
    version = forms.IntegerField(widget=forms.HiddenInput)


YES_NO = [("yes", "Yes"), ("no", "No")]


class CloseForm(forms.Form):
    actions_complete = forms.ChoiceField(
        label="Are all the actions complete?", choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": "Say whether all the actions are complete"})
    experience_improved = forms.ChoiceField(
        label="Has the child's experience improved?", choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child's experience has improved"})
    outcome = _text("What the re-audit found", rows=5, max_length=10000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionDoneForm(forms.Form):
    evidence = _text("What shows the action is done", rows=4, max_length=10000)
    version = forms.IntegerField(widget=forms.HiddenInput)


def audit_title(audit: Audit) -> str:
    return f"Audit of {audit.case.case_ref}"


def month_of(day: date) -> str:
    return f"{day:%B %Y}"


class SupervisionForm(forms.Form):
    discussed_on = DateField(label="Date of the supervision", help_text="For example 27/11/2026",
                             error_messages={**DATE_ERRORS,
                                             "required": "Enter the date of the supervision"})
    note = _text("What was discussed", rows=5, max_length=10000,
                 help_text="What the worker took from the findings, and what happens next",
                 error_messages={"required": "Enter what was discussed"})


# ------------------------------------------------------------------ learning (item 7)


class PracticeThemeForm(forms.Form):
    name = forms.CharField(label="Theme", max_length=120,
                           help_text="For example: fathers and male carers",
                           error_messages={"required": "Enter the name of the theme"})
    description = _text("What it covers (optional)", rows=2, max_length=2000)


class ThemeTagForm(forms.Form):
    """For the audit as a whole and for each domain: the themes it shows as a strength and
    as an area for development."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, domains: list[TemplateDomain], themes: list[Any],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = domains
        choices = [(theme.pk, theme.name) for theme in themes]
        self.scopes: list[tuple[str, int | None, str]] = [("all", None, "The audit as a whole")]
        self.scopes += [(f"d{d.pk}", d.pk, d.title) for d in domains]
        for key, _domain, title in self.scopes:
            for kind, label in (("strength", "Strengths"),
                                ("development", "Areas for development")):
                self.fields[f"{key}_{kind}"] = forms.TypedMultipleChoiceField(
                    label=f"{label}: {title.lower() if key != 'all' else title}",
                    choices=choices, coerce=int, required=False,
                    widget=forms.CheckboxSelectMultiple)

    def groups(self) -> list[dict[str, Any]]:
        return [{"title": title, "fields": [self[f"{key}_strength"], self[f"{key}_development"]]}
                for key, _domain, title in self.scopes]

    def tags(self) -> dict[tuple[int | None, str], list[int]]:
        return {(domain, kind): list(self.cleaned_data.get(f"{key}_{kind}") or [])
                for key, domain, _title in self.scopes for kind in ("strength", "development")}


def theme_tag_initial(audit: Audit) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": audit.version}
    for tag in audit.theme_tags.all():
        key = f"d{tag.domain_id}" if tag.domain_id else "all"
        initial.setdefault(f"{key}_{tag.kind}", []).append(tag.theme_id)
    return initial


class NominateForm(forms.Form):
    domain = forms.TypedChoiceField(label="Which finding is good practice", coerce=int,
                                    widget=forms.RadioSelect,
                                    error_messages={"required": "Choose a domain"})
    reason = _text("Why is this good practice", "What others could learn from it",
                   rows=4, max_length=5000)

    def __init__(self, *args: Any, domains: list[TemplateDomain], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [(d.pk, d.title) for d in domains]  # type: ignore[attr-defined]


class ExemplarDecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Add this to the library?", widget=forms.RadioSelect,
                                 choices=[("approve", "Yes, with the anonymised text below"),
                                          ("decline", "No")],
                                 error_messages={"required": "Choose yes or no"})
    title = forms.CharField(label="Title for the library", max_length=150, required=False,
                            help_text="A few words on the practice, with no names")
    summary = _text("Anonymised summary",
                    "Describe the practice so that nobody could recognise the child, the "
                    "family or the worker: no names, places, dates or identifiers.", rows=6,
                    max_length=5000)
    themes = forms.ModelMultipleChoiceField(label="Themes (optional)", required=False,
                                            queryset=PracticeTheme.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = PracticeTheme.objects.filter(  # type: ignore[attr-defined]
            is_active=True).order_by("name")


MULTI_AGENCY_CHOICES = [("single_agency", "The single-agency case audit"),
                        ("multi_agency", "The multi-agency audit (partnership questions)")]


class ThematicTemplateForm(ThemeForm):
    """The thematic draw, choosing which audit tool the cases are audited with."""

    purpose = forms.ChoiceField(label="Which questions", widget=forms.RadioSelect,
                                choices=MULTI_AGENCY_CHOICES, initial="single_agency",
                                required=False)
