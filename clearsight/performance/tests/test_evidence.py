"""Indicators as evidence for improvement plans (clearsight/performance/evidence.py), read from
a real computed snapshot."""

from datetime import date

import pytest
from django.urls import reverse

from clearsight.core.evidence import Period, evidence_for, reference_problem
from clearsight.performance import display, selectors
from clearsight.performance.evidence import IndicatorEvidence
from clearsight.performance.tests.factories import snapshot_make
from clearsight_analytics.indicators import BY_CODE

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


def test_no_snapshot_yet_says_so():
    found = evidence_for("indicator", "F09", today=TODAY)
    assert found is not None
    assert found.figure == ""
    assert found.note == "The indicators have not been computed yet."
    assert found.url == reverse("performance:indicator", args=["F09"])


def test_the_latest_value_trend_signal_benchmark_and_source_of_an_indicator():
    computation = snapshot_make(child_ids=[f"C{n}" for n in range(12)])
    indicator = BY_CODE["F09"]
    rows = selectors.values_for(computation=computation, code="F09")
    kind = selectors.headline_type(indicator, {row.period_type for row in rows})
    latest = [row for row in rows if row.period_type == kind][-1]
    expected = display.shown(indicator, latest, suppress=True)

    found = evidence_for("indicator", "F09", today=TODAY)
    assert found is not None
    assert found.title == indicator.title
    assert found.period == latest.period_label
    assert found.figure == (display.fmt(indicator, latest.value) if not expected.suppressed
                            else "fewer than 5")
    assert found.suppressed == expected.suppressed
    if latest.denominator:
        assert found.detail == f"{expected.numerator} of {expected.denominator}"
    # The trend is the chart's series, at most 12 points, oldest first, suppressed points
    # carrying no value.
    series = [row for row in rows if row.period_type == selectors.spc_series_type(indicator)]
    assert [p.label for p in found.trend] == [row.period_label for row in series[-12:]]
    for point, row in zip(found.trend, series[-12:], strict=True):
        shown = display.shown(indicator, row, suppress=True)
        assert point.value == (None if shown.suppressed else row.value)
    spc = selectors.indicator_spc(computation=computation, indicator=indicator, setting=None)
    assert spc is not None
    assert found.signal == spc.variation_text
    assert found.source.startswith(f"Snapshot {computation.pk} computed ")
    assert "CIN census" in found.source
    assert found.data_version == computation.data_version[:12]
    assert any(b.label.startswith("England ") for b in found.benchmarks)

    # As at the end of an earlier period: no value after it.
    spring = evidence_for("indicator", "F09", today=TODAY,
                          period=Period(date(2025, 4, 1), date(2025, 9, 30), "early"))
    assert spring is not None
    assert all(not p.label.startswith("2026") for p in spring.trend)


def test_references_are_catalogue_codes():
    assert reference_problem("indicator", "F09") == ""
    assert "not an indicator code" in reference_problem("indicator", "ZZ99")
    choices = IndicatorEvidence().choices()
    assert len(choices) == len(BY_CODE)
    assert any(c.reference == "F09" and c.label.startswith("F09: ") for c in choices)
