"""Case audit grades as evidence for improvement plans, through the read seam in core
(ADR 0014).

A reference names what is graded:

- a domain's code in the audit tool, such as `voice-of-the-child` (the code stays the same
  across versions of the tool);
- `overall`, the audit's overall grade;
- `theme:<name>`, the overall grades of the thematic audits drawn under that theme.

The figure is the share of completed audits graded good or outstanding over the period (by
the day each audit was completed), with the counts and the period before for comparison, and
the last four quarters as a trend. Final grades only: the moderator's where an audit was
moderated, otherwise the lead's (which the peer's matched). Authority-wide, and counts from 1
to 4 suppressed (`clearsight_analytics.suppression.suppress_small`), as the board sees the
audit dashboard.
"""

from collections.abc import Callable
from datetime import date, datetime, time

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from clearsight.audits import default_template
from clearsight.audits.models import (
    Audit,
    AuditGrading,
    DomainGrade,
    Grade,
    SampleDraw,
    Status,
    TemplateDomain,
)
from clearsight.core.evidence import (
    SUPPRESSED_TEXT,
    Choice,
    Evidence,
    Period,
    TrendPoint,
    percent_change,
)
from clearsight_analytics.suppression import SUPPRESSED, suppress_small

GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)
OVERALL = "overall"
THEME = "theme:"
TREND_QUARTERS = 4


def _completed(start: date, end: date) -> QuerySet[Audit]:
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end, time.max))
    return Audit.objects.filter(status=Status.COMPLETED, completed_at__gte=since,
                                completed_at__lte=until)


def _overall_counts(audits: QuerySet[Audit]) -> tuple[int, int]:
    counts = audits.exclude(overall_grade="").aggregate(
        graded=Count("pk"), good=Count("pk", filter=Q(overall_grade__in=GOOD_OR_BETTER)))
    return counts["graded"], counts["good"]


def _domain_counts(code: str, audits: QuerySet[Audit]) -> tuple[int, int]:
    grades = (DomainGrade.objects.filter(grading__audit__in=audits.values("pk"),
                                         domain__code=code)
              .filter(Q(grading__role=AuditGrading.Role.MODERATOR)
                      | Q(grading__role=AuditGrading.Role.LEAD,
                          grading__audit__moderated_at__isnull=True))
              .exclude(grade=""))
    counts = grades.aggregate(graded=Count("pk"),
                              good=Count("pk", filter=Q(grade__in=GOOD_OR_BETTER)))
    return counts["graded"], counts["good"]


def _percent(graded: int, good: int) -> int | None:
    """The whole-number share, or None when there is nothing to show or it would rest on
    1 to 4 audits."""
    if not graded or suppress_small(graded) == SUPPRESSED or suppress_small(good) == SUPPRESSED:
        return None
    return round(100 * good / graded)


def _count(number: int) -> str:
    return SUPPRESSED_TEXT if suppress_small(number) == SUPPRESSED else f"{number:,}"


class AuditEvidence:
    kind = "audit"

    def _counter(self, reference: str) -> tuple[str, Callable[[QuerySet[Audit]],
                                                               tuple[int, int]]] | None:
        """The title and the counting of graded and good-or-better for a reference, or None
        for a reference that names nothing. New kinds of reference are added here."""
        if reference == OVERALL:
            return "Audits graded good or better overall", _overall_counts
        if reference.startswith(THEME):
            theme = reference[len(THEME):].strip()
            if not theme or not SampleDraw.objects.filter(kind=SampleDraw.Kind.THEMATIC,
                                                          theme__iexact=theme).exists():
                return None
            return (f"Thematic audits of {theme}: graded good or better",
                    lambda audits: _overall_counts(audits.filter(
                        draw__kind=SampleDraw.Kind.THEMATIC, draw__theme__iexact=theme)))
        title = TemplateDomain.objects.filter(code=reference).order_by(
            "-template__is_current", "-template__version").values_list("title", flat=True).first()
        if title is None:  # no audit yet: the tool the first audit will use
            title = next((str(d["title"]) for d in default_template.DOMAINS
                          if d["code"] == reference), None)
        if title is None:
            return None
        return (f"{title}: audits graded good or better",
                lambda audits: _domain_counts(reference, audits))

    def choices(self) -> list[Choice]:
        found = [Choice(OVERALL, "Overall grade of every audit")]
        seen: set[str] = set()
        domains = list(TemplateDomain.objects.order_by(
            "-template__is_current", "-template__version", "order").values_list("code", "title"))
        domains += [(str(d["code"]), str(d["title"])) for d in default_template.DOMAINS]
        for code, title in domains:
            if code not in seen:
                seen.add(code)
                found.append(Choice(code, f"Domain: {title}"))
        for theme in sorted(set(SampleDraw.objects.filter(kind=SampleDraw.Kind.THEMATIC)
                                .exclude(theme="").values_list("theme", flat=True))):
            found.append(Choice(f"{THEME}{theme}", f"Thematic audits: {theme}"))
        return found

    def problem(self, reference: str) -> str:
        if self._counter(reference) is not None:
            return ""
        return (f'"{reference[:40]}" is not an audit domain\'s code, "overall" or '
                '"theme:" and the name of a thematic audit.')

    def evidence(self, reference: str, *, period: Period | None, today: date) -> Evidence:
        counter = self._counter(reference)
        if counter is None:
            return Evidence(kind=self.kind, reference=reference, title=reference, found=False,
                            note="No audit domain or theme has this reference.")
        title, count = counter
        period = period or Period.latest_quarter(today)
        before = period.previous()
        counts = []  # the period, the one before, and so on: each counted once
        step = period
        for _ in range(TREND_QUARTERS):
            counts.append((step, *count(_completed(step.start, step.end))))
            step = step.previous()
        (_, graded, good), (_, graded_before, good_before) = counts[0], counts[1]
        now, then = _percent(graded, good), _percent(graded_before, good_before)
        trend = []
        for when, g, n in counts:
            value = _percent(g, n)
            trend.append(TrendPoint(when.label, value, "No audits" if not g else
                                    SUPPRESSED_TEXT if value is None else f"{value}%"))
        latest = Audit.objects.filter(status=Status.COMPLETED).aggregate(
            last=Max("completed_at"))["last"]
        if not graded:
            figure, detail = "No audits", "No completed audits were graded in the period."
        elif now is None:
            figure, detail = SUPPRESSED_TEXT, f"{_count(graded)} audits graded"
        else:
            figure = f"{now}%"
            detail = f"{_count(good)} of {_count(graded)} graded good or outstanding"
        previous = ("No audits" if not graded_before else SUPPRESSED_TEXT if then is None
                    else f"{then}%")
        return Evidence(
            kind=self.kind, reference=reference, title=title, figure=figure, detail=detail,
            period=period.label, previous=f"{previous} in {before.label}",
            change=percent_change(now, then),
            source="Completed case audits, final grades (moderated, else agreed)",
            data_version=(f"latest audit completed {timezone.localtime(latest):%-d %B %Y}"
                          if latest else "no audits completed"),
            url=reverse("audits:dashboard"), trend=tuple(reversed(trend)),
            trend_label=f"Last {TREND_QUARTERS} quarters",
            suppressed=bool(graded) and now is None)
