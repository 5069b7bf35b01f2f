"""The LADO register: allegations against people who work with children (ADR 0012).

Only LADO officers and the one named senior manager may read any of this (selectors.lado_access);
nothing here is registered in Django's admin site, so administrators cannot reach it either.
Children are named only by their pseudonymous IDs from the case-management system.
"""

from django.conf import settings
from django.db import models

from clearsight.core.models import TimeStampedModel


class LadoSettings(models.Model):
    """The one row of LADO configuration: who oversees the service, and how long records stay."""

    senior_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="The named senior manager who oversees LADO work")
    retention_years = models.PositiveSmallIntegerField(
        default=10, help_text="Years a closed referral is kept after it was closed")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "LADO settings"

    def __str__(self) -> str:
        return "LADO settings"


class Sector(models.TextChoices):
    SCHOOL = "school", "School or college"
    EARLY_YEARS = "early_years", "Early years"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    FAITH = "faith", "Faith group"
    SPORT = "sport", "Sport and leisure"
    FOSTER_CARER = "foster_carer", "Foster carer"
    RESIDENTIAL_CARE = "residential_care", "Residential care"
    TRANSPORT = "transport", "Transport"
    OTHER = "other", "Other"


class ReferralKind(models.TextChoices):
    REFERRAL = "referral", "Referral"
    CONSULTATION = "consultation", "Consultation"


class Decision(models.TextChoices):
    THRESHOLD_MET = "threshold_met", "Threshold met"
    THRESHOLD_NOT_MET = "threshold_not_met", "Threshold not met"
    ADVICE_ONLY = "advice_only", "Advice only"


class Referral(TimeStampedModel):
    """One referral or consultation about one person, holding one or more allegations."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Awaiting initial consideration"
        IN_PROGRESS = "in_progress", "Threshold met: in progress"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=ReferralKind.choices,
                            default=ReferralKind.REFERRAL)
    received_at = models.DateTimeField()
    referrer_name = models.CharField(max_length=200)
    referrer_agency = models.CharField(max_length=200)
    subject_name = models.CharField("name of the person", max_length=200)
    subject_role = models.CharField("their role", max_length=200)
    employer = models.CharField(max_length=200)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    child_ids = models.CharField(
        "children concerned", max_length=500, blank=True,
        help_text="Pseudonymous child IDs, separated by commas")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    consideration_due = models.DateField()
    considered_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    # Record quality: what was discussed, the support offered, and why.
    discussion = models.TextField(blank=True)
    support_child = models.TextField("support offered to the child", blank=True)
    support_person = models.TextField("support offered to the person", blank=True)
    rationale = models.TextField("rationale for the decision", blank=True)
    # Who else is involved, and what has happened to the person's work.
    police_involved = models.BooleanField(default=False)
    employer_involved = models.BooleanField(default=False)
    regulator_involved = models.BooleanField(default=False)
    suspended_on = models.DateField(null=True, blank=True)
    dbs_referred_on = models.DateField("referred to the barring service on", null=True,
                                       blank=True)
    regulator_referred_on = models.DateField(null=True, blank=True)
    regulator_name = models.CharField(max_length=200, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def children(self) -> list[str]:
        return [part.strip() for part in self.child_ids.split(",") if part.strip()]


class HarmTest(models.TextChoices):
    """The harm threshold: the four ways an allegation reaches the LADO."""

    HARMED = "harmed", "Harmed or may have harmed a child"
    OFFENCE = "offence", "Possibly committed a criminal offence against or related to a child"
    RISK = "risk", "Behaved towards a child in a way that indicates they may pose a risk of harm"
    UNSUITABLE = "unsuitable", ("Behaved in a way that indicates they may not be suitable to "
                                "work with children")


class Category(models.TextChoices):
    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    NEGLECT = "neglect", "Neglect"
    CONDUCT = "conduct", "Conduct outside work (transferable risk)"


class Outcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", "Substantiated"
    UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
    UNFOUNDED = "unfounded", "Unfounded"
    FALSE = "false", "False"
    MALICIOUS = "malicious", "Malicious"


# Shown beside the outcome choices and on every record: the meaning, in our own words.
OUTCOME_DEFINITIONS = {
    Outcome.SUBSTANTIATED: "There is enough evidence to prove the allegation.",
    Outcome.UNSUBSTANTIATED: ("There is not enough evidence either to prove the allegation or "
                              "to disprove it. This does not mean it was true or untrue."),
    Outcome.UNFOUNDED: ("There is no evidence or proper basis that supports the allegation. "
                        "The person who raised it may have misread what happened, or not "
                        "known all the circumstances."),
    Outcome.FALSE: "There is enough evidence to disprove the allegation.",
    Outcome.MALICIOUS: ("There is enough evidence to disprove the allegation, and clear evidence "
                        "that it was made deliberately to deceive or cause harm."),
}


class Allegation(TimeStampedModel):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE,
                                 related_name="allegations")
    description = models.TextField()
    harm_test = models.CharField("harm threshold", max_length=20, choices=HarmTest.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.referral.reference}: {self.get_category_display()}"


class Meeting(TimeStampedModel):
    class Kind(models.TextChoices):
        STRATEGY = "strategy", "Strategy meeting"
        EVALUATION = "evaluation", "Evaluation meeting"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField()
    attendees = models.TextField(help_text="Who attended, one per line, with their agency")
    discussion = models.TextField(blank=True)
    actions = models.TextField(blank=True, help_text="Who will do what, and by when")
    next_meeting_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["held_on", "pk"]


class OversightEntry(models.Model):
    """A management oversight note, written by the named senior manager."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="oversight")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    written_at = models.DateTimeField()
    note = models.TextField()

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"Oversight of {self.referral_id} at {self.written_at:%d/%m/%Y %H:%M}"


class ReferralEvent(models.Model):
    """The referral's timeline: every action, who took it and when."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    action = models.CharField(max_length=40)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%d/%m/%Y %H:%M}"
