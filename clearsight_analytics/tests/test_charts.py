"""The SVG charts: accessible naming, nothing a strict CSP would block, escaping, shapes as well
as colours, contrast, and the same bytes for the same input."""

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree

from clearsight_analytics.charts import (
    FONT_SIZE,
    GRIDLINE,
    PALETTE,
    TEXT_COLOURS,
    WHITE,
    Bar,
    Unit,
    ValueFormat,
    comparison_bar_svg,
    escape,
    sparkline_svg,
    xmr_chart_svg,
)
from clearsight_analytics.spc import Baseline, Polarity, Rules, SpcResult, xmr

SVG = "{http://www.w3.org/2000/svg}"
BASE = [10, 12, 9, 11, 10, 8, 11, 10, 9, 12, 10, 8]  # mean 10, limits 4.68 to 15.32
PERCENT = ValueFormat(Unit.PERCENT, 1)


def months(
    values: Sequence[float | None], start_year: int = 2024
) -> list[tuple[str, float | None]]:
    points = []
    for offset, value in enumerate(values):
        year, month = divmod(3 + offset, 12)
        points.append((f"{start_year + year}-{month + 1:02d}", value))
    return points


def mixed_result() -> SpcResult:
    """Common cause, improvement (a point above the limit) and concern (a point below)."""
    return xmr(months([*BASE, 16, 11, 4]), polarity=Polarity.HIGHER_IS_BETTER, target=13,
               baseline=Baseline.first_points(12))


def parse(svg: str) -> Element:
    root: Element = ElementTree.fromstring(svg)
    return root


def local(element: Element) -> str:
    return element.tag.removeprefix(SVG)


def markers(root: Element, kind: str) -> list[Element]:
    """The point markers of one kind (not the legend's samples)."""
    (points,) = [e for e in root if e.get("class") == "cs-points"]
    return [e for e in points if f"cs-marker--{kind}" in e.get("class", "").split()]


def all_charts() -> list[str]:
    neutral = xmr(months([*BASE, 16]), baseline=Baseline.first_points(12))
    return [
        xmr_chart_svg(mixed_result(), id_prefix="a", title="Mixed", value_format=PERCENT),
        xmr_chart_svg(neutral, id_prefix="b", title="Neutral"),
        xmr_chart_svg(xmr(months([1, None, 3])), id_prefix="c", title="Short"),
        xmr_chart_svg(xmr([]), id_prefix="d", title="Empty"),
        sparkline_svg([1, 2, None, 4, 3]),
        sparkline_svg([1, 2], label="Rising", id_prefix="e"),
        comparison_bar_svg([Bar("Us", 71.2, ours=True), Bar("England", -3), Bar("Region", None)],
                           id_prefix="f", title="Compare", value_format=PERCENT),
    ]


# ------------------------------------------------------------------ naming


def test_the_xmr_chart_is_an_image_named_by_its_title_and_desc():
    root = parse(xmr_chart_svg(mixed_result(), id_prefix="reref", title="Re-referrals",
                               value_format=PERCENT))
    assert local(root) == "svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "reref-title reref-desc"
    assert root.get("width") == "100%"
    assert root.get("height") is None  # the viewBox keeps the shape
    assert re.fullmatch(r"0 0 720 [\d.]+", root.get("viewBox", ""))
    title, desc = root[0], root[1]
    assert (local(title), title.get("id"), title.text) == ("title", "reref-title", "Re-referrals")
    assert (local(desc), desc.get("id")) == ("desc", "reref-desc")
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids == ["reref-title", "reref-desc"]


def test_the_desc_summarises_the_chart():
    desc = parse(xmr_chart_svg(mixed_result(), id_prefix="x", title="T",
                               value_format=PERCENT))[1].text
    assert desc == (
        "Monthly values from April 2024 to June 2025. Latest 4.0% in June 2025. "
        "Mean 10.0%; process limits 4.7% to 15.3%. Mean and limits from April 2024 to "
        "March 2025. Target 13.0%. Special cause variation: concern (lower) in the latest "
        "month. Special cause at 1 earlier month. Target hit and miss: it lies between the "
        "process limits, so some months will meet it and others miss it by chance alone."
    )


