"""Charts as server-rendered SVG text: the XmR chart, the sparkline and comparison bars.

Hand-written SVG rather than a chart library: a dashboard renders dozens of these per request,
and this takes well under a millisecond a chart (bench/charts.py). Every function returns a
string that is safe to put straight into a page.

Conventions, stated once:

- **Accessible name.** A chart's root `<svg>` has `role="img"` and `aria-labelledby` naming its
  `<title>` then its `<desc>`, with ids made from the caller's `id_prefix` (letters, digits, "-"
  and "_", starting with a letter; unique on the page is the caller's job). The desc summarises
  the chart in words; the page always puts the same figures in an HTML table beside it. A
  sparkline is decorative (`aria-hidden="true"`) unless the caller gives it a label.
- **Size.** `viewBox` plus `width="100%"` and no height: the chart fills its container and keeps
  its shape. All text is 14 units, which is 14px when the chart is shown at its default width.
  The class attribute (`cs-chart ...`) is there for the page's stylesheet (e.g. a max-width).
- **Colour.** GOV.UK Frontend 6 palette (`PALETTE`). Every line and marker that carries meaning
  has a contrast of at least 3:1 against white, and all text at least 4.5:1; only the
  gridlines are lighter (they are decorative). Colour is never the only cue: common cause is a
  small grey square, improvement a blue circle, concern an orange diamond (GOV.UK orange itself
  is 2.8:1, so its 25% shade), a special cause with no better direction a purple triangle; the
  mean, limits and target differ in dash pattern as well as colour.
- **Legend.** Drawn inside the SVG, under the plot, listing only what the chart shows, so a chart
  stands alone when cached, printed or saved.
- **Security.** No `style` attribute or element, no script, no event handler, no link or other
  external reference: fine under a Content Security Policy without 'unsafe-inline'. Every piece
  of text from the caller is XML-escaped, and characters XML cannot hold become U+FFFD.
- **Determinism.** Same input, same bytes: coordinates are rounded to 0.1, nothing depends on
  the time, the locale or a random id.
- **Values.** Percentages are in percentage points (71.2 means 71.2%). Values in the desc and on
  the bars have the `ValueFormat`'s decimals; axis ticks are round steps (1, 2 or 5 times a power
  of ten) and show only the decimals the step needs ("70%", not "70.0%"). Month labels written
  "YYYY-MM" are shown as "Apr 2025"; other labels are shown as given. Missing values are gaps in
  the line. Values must be finite numbers (None for missing).
"""

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Final

from clearsight_analytics.spc import PointKind, PointResult, SpcResult

FONT_SIZE: Final = 14
FONT_FAMILY: Final = "Arial, sans-serif"
CHAR_WIDTH: Final = 0.6 * FONT_SIZE  # a generous average advance (Arial or a wider fallback)

PALETTE: Final[dict[str, str]] = {
    "text": "#0b0c0c",  # GOV.UK black
    "secondary_text": "#484949",  # black tint-25
    "value_line": "#858686",  # black tint-50
    "common_cause": "#484949",
    "improvement": "#1d70b8",  # blue
    "concern": "#b7592a",  # orange shade-25
    "neutral": "#54319f",  # purple
    "mean": "#0b0c0c",
    "limits": "#484949",
    "target": "#0f7a52",  # green
    "baseline": "#484949",
    "our_bar": "#1d70b8",
    "other_bar": "#858686",
}
TEXT_COLOURS: Final = ("text", "secondary_text")  # need 4.5:1; the rest need 3:1
GRIDLINE: Final = "#cecece"  # black tint-80; decorative, so exempt from 1.4.11
WHITE: Final = "#ffffff"

_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")


class Unit(Enum):
    NUMBER = "number"
    PERCENT = "percent"
    RATE = "rate"
    DAYS = "days"


