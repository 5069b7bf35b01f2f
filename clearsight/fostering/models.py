"""Private fostering: arrangements the authority is told of, its visits and decisions, and the
awareness work that helps people tell it (ADR 0012).

Ordinary child-level casework: who may see an arrangement follows the case access rule by
team and social worker (selectors.arrangement_visibility_q). The child is named only by their
pseudonymous ID.
"""

from django.conf import settings
from django.db import models

from clearsight.core.models import TimeStampedModel
from clearsight.organisation.models import Team


class NotifiedBy(models.TextChoices):
    CARER = "carer", "The private foster carer"
    PARENT = "parent", "A parent"
    SCHOOL = "school", "A school or college"
    HEALTH = "health", "Health services"
    OTHER_AGENCY = "other_agency", "Another agency"


class Arrangement(TimeStampedModel):
    class Kind(models.TextChoices):
        PROPOSED = "proposed", "Proposed arrangement"
        IN_PLACE = "in_place", "Arrangement already in place"

    class Status(models.TextChoices):
        NOTIFIED = "notified", "Notified: assessing suitability"
        SUITABLE = "suitable", "Suitable: visiting"
        NOT_SUITABLE = "not_suitable", "Not suitable"
        ENDED = "ended", "Ended"

    class Decision(models.TextChoices):
        SUITABLE = "suitable", "Suitable"
        NOT_SUITABLE = "not_suitable", "Not suitable"

    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    notified_on = models.DateField()
    notified_by = models.CharField(max_length=20, choices=NotifiedBy.choices)
    notifier_detail = models.CharField("who notified", max_length=200, blank=True)
    child_id = models.CharField("child ID", max_length=40)
    carer_name = models.CharField(max_length=200)
    carer_relationship = models.CharField(
        "carer's relationship to the child", max_length=200, blank=True,
        help_text="For example, a family friend or a parent of a school friend")
    starts_on = models.DateField("arrangement starts or started on")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    social_worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOTIFIED)
    assessment = models.TextField("suitability assessment", blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-notified_on", "-pk"]

    def __str__(self) -> str:
        return self.reference


class Visit(models.Model):
    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE,
                                    related_name="visits")
    visited_on = models.DateField()
    due_on = models.DateField(help_text="When the visit was due, worked out when recorded")
    seen_alone = models.BooleanField()
    report = models.TextField("written report")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["visited_on", "pk"]

    def __str__(self) -> str:
        return f"Visit on {self.visited_on:%d/%m/%Y}"

    @property
    def in_time(self) -> bool:
        return self.visited_on <= self.due_on


class Notice(models.Model):
    class Kind(models.TextChoices):
        CHANGE = "change", "Notice of a change"
        END = "end", "Notice that the arrangement has ended"

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE,
                                    related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    received_on = models.DateField()
    details = models.TextField()

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class ArrangementEvent(models.Model):
    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE,
                                    related_name="events")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    action = models.CharField(max_length=60)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%d/%m/%Y %H:%M}"


class AwarenessActivity(models.Model):
    class Audience(models.TextChoices):
        SCHOOLS = "schools", "Schools and colleges"
        HEALTH = "health", "Health services"
        FAITH = "faith", "Faith groups"
        COMMUNITY = "community", "Community groups"
        LANGUAGE_SCHOOLS = "language_schools", "Language schools and host families"
        OWN_STAFF = "own_staff", "Our own staff"
        OTHER = "other", "Other"

    held_on = models.DateField()
    audience = models.CharField(max_length=30, choices=Audience.choices)
    description = models.TextField()
    reached = models.PositiveIntegerField("people reached", null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} on {self.held_on:%d/%m/%Y}"
