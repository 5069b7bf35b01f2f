"""Governance packs: each board pack or quarterly report made, with the figures it gave, the
files made from them and the version of the data they came from. Packs are kept: a board can
always see what it was given, even after the live figures have moved on."""

from django.conf import settings
from django.db import models

from clearsight.governance.workflow import PackKind, PackStatus, PackStep


class Pack(models.Model):
    kind = models.CharField(max_length=10, choices=PackKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    period_label = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=PackStatus.choices,
                              default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    progress_text = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_by_name = models.CharField(max_length=200, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    computation_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The performance computation the KPIs came from")
    data_fingerprint = models.CharField(
        max_length=64, blank=True,
        help_text="SHA-256 of the counts and latest change times of audits, feedback, "
                  "complaints and plans when the pack was made")
    data_markers = models.JSONField(default=dict, blank=True)
    content = models.JSONField(default=dict, blank=True,
                               help_text="The figures the pack gave, as shown")
    files = models.JSONField(default=dict, blank=True,
                             help_text="By format: file name (under PACKS_DIR), size, SHA-256")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.period_label}"

    @property
    def data_version(self) -> str:
        """Which data the pack was made from: the performance computation and a short form of
        the fingerprint of everything else."""
        if not self.data_fingerprint:
            return ""
        computation = f"computation {self.computation_id}" if self.computation_id \
            else "no computation"
        return f"{computation}, data {self.data_fingerprint[:12]}"


class PackEvent(models.Model):
    """One move of a pack through its workflow (workflow.PACK_TRANSITIONS)."""

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(max_length=10, choices=PackStep.choices)
    status_before = models.CharField(max_length=10, choices=PackStatus.choices)
    status_after = models.CharField(max_length=10, choices=PackStatus.choices)
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.pack} {self.step}"
