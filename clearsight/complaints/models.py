"""Complaints (the statutory children's complaints procedure) and compliments.

A complaint moves through the states in workflow.py; every step is one ComplaintEvent, so the
timeline of a complaint is its events in order. Deadlines are not stored: they are computed
from the dates here by clocks.py over the working calendar, so a closure recorded later moves
them. Records people edit carry `version` and refuse a stale save (services.ConflictError).
"""

from django.conf import settings
from django.db import models

from clearsight.casework.models import Case, Child
from clearsight.core.models import TimeStampedModel
from clearsight.organisation.models import Team


class Source(models.TextChoices):
    PORTAL = "portal", "Online portal"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"


class ComplainantType(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    ADVOCATE = "advocate", "Advocate"
    PROFESSIONAL = "professional", "Professional"


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    ALLOCATED = "allocated", "Allocated"
    STAGE1 = "stage1", "Stage 1 investigation"
    STAGE1_RESPONDED = "stage1_responded", "Stage 1 responded"
    MEDIATION = "mediation", "Mediation"
    STAGE2 = "stage2", "Stage 2 investigation"
    STAGE2_RESPONDED = "stage2_responded", "Stage 2 responded"
    STAGE3 = "stage3", "Stage 3 review panel"
    STAGE3_RESPONDED = "stage3_responded", "Stage 3 panel reported"
    CLOSED = "closed", "Closed"
    OMBUDSMAN = "ombudsman", "Referred to the Ombudsman"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class Resolution(models.TextChoices):
    EARLY = "early", "Resolved early"
    STAGE1 = "stage1", "After the stage 1 response"
    MEDIATION = "mediation", "After mediation"
    STAGE2 = "stage2", "After the stage 2 response"
    STAGE3 = "stage3", "After the review panel"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "Satisfied"
    PARTLY = "partly", "Partly satisfied"
    DISSATISFIED = "dissatisfied", "Not satisfied"
    NOT_ASKED = "no_answer", "Did not answer"


class Theme(models.TextChoices):
    COMMUNICATION = "communication", "Communication"
    ASSESSMENT = "assessment", "Assessments and reports"
    DELAY = "delay", "Delay"
    CONTACT = "contact", "Family time and contact"
    PLACEMENT = "placement", "Placement and accommodation"
    STAFF_CONDUCT = "staff_conduct", "Staff attitude or conduct"
    DECISION = "decision", "A decision made"
    RECORDS = "records", "Records and information"
    OTHER = "other", "Other"


class Complaint(TimeStampedModel):
    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField(help_text="Day 0 of the procedure")
    source = models.CharField(max_length=10, choices=Source.choices)
    complainant_type = models.CharField(max_length=15, choices=ComplainantType.choices)
    complainant_name = models.CharField(max_length=120)
    summary = models.TextField()
    # A complaint outlives the case-system reference data it names: if a case or child is
    # ever removed (the demo's --flush does), the complaint stays with its team and worker.
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="complaints")
    child = models.ForeignKey(Child, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="complaints")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="complaints")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="complaints_about")
    advocate_offered = models.BooleanField(default=False)

    # Allocation and first contact
    qa_officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="complaints_allocated")
    allocated_on = models.DateField(null=True, blank=True)
    first_contact_on = models.DateField(null=True, blank=True)
    initial_meeting_on = models.DateField(null=True, blank=True)

    # Stage 1
    stage1_clock_start = models.DateField(null=True, blank=True,
                                          help_text="Day 0 of the stage 1 clock")
    stage1_days = models.PositiveSmallIntegerField(default=10)
    extension_agreed_on = models.DateField(null=True, blank=True,
                                           help_text="Date of the complainant's written "
                                                     "agreement to an extension")
    extension_reason = models.TextField(blank=True)
    qa_signed_off_on = models.DateField(null=True, blank=True)
    qa_signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    stage1_responded_on = models.DateField(null=True, blank=True)
    overall_outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    response_summary = models.TextField(blank=True)
    good_practice = models.TextField(blank=True,
                                     help_text="Good practice the investigation found, for the "
                                               "quarterly learning bulletin")
    copy_on_case_file = models.BooleanField(default=False)

    # Mediation and stage 2
    mediation_on = models.DateField(null=True, blank=True)
    stage2_requested_on = models.DateField(null=True, blank=True)
    investigating_officer = models.CharField(max_length=120, blank=True)
    independent_person = models.CharField(max_length=120, blank=True)
    stage2_days = models.PositiveSmallIntegerField(default=25)
    stage2_extension_reason = models.TextField(blank=True)
    stage2_responded_on = models.DateField(null=True, blank=True)
    stage2_outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)

    # Stage 3 and the Ombudsman
    stage3_requested_on = models.DateField(null=True, blank=True)
    panel_held_on = models.DateField(null=True, blank=True)
    stage3_outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    ombudsman_referred_on = models.DateField(null=True, blank=True)
    ombudsman_reference = models.CharField(max_length=40, blank=True)

    # Closure
    closed_on = models.DateField(null=True, blank=True)
    resolution = models.CharField(max_length=15, choices=Resolution.choices, blank=True)
    satisfaction = models.CharField(max_length=15, choices=Satisfaction.choices, blank=True)
    remedy = models.TextField(blank=True)
    payment_pence = models.PositiveIntegerField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_on", "-reference"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.CLOSED, Status.OMBUDSMAN)

    @property
    def about_a_child(self) -> bool:
        return self.child_id is not None


