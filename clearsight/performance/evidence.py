"""Indicators as evidence for improvement plans, through the read seam in core (ADR 0014).

A reference is an indicator's catalogue code. The figure is read from the latest computed
snapshot, never computed here: the headline value (for the period's end when one is given),
the last 12 points of the series the indicator's chart plots, the SPC signal at the latest
point, and England and statistical neighbours where DfE publishes the measure. Small numbers
are suppressed as on the performance pages for roles without case access.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.urls import reverse

from clearsight.core.evidence import (
    SUPPRESSED_TEXT,
    Benchmark,
    Choice,
    Evidence,
    Period,
    TrendPoint,
)
from clearsight.performance import display, selectors
from clearsight.performance.models import AuthorityProfile, Computation, IndicatorSetting
from clearsight_analytics.indicators import BY_CODE, CATALOGUE, Kind
from clearsight_analytics.spc import Variation

TREND_POINTS = 12
SIGNAL_KINDS = {
    Variation.IMPROVEMENT_HIGH: "improvement", Variation.IMPROVEMENT_LOW: "improvement",
    Variation.CONCERN_HIGH: "concern", Variation.CONCERN_LOW: "concern",
    Variation.NEUTRAL_HIGH: "neutral", Variation.NEUTRAL_LOW: "neutral",
    Variation.COMMON_CAUSE: "common", Variation.NONE: "",
}
TREND_NAMES = {"month": "months", "quarter": "quarters", "year": "years",
               "extract": "extracts", "rolling_12": "rolling years"}


@dataclass
class _Shared:
    computation: Computation | None
    settings: dict[str, IndicatorSetting] = field(default_factory=dict)
    profile: AuthorityProfile | None = None
    source: str = ""


class IndicatorEvidence:
    kind = "indicator"

    def choices(self) -> list[Choice]:
        return [Choice(i.code, f"{i.code}: {i.title}") for i in CATALOGUE]

    def problem(self, reference: str) -> str:
        if reference in BY_CODE:
            return ""
        return f'"{reference[:40]}" is not an indicator code in the catalogue.'

    def evidence(self, reference: str, *, period: Period | None, today: date) -> Evidence:
        return self.evidence_many([reference], period=period, today=today)[reference]

    def evidence_many(self, references: list[str], *, period: Period | None,
                      today: date) -> dict[str, Evidence]:
        """Many indicators from one snapshot: what they share (the snapshot, the settings,
        the authority's profile, the returns it came from) is read once."""
        computation = selectors.computation_current()
        shared = _Shared(computation=computation)
        if computation is not None:
            shared.settings = selectors.indicator_settings()
            shared.profile = AuthorityProfile.objects.filter(pk=1).first()
            shared.source = "Snapshot {} computed {}".format(
                computation.pk, f"{computation.finished_at:%-d %B %Y}"
                if computation.finished_at else "")
            loads = ", ".join(str(load) for load in computation.returns.all())
            if loads:
                shared.source += f" from {loads}"
        return {reference: self._one(reference, shared, period) for reference in references}

    def _one(self, reference: str, shared: "_Shared", period: Period | None) -> Evidence:
        indicator = BY_CODE.get(reference)
        if indicator is None:
            return Evidence(kind=self.kind, reference=reference, title=reference, found=False,
                            note="This indicator is no longer in the catalogue.")
        url = reverse("performance:indicator", args=[reference])
        base = Evidence(kind=self.kind, reference=reference, title=indicator.title, url=url)
        computation = shared.computation
        if computation is None:
            return replace(base, note="The indicators have not been computed yet.")
        rows = selectors.values_for(computation=computation, code=reference)
        if period is not None:
            rows = [row for row in rows if row.period_end <= period.end]
        base = replace(base, source=shared.source, data_version=computation.data_version[:12])
        kind = selectors.headline_type(indicator, {row.period_type for row in rows})
        if kind is None:
            why = computation.not_computed.get(reference)
            because = f": {why}" if why else ""
            return replace(base, note=f"No value in the snapshot{because}.")
        latest = [row for row in rows if row.period_type == kind][-1]
        shown = display.shown(indicator, latest, suppress=True)
        detail = ""
        if latest.denominator is not None and indicator.kind == Kind.PERCENT:
            detail = f"{shown.numerator} of {shown.denominator}"
        elif latest.numerator is not None and indicator.kind == Kind.RATE:
            detail = f"{shown.numerator} children"

        series_type = selectors.spc_series_type(indicator)
        trend_rows = [row for row in rows if row.period_type == series_type][-TREND_POINTS:]
        trend = []
        for row in trend_rows:
            point = display.shown(indicator, row, suppress=True)
            trend.append(TrendPoint(row.period_label,
                                    None if point.suppressed else row.value,
                                    SUPPRESSED_TEXT if point.suppressed else point.value))

        signal = signal_kind = ""
        spc = selectors.indicator_spc(computation=computation, indicator=indicator,
                                      setting=shared.settings.get(reference))
        if spc is not None and spc.latest is not None and trend_rows and (
                spc.points[-1].label[:7] == trend_rows[-1].period_end.isoformat()[:7]):
            signal = spc.variation_text
            signal_kind = SIGNAL_KINDS[spc.variation]

        benchmarks: list[Benchmark] = []
        profile = shared.profile
        year_values = {row.period_end.year: row for row in rows if row.period_type == "year"}
        view = display.benchmark_view(
            indicator, authority=profile.benchmark_code if profile else "",
            model=profile.neighbour_model if profile else "2025", year_values=year_values,
            our_name=profile.name if profile else "Our authority", suppress=True)
        if view is not None:
            for line in view.lines:
                if line.label == "England" or line.label.endswith("mean"):
                    label = "Statistical neighbours" if line.label.endswith("mean") else \
                        line.label
                    benchmarks.append(Benchmark(f"{label} {view.year_label}", line.value))
        return replace(
            base, figure=shown.value.replace(display.SUPPRESSED, SUPPRESSED_TEXT),
            detail=detail, period=latest.period_label, suppressed=shown.suppressed,
            trend=tuple(trend) if len(trend) > 1 else (),  # one point is no trend
            trend_label=f"Last {len(trend)} {TREND_NAMES.get(series_type or '', 'points')}",
            signal=signal, signal_kind=signal_kind, benchmarks=tuple(benchmarks))