@dataclass(frozen=True)
class ValueFormat:
    """How values are written: "71.2%", "412.3 per 10,000 children", "23 days", "1,204"."""

    unit: Unit = Unit.NUMBER
    decimals: int = 0
    rate_unit: str = "per 10,000 children"

    def __post_init__(self) -> None:
        if not 0 <= self.decimals <= 6:
            raise ValueError("decimals must be between 0 and 6")

    def text(self, value: float) -> str:
        """In full, for sentences."""
        number = self.short(value)
        if self.unit is Unit.RATE:
            return f"{number} {self.rate_unit}"
        if self.unit is Unit.DAYS:
            return f"{number} day" if number == "1" else f"{number} days"
        return number

    def short(self, value: float, decimals: int | None = None) -> str:
        """For axes and bars: the number, with "%" for percentages."""
        number = f"{value:,.{self.decimals if decimals is None else decimals}f}"
        if number.startswith("-") and not number.strip("-0.,"):
            number = number[1:]  # no "-0.0"
        return number + "%" if self.unit is Unit.PERCENT else number

    @property
    def axis_title(self) -> str | None:
        if self.unit is Unit.RATE:
            return f"Rate {self.rate_unit}"
        if self.unit is Unit.DAYS:
            return "Days"
        return None


@dataclass(frozen=True)
class Bar:
    label: str  # "Demoshire", "England", "North East", "Statistical neighbours"
    value: float | None  # None: not available
    ours: bool = False  # drawn in blue with a bold label


# ------------------------------------------------------------------ the XmR chart


def xmr_chart_svg(
    result: SpcResult,
    *,
    id_prefix: str,
    title: str,
    value_format: ValueFormat | None = None,
    width: int = 720,
    plot_height: int = 240,
) -> str:
    """The XmR chart of an analysed series. Height follows from plot_height and the legend."""
    if width < 240 or plot_height < 80:
        raise ValueError("an XmR chart needs a width of at least 240 and a plot height of 80")
    fmt = value_format or ValueFormat()
    points = result.points
    limits = result.limits if result.limits_reliable else None
    values = [point.value for point in points if point.value is not None]
    lines = [line for line in (result.mean, result.target) if line is not None]
    if limits is not None:
        lines += [limits.lower, limits.upper]
    ticks, tick_decimals = _ticks(values + lines, result.rules.floor, result.rules.ceiling)
    tick_labels = [fmt.short(tick, tick_decimals) for tick in ticks]
    axis_title = fmt.axis_title

    top = 12 + (26 if axis_title else 0)
    left = 20 + max(_text_width(label) for label in tick_labels)
    right = width - 24
    bottom = top + plot_height
    span = ticks[-1] - ticks[0]

    def y_of(value: float) -> float:
        return bottom - (value - ticks[0]) / span * plot_height

    band = (right - left) / max(len(points), 1)

    def x_of(index: float) -> float:
        return left + (index + 0.5) * band

    out: list[str] = []
    if axis_title:
        out.append(_text(8, top - 14, axis_title, PALETTE["secondary_text"]))
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = y_of(tick)
        out.append(_line(left, y, right, y, GRIDLINE, 1))
        out.append(_text(left - 8, y + 5, label, PALETTE["secondary_text"], anchor="end"))

    legend: list[tuple[Callable[[float, float], str], str]] = []
    boundaries = _baseline_boundaries(result)
    for boundary in boundaries:
        x = left + boundary * band
        out.append(_line(x, top, x, bottom, PALETTE["baseline"], 1.5, dash="2 3"))
    if limits is not None:
        for limit in (limits.lower, limits.upper):
            out.append(_line(left, y_of(limit), right, y_of(limit), PALETTE["limits"], 1.5,
                             dash="6 4"))
    if result.mean is not None:
        out.append(_line(left, y_of(result.mean), right, y_of(result.mean), PALETTE["mean"], 1.5))
    if result.target is not None:
        out.append(_line(left, y_of(result.target), right, y_of(result.target), PALETTE["target"],
                         2, dash="10 3 2 3"))

    for stretch in _stretches(points):
        if len(stretch) > 1:
            coordinates = " ".join(
                f"{_n(x_of(index))},{_n(y_of(value))}" for index, value in stretch
            )
            out.append(f'<polyline points="{coordinates}" fill="none" '
                       f'stroke="{PALETTE["value_line"]}" stroke-width="2" '
                       'stroke-linejoin="round"/>')
    kinds_shown: set[PointKind] = set()
    out.append('<g class="cs-points">')
    for index, point in enumerate(points):
        if point.value is not None:
            kinds_shown.add(point.kind)
            out.append(_MARKERS[point.kind](x_of(index), y_of(point.value)))
    out.append("</g>")

    if not values:
        out.append(_text((left + right) / 2, top + plot_height / 2, "No data to show yet",
                         PALETTE["secondary_text"], anchor="middle"))
    out.extend(_x_labels(points, x_of, band, bottom, width))

    for kind in (PointKind.COMMON_CAUSE, PointKind.IMPROVEMENT, PointKind.CONCERN,
                 PointKind.NEUTRAL):
        if kind in kinds_shown:
            legend.append((_MARKERS[kind], _KIND_LEGEND[kind]))
    if result.mean is not None:
        legend.append((_swatch(PALETTE["mean"], 1.5, None), "Mean"))
    if limits is not None:
        legend.append((_swatch(PALETTE["limits"], 1.5, "6 4"), "Process limits"))
    elif result.mean is not None:
        legend.append((_nothing, "Too few points for process limits"))
    if result.target is not None:
        legend.append((_swatch(PALETTE["target"], 2, "10 3 2 3"), "Target"))
    if boundaries:
        legend.append((_baseline_swatch, "Limits from " + _baseline_range(result, short=True)))
    legend_svg, legend_height = _legend(legend, top=bottom + 42, width=width)
    out.append(legend_svg)

    height = bottom + 42 + legend_height
    return _document(
        out, id_prefix=id_prefix, title=title, desc=_xmr_desc(result, fmt), width=width,
        height=height, kind="xmr",
    )