def test_the_desc_counts_the_months_of_a_continuing_signal_and_missing_months():
    result = xmr(months([*BASE, None, 9, 9, 9, 9, 9, 9, 9]), polarity=Polarity.HIGHER_IS_BETTER,
                 baseline=Baseline.first_points(12))
    desc = parse(xmr_chart_svg(result, id_prefix="x", title="T"))[1].text or ""
    assert desc.startswith("Monthly values from April 2024 to November 2025, 1 month missing. "
                           "Latest 9 in November 2025. Mean 10; process limits 5 to 15.")
    assert "Special cause variation: concern (lower) in the last 7 months." in desc


def test_the_desc_says_when_limits_are_not_reliable():
    result = xmr(months(BASE[:6]))
    root = parse(xmr_chart_svg(result, id_prefix="x", title="T"))
    assert "too few points for reliable process limits (6 of 12)" in (root[1].text or "")
    assert "Too few points for process limits" in texts(root)
    assert not any(e.get("stroke-dasharray") == "6 4" for e in root.iter())  # no limit lines


def test_labels_that_are_not_months_are_shown_as_given():
    result = xmr([("Q1 2025", 5), ("Q2 2025", 6)])
    root = parse(xmr_chart_svg(result, id_prefix="x", title="T"))
    assert (root[1].text or "").startswith("Values from Q1 2025 to Q2 2025.")
    assert {"Q1 2025", "Q2 2025"} <= set(texts(root))


def test_an_empty_series_still_makes_a_chart():
    root = parse(xmr_chart_svg(xmr([]), id_prefix="x", title="T"))
    assert root[1].text == "No values yet."
    assert "No data to show yet" in texts(root)


# ------------------------------------------------------------------ strict CSP


@pytest.mark.parametrize("index", range(7))
def test_nothing_a_strict_content_security_policy_would_block(index):
    svg = all_charts()[index]
    root = parse(svg)
    for element in root.iter():
        assert local(element) not in {"style", "script", "foreignObject", "a", "image", "use"}
        for name, value in element.attrib.items():
            assert name != "style"
            assert not name.lower().startswith("on")
            assert "href" not in name
            assert "url(" not in value
            assert "javascript:" not in value.lower()
    assert "style" not in svg  # not even in a namespaced form


def test_ids_must_be_safe():
    for bad in ["", "1abc", "a b", 'x" onload="alert(1)', "a" * 65]:
        with pytest.raises(ValueError, match="id_prefix"):
            xmr_chart_svg(mixed_result(), id_prefix=bad, title="T")
    with pytest.raises(ValueError, match="id_prefix"):
        sparkline_svg([1, 2], label="Named but no id")


# ------------------------------------------------------------------ escaping


def test_caller_text_is_escaped():
    nasty = '<script>alert("x")</script>&"\'\x00'
    result = xmr([(nasty, 1), ("<b>2</b>", 2)])
    svg = xmr_chart_svg(result, id_prefix="x", title=nasty)
    assert "<script" not in svg
    assert "<b>" not in svg
    root = parse(svg)
    assert root[0].text == '<script>alert("x")</script>&"\'\ufffd'
    assert "<b>2</b>" in texts(root)
    bars = comparison_bar_svg([Bar(nasty, 1)], id_prefix="x", title=nasty)
    assert "<script" not in bars
    assert parse(bars)[1].text == '<script>alert("x")</script>&"\'\ufffd: 1.'
    labelled = sparkline_svg([1, 2], label=nasty, id_prefix="s")
    assert "<script" not in labelled
    assert parse(labelled)[0].text == '<script>alert("x")</script>&"\'\ufffd'
    rate = ValueFormat(Unit.RATE, rate_unit="per <10,000>")
    assert "<10,000>" not in xmr_chart_svg(result, id_prefix="x", title="T", value_format=rate)


