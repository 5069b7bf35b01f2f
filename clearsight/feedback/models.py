"""Feedback from children and families (ADR 0010).

Surveys are data: a `Survey` (one per survey point and audience, adult or child) has numbered
`SurveyVersion`s, each with its own `Question`s; a response keeps the version it answered, so
changing the questions never rewrites old answers. Families answer through an `Invitation`
(no account: a single-use, expiring link and a short code, both stored only as keyed hashes)
or staff record what they said on the phone. Each `Response` is tied to the case, team and
worker for analysis; `hide_from_worker` keeps the family's name and case away from that worker.
"""

from typing import Any

from django.conf import settings
from django.db import models

from clearsight.casework.models import Case
from clearsight.core.models import TimeStampedModel
from clearsight.organisation.models import ServiceArea, Team


class SurveyPoint(models.TextChoices):
    CLOSURE = "closure", "Case closure"
    CP_CONFERENCE = "cp_conference", "After a child protection conference"
    LAC_REVIEW = "lac_review", "After a looked-after review"
    RETURN_HOME = "return_home", "After a return-home interview"
    CASE_AUDIT = "case_audit", "During a case audit"
    EARLY_HELP_START = "early_help_start", "Early help start"
    EARLY_HELP_END = "early_help_end", "Early help end"


class Audience(models.TextChoices):
    ADULT = "adult", "Parent or carer"
    CHILD = "child", "Child or young person"


class Route(models.TextChoices):
    LINK = "link", "Link or code"
    PHONE = "phone", "Phone call"


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Scale"
    YES_NO = "yes_no", "Yes, no or not sure"
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    TEXT = "text", "Free text"


YES_NO_CHOICES = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]


class Survey(TimeStampedModel):
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=160)
    point = models.CharField(max_length=30, choices=SurveyPoint.choices)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["point", "audience"]
        constraints = [
            models.UniqueConstraint(fields=["point", "audience"],
                                    condition=models.Q(is_active=True),
                                    name="feedback_one_active_survey_per_point_and_audience"),
        ]

    def __str__(self) -> str:
        return self.name

    def current_version(self) -> "SurveyVersion | None":
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()


class SurveyVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    introduction = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True,
                                        help_text="Blank while the version is a draft")

    class Meta:
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"],
                                    name="feedback_unique_survey_version"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} (version {self.number})"


class Question(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    code = models.SlugField(
        max_length=60,
        help_text="Stays the same across versions and between the adult and child surveys, so "
                  "answers can be compared over time (for example share_views)")
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    choices = models.JSONField(default=list, blank=True,
                               help_text='Single and multiple choice: [["value", "Label"], ...]')
    positive = models.JSONField(
        default=list, blank=True,
        help_text="The answers counted as positive in the results (for example [\"yes\"])")
    scale_min = models.PositiveSmallIntegerField(null=True, blank=True)
    scale_max = models.PositiveSmallIntegerField(null=True, blank=True)
    scale_min_label = models.CharField(max_length=80, blank=True)
    scale_max_label = models.CharField(max_length=80, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"],
                                    name="feedback_unique_question_code"),
            models.UniqueConstraint(fields=["version", "position"],
                                    name="feedback_unique_question_position"),
        ]

    def __str__(self) -> str:
        return self.text

    def option_list(self) -> list[tuple[str, str]]:
        if self.kind == QuestionKind.YES_NO:
            return list(YES_NO_CHOICES)
        if self.kind == QuestionKind.SCALE:
            low, high = self.scale_min or 1, self.scale_max or 5
            return [(str(n), str(n)) for n in range(low, high + 1)]
        return [(str(value), str(label)) for value, label in self.choices]


class Invitation(TimeStampedModel):
    """One family's invitation to answer. The link's token and the short code are never stored,
    only their keyed hashes, so neither can be read back or guessed from the database."""

    class Status(models.TextChoices):
        ISSUED = "issued", "Waiting for an answer"
        USED = "used", "Answered"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Feedback belongs to the case record: if a case is removed (only the demo removes cases),
    # its invitations and responses go with it.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="feedback_invitations")
    point = models.CharField(max_length=30, choices=SurveyPoint.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ISSUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["point", "created_at"])]

    def __str__(self) -> str:
        return f"Invitation {self.pk} ({self.get_point_display()})"


class Response(TimeStampedModel):
    invitation = models.OneToOneField(Invitation, null=True, blank=True,
                                      on_delete=models.CASCADE, related_name="response")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    point = models.CharField(max_length=30, choices=SurveyPoint.choices)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    route = models.CharField(max_length=10, choices=Route.choices)
    received_on = models.DateField()
    # Where the response sits, stamped when it arrives, for analysis.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="feedback_responses")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    service_area = models.ForeignKey(ServiceArea, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    respondent_name = models.CharField(max_length=120, blank=True)
    hide_from_worker = models.BooleanField(
        default=False, help_text="The family asked that their worker does not see who said this")
    unsafe = models.BooleanField(default=False,
                                 help_text="The person told us they or a child are not safe")
    # Phone responses: who called, when.
    caller = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    themes: "models.ManyToManyField[Theme, Any]" = models.ManyToManyField(
        "Theme", blank=True, related_name="responses")

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["point", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(route="phone", invitation__isnull=True)
                | models.Q(route="link", invitation__isnull=False),
                name="feedback_link_responses_have_an_invitation"),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.IntegerField(null=True, blank=True)  # scale
    choice = models.CharField(max_length=60, blank=True)  # yes/no/not sure, single choice
    choices = models.JSONField(default=list, blank=True)  # multiple choice
    text = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["response", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"],
                                    name="feedback_one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.display()}"

    def display(self) -> str:
        options = dict(self.question.option_list())
        if self.question.kind == QuestionKind.SCALE:
            return "" if self.number is None else str(self.number)
        if self.question.kind == QuestionKind.MULTIPLE:
            return ", ".join(options.get(value, value) for value in self.choices)
        if self.question.kind == QuestionKind.TEXT:
            return self.text
        return options.get(self.choice, self.choice)


class SafetyPhrase(TimeStampedModel):
    """Words in a free-text answer that make the QA team look at once."""

    phrase = models.CharField(max_length=80, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class SafetyAlert(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Needs action"
        DEALT_WITH = "dealt_with", "Dealt with"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="alerts")
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    dealt_with_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    dealt_with_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Alert {self.pk}: {self.reason}"


class Theme(TimeStampedModel):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Action(TimeStampedModel):
    """One line of the "you said, we did" log."""

    you_said = models.TextField(max_length=2000)
    we_did = models.TextField(max_length=2000)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="actions")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    done_on = models.DateField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-done_on", "-id"]

    def __str__(self) -> str:
        return self.you_said[:60]
