"""Case audits: the monthly cycle from a recorded random draw to a closed loop (ADR 0009).

An `Audit` has one status column, moved only through the transition table in `workflow.py`;
every move writes an `AuditEvent`. The lead and the peer each fill their own `AuditGrading`
(one `DomainGrade` per domain of the audit's `AuditTemplate` version); a moderator's agreed
grades are a third grading. The `SampleDraw` keeps the seed, the rules and the population it
drew from, so that the same draw can be made again and checked.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from clearsight.casework.models import Case
from clearsight.core.models import TimeStampedModel


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


# Higher is better: used for comparisons and for each auditor's tendency against moderation.
GRADE_SCORE = {Grade.OUTSTANDING: 4, Grade.GOOD: 3, Grade.REQUIRES_IMPROVEMENT: 2,
               Grade.INADEQUATE: 1}


class AuditTemplate(TimeStampedModel):
    """One version of the audit tool. Audits keep the version they were drawn with, so a
    new version never changes what an earlier audit asked."""

    class Purpose(models.TextChoices):
        SINGLE_AGENCY = "single_agency", "Single-agency case audit"
        MULTI_AGENCY = "multi_agency", "Multi-agency audit"

    name = models.CharField(max_length=120)
    version = models.PositiveIntegerField()
    purpose = models.CharField(
        max_length=20, choices=Purpose.choices, default=Purpose.SINGLE_AGENCY,
        help_text="Single-agency templates serve the monthly sample; multi-agency ones are "
                  "drawn for thematic or partnership audits")
    is_current = models.BooleanField(default=False,
                                     help_text="New audits use the current version")
    months_considered = models.PositiveSmallIntegerField(
        default=6, help_text="The auditor considers this many months of practice")

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="unique_template_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class TemplateDomain(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE,
                                 related_name="domains")
    order = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=40)
    title = models.CharField(max_length=120)
    questions = models.JSONField(default=list, blank=True,
                                 help_text="What the auditor asks themselves: a list of lines")
    descriptors = models.JSONField(
        default=dict, blank=True,
        help_text="What each grade looks like in this domain: grade code to text")

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="unique_domain_code"),
        ]

    def __str__(self) -> str:
        return self.title

    def descriptor_rows(self) -> list[tuple[str, str]]:
        return [(label, self.descriptors.get(code, "")) for code, label in Grade.choices]


class SamplingRule(TimeStampedModel):
    """How the monthly sample is drawn (one row). Administrators change it in the admin."""

    class Quota(models.TextChoices):
        NUMBER = "number", "A number of cases per team"
        PERCENT = "percent", "A percentage of each team's open cases"

    quota = models.CharField(max_length=10, choices=Quota.choices, default=Quota.NUMBER)
    per_team = models.PositiveSmallIntegerField(default=2)
    percent = models.DecimalField(max_digits=5, decimal_places=2, default=5)
    exclude_months = models.PositiveSmallIntegerField(
        default=6, help_text="Leave out cases audited in this many months before the draw")
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return "Sampling rule"


class SampleDraw(TimeStampedModel):
    """One draw of cases to audit: the monthly sample, or a thematic one on demand."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Monthly sample"
        THEMATIC = "thematic", "Thematic audit"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    month = models.DateField(help_text="The first day of the month drawn for")
    theme = models.CharField(max_length=120, blank=True)
    seed = models.CharField(max_length=64)
    rules = models.JSONField(default=dict)
    # stratum ("service/team") -> the case references that could be drawn, sorted
    population = models.JSONField(default=dict)
    population_size = models.PositiveIntegerField(default=0)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    allocated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["month"], condition=models.Q(kind="monthly"),
                                    name="one_monthly_draw_per_month"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.THEMATIC:
            return f"{self.theme} ({self.month:%B %Y})"
        return f"Sample for {self.month:%B %Y}"


class Status(models.TextChoices):
    DRAWN = "drawn", "Drawn"
    ALLOCATED = "allocated", "Allocated"
    IN_PROGRESS = "in_progress", "In progress"
    AGREED = "agreed", "Agreed"
    MODERATION = "moderation", "Awaiting moderation"
    MODERATED = "moderated", "Moderated"
    ESCALATED = "escalated", "Escalated: inadequate"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Audit(TimeStampedModel):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        THEMATIC = "thematic", "Thematic"
        REAUDIT = "reaudit", "Re-audit"

    draw = models.ForeignKey(SampleDraw, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="audits")
    # An audit is part of the child's record: it goes when the case is deleted (retention).
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="audits")
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAWN)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="audits_as_lead")
    peer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="audits_as_peer")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="audits_moderated")
    overseer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="audits_overseen",
                                 help_text="The head of service alerted to an inadequate audit")
    deadline = models.DateField(null=True, blank=True)
    period_start = models.DateField(help_text="Practice considered from this day")
    period_end = models.DateField(help_text="Practice considered up to this day")
    overall_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True,
                                     help_text="The final grade: agreed or moderated")
    completed_at = models.DateTimeField(null=True, blank=True)
    moderation_commentary = models.TextField(blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Inadequate: oversight, the review at 6 weeks and the re-audit at 3 months.
    reaudit_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.RESTRICT,
                                   related_name="reaudits")
    escalated_at = models.DateTimeField(null=True, blank=True)
    oversight_comment = models.TextField(blank=True)
    oversight_at = models.DateTimeField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reaudit_due = models.DateField(null=True, blank=True)
    actions_complete = models.BooleanField(null=True, blank=True)
    experience_improved = models.BooleanField(null=True, blank=True)
    escalation_outcome = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-period_end", "case__case_ref"]
        indexes = [models.Index(fields=["status", "deadline"]),
                   models.Index(fields=["case", "status"]),
                   # Covers the dashboard's scan of completed audits (no table lookups).
                   models.Index(fields=["status", "completed_at", "overall_grade", "deadline",
                                        "moderated_at"], name="audit_dashboard_idx")]

    def __str__(self) -> str:
        return f"Audit {self.pk} of {self.case_id and self.case.case_ref}"

    def grading(self, role: str) -> "AuditGrading | None":
        for grading in self.gradings.all():
            if grading.role == role:
                return grading
        return None