def test_escape():
    assert escape('a<b>&"c\'') == "a&lt;b&gt;&amp;&quot;c&#39;"
    assert escape("tab\tnew\nline\x07\ud800") == "tab\tnew\nline\ufffd\ufffd"


# ------------------------------------------------------------------ shape as well as colour


def test_special_cause_points_have_a_different_shape_from_common_cause():
    root = parse(xmr_chart_svg(mixed_result(), id_prefix="x", title="T"))
    common = markers(root, "common")
    improvement = markers(root, "improvement")
    concern = markers(root, "concern")
    assert (len(common), len(improvement), len(concern)) == (13, 1, 1)
    assert {local(e) for e in common} == {"rect"}
    assert {local(e) for e in improvement} == {"circle"}
    assert {local(e) for e in concern} == {"polygon"}
    assert len(concern[0].get("points", "").split()) == 4  # a diamond
    assert improvement[0].get("fill") == PALETTE["improvement"]
    assert concern[0].get("fill") == PALETTE["concern"]


def test_neutral_special_cause_is_a_purple_triangle():
    result = xmr(months([*BASE, 16]), baseline=Baseline.first_points(12))
    root = parse(xmr_chart_svg(result, id_prefix="x", title="T"))
    (neutral,) = markers(root, "neutral")
    assert local(neutral) == "polygon"
    assert len(neutral.get("points", "").split()) == 3
    assert neutral.get("fill") == PALETTE["neutral"]


def test_lines_differ_in_dash_pattern_as_well_as_colour():
    root = parse(xmr_chart_svg(mixed_result(), id_prefix="x", title="T"))
    by_colour: dict[str | None, set[str | None]] = {}
    for line in root.iter(f"{SVG}line"):
        by_colour.setdefault(line.get("stroke"), set()).add(line.get("stroke-dasharray"))
    assert None in by_colour[PALETTE["mean"]]  # solid
    assert "6 4" in by_colour[PALETTE["limits"]]
    assert by_colour[PALETTE["target"]] == {"10 3 2 3"}


def test_the_legend_lists_only_what_the_chart_shows():
    shown = texts(parse(xmr_chart_svg(mixed_result(), id_prefix="x", title="T")))
    for entry in ["Common cause", "Special cause: improvement", "Special cause: concern",
                  "Mean", "Process limits", "Target", "Limits from Apr 2024 to Mar 2025"]:
        assert entry in shown
    assert "Special cause: neither better nor worse" not in shown
    plain = texts(parse(xmr_chart_svg(xmr(months(BASE)), id_prefix="x", title="T")))
    assert "Target" not in plain
    assert not any(text.startswith("Limits from") for text in plain)


def test_a_gap_breaks_the_line():
    root = parse(xmr_chart_svg(xmr(months([1, 2, 3, None, 4, 5])), id_prefix="x", title="T"))
    polylines = list(root.iter(f"{SVG}polyline"))
    assert [len(p.get("points", "").split()) for p in polylines] == [3, 2]


# ------------------------------------------------------------------ colour contrast


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(two)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_arithmetic():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#1d70b8", WHITE) == pytest.approx(5.17, abs=0.01)  # GOV.UK blue
    assert contrast("#f47738", WHITE) < 3  # why concern uses orange's 25% shade


@pytest.mark.parametrize(("role", "colour"), sorted(PALETTE.items()))
def test_palette_contrast_against_white(role, colour):
    needed = 4.5 if role in TEXT_COLOURS else 3.0
    assert contrast(colour, WHITE) >= needed


@pytest.mark.parametrize("index", range(7))
def test_only_palette_colours_are_used(index):
    root = parse(all_charts()[index])
    allowed = {*PALETTE.values(), WHITE, GRIDLINE, "none"}
    text_colours = {PALETTE[role] for role in TEXT_COLOURS}
    for element in root.iter():
        for attribute in ("fill", "stroke"):
            if element.get(attribute) is not None:
                assert element.get(attribute) in allowed
        if local(element) == "text":
            assert element.get("fill") in text_colours
    gridlines = [e for e in root.iter() if e.get("stroke") == GRIDLINE]
    assert all(local(e) == "line" for e in gridlines)  # only gridlines are light