def _xmr_desc(result: SpcResult, fmt: ValueFormat) -> str:
    points = result.points
    latest = result.latest
    if latest is None or latest.value is None:
        return "No values yet."
    present = [point for point in points if point.value is not None]
    monthly = all(_MONTH.fullmatch(point.label) for point in points)
    unit = "month" if monthly else "point"
    first, last = _long_label(points[0].label), _long_label(points[-1].label)
    missing = len(points) - len(present)
    sentences = [
        f"{'Monthly values' if monthly else 'Values'} from {first} to {last}"
        + (f", {missing} {_plural(missing, unit)} missing" if missing else "") + "."
        if len(points) > 1 else f"One value, for {first}."
    ]
    sentences.append(f"Latest {fmt.text(latest.value)} in {_long_label(latest.label)}.")
    if result.mean is not None:
        mean = f"Mean {fmt.text(result.mean)}"
        if result.limits is not None and result.limits_reliable:
            sentences.append(f"{mean}; process limits {fmt.text(result.limits.lower)} to "
                             f"{fmt.text(result.limits.upper)}.")
        else:
            sentences.append(f"{mean}; too few points for reliable process limits "
                             f"({result.baseline_values} of {result.rules.minimum_points}).")
        if _baseline_boundaries(result):
            sentences.append(f"Mean and limits from {_baseline_range(result, short=False)}.")
    if result.target is not None:
        sentences.append(f"Target {fmt.text(result.target)}.")
    trailing = _trailing_special(result)
    variation = result.variation_text
    if trailing:
        variation += (f" in the last {trailing} {unit}s" if trailing > 1
                      else f" in the latest {unit}")
    sentences.append(variation + ".")
    earlier = sum(point.special_cause for point in present) - trailing
    if earlier:
        sentences.append(f"Special cause at {earlier} earlier {_plural(earlier, unit)}.")
    if result.target is not None:
        sentences.append(result.assurance_text + ".")
    return " ".join(sentences)


def _trailing_special(result: SpcResult) -> int:
    """How many points at the end share the latest point's special cause (kind and side)."""
    latest = result.latest
    if latest is None or not latest.special_cause:
        return 0
    count = 0
    for point in reversed(result.points):
        if point.value is None and count == 0:
            continue  # a missing latest month
        if point.kind is not latest.kind or point.side is not latest.side:
            break
        count += 1
    return count


def _baseline_boundaries(result: SpcResult) -> list[int]:
    """Where to draw the baseline's edges (between points), when it is not every point."""
    positions = result.baseline_positions
    if not positions or len(positions) == len(result.points):
        return []
    edges = []
    if positions.start > 0:
        edges.append(positions.start)
    if positions.stop < len(result.points):
        edges.append(positions.stop)
    return edges


def _baseline_range(result: SpcResult, *, short: bool) -> str:
    label = _short_label if short else _long_label
    positions = result.baseline_positions
    return (f"{label(result.points[positions.start].label)} to "
            f"{label(result.points[positions.stop - 1].label)}")


