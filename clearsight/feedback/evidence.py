"""Feedback from children and families as evidence for improvement plans, through the read
seam in core (ADR 0014).

A reference is a question's code (the same across survey versions and the adult and child
surveys, such as `listened_to`). The figure is the share of answers counted positive over
the latest complete quarter (or the period asked for) against the quarter before, as the
quarterly report counts them, with the last four quarters as a trend. Authority-wide, and
counts from 1 to 4, and the shares built on them, suppressed (`suppress_small`).
"""

from datetime import date

from django.db.models import Max
from django.urls import reverse

from clearsight.core.evidence import (
    SUPPRESSED_TEXT,
    Choice,
    Evidence,
    Period,
    TrendPoint,
    percent_change,
)
from clearsight.feedback.models import Question, Response
from clearsight.feedback.selectors import (
    RESULT_QUESTIONS,
    _percent_value,
    _positive_counts,
    question_label,
)
from clearsight_analytics.suppression import SUPPRESSED, suppress_small

TREND_QUARTERS = 4


def _count(number: int) -> str:
    return SUPPRESSED_TEXT if suppress_small(number) == SUPPRESSED else f"{number:,}"


def _text(answered: int, good: int) -> str:
    if not answered:
        return "No answers"
    value = _percent_value(good, answered)
    return SUPPRESSED_TEXT if value is None else f"{value}%"


class FeedbackEvidence:
    kind = "feedback"

    def _codes(self) -> list[str]:
        """Questions with answers counted positive (free text has none)."""
        codes = {code for code, positive in Question.objects.values_list("code", "positive")
                 if positive}
        return sorted(codes)

    def choices(self) -> list[Choice]:
        return [Choice(code, question_label(code)) for code in self._codes()]

    def problem(self, reference: str) -> str:
        if reference in self._codes():
            return ""
        return f'"{reference[:40]}" is not the code of a feedback question with positive answers.'

    def evidence(self, reference: str, *, period: Period | None, today: date) -> Evidence:
        if reference not in self._codes():
            return Evidence(kind=self.kind, reference=reference, title=reference, found=False,
                            note="No feedback question has this code.")
        period = period or Period.latest_quarter(today)
        before = period.previous()
        counts = []  # the period, the one before, and so on: each counted once
        step = period
        for _ in range(TREND_QUARTERS):
            counts.append((step, *_positive_counts(reference, step.start, step.end)))
            step = step.previous()
        (_, answered, good), (_, answered_before, good_before) = counts[0], counts[1]
        trend = [TrendPoint(when.label, _percent_value(g, a), _text(a, g))
                 for when, a, g in counts]
        value = _percent_value(good, answered)
        latest = Response.objects.aggregate(last=Max("received_on"))["last"]
        url = reverse("feedback:results") + (f"?question={reference}"
                                             if reference in RESULT_QUESTIONS else "")
        return Evidence(
            kind=self.kind, reference=reference, title=question_label(reference),
            figure=_text(answered, good),
            detail=(f"{_count(good)} of {_count(answered)} answers positive" if answered
                    and value is not None else
                    f"{_count(answered)} answers" if answered else ""),
            period=period.label, previous=f"{_text(answered_before, good_before)} in "
                                          f"{before.label}",
            change=percent_change(value, _percent_value(good_before, answered_before)),
            source="Answers to feedback surveys, by the day each response was received",
            data_version=(f"latest response received {latest:%-d %B %Y}" if latest
                          else "no responses yet"),
            url=url, trend=tuple(reversed(trend)),
            trend_label=f"Last {TREND_QUARTERS} quarters",
            suppressed=bool(answered) and value is None)