def test_text_is_at_least_14px():
    for svg in all_charts():
        root = parse(svg)
        if not texts(root):
            continue  # the sparklines
        assert int(root.get("font-size", "0")) >= 14 == FONT_SIZE
        assert all(e.get("font-size") is None for e in root.iter() if e is not root)


# ------------------------------------------------------------------ axes and formats


def test_x_labels_are_thinned_and_the_latest_is_shown():
    result = xmr(months([10 + (i % 5) for i in range(36)]))
    shown = texts(parse(xmr_chart_svg(result, id_prefix="x", title="T")))
    month_labels = [text for text in shown if re.fullmatch(r"[A-Z][a-z]{2} \d{4}", text)]
    assert 4 <= len(month_labels) < 36
    assert month_labels[0] == "Mar 2027"  # the latest, drawn first
    few = texts(parse(xmr_chart_svg(xmr(months([1, 2, 3])), id_prefix="x", title="T")))
    assert {"Apr 2024", "May 2024", "Jun 2024"} <= set(few)


def test_percentage_axes_stop_at_100():
    result = xmr(months([95, 97, 99, 96, 98, 99.5, 97, 96, 98, 99, 97, 98]),
                 rules=Rules(floor=0, ceiling=100))
    shown = texts(parse(xmr_chart_svg(result, id_prefix="x", title="T",
                                      value_format=ValueFormat(Unit.PERCENT))))
    assert "100%" in shown
    assert not any(text.endswith("%") and float(text[:-1].replace(",", "")) > 100
                   for text in shown)


def test_rate_and_days_axes_have_a_title():
    result = xmr(months(BASE))
    rate = texts(parse(xmr_chart_svg(result, id_prefix="x", title="T",
                                     value_format=ValueFormat(Unit.RATE, 1))))
    assert "Rate per 10,000 children" in rate
    days = texts(parse(xmr_chart_svg(result, id_prefix="x", title="T",
                                     value_format=ValueFormat(Unit.DAYS))))
    assert "Days" in days


def test_tick_steps_are_round_numbers():
    result = xmr(months([0.12, 0.18, 0.15, 0.2, 0.11]))
    shown = texts(parse(xmr_chart_svg(result, id_prefix="x", title="T")))
    # 0.11 to 0.2 in about five steps: 0.018, so steps of 0.02, shown to two places.
    assert [text for text in shown if text.startswith("0.")] == [
        "0.10", "0.12", "0.14", "0.16", "0.18", "0.20",
    ]


@pytest.mark.parametrize(
    ("value_format", "value", "text", "short"),
    [
        (ValueFormat(Unit.PERCENT, 1), 71.25, "71.2%", "71.2%"),  # round half to even
        (ValueFormat(Unit.RATE, 1), 1412.34, "1,412.3 per 10,000 children", "1,412.3"),
        (ValueFormat(Unit.DAYS), 1, "1 day", "1"),
        (ValueFormat(Unit.DAYS, 1), 23.46, "23.5 days", "23.5"),
        (ValueFormat(), 1204, "1,204", "1,204"),
        (ValueFormat(Unit.NUMBER, 1), -0.04, "0.0", "0.0"),  # never "-0.0"
        (ValueFormat(Unit.NUMBER, 1), -2.5, "-2.5", "-2.5"),
    ],
)
def test_value_formats(value_format, value, text, short):
    assert value_format.text(value) == text
    assert value_format.short(value) == short


def test_values_must_be_numbers_and_sizes_sensible():
    with pytest.raises(ValueError, match="use None"):
        sparkline_svg([1, float("nan")])
    with pytest.raises(ValueError, match="use None"):
        comparison_bar_svg([Bar("England", float("inf"))], id_prefix="x", title="T")
    with pytest.raises(ValueError, match="width"):
        xmr_chart_svg(mixed_result(), id_prefix="x", title="T", width=100)


def test_decimals_are_checked():
    with pytest.raises(ValueError, match="decimals"):
        ValueFormat(decimals=7)


# ------------------------------------------------------------------ sparkline and bars