def _stretches(points: Sequence[PointResult]) -> list[list[tuple[int, float]]]:
    stretches: list[list[tuple[int, float]]] = [[]]
    for index, point in enumerate(points):
        if point.value is None:
            if stretches[-1]:
                stretches.append([])
        else:
            stretches[-1].append((index, point.value))
    return [stretch for stretch in stretches if stretch]


def _x_labels(
    points: Sequence[PointResult], x_of: Callable[[float], float], band: float, bottom: float,
    width: int,
) -> list[str]:
    if not points:
        return []
    labels = [_short_label(point.label) for point in points]
    needed = max(_text_width(label) for label in labels) + 12
    every = max(1, math.ceil(needed / band))
    out = []
    last = len(points) - 1
    for index in range(last, -1, -every):  # the latest label is always shown
        x = x_of(index)
        half = _text_width(labels[index]) / 2
        anchor = "start" if x - half < 4 else "end" if x + half > width - 4 else "middle"
        text_x = 4 if anchor == "start" else width - 4 if anchor == "end" else x
        out.append(_line(x, bottom, x, bottom + 5, PALETTE["secondary_text"], 1))
        out.append(_text(text_x, bottom + 22, labels[index], PALETTE["secondary_text"],
                         anchor=anchor))
    return out


# ------------------------------------------------------------------ markers and legend


def _common(x: float, y: float) -> str:
    return (f'<rect class="cs-marker cs-marker--common" x="{_n(x - 3.5)}" y="{_n(y - 3.5)}" '
            f'width="7" height="7" fill="{PALETTE["common_cause"]}"/>')


def _improvement(x: float, y: float) -> str:
    return (f'<circle class="cs-marker cs-marker--improvement" cx="{_n(x)}" cy="{_n(y)}" r="6" '
            f'fill="{PALETTE["improvement"]}" stroke="{WHITE}" stroke-width="1.5"/>')


def _concern(x: float, y: float) -> str:
    points = (f"{_n(x)},{_n(y - 7.5)} {_n(x + 7.5)},{_n(y)} {_n(x)},{_n(y + 7.5)} "
              f"{_n(x - 7.5)},{_n(y)}")
    return (f'<polygon class="cs-marker cs-marker--concern" points="{points}" '
            f'fill="{PALETTE["concern"]}" stroke="{WHITE}" stroke-width="1.5"/>')


def _neutral(x: float, y: float) -> str:
    points = f"{_n(x)},{_n(y - 7.5)} {_n(x + 7.5)},{_n(y + 6)} {_n(x - 7.5)},{_n(y + 6)}"
    return (f'<polygon class="cs-marker cs-marker--neutral" points="{points}" '
            f'fill="{PALETTE["neutral"]}" stroke="{WHITE}" stroke-width="1.5"/>')


def _nothing(x: float, y: float) -> str:
    return ""


_MARKERS: Final[dict[PointKind, Callable[[float, float], str]]] = {
    PointKind.COMMON_CAUSE: _common,
    PointKind.IMPROVEMENT: _improvement,
    PointKind.CONCERN: _concern,
    PointKind.NEUTRAL: _neutral,
    PointKind.MISSING: _nothing,
}
_KIND_LEGEND: Final = {
    PointKind.COMMON_CAUSE: "Common cause",
    PointKind.IMPROVEMENT: "Special cause: improvement",
    PointKind.CONCERN: "Special cause: concern",
    PointKind.NEUTRAL: "Special cause: neither better nor worse",
}
_SWATCH_WIDTH: Final = 28


def _swatch(colour: str, stroke_width: float, dash: str | None) -> Callable[[float, float], str]:
    def draw(x: float, y: float) -> str:
        return _line(x - _SWATCH_WIDTH / 2, y, x + _SWATCH_WIDTH / 2, y, colour, stroke_width,
                     dash=dash)
    return draw


def _baseline_swatch(x: float, y: float) -> str:
    return _line(x, y - 9, x, y + 9, PALETTE["baseline"], 1.5, dash="2 3")


def _legend(
    items: Sequence[tuple[Callable[[float, float], str], str]], *, top: float, width: int
) -> tuple[str, float]:
    """Items laid out in rows from the left, wrapping; returns the SVG and its height."""
    out = []
    x, row = 8.0, 0
    for draw, label in items:
        item_width = _SWATCH_WIDTH + 8 + _text_width(label)
        if x > 8 and x + item_width > width - 8:
            x, row = 8.0, row + 1
        y = top + row * 26
        out.append(draw(x + _SWATCH_WIDTH / 2, y - 5))
        out.append(_text(x + _SWATCH_WIDTH + 8, y, label, PALETTE["text"]))
        x += item_width + 24
    return '<g class="cs-legend">' + "".join(out) + "</g>", (row + 1) * 26 if items else 0


