"""Shared, domain-free models: the append-only access log and import records."""

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Created/updated stamps for records people edit."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AccessLogEntry(models.Model):
    """One row per view of a child-level page or per export: who, in what role, saw what, when.

    Append-only: the database refuses UPDATE and DELETE (see migration 0002), and the admin
    shows it read-only. Holds identifiers only, never names or free text about a child.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150)
    roles = models.CharField(max_length=300, help_text="The roles the user held at the time")
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, db_index=True)
    path = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_id}"


class ScheduledRun(models.Model):
    """A periodic job done for one period ("audit-sample" for "2026-12").

    Jobs run daily and do their work only when the period has no row yet, so a scheduler that
    was down on the 1st catches up the next day, and two workers never both do it (the unique
    constraint decides).
    """

    job = models.CharField(max_length=60)
    period = models.CharField(max_length=20)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="unique_scheduled_run"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"


class ImportRecord(models.Model):
    """Every file loaded into Clearsight, so each figure can be traced to the data it came from."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Staff and teams"
        CASES = "cases", "Case-system extract"
        ANNEX_A = "annex_a", "Ofsted Annex A"
        SSDA903 = "ssda903", "SSDA903 return"
        CIN_CENSUS = "cin_census", "CIN census"
        POPULATION = "population", "Child population"
        PLAN = "plan", "Improvement plan"

    class Status(models.TextChoices):
        LOADED = "loaded", "Loaded"
        REFUSED = "refused", "Refused"

    # Kinds whose problems quote children's details: read only by those who load them.
    CHILD_LEVEL_KINDS = frozenset({Kind.CASES, Kind.ANNEX_A, Kind.SSDA903, Kind.CIN_CENSUS})

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(
        max_length=64, help_text="Of the file; for several files, of their names and checksums")
    size_bytes = models.PositiveBigIntegerField()
    files = models.JSONField(default=list, blank=True,
                             help_text="Each file's name, size and SHA-256 when there are several")
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.get_status_display()})"


class Closure(models.Model):
    """A day the authority does not count as a working day although the bank-holiday calendar
    does: a new one-off bank holiday, a council closure. Every working-day clock (complaints,
    LADO, private fostering) reads these through `clearsight.core.calendar.working_calendar`."""

    day = models.DateField(unique=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d %B %Y}: {self.reason}"