def test_a_sparkline_is_decorative_unless_labelled():
    root = parse(sparkline_svg([1, 3, 2, None, 5]))
    assert root.get("aria-hidden") == "true"
    assert root.get("role") is None
    assert not [e for e in root.iter() if local(e) in {"title", "desc", "text"}]
    assert len(list(root.iter(f"{SVG}polyline"))) == 1  # 1-3-2; the 5 after the gap is alone
    assert len(list(root.iter(f"{SVG}circle"))) == 1  # the latest point
    labelled = parse(sparkline_svg([1, 2], label="Rising", id_prefix="spark"))
    assert labelled.get("role") == "img"
    assert labelled.get("aria-labelledby") == "spark-title"
    assert labelled[0].text == "Rising"


def test_sparkline_edge_cases():
    assert list(parse(sparkline_svg([])).iter(f"{SVG}polyline")) == []
    flat = parse(sparkline_svg([5, 5, 5], height=32))
    assert {point.split(",")[1] for point in
            next(flat.iter(f"{SVG}polyline")).get("points", "").split()} == {"16"}


def test_comparison_bars():
    svg = comparison_bar_svg(
        [Bar("Demoshire", 71.2, ours=True), Bar("England", 68), Bar("North East", None)],
        id_prefix="cmp", title="Compared", value_format=PERCENT,
    )
    root = parse(svg)
    assert root.get("aria-labelledby") == "cmp-title cmp-desc"
    assert root[1].text == "Demoshire: 71.2%; England: 68.0%; North East: not available."
    shown = texts(root)
    assert {"71.2%", "68.0%", "Not available"} <= set(shown)
    bold = [e.text for e in root.iter(f"{SVG}text") if e.get("font-weight") == "bold"]
    assert bold == ["Demoshire"]
    bars = list(root.iter(f"{SVG}rect"))
    assert [bar.get("fill") for bar in bars] == [PALETTE["our_bar"], PALETTE["other_bar"]]
    assert float(bars[0].get("width", 0)) > float(bars[1].get("width", 0))


def test_negative_bars_go_left_of_zero():
    root = parse(comparison_bar_svg([Bar("Change", -5), Bar("England", 5)], id_prefix="x",
                                    title="T"))
    negative, positive = list(root.iter(f"{SVG}rect"))
    assert float(negative.get("x", 0)) + float(negative.get("width", 0)) == pytest.approx(
        float(positive.get("x", 0)), abs=0.1)


# ------------------------------------------------------------------ determinism


def test_the_same_input_gives_the_same_bytes():
    assert all_charts() == all_charts()


SCRIPT = """
import sys
from clearsight_analytics.charts import Bar, Unit, ValueFormat, comparison_bar_svg, xmr_chart_svg
from clearsight_analytics.spc import Baseline, Polarity, xmr
points = [(f"{2024 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}", v) for i, v in
          enumerate([10, 12, 9, 11, 10, 8, 11, 10, 9, 12, 10, 8, 16, 11, 4])]
result = xmr(points, polarity=Polarity.HIGHER_IS_BETTER, target=13,
             baseline=Baseline.first_points(12))
sys.stdout.write(xmr_chart_svg(result, id_prefix="a", title="Mixed",
                               value_format=ValueFormat(Unit.PERCENT, 1)))
sys.stdout.write(comparison_bar_svg([Bar("Us", 71.2, ours=True), Bar("England", -3),
                                     Bar("Region", None)], id_prefix="f", title="Compare",
                                    value_format=ValueFormat(Unit.PERCENT, 1)))
"""


def test_the_same_bytes_in_another_process_with_another_hash_seed():
    """Nothing depends on set or dict order that string hashing could change."""
    root = Path(__file__).resolve().parents[2]
    environment = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)}
    output = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True,
        env=environment, cwd=root,
    ).stdout
    charts = all_charts()
    assert output == charts[0] + charts[6]


# ------------------------------------------------------------------ helpers


def texts(root: Element) -> list[str]:
    return [e.text or "" for e in root.iter(f"{SVG}text")]
