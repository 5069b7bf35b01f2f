"""The read seam for measures of success (ADR 0014).

Domain apps may not import each other, yet an improvement plan's recommendation names an
indicator, audit evidence and feedback questions and must show their live figures. Each app
that owns a kind of evidence registers a provider here in its AppConfig.ready(); plans (or
any other reader) asks this module for the evidence of a (kind, reference, period) and gets
back plain frozen dataclasses of text and numbers. No model, queryset or user crosses the
seam, and every figure is an authority-wide aggregate with small numbers suppressed: the
same for every reader, board members included.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

SUPPRESSED_TEXT = "fewer than 5"  # how a suppressed count reads on pages using this seam


@dataclass(frozen=True)
class Period:
    """The days a figure covers, both included."""

    start: date
    end: date
    label: str

    @classmethod
    def quarter(cls, year: int, number: int) -> "Period":
        first = 3 * (number - 1) + 1
        last = first + 2
        start = date(year, first, 1)
        end = date(year, last, calendar.monthrange(year, last)[1])
        return cls(start, end, f"{start:%b}-{end:%b %Y}")

    @classmethod
    def latest_quarter(cls, today: date) -> "Period":
        """The last calendar quarter that is over by `today`."""
        number = (today.month - 1) // 3 + 1
        year, number = (today.year, number - 1) if number > 1 else (today.year - 1, 4)
        return cls.quarter(year, number)

    def previous(self) -> "Period":
        """The period of the same length just before: the quarter before a quarter, the
        month before a month, otherwise as many days."""
        if self.start.day == 1 and self.end.day == calendar.monthrange(
                self.end.year, self.end.month)[1]:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            if months == 3 and self.start.month in (1, 4, 7, 10):
                number = (self.start.month - 1) // 3 + 1
                return Period.quarter(*((self.start.year, number - 1) if number > 1
                                        else (self.start.year - 1, 4)))
            index = self.start.year * 12 + self.start.month - 1 - months
            start = date(index // 12, index % 12 + 1, 1)
            end_index = index + months - 1
            end_year, end_month = end_index // 12, end_index % 12 + 1
            end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
            return Period(start, end, f"{start:%b %Y} to {end:%b %Y}" if months > 1
                          else f"{start:%B %Y}")
        days = (self.end - self.start).days + 1
        end = date.fromordinal(self.start.toordinal() - 1)
        start = date.fromordinal(end.toordinal() - days + 1)
        return Period(start, end, f"{start:%-d %b %Y} to {end:%-d %b %Y}")


@dataclass(frozen=True)
class TrendPoint:
    label: str
    value: float | None  # None when there is no value or it is suppressed
    text: str  # as shown, "fewer than 5" when suppressed


@dataclass(frozen=True)
class Benchmark:
    label: str  # "England 2024-25"
    text: str


@dataclass(frozen=True)
class Evidence:
    """One measure's live figure, with what it covers and where it came from."""

    kind: str
    reference: str
    title: str
    found: bool = True  # False: the reference is not known (any more) to its app
    figure: str = ""  # the headline, as shown: "72%", or "fewer than 5"
    detail: str = ""  # what it counts: "54 of 75 audits graded good or better"
    period: str = ""  # what the figure covers
    previous: str = ""  # the figure for the period before, with its label
    change: str = ""  # "+6 points" (comparison with `previous`)
    source: str = ""  # where it was computed from
    data_version: str = ""  # the snapshot checksum, or what the live data held when read
    url: str = ""  # the page with the full figures
    trend: tuple[TrendPoint, ...] = ()
    trend_label: str = ""  # "Last 12 months"
    signal: str = ""  # SPC: "Special cause variation: improvement (higher)"
    signal_kind: str = ""  # "improvement", "concern", "neutral", "common", or ""
    benchmarks: tuple[Benchmark, ...] = ()
    suppressed: bool = False
    note: str = ""  # why there is no figure, when there is none

    @property
    def sparkline(self) -> str:
        """A small decorative SVG trend line (the figures are in `trend` as text)."""
        from clearsight_analytics.charts import sparkline_svg

        values = [point.value for point in self.trend]
        if sum(value is not None for value in values) < 2:
            return ""
        return sparkline_svg(values, width=96, height=24)


@dataclass(frozen=True)
class Choice:
    reference: str
    label: str


class EvidenceProvider(Protocol):
    kind: str  # the MeasureLink kind it answers: "indicator", "audit" or "feedback"

    def choices(self) -> list[Choice]:
        """The references a person may pick, with a label each."""

    def problem(self, reference: str) -> str:
        """Why `reference` cannot be used ("" when it can)."""

    def evidence(self, reference: str, *, period: Period | None, today: date) -> Evidence:
        """The figures for one reference; `period` None means the latest available."""


@dataclass
class _Registry:
    providers: dict[str, EvidenceProvider] = field(default_factory=dict)


_REGISTRY = _Registry()


def register(provider: EvidenceProvider) -> None:
    """Called from an app's AppConfig.ready(); a second provider for a kind replaces the first
    (tests use this to stand one in)."""
    _REGISTRY.providers[provider.kind] = provider


def provider_for(kind: str) -> EvidenceProvider | None:
    return _REGISTRY.providers.get(kind)


def choices_for(kind: str) -> list[Choice]:
    provider = provider_for(kind)
    return provider.choices() if provider is not None else []


def reference_problem(kind: str, reference: str) -> str:
    """Why a reference cannot be linked ("" if it can, or if no app answers for the kind)."""
    provider = provider_for(kind)
    return provider.problem(reference) if provider is not None else ""


def evidence_for(kind: str, reference: str, *, today: date,
                 period: Period | None = None) -> Evidence | None:
    """The live evidence for a measure, or None when no app answers for the kind or there is
    no reference (a measure described in words only)."""
    provider = provider_for(kind)
    if provider is None or not reference:
        return None
    return provider.evidence(reference, period=period, today=today)


def evidence_many(pairs: list[tuple[str, str]], *, today: date,
                  period: Period | None = None) -> dict[tuple[str, str], Evidence]:
    """The evidence for many (kind, reference) pairs at once, each asked once: a provider
    with an `evidence_many` method answers its references together (reading what they share
    once), others one by one. Pairs with no provider or no reference are left out."""
    wanted: dict[str, list[str]] = {}
    for kind, reference in pairs:
        if reference and provider_for(kind) is not None and reference not in wanted.get(kind, []):
            wanted.setdefault(kind, []).append(reference)
    found: dict[tuple[str, str], Evidence] = {}
    for kind, references in wanted.items():
        provider = provider_for(kind)
        many = getattr(provider, "evidence_many", None)
        if many is not None:
            answers = many(references, period=period, today=today)
        else:
            answers = {ref: provider.evidence(ref, period=period, today=today)  # type: ignore[union-attr]
                       for ref in references}
        found |= {(kind, reference): answer for reference, answer in answers.items()}
    return found


def percent_change(now: int | None, before: int | None) -> str:
    if now is None or before is None:
        return ""
    difference = now - before
    if difference == 0:
        return "No change"
    return f"{difference:+d} point{'s' if abs(difference) != 1 else ''}"
