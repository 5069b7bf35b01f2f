"""Feedback questions as evidence for improvement plans (clearsight/feedback/evidence.py)."""

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from clearsight.core.evidence import Period, evidence_for, reference_problem
from clearsight.feedback.evidence import FeedbackEvidence
from clearsight.feedback.tests import factories

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)  # the latest complete quarter is July to September 2026
AUGUST = date(2026, 8, 10)
MAY = date(2026, 5, 12)


def _phone(on: date, **answers: Any) -> None:
    factories.phone_response(called_on=on, **answers)


def test_share_positive_in_the_latest_quarter_against_the_one_before():
    for _ in range(5):
        _phone(AUGUST)
    _phone(AUGUST, share_views="no")
    for _ in range(6):
        _phone(MAY)
    for _ in range(4):
        _phone(MAY, share_views="not_sure")
    _phone(date(2026, 10, 5), share_views="no")  # this quarter is not over: not counted

    found = evidence_for("feedback", "share_views", today=TODAY)
    assert found is not None
    assert found.figure == "83%"
    assert found.detail == "5 of 6 answers positive"
    assert found.period == "Jul-Sep 2026"
    assert found.previous == "60% in Apr-Jun 2026"
    assert found.change == "+23 points"
    assert [(p.label, p.text) for p in found.trend] == [
        ("Oct-Dec 2025", "No answers"), ("Jan-Mar 2026", "No answers"),
        ("Apr-Jun 2026", "60%"), ("Jul-Sep 2026", "83%")]
    assert found.url == reverse("feedback:results") + "?question=share_views"
    assert found.data_version == "latest response received 5 October 2026"
    assert not found.suppressed
    # A period asked for: April to June against January to March.
    spring = evidence_for("feedback", "share_views", today=TODAY,
                          period=Period.quarter(2026, 2))
    assert spring is not None
    assert (spring.figure, spring.previous, spring.change) == (
        "60%", "No answers in Jan-Mar 2026", "")


def test_fewer_than_five_answers_are_not_shown():
    for _ in range(3):
        _phone(AUGUST)
    found = evidence_for("feedback", "listened_to", today=TODAY)
    assert found is not None
    assert found.suppressed
    assert found.figure == "fewer than 5"
    assert "3" not in found.detail
    assert found.trend[-1].value is None


def test_references_are_question_codes_with_positive_answers():
    factories.phone_response(called_on=AUGUST)
    provider = FeedbackEvidence()
    codes = [choice.reference for choice in provider.choices()]
    assert "listened_to" in codes
    assert "comments" not in codes  # free text: nothing counts as positive
    assert reference_problem("feedback", "listened_to") == ""
    assert "not the code" in reference_problem("feedback", "comments")
    missing = evidence_for("feedback", "nope", today=TODAY)
    assert missing is not None
    assert not missing.found