class AuditGrading(TimeStampedModel):
    """One person's grades for one audit: the lead's, the peer's or the moderator's."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead auditor"
        PEER = "peer", "Peer auditor"
        MODERATOR = "moderator", "Moderator"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="gradings")
    role = models.CharField(max_length=10, choices=Role.choices)
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="audit_gradings")
    submitted_at = models.DateTimeField(null=True, blank=True)
    overall_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    child_views = models.TextField(blank=True)
    child_views_not_sought = models.TextField(blank=True)
    parent_views = models.TextField(blank=True)
    parent_views_not_sought = models.TextField(blank=True)
    worker_reflection = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["audit", "role"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "role"], name="one_grading_per_role"),
        ]
        # Covers the dashboard's joins from an audit to its gradings.
        indexes = [models.Index(fields=["audit", "role", "submitted_at", "overall_grade",
                                        "auditor"], name="grading_dashboard_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} grading of audit {self.audit_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class DomainGrade(models.Model):
    grading = models.ForeignKey(AuditGrading, on_delete=models.CASCADE, related_name="domains")
    domain = models.ForeignKey(TemplateDomain, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    evidence = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    development = models.TextField("areas for development", blank=True)

    class Meta:
        ordering = ["grading", "domain__order"]
        constraints = [
            models.UniqueConstraint(fields=["grading", "domain"], name="one_grade_per_domain"),
        ]
        # Covers the dashboard's count of domain grades (no reads of the evidence text).
        indexes = [models.Index(fields=["grading", "domain", "grade"],
                                name="domaingrade_dashboard_idx")]

    def __str__(self) -> str:
        return f"{self.domain_id}: {self.grade or 'not graded'}"


class AuditAction(TimeStampedModel):
    """One action from an audit's plan, with an owner and a due date, tracked to done."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="audit_actions")
    due_on = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None


class AuditEvent(models.Model):
    """One line of an audit's timeline: every transition, and who made it."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} to {self.to_status}"


class AuditNotice(models.Model):
    """One reminder or alert emailed about an audit or one of its actions. The unique
    constraints make each one go once, however often the daily job runs."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Audit due soon"
        LATE = "late", "Audit late"
        LATE_ESCALATED = "late_escalated", "Late audit escalated to the service manager"
        ACTION_DUE_SOON = "action_due_soon", "Action due soon"
        ACTION_OVERDUE = "action_overdue", "Action overdue"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="notices")
    action = models.ForeignKey(AuditAction, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    due_on = models.DateField(help_text="The deadline or due date the notice was about")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "kind", "recipient", "due_on"],
                                    condition=models.Q(action__isnull=True),
                                    name="one_audit_notice"),
            models.UniqueConstraint(fields=["action", "kind", "recipient", "due_on"],
                                    condition=models.Q(action__isnull=False),
                                    name="one_action_notice"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for audit {self.audit_id}"


class SupervisionDiscussion(TimeStampedModel):
    """The worker's supervisor recording that an audit's findings were discussed in the
    worker's supervision."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="supervisions")
    discussed_on = models.DateField()
    note = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["discussed_on", "pk"]

    def __str__(self) -> str:
        return f"Supervision discussion of audit {self.audit_id} on {self.discussed_on}"


# ------------------------------------------------------------------ learning (item 7)


class PracticeTheme(TimeStampedModel):
    """A theme of practice the QA team tracks across audits (for example "Neglect",
    "Fathers and male carers"). Findings are tagged with themes at moderation or completion."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FindingTheme(models.Model):
    """One audit's finding tagged with a theme: a strength or an area for development, for
    the audit as a whole (no domain) or for one domain."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        DEVELOPMENT = "development", "Area for development"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="theme_tags")
    domain = models.ForeignKey(TemplateDomain, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    theme = models.ForeignKey(PracticeTheme, on_delete=models.PROTECT, related_name="tags")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    tagged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["audit", "theme__name"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "domain", "theme", "kind"],
                                    name="one_tag_per_domain_theme_kind"),
            models.UniqueConstraint(fields=["audit", "theme", "kind"],
                                    condition=models.Q(domain__isnull=True),
                                    name="one_overall_tag_per_theme_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} ({self.kind}) on audit {self.audit_id}"


class Exemplar(TimeStampedModel):
    """A domain finding nominated as good practice. A QA officer approves it with an
    anonymised summary written for the library; the library shows only that summary."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", "Waiting for approval"
        APPROVED = "approved", "In the library"
        DECLINED = "declined", "Not used"

    # Part of the child's record: it goes when the case is deleted (retention).
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="exemplars")
    domain = models.ForeignKey(TemplateDomain, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices,
                              default=Status.NOMINATED)
    reason = models.TextField(help_text="Why the nominator thinks this is good practice")
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=150, blank=True)
    summary = models.TextField(blank=True, help_text="Anonymised: no names, no identifiers")
    themes = models.ManyToManyField(PracticeTheme, blank=True, related_name="exemplars")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-decided_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "domain"], name="one_exemplar_per_finding"),
        ]

    def __str__(self) -> str:
        return self.title or f"Exemplar {self.pk}"
