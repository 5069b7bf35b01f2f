"""Children and their cases: only the reference data quality assurance needs.

Clearsight is not a case-management system. A child is known by the pseudonymous identifier
from the authority's case system; no names, addresses or case notes are held.
"""

from datetime import date

from django.conf import settings
from django.db import models

from clearsight.core.models import TimeStampedModel
from clearsight.organisation.models import ServiceArea, Team


class Sex(models.TextChoices):
    # Codes as in the DfE returns (SSDA903 SEX, CIN census Sex).
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Child(TimeStampedModel):
    child_id = models.CharField(
        "child ID", max_length=40, unique=True,
        help_text="The pseudonymous identifier from the case-management system",
    )
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child (pre-birth work)"
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(
        max_length=4, blank=True,
        help_text="DfE ethnicity code, for example WBRI, MWBC, AOTH, REFU or NOBT",
    )
    disability = models.BooleanField(null=True, help_text="Blank when not recorded")

    class Meta:
        ordering = ["child_id"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.child_id

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


class CaseType(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Assessment"
    CHILD_IN_NEED = "cin", "Child in need"
    CHILD_PROTECTION = "cp", "Child protection"
    LOOKED_AFTER = "cla", "Child looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"
    PRIVATE_FOSTERING = "private_fostering", "Private fostering"
    DISABLED_CHILDREN = "disabled_children", "Children with disabilities"


class Case(TimeStampedModel):
    """One open (or closed) episode of work with a child, as the case system holds it."""

    case_ref = models.CharField("case reference", max_length=40, unique=True)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    case_type = models.CharField(max_length=30, choices=CaseType.choices)
    legal_status = models.CharField(
        max_length=4, blank=True,
        help_text="SSDA903 legal status for a child looked after (for example C2, V2); "
                  "blank otherwise",
    )
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="allocated_cases",
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "case_ref"]
        indexes = [models.Index(fields=["team", "closed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.case_ref

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
