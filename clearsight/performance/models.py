"""Performance data: the national returns loaded, the snapshots computed from them, and the
settings people give indicators.

The returns themselves (child-level) are kept as files, not rows: the uploaded originals and
the tables read from them as Parquet, in a folder per load under `settings.RETURNS_DIR`. A
computation reads the current loads, runs the indicator engine and writes its values and
drill-down units as Parquet under `settings.SNAPSHOTS_DIR`; pages read those snapshots and
never compute over the returns on request (ADR 0008).
"""

from django.conf import settings
from django.db import models

from clearsight.core.models import ImportRecord, TimeStampedModel


class ReturnSource(models.TextChoices):
    ANNEX_A = "annex_a", "Ofsted Annex A"
    SSDA903 = "ssda903", "SSDA903 (children looked after)"
    CIN_CENSUS = "cin_census", "CIN census"


class ReturnLoad(models.Model):
    """One national return loaded and kept: which file(s), what period, who and when.

    A later load for the same source and period (collection year, or Annex A extract date)
    supersedes this one; superseded loads are kept for the record but no longer computed.
    """

    source = models.CharField(max_length=20, choices=ReturnSource.choices)
    import_record = models.OneToOneField(ImportRecord, on_delete=models.PROTECT,
                                         related_name="return_load")
    period_key = models.CharField(
        max_length=20, help_text="The collection year (2025 for 2024-25) or the Annex A "
                                 "extract date: a later load with the same key replaces it")
    period_start = models.DateField()
    period_end = models.DateField()
    as_at = models.DateField(help_text="The last day the data is complete for")
    table_rows = models.JSONField(default=dict, help_text="Rows read, by list or table")
    folder = models.CharField(max_length=200, help_text="Under RETURNS_DIR")
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "-period_key", "-loaded_at"]
        indexes = [models.Index(fields=["source", "period_key"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.source == ReturnSource.ANNEX_A:
            return f"as at {self.as_at.day} {self.as_at:%B %Y}"
        year = int(self.period_key)
        label = f"{year - 1}-{year % 100:02d}"
        if self.as_at < self.period_end:
            label += f" (to {self.as_at.day} {self.as_at:%B %Y})"
        return label

    @property
    def rows(self) -> int:
        return sum(int(count) for count in self.table_rows.values())


class PopulationFigure(TimeStampedModel):
    """Children aged 0-17 in the area, as DfE uses for a collection year's rates."""

    collection_year = models.PositiveSmallIntegerField(
        unique=True, help_text="The year the collection ends in (2025 for 2024-25)")
    children = models.PositiveIntegerField()
    source = models.CharField(max_length=200, help_text="Where the figure comes from")
    import_record = models.ForeignKey(ImportRecord, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-collection_year"]

    def __str__(self) -> str:
        return f"{self.collection_year}: {self.children:,}"


class AuthorityProfile(TimeStampedModel):
    """Who the authority compares itself with. One row."""

    name = models.CharField(max_length=120, default="Our authority")
    la_code = models.CharField(
        "local authority number", max_length=3, blank=True,
        help_text="Your three-digit DfE local authority number, for example 884")
    comparator_la_code = models.CharField(
        "compare as", max_length=3, blank=True,
        help_text="The DfE authority whose region and statistical neighbours to compare with; "
                  "normally your own number")
    neighbour_model = models.CharField(
        max_length=4, default="2025", choices=[("2025", "2025 model"), ("2021", "2021 model")],
        help_text="The DfE statistical-neighbour model shown unless a page says otherwise")
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.name

    @property
    def benchmark_code(self) -> str:
        return self.comparator_la_code or self.la_code


class Computation(models.Model):
    """One run of the indicator engine over the current returns: the snapshot pages read."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Computing"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    progress_text = models.CharField(max_length=200, blank=True)
    returns = models.ManyToManyField(ReturnLoad, related_name="computations", blank=True)
    population = models.JSONField(default=dict, blank=True)
    data_version = models.CharField(
        max_length=64, blank=True,
        help_text="Checksum of the returns, population and engine that produced it")
    folder = models.CharField(max_length=200, blank=True, help_text="Under SNAPSHOTS_DIR")
    latest_data = models.DateField(null=True, blank=True)
    value_count = models.PositiveIntegerField(default=0)
    unit_count = models.PositiveIntegerField(default=0)
    not_computed = models.JSONField(default=dict, blank=True)
    notes = models.JSONField(default=list, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Computation {self.pk} ({self.get_status_display()})"


class IndicatorSetting(TimeStampedModel):
    """What the authority sets for one indicator: who owns it, its target, the SPC baseline."""

    code = models.CharField(max_length=10, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="owned_indicators",
                              help_text="Told by email when a special-cause signal appears")
    target = models.FloatField(null=True, blank=True)
    baseline_start = models.DateField(null=True, blank=True)
    baseline_end = models.DateField(null=True, blank=True)
    run_length = models.PositiveSmallIntegerField(
        default=7, choices=[(7, "7 points"), (8, "8 points")],
        help_text="How many points in a row on one side of the mean count as a signal")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class SpcAlert(models.Model):
    """A special-cause signal found at the latest point of an indicator's monthly chart, kept
    so the owner is told once, not every time the snapshot is computed again."""

    code = models.CharField(max_length=10)
    period_id = models.CharField(max_length=40)
    variation = models.CharField(max_length=40)
    message = models.CharField(max_length=300)
    computation = models.ForeignKey(Computation, on_delete=models.CASCADE,
                                    related_name="alerts")
    notified = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["code", "period_id", "variation"],
                                               name="one_alert_per_signal")]

    def __str__(self) -> str:
        return f"{self.code} {self.period_id}: {self.variation}"


class DueItem(models.Model):
    """Something statutory due or overdue for a child, from the latest Annex A extract."""

    computation = models.ForeignKey(Computation, on_delete=models.CASCADE,
                                    related_name="due_items")
    child_id = models.CharField(max_length=40, db_index=True)
    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=120)
    team = models.CharField(max_length=120, blank=True)
    worker = models.CharField(max_length=120, blank=True)
    last_done = models.DateField(null=True, blank=True)
    due_on = models.DateField()
    rule = models.CharField(max_length=200)

    class Meta:
        ordering = ["due_on", "child_id"]
        indexes = [models.Index(fields=["computation", "due_on"])]

    def __str__(self) -> str:
        return f"{self.child_id} {self.kind} due {self.due_on}"