class ComplaintPoint(TimeStampedModel):
    """One point of a complaint, agreed with the complainant, with its own outcome."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    theme = models.CharField(max_length=20, choices=Theme.choices, default=Theme.OTHER)
    added_on = models.DateField()
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    finding = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [models.UniqueConstraint(fields=["complaint", "number"],
                                               name="unique_complaint_point_number")]

    def __str__(self) -> str:
        return f"{self.complaint} point {self.number}"


class ClockPause(models.Model):
    """The clock stops while an advocate is arranged (see clocks.py for how days count)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="pauses")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["complaint", "starts_on"]

    def __str__(self) -> str:
        return f"{self.complaint} paused from {self.starts_on}"


class ComplaintEvent(models.Model):
    """One step in a complaint's life, for its timeline. Written only by services."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    on = models.DateField(help_text="The day it happened (day 0 for a clock it starts)")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["complaint", "on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint}: {self.action} on {self.on}"


class LearningAction(TimeStampedModel):
    """Learning from a complaint, and the action that follows it, tracked to completion."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE,
                                  related_name="learning_actions")
    learning = models.TextField()
    action = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="complaint_actions")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["completed_on", "due_on", "pk"]

    def __str__(self) -> str:
        return self.action[:60]


class ComplimentCategory(models.TextChoices):
    COMMUNICATION = "communication", "Communication and keeping in touch"
    LISTENING = "listening", "Listening to the child or family"
    RELIABILITY = "reliability", "Reliable and did what they said"
    OUTCOME = "outcome", "Made a difference to the family"
    WRITTEN_WORK = "written_work", "Good written work"
    PARTNERSHIP = "partnership", "Working well with partners"
    OTHER = "other", "Other"


class GiverType(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    PROFESSIONAL = "professional", "Professional"
    OTHER = "other", "Someone else"


class Compliment(TimeStampedModel):
    received_on = models.DateField()
    category = models.CharField(max_length=20, choices=ComplimentCategory.choices)
    giver_type = models.CharField(max_length=15, choices=GiverType.choices)
    giver_name = models.CharField(max_length=120, blank=True,
                                  help_text="Leave blank if they asked not to be named")
    text = models.TextField()
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="compliments")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="compliments")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    shared_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Compliment of {self.received_on}"


class DeadlineNotice(models.Model):
    """A reminder or overdue alert emailed for one clock of one complaint, kept so that each is
    sent once (a later deadline, after an extension, gets its own)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder"
        OVERDUE = "overdue", "Overdue alert"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notices")
    clock = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_on = models.DateField()
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["complaint", "clock", "kind", "due_on"],
                                               name="unique_deadline_notice")]

    def __str__(self) -> str:
        return f"{self.complaint} {self.clock} {self.kind}"
