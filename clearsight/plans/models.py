"""Improvement plans: a plan's recommendations, the actions that answer them, the owners'
progress and RAG ratings, and the measures that show whether each recommendation is working.

Plans hold no child-level data. Progress updates and RAG ratings are history: they are added,
never changed (the services have no way to change one, and the admin screens show them read
only). Plans, recommendations and actions are edited by people and carry a `version`.
"""

from django.conf import settings
from django.db import models

from clearsight.core.models import TimeStampedModel
from clearsight.plans.workflow import ActionStatus, PlanStatus, Rag


class Plan(TimeStampedModel):
    """One improvement plan, such as "Phase 3". Earlier plans stay, closed, as history."""

    name = models.CharField(max_length=120)
    summary = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    import_record = models.ForeignKey("core.ImportRecord", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+",
                                      help_text="The spreadsheet the plan was imported from")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="plans_plan_name_unique"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="plans_plan_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class Recommendation(TimeStampedModel):
    """What the plan must achieve (in the source, one of the inspection's recommendations)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, help_text="A short name for the recommendation")
    text = models.TextField(blank=True, help_text="The recommendation in full")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="plans_recommendation_number_unique")]

    def __str__(self) -> str:
        return f"Recommendation {self.number}: {self.title}"


class Action(TimeStampedModel):
    """Something the authority will do towards a recommendation, owned by a person or a forum,
    due by a quarter or a date."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="actions")
    number = models.PositiveSmallIntegerField(help_text="Its order within the recommendation")
    text = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="plan_actions",
                              help_text="The person who owns the action, if a person does")
    owner_forum = models.CharField(max_length=200, blank=True,
                                   help_text="The forum or group that owns it, if not a person")
    partners = models.CharField(max_length=300, blank=True)
    due_quarter = models.CharField(max_length=12, blank=True,
                                   help_text='A financial quarter such as "Q2 2025/26"; the due '
                                             "date is then the last day of that quarter")
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.NOT_STARTED)
    # The latest rating, kept here for listing; its history is RagRating.
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["recommendation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "number"],
                                    name="plans_action_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Action {self.reference}"

    @property
    def reference(self) -> str:
        return f"{self.recommendation.number}.{self.number}"

    @property
    def owner_name(self) -> str:
        if self.owner is not None:
            return str(self.owner.display_name)
        return self.owner_forum

    @property
    def timescale(self) -> str:
        return self.due_quarter or f"{self.due_on:%d %B %Y}".lstrip("0")


class ProgressUpdate(models.Model):
    """What happened on an action, with the evidence and the date. Never changed once added."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    happened_on = models.DateField()
    text = models.TextField()
    evidence = models.TextField(blank=True,
                                help_text="Where the evidence is: a report, minutes, figures")
    status_before = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)
    status_after = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=200, blank=True,
                               help_text="Who added it, kept if their account goes")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["-happened_on", "-added_at", "-pk"]

    def __str__(self) -> str:
        return f"Update on {self.action} of {self.happened_on:%d/%m/%Y}"


class RagRating(models.Model):
    """The owner's red, amber or green rating of an action, with their reason, next to the
    evidence they had then (the latest progress update). Never changed once added."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(max_length=5, choices=Rag.choices)
    reason = models.TextField()
    evidence = models.ForeignKey(ProgressUpdate, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+",
                                 help_text="The latest progress update when it was rated")
    rated_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["-rated_on", "-added_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} for {self.action} on {self.rated_on:%d/%m/%Y}"


class MeasureLink(models.Model):
    """How the authority will know a recommendation is working: an indicator (by its
    catalogue code), audit evidence or feedback from children and families."""

    class Kind(models.TextChoices):
        INDICATOR = "indicator", "Key performance indicator"
        AUDIT = "audit", "Audit evidence"
        FEEDBACK = "feedback", "Feedback from children and families"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="measures")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reference = models.CharField(max_length=40, blank=True,
                                 help_text="For an indicator, its code in the catalogue")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["recommendation", "kind", "reference", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference or self.note}"
