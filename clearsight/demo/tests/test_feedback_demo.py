"""Demoshire feedback: believable rates by route, paired early help scores, run twice the same."""

from datetime import date, timedelta

import pytest

from clearsight.casework.models import CaseType
from clearsight.casework.tests.factories import ClosedCaseFactory, OpenCaseFactory
from clearsight.demo import feedback_demo
from clearsight.feedback import selectors
from clearsight.feedback.models import Action, Answer, Invitation, Response
from clearsight.organisation.tests.factories import TeamFactory

AS_OF = date(2026, 3, 31)


@pytest.fixture
def demo_cases(db):  # type: ignore[no-untyped-def]
    team = TeamFactory.create()
    for n in range(300):
        closed = AS_OF - timedelta(days=5 + n)
        ClosedCaseFactory.create(case_ref=f"DS-C{n:04d}", team=team,
                                 opened_on=closed - timedelta(days=200), closed_on=closed)
    for n in range(80):
        ClosedCaseFactory.create(case_ref=f"DS-E{n:04d}", team=team,
                                 case_type=CaseType.EARLY_HELP,
                                 opened_on=AS_OF - timedelta(days=300 - n),
                                 closed_on=AS_OF - timedelta(days=100 - n))
    for n in range(100):
        OpenCaseFactory.create(case_ref=f"DS-P{n:04d}", team=team,
                               case_type=CaseType.CHILD_PROTECTION,
                               opened_on=AS_OF - timedelta(days=400))
    OpenCaseFactory.create(case_ref="REAL-1", team=team)


def _counts() -> tuple[int, ...]:
    return (Invitation.objects.count(), Response.objects.count(), Answer.objects.count(),
            Action.objects.count())


def test_the_demo_feedback_is_believable_and_runs_twice_the_same(demo_cases):
    summary = feedback_demo.load(as_of=AS_OF, seed=7)
    assert "responses" in summary
    first = _counts()
    first_answers = sorted(Answer.objects.values_list("question__code", "number", "choice"))
    feedback_demo.load(as_of=AS_OF, seed=7)
    assert _counts() == first
    assert sorted(Answer.objects.values_list("question__code", "number", "choice")) \
        == first_answers

    rows = {row.point: row for row in selectors.response_rates(
        start=AS_OF - timedelta(days=365), end=AS_OF)}
    invited, by_link, by_phone, eligible = rows["closure"].raw
    assert eligible is not None
    assert eligible >= 300
    # A link in the letter reaches few families; a phone call reaches many more.
    assert 0.05 < by_link / invited < 0.25
    assert by_phone > 2 * by_link
    assert 0.35 < by_phone / eligible < 0.65
    assert rows["cp_conference"].raw[0] > 0

    share = Answer.objects.filter(question__code="share_views")
    assert 0.75 < share.filter(choice="yes").count() / share.count() < 0.97

    pairs = selectors.early_help_pairs(responses=Response.objects.all())
    assert len(pairs) > 20
    average = selectors.average_change(pairs)
    assert average is not None
    assert 1.3 < average < 3.3
    assert not Response.objects.filter(case__case_ref="REAL-1").exists()