# ------------------------------------------------------------------ sparkline


def sparkline_svg(
    values: Sequence[float | None],
    *,
    width: int = 120,
    height: int = 32,
    label: str | None = None,
    id_prefix: str | None = None,
) -> str:
    """A small trend line for a dashboard card, with the latest point marked.

    Decorative (hidden from assistive technology) when the card's text carries the figure;
    with a `label` (and an `id_prefix`) it becomes an image named by that label.
    """
    pad = 4.0
    present = [value for value in values if value is not None]
    _check_finite(present)
    out = []
    if present:
        low, high = min(present), max(present)
        spread = high - low

        def y_of(value: float) -> float:
            if spread == 0:
                return height / 2
            return height - pad - (value - low) / spread * (height - 2 * pad)

        step = (width - 2 * pad) / max(len(values) - 1, 1)
        stretch: list[str] = []
        last = (0.0, 0.0)
        for index, value in enumerate([*values, None]):
            if value is None:
                if len(stretch) > 1:
                    out.append(f'<polyline points="{" ".join(stretch)}" fill="none" '
                               f'stroke="{PALETTE["secondary_text"]}" stroke-width="2" '
                               'stroke-linejoin="round" stroke-linecap="round"/>')
                stretch = []
                continue
            x = pad if len(values) == 1 else pad + index * step
            last = (x, y_of(value))
            stretch.append(f"{_n(last[0])},{_n(last[1])}")
        out.append(f'<circle cx="{_n(last[0])}" cy="{_n(last[1])}" r="3" '
                   f'fill="{PALETTE["text"]}"/>')
    if label is None:
        opening = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
                   f'width="{width}" height="{height}" class="cs-sparkline" aria-hidden="true" '
                   'focusable="false">')
        return opening + "".join(out) + "</svg>"
    prefix = _checked_prefix(id_prefix)
    opening = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
               f'width="{width}" height="{height}" class="cs-sparkline" role="img" '
               f'aria-labelledby="{prefix}-title"><title id="{prefix}-title">{escape(label)}'
               "</title>")
    return opening + "".join(out) + "</svg>"


# ------------------------------------------------------------------ comparison bars


def comparison_bar_svg(
    bars: Sequence[Bar],
    *,
    id_prefix: str,
    title: str,
    value_format: ValueFormat | None = None,
    width: int = 480,
) -> str:
    """Horizontal bars, one a row with its label above and its value at its end.

    For "our value against England, the region and statistical neighbours". Bars start at zero;
    negative values go left of it. A missing value says "Not available".
    """
    fmt = value_format or ValueFormat()
    present = [bar.value for bar in bars if bar.value is not None]
    _check_finite(present)
    low, high = min([0.0, *present]), max([0.0, *present])
    texts = [fmt.short(bar.value) if bar.value is not None else "Not available" for bar in bars]
    right_room = max([_text_width(text) + 8 for bar, text in zip(bars, texts, strict=True)
                      if bar.value is None or bar.value >= 0] or [0.0])
    left_room = max([_text_width(text) + 8 for bar, text in zip(bars, texts, strict=True)
                     if bar.value is not None and bar.value < 0] or [0.0])
    start, end = 8 + left_room, width - 8 - right_room
    span = (high - low) or 1.0

    def x_of(value: float) -> float:
        return start + (value - low) / span * (end - start)

    axis_title = fmt.axis_title
    top = 30.0 if axis_title else 4.0
    row_height = 58
    zero = x_of(0)
    out = []
    if axis_title:
        out.append(_text(8, 18, axis_title, PALETTE["secondary_text"]))
    for row, (bar, text) in enumerate(zip(bars, texts, strict=True)):
        y = top + row * row_height
        out.append(_text(8, y + 16, bar.label, PALETTE["text"], bold=bar.ours))
        bar_top = y + 24
        if bar.value is None:
            out.append(_text(zero + 6, bar_top + 15, text, PALETTE["secondary_text"]))
            continue
        x = x_of(bar.value)
        colour = PALETTE["our_bar"] if bar.ours else PALETTE["other_bar"]
        out.append(f'<rect x="{_n(min(x, zero))}" y="{_n(bar_top)}" '
                   f'width="{_n(abs(x - zero))}" height="22" fill="{colour}"/>')
        if bar.value < 0:
            out.append(_text(x - 6, bar_top + 16, text, PALETTE["text"], anchor="end"))
        else:
            out.append(_text(x + 6, bar_top + 16, text, PALETTE["text"]))
    height = top + len(bars) * row_height + 4
    out.append(_line(zero, top + 20, zero, height - 8, PALETTE["secondary_text"], 1))
    desc = ("; ".join(
        f"{bar.label}: {fmt.text(bar.value) if bar.value is not None else 'not available'}"
        for bar in bars
    ) + ".") if bars else "No values."
    return _document(out, id_prefix=id_prefix, title=title, desc=desc, width=width,
                     height=height, kind="bars")


