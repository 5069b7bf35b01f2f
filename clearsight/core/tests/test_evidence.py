"""The read seam for measures of success: periods, and the registry plans reads through."""

from datetime import date

from clearsight.core import evidence
from clearsight.core.evidence import Evidence, Period, TrendPoint


def test_the_latest_quarter_is_the_last_one_over():
    assert Period.latest_quarter(date(2026, 11, 30)) == Period(
        date(2026, 7, 1), date(2026, 9, 30), "Jul-Sep 2026")
    assert Period.latest_quarter(date(2027, 1, 2)).label == "Oct-Dec 2026"
    assert Period.latest_quarter(date(2026, 3, 31)).end == date(2025, 12, 31)


def test_the_period_before_has_the_same_length():
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    month = Period(date(2026, 3, 1), date(2026, 3, 31), "March 2026")
    assert month.previous() == Period(date(2026, 2, 1), date(2026, 2, 28), "February 2026")
    year = Period(date(2025, 4, 1), date(2026, 3, 31), "2025-26")
    assert (year.previous().start, year.previous().end) == (date(2024, 4, 1), date(2025, 3, 31))
    days = Period(date(2026, 3, 10), date(2026, 3, 19), "ten days")
    assert (days.previous().start, days.previous().end) == (date(2026, 2, 28), date(2026, 3, 9))


class _Stub:
    kind = "stub"

    def choices(self) -> list[evidence.Choice]:
        return [evidence.Choice("a", "A thing")]

    def problem(self, reference: str) -> str:
        return "" if reference == "a" else "No such thing."

    def evidence(self, reference: str, *, period: Period | None, today: date) -> Evidence:
        return Evidence(kind=self.kind, reference=reference, title="A thing", figure="50%",
                        period=(period or Period.latest_quarter(today)).label,
                        trend=(TrendPoint("Q1", 40.0, "40%"), TrendPoint("Q2", 50.0, "50%")))


def test_providers_answer_for_their_kind_and_nothing_else_does():
    evidence.register(_Stub())
    try:
        assert evidence.reference_problem("stub", "b") == "No such thing."
        assert evidence.reference_problem("stub", "a") == ""
        assert evidence.choices_for("stub") == [evidence.Choice("a", "A thing")]
        found = evidence.evidence_for("stub", "a", today=date(2026, 11, 30))
        assert found is not None
        assert (found.figure, found.period) == ("50%", "Jul-Sep 2026")
        assert found.sparkline.startswith("<svg")
        # A measure described in words, or a kind no app answers for: no evidence.
        assert evidence.evidence_for("stub", "", today=date(2026, 11, 30)) is None
        assert evidence.evidence_for("nothing", "a", today=date(2026, 11, 30)) is None
        assert evidence.reference_problem("nothing", "a") == ""
    finally:
        evidence._REGISTRY.providers.pop("stub")


class _Counting(_Stub):
    kind = "counting"

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def evidence_many(self, references: list[str], *, period: Period | None,
                      today: date) -> dict[str, Evidence]:
        self.asked.append(list(references))
        return {ref: self.evidence(ref, period=period, today=today) for ref in references}


def test_many_measures_are_asked_once_each_and_together():
    counting = _Counting()
    evidence.register(counting)
    evidence.register(_Stub())
    try:
        found = evidence.evidence_many(
            [("counting", "a"), ("counting", "b"), ("counting", "a"), ("stub", "a"),
             ("stub", ""), ("nothing", "a")], today=date(2026, 11, 30))
        assert counting.asked == [["a", "b"]]
        assert set(found) == {("counting", "a"), ("counting", "b"), ("stub", "a")}
        assert found[("stub", "a")].figure == "50%"
    finally:
        evidence._REGISTRY.providers.pop("stub")
        evidence._REGISTRY.providers.pop("counting")


def test_the_three_apps_register_their_providers():
    assert {"indicator", "audit", "feedback"} <= set(evidence._REGISTRY.providers)
    assert evidence.percent_change(83, 60) == "+23 points"
    assert evidence.percent_change(60, 61) == "-1 point"
    assert evidence.percent_change(None, 60) == ""