# ------------------------------------------------------------------ the pieces


def escape(text: str) -> str:
    """XML-escaped text, with characters XML 1.0 cannot hold replaced by U+FFFD."""
    text = _NOT_XML.sub("\ufffd", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def _check_finite(values: Sequence[float]) -> None:
    if not all(math.isfinite(value) for value in values):
        raise ValueError("values must be numbers; use None for a missing one")


def _checked_prefix(id_prefix: str | None) -> str:
    if id_prefix is None or not _ID_PREFIX.fullmatch(id_prefix):
        raise ValueError("id_prefix must be a letter then up to 63 letters, digits, - or _")
    return id_prefix


def _document(
    parts: Sequence[str], *, id_prefix: str, title: str, desc: str, width: int, height: float,
    kind: str,
) -> str:
    prefix = _checked_prefix(id_prefix)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_n(height)}" '
        f'width="100%" class="cs-chart cs-chart--{kind}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="{FONT_FAMILY}" '
        f'font-size="{FONT_SIZE}">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>'
        + "".join(parts) + "</svg>"
    )


def _n(number: float) -> str:
    """A coordinate to one decimal place, without a needless ".0" or "-0"."""
    text = f"{number:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _line(
    x1: float, y1: float, x2: float, y2: float, colour: str, stroke_width: float,
    *, dash: str | None = None,
) -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" '
            f'stroke-width="{_n(stroke_width)}"{dashes}/>')


def _text(
    x: float, y: float, text: str, colour: str, *, anchor: str = "start", bold: bool = False
) -> str:
    anchored = f' text-anchor="{anchor}"' if anchor != "start" else ""
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" fill="{colour}"{anchored}{weight}>'
            f"{escape(text)}</text>")


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _short_label(label: str) -> str:
    match = _MONTH.fullmatch(label)
    return f"{_MONTHS[int(match[2]) - 1][:3]} {match[1]}" if match else label


def _long_label(label: str) -> str:
    match = _MONTH.fullmatch(label)
    return f"{_MONTHS[int(match[2]) - 1]} {match[1]}" if match else label


def _ticks(
    values: Sequence[float], floor: float | None, ceiling: float | None, count: int = 5
) -> tuple[list[float], int]:
    """Round-number ticks covering the values (about `count` steps), and their decimals.

    Steps are 1, 2 or 5 times a power of ten (and 25, 250, ...); an axis that would pass a
    floor or ceiling (0 and 100 for percentages) stops there when the values allow.
    """
    if not values:
        return [0.0, 1.0], 0
    low, high = min(values), max(values)
    if high - low < 1e-12:
        pad = max(abs(low) * 0.1, 1.0)
        low, high = low - pad, high + pad
    raw = (high - low) / count
    power = 10.0 ** math.floor(math.log10(raw))
    multipliers = (1.0, 2.0, 2.5, 5.0, 10.0) if power >= 10 else (1.0, 2.0, 5.0, 10.0)
    step = next(m * power for m in multipliers if m * power >= raw * (1 - 1e-9))
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    ticks = [round(index * step, 10) for index in range(first, last + 1)]
    if floor is not None and ticks[0] < floor <= low:
        ticks = [floor] + [tick for tick in ticks if tick > floor]
    if ceiling is not None and ticks[-1] > ceiling >= high:
        ticks = [tick for tick in ticks if tick < ceiling] + [ceiling]
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    return ticks, decimals
