"""The report as one self-contained, accessible HTML page.

One file, nothing fetched: the style sheet is inline, the charts are inline SVG from
charts.py, there is no script and no web font (system fonts). The layout follows GOV.UK's
plain style without its assets. Accessibility choices:

- one `h1`; an `h2` per domain and an `h3` per indicator, so the headings are a contents list;
  a skip link and a contents `nav`;
- every chart (an `svg` with a title and a description) is followed by the same figures as a
  table, and every table has a `caption` and `th` cells with `scope`;
- colour is never the only cue (the charts use shapes; variation is written in words);
- every piece of text from the data (team names, file names) is escaped, and characters a
  page cannot hold become U+FFFD.

It says on the page, at the foot, that it holds aggregate figures only and whether small
numbers were hidden.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

from clearsight_analytics.benchmarks import Figure
from clearsight_analytics.charts import Bar, comparison_bar_svg, xmr_chart_svg
from clearsight_analytics.indicators import Breakdown, Indicator, Kind
from clearsight_analytics.report.content import (
    BenchmarkSummary,
    IndicatorSection,
    Report,
    ValueRow,
)
from clearsight_analytics.report.formatting import (
    FEWER_THAN_5,
    HIDE_DENOMINATOR,
    HIDE_NUMERATOR,
    HIDE_VALUE,
    VALUE_HIDDEN,
    clean_text,
    count_text,
    unit_words,
    value_format,
    value_text,
)
from clearsight_analytics.spc import PointKind, Variation

STYLE: Final = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
  sans-serif; font-size: 1.1875rem; line-height: 1.32; color: #0b0c0c; background: #fff; }
a { color: #1d70b8; text-decoration: underline; text-underline-offset: 0.1em; }
a:visited { color: #4c2c92; }
a:hover { color: #003078; }
a:focus, summary:focus { outline: 3px solid transparent; color: #0b0c0c;
  background-color: #ffdd00; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; text-decoration: none; }
.skip-link { position: absolute; left: -9999px; }
.skip-link:focus { position: static; display: block; padding: 10px 15px; }
.masthead { background: #0b0c0c; color: #fff; padding: 10px 15px;
  border-bottom: 10px solid #1d70b8; }
.masthead p { margin: 0 auto; max-width: 960px; font-weight: 700; font-size: 1.5rem; }
.page { max-width: 960px; margin: 0 auto; padding: 0 15px 30px; }
h1 { font-size: 2.5rem; line-height: 1.1; margin: 40px 0 20px; }
h2 { font-size: 1.875rem; margin: 45px 0 20px; padding-top: 10px;
  border-top: 2px solid #b1b4b6; }
h3 { font-size: 1.5rem; margin: 35px 0 15px; }
.code { color: #484949; font-weight: 400; }
.lede { font-size: 1.5rem; }
.notice { border-left: 10px solid #1d70b8; padding: 15px; margin: 20px 0;
  background: #f3f2f1; }
.headline { font-size: 1.1875rem; }
.headline .figure { display: block; font-size: 3rem; font-weight: 700; line-height: 1.1; }
.tag { display: inline-block; padding: 2px 8px; font-weight: 700; border: 2px solid; }
.tag--common { color: #0b0c0c; border-color: #484949; }
.tag--improvement { color: #0c2d4a; background: #bbd4ea; border-color: #1d70b8; }
.tag--concern { color: #6e3619; background: #fcd6c3; border-color: #b7592a; }
.tag--neutral { color: #2a1850; background: #dbd5e9; border-color: #54319f; }
.tag--none { color: #484949; border-color: #b1b4b6; }
table { border-collapse: collapse; width: 100%; margin: 0 0 25px; font-size: 1rem; }
caption { text-align: left; font-weight: 700; font-size: 1.1875rem; padding-bottom: 10px; }
th, td { text-align: left; vertical-align: top; padding: 8px 16px 8px 0;
  border-bottom: 1px solid #b1b4b6; overflow-wrap: anywhere; }
th[scope="col"] { font-weight: 700; }
th[scope="row"] { font-weight: 400; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 15px 0; }
svg.cs-chart { max-width: 720px; height: auto; }
details { margin: 10px 0 20px; }
summary { color: #1d70b8; cursor: pointer; text-decoration: underline; }
details[open] > summary { margin-bottom: 10px; }
details > div { border-left: 5px solid #b1b4b6; padding: 10px 15px; }
dt { font-weight: 700; margin-top: 10px; }
dd { margin: 0 0 5px; }
.secondary { color: #484949; }
footer { border-top: 1px solid #b1b4b6; margin-top: 50px; padding-top: 20px;
  font-size: 1rem; color: #0b0c0c; }
@media print {
  .skip-link, nav { display: none; }
  h2, h3 { break-after: avoid; }
  section.indicator { break-inside: avoid-page; }
}
"""

_KIND_WORDS: Final = {
    PointKind.COMMON_CAUSE: "Common cause", PointKind.IMPROVEMENT: "Special cause: improvement",
    PointKind.CONCERN: "Special cause: concern",
    PointKind.NEUTRAL: "Special cause: neither better nor worse", PointKind.MISSING: "No value",
}
_VARIATION_TAGS: Final = {  # the tag beside the variation in words: class and short words
    Variation.COMMON_CAUSE: ("tag--common", "No significant change"),
    Variation.IMPROVEMENT_HIGH: ("tag--improvement", "Improving"),
    Variation.IMPROVEMENT_LOW: ("tag--improvement", "Improving"),
    Variation.CONCERN_HIGH: ("tag--concern", "Concern"),
    Variation.CONCERN_LOW: ("tag--concern", "Concern"),
    Variation.NEUTRAL_HIGH: ("tag--neutral", "Rising"),
    Variation.NEUTRAL_LOW: ("tag--neutral", "Falling"),
    Variation.NONE: ("tag--none", "Not judged yet"),
}
_SOURCE_WORDS: Final = {"annex_a": "Annex A", "ssda903": "SSDA903", "cin_census": "CIN census",
                        "population": "Population", "benchmarks": "Benchmarks"}
_PER: Final = {"month": "month", "quarter": "quarter", "year": "collection year",
               "extract": "Annex A extract", "rolling_12": "rolling 12 months"}
_STATUS_WORDS: Final = {"c": "suppressed by DfE (c)", "x": "not available (x)",
                        "-": "not available (-)", "z": "not applicable (z)",
                        "u": "low reliability (u)", "k": "fewer than 0.5 (k)",
                        "low": "low (low)"}


def e(text: object) -> str:
    """Text escaped for HTML (content and attribute values alike)."""
    return html.escape(clean_text(str(text)), quote=True)


def _date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day is not None else ""


def _shown_value(indicator: Indicator, row: ValueRow | None) -> str:
    if row is None:
        return "No value"
    if HIDE_VALUE in row.hidden:
        return VALUE_HIDDEN
    return value_text(indicator, row.value)


def _shown_count(row: ValueRow, which: str) -> str:
    if which in row.hidden:
        return FEWER_THAN_5
    return count_text(row.numerator if which == HIDE_NUMERATOR else row.denominator)


def _figure_text(indicator: Indicator, figure: Figure | None) -> str:
    if figure is None:
        return "Not published"
    if figure.value is not None:
        return value_text(indicator, figure.value)
    return _STATUS_WORDS.get(figure.status or "", figure.status or "Not published").capitalize()


def _table(caption: str, headings: Sequence[str], rows: Iterable[Sequence[str]],
           numeric: Sequence[bool], *, raw: bool = False) -> str:
    """A table whose first column heads each row. Cells are escaped unless `raw`."""
    def cell(text: str) -> str:
        return text if raw else e(text)

    out = [f"<table><caption>{e(caption)}</caption><thead><tr>"]
    for heading, is_number in zip(headings, numeric, strict=True):
        css = ' class="num"' if is_number else ""
        out.append(f'<th scope="col"{css}>{e(heading)}</th>')
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append(f'<tr><th scope="row">{cell(row[0])}</th>')
        for text, is_number in zip(row[1:], numeric[1:], strict=True):
            css = ' class="num"' if is_number else ""
            out.append(f"<td{css}>{cell(text)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _anchor(code: str) -> str:
    return "ind-" + "".join(ch if ch.isalnum() else "-" for ch in code.lower())


class _Page:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.name = report.authority_name or "your authority"

    # -------------------------------------------------------------- the whole page

    def render(self) -> str:
        report = self.report
        title = f"Children's services indicators: {self.name}"
        parts = [
            '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="Clearsight">\n<title>{e(title)}</title>\n'
            f"<style>{STYLE}</style>\n</head>\n<body>\n"
            '<a class="skip-link" href="#main">Skip to main content</a>\n'
            '<header class="masthead"><p>Clearsight</p></header>\n'
            '<div class="page">\n<main id="main">\n'
            f"<h1>{e(title)}</h1>\n",
            self.lede(),
            self.contents(),
            self.summary(),
        ]
        for domain, sections in report.domains():
            parts.append(f'<h2 id="domain-{e(domain.value)}">{e(domain.label)}</h2>\n')
            parts.extend(self.section(section) for section in sections)
        parts.append(self.not_computed())
        parts.append(self.about())
        parts.append("</main>\n")
        parts.append(self.footer())
        parts.append("</div>\n</body>\n</html>\n")
        return "".join(parts)

    def lede(self) -> str:
        report = self.report
        latest = report.latest_data
        text = (f"Figures from the data loaded, which runs to {_date(latest)}."
                if latest else "No return was loaded, so there are no figures.")
        out = [f'<p class="lede">{e(text)}</p>\n',
               f"<p>Made on {e(_date(report.generated_at.date()))} at "
               f"{report.generated_at:%H:%M} UTC from the files listed under "
               '<a href="#about">About this report</a>.</p>\n']
        if report.options.suppress:
            out.append('<div class="notice"><p>Small numbers are hidden in this report: counts '
                       "from 1 to 4 are shown as \u201cfewer than 5\u201d and the values that "
                       "rest on them are not shown.</p></div>\n")
        return "".join(out)

    def contents(self) -> str:
        items = ['<li><a href="#summary">Summary of the latest values</a></li>']
        for domain, _sections in self.report.domains():
            items.append(f'<li><a href="#domain-{e(domain.value)}">{e(domain.label)}</a></li>')
        if self.report.not_computed:
            items.append('<li><a href="#not-computed">Indicators not computed</a></li>')
        items.append('<li><a href="#about">About this report</a></li>')
        return ('<nav aria-labelledby="contents-heading"><h2 id="contents-heading">Contents</h2>'
                f"<ul>{''.join(items)}</ul></nav>\n")

    def about(self) -> str:
        report = self.report
        out = ['<h2 id="about">About this report</h2>\n']
        if report.inputs:
            rows = [(item.path, _SOURCE_WORDS.get(item.source, item.source),
                     _date(item.as_at) if item.as_at else (
                         f"{item.collection_year - 1}-{item.collection_year % 100:02d}"
                         if item.collection_year else ""),
                     f"{item.size_bytes:,}", item.sha256) for item in report.inputs]
            out.append(f"<details><summary>The {len(rows)} files read, with their SHA-256 "
                       "checksums</summary><div>"
                       + _table("Files read", ("File", "Return", "Year or extract date",
                                               "Bytes", "SHA-256"), rows,
                                (False, False, False, True, False))
                       + "</div></details>\n")
        population = report.population
        if population.years:
            source = {"given": "as given on the command line",
                      "file": f"from the ONS mid-year estimates for authority "
                              f"{population.la_code}"}.get(population.source, "")
            population_rows = [(f"{item.collection_year - 1}-{item.collection_year % 100:02d}",
                     f"{item.children:,}",
                     (f"mid-{item.mid_year}" if item.mid_year is not None else "given")
                     + ("" if item.from_year == item.collection_year else
                        f" (the figure for {item.from_year - 1}-{item.from_year % 100:02d})"))
                    for item in population.years]
            out.append(_table(f"Children aged 0 to 17 used for rates, {source}",
                              ("Collection year", "Children", "Estimate"), population_rows,
                              (False, True, False)))
        else:
            out.append("<p>No child population was given, so rates per 10,000 children have no "
                       "value.</p>\n")
        if report.benchmarks_source == "none":
            out.append("<p>No benchmarks were used.</p>\n")
        else:
            where = e(report.benchmarks_source)
            if report.compare_name:
                where += (f"; compared as {e(report.compare_name)} "
                          f"({e(report.compare_with or '')}), with its region and its "
                          f"statistical neighbours in DfE\u2019s "
                          f"{e(report.options.neighbour_model)} model")
            out.append(f"<p>Published figures: {where}.</p>\n")
        if report.notes:
            out.append("<p>Notes:</p><ul>"
                       + "".join(f"<li>{e(note)}</li>" for note in report.notes) + "</ul>\n")
        breakdowns = [b.label.lower() for b in report.options.breakdowns
                      if b != Breakdown.ALL]
        out.append("<p>Breakdowns shown: "
                   + (e(", ".join(breakdowns)) if breakdowns else "none (whole authority only)")
                   + ". The JSON and Excel reports hold every value for every period.</p>\n")
        return "".join(out)

    def summary(self) -> str:
        rows = []
        for section in self.report.sections:
            if section.not_computed is not None:
                continue
            indicator = section.indicator
            link = (f'<a href="#{_anchor(indicator.code)}">{e(indicator.code)} '
                    f"{e(indicator.title)}</a>")
            headline = section.headline
            england = ""
            bench = section.benchmark
            if bench is not None and bench.england is not None:
                england = (f"{e(_figure_text(indicator, bench.england))} "
                           f'<span class="secondary">({e(bench.year_label)})</span>')
            variation = e(section.spc.variation_text) if section.spc is not None else ""
            rows.append((link, e(headline.period_label) if headline else "",
                         e(_shown_value(indicator, headline)), england, variation))
        if not rows:
            return ('<h2 id="summary">Summary of the latest values</h2>\n'
                    "<p>No indicator could be computed from the files given.</p>\n")
        return ('<h2 id="summary">Summary of the latest values</h2>\n'
                + _table("The latest value of each indicator", (
                    "Indicator", "Period", "Value", "England", "Variation"), rows,
                    (False, False, True, True, False), raw=True))

    # -------------------------------------------------------------- one indicator

    def section(self, section: IndicatorSection) -> str:
        indicator = section.indicator
        anchor = _anchor(indicator.code)
        out = [f'<section class="indicator" aria-labelledby="{anchor}">\n'
               f'<h3 id="{anchor}"><span class="code">{e(indicator.code)}</span> '
               f"{e(indicator.title)}</h3>\n"]
        if section.not_computed is not None:
            out.append(f"<p>Not computed: {e(section.not_computed)}.</p>\n")
            out.append(self.definition(indicator))
            out.append("</section>\n")
            return "".join(out)
        out.append(self.headline(section))
        out.append(self.chart(section))
        out.append(self.benchmark(section))
        out.append(self.breakdowns(section))
        out.append(self.definition(indicator))
        out.append("</section>\n")
        return "".join(out)

    def headline(self, section: IndicatorSection) -> str:
        indicator = section.indicator
        row = section.headline
        if row is None:
            return "<p>No value for the whole authority.</p>\n"
        numerator = _shown_count(row, HIDE_NUMERATOR)
        denominator = _shown_count(row, HIDE_DENOMINATOR)
        counts = {
            Kind.PERCENT: f"{numerator} of {denominator}" if denominator else "",
            Kind.RATE: f"{numerator} in all" + (f"; {denominator} children aged 0 to 17"
                                                if denominator else ""),
            Kind.MEAN: f"over {denominator} measured" if denominator else "",
            Kind.MEDIAN: f"of {denominator} measured" if denominator else "",
            Kind.COUNT: "",
        }[indicator.kind]
        figure = _shown_value(indicator, row)
        if indicator.kind == Kind.RATE and row.value is not None:
            figure += " per 10,000 children"
        out = [f'<p class="headline"><span class="figure">{e(figure)}</span> '
               f"{e(row.period_label)}" + (f" ({e(counts)})" if counts else "") + "</p>\n"]
        spc = section.spc
        if spc is not None:
            css, words = _VARIATION_TAGS[spc.variation]
            out.append(f'<p><strong class="tag {css}">{e(words)}</strong> '
                       f"{e(spc.variation_text)}.</p>\n")
        return "".join(out)

    def chart(self, section: IndicatorSection) -> str:
        spc = section.spc
        indicator = section.indicator
        if spc is None or section.series_type is None:
            return ""
        per = _PER[section.series_type]
        title = f"{indicator.code} {indicator.title}, by {per}"
        svg = xmr_chart_svg(spc, id_prefix=f"xmr-{_anchor(indicator.code)[4:]}", title=title,
                            value_format=value_format(indicator))
        rows = []
        for row, point in zip(section.series, spc.points, strict=True):
            rows.append((row.period_label, _shown_value(indicator, row),
                         _shown_count(row, HIDE_NUMERATOR),
                         _shown_count(row, HIDE_DENOMINATOR),
                         _KIND_WORDS[point.kind] if point.value is not None else "No value"))
        out = [f'<figure class="chart">{svg}</figure>\n']
        limits = ""
        if spc.mean is not None:
            limits = f"Mean {value_text(indicator, spc.mean)}"
            if spc.limits is not None and spc.limits_reliable:
                limits += (f"; process limits {value_text(indicator, spc.limits.lower)} to "
                           f"{value_text(indicator, spc.limits.upper)}")
            limits += "."
        out.append("<details><summary>The chart\u2019s figures as a table</summary><div>"
                   + (f"<p>{e(limits)}</p>" if limits else "")
                   + _table(f"{indicator.code} by {per}, whole authority", (
                                "Period", unit_words(indicator), "Numerator", "Denominator",
                                "Variation"), rows, (False, True, True, True, False))
                   + "</div></details>\n")
        return "".join(out)

    def benchmark(self, section: IndicatorSection) -> str:
        bench: BenchmarkSummary | None = section.benchmark
        indicator = section.indicator
        if bench is None:
            return ""
        rows: list[tuple[str, str, str]] = []
        bars: list[Bar] = []
        ours = bench.ours
        ours_text = _shown_value(indicator, ours) if ours is not None else "No value"
        rows.append((f"{self.name} (this report)", ours_text, ""))
        if ours is not None and ours.value is not None and HIDE_VALUE not in ours.hidden:
            bars.append(Bar(f"{self.name} (this report)", ours.value, ours=True))
        if bench.authority is not None and bench.authority_name:
            rows.append((f"{bench.authority_name} (published)",
                         _figure_text(indicator, bench.authority), ""))
        rows.append(("England", _figure_text(indicator, bench.england), ""))
        if bench.england is not None and bench.england.value is not None:
            bars.append(Bar("England", bench.england.value))
        if bench.region is not None:
            rows.append((bench.region.area_name, _figure_text(indicator, bench.region), ""))
            if bench.region.value is not None:
                bars.append(Bar(bench.region.area_name, bench.region.value))
        if bench.neighbours is not None:
            summary = bench.neighbours
            note = f"{summary.with_number} of {summary.size} neighbours published a figure"
            rows.append((f"Statistical neighbours, mean ({summary.model} model)",
                         value_text(indicator, summary.mean), note))
            rows.append((f"Statistical neighbours, median ({summary.model} model)",
                         value_text(indicator, summary.median), note))
            if summary.mean is not None:
                bars.append(Bar("Statistical neighbours (mean)", summary.mean))
        caption = (f"{indicator.code} beside DfE\u2019s published figures for "
                   f"{bench.year_label} ({bench.measure_name})")
        out = [_table(caption, ("Area", "Value", "Note"), rows, (False, True, False))]
        if bench.position is not None:
            position = bench.position
            place = (f"would rank {position.rank} of {position.out_of} local authorities "
                     "(1 is the best)" if position.band is not None else
                     f"would be number {position.rank} of {position.out_of} local authorities "
                     "counting from the lowest value")
            out.append(f"<p>This report\u2019s value {place}: {e(position.description)}.</p>\n")
        if len(bars) >= 2:
            svg = comparison_bar_svg(bars, id_prefix=f"bars-{_anchor(indicator.code)[4:]}",
                                     title=caption, value_format=value_format(indicator))
            out.append(f'<figure class="bars">{svg}</figure>\n')
        return "".join(out)

    def breakdowns(self, section: IndicatorSection) -> str:
        if not section.breakdowns or section.headline is None:
            return ""
        indicator = section.indicator
        label = section.headline.period_label
        tables = []
        rate = indicator.kind == Kind.RATE
        for name, rows in section.breakdowns:
            breakdown = Breakdown(name)
            caption = f"{indicator.code} by {breakdown.label.lower()}, {label}"
            if rate:  # no population by group: the count alone
                tables.append(_table(caption, (breakdown.label, "Number"), [
                    (row.group, _shown_count(row, HIDE_NUMERATOR)) for row in rows],
                    (False, True)))
                continue
            tables.append(_table(
                caption, (breakdown.label, unit_words(indicator), "Numerator", "Denominator"),
                [(row.group, _shown_value(indicator, row), _shown_count(row, HIDE_NUMERATOR),
                  _shown_count(row, HIDE_DENOMINATOR)) for row in rows],
                (False, True, True, True)))
        note = ""
        if rate:
            note = ("<p>Rates are for the whole authority only (there is no population by "
                    "group), so the groups show the number counted.</p>")
        return (f"<details><summary>Breakdowns for {e(label)}</summary><div>{note}"
                + "".join(tables) + "</div></details>\n")

    def definition(self, indicator: Indicator) -> str:
        items = [("Numerator", indicator.numerator), ("Denominator", indicator.denominator),
                 ("Value", indicator.value_label), ("Counted", indicator.period_rule.label),
                 ("Which way is better", indicator.polarity.label),
                 ("One unit is", indicator.unit),
                 ("Read from", ", ".join(indicator.sources))]
        if indicator.lookback_months:
            items.append(("History needed", f"{indicator.lookback_months} months before "
                                            "each period"))
        if indicator.benchmark is not None:
            items.append(("Published by DfE as", indicator.benchmark.source
                          or indicator.benchmark.lait or ""))
        if indicator.local:
            items.append(("National definition", "None: a local measure"))
        body = "".join(f"<dt>{e(term)}</dt><dd>{e(text)}</dd>" for term, text in items)
        if indicator.conventions:
            body += ("<dt>Conventions</dt><dd><ul>"
                     + "".join(f"<li>{e(text)}</li>" for text in indicator.conventions)
                     + "</ul></dd>")
        return (f"<details><summary>Definition of {e(indicator.code)}</summary>"
                f"<div><dl>{body}</dl></div></details>\n")

    # -------------------------------------------------------------- the end

    def not_computed(self) -> str:
        missing = self.report.not_computed
        if not missing:
            return ""
        rows = [(f"{s.indicator.code} {s.indicator.title}", s.not_computed or "")
                for s in missing]
        return ('<h2 id="not-computed">Indicators not computed</h2>\n'
                + _table("Indicators the files given cannot answer for, and why",
                         ("Indicator", "Why"), rows, (False, False)))

    def footer(self) -> str:
        report = self.report
        hidden = ("Counts from 1 to 4 are hidden." if report.options.suppress else
                  "Small numbers are not hidden: run the report with --suppress before sharing "
                  "it outside the service.")
        licence = ("" if report.benchmarks_source == "none" else
                   "<p>Published figures: contains public sector information licensed under "
                   "the Open Government Licence v3.0.</p>")
        return ("<footer>\n<p><strong>Aggregate figures only.</strong> This report holds no "
                "child\u2019s identifier or record: every figure counts children or events. "
                f"{e(hidden)}</p>\n{licence}\n"
                f"<p>Made with Clearsight on {e(_date(report.generated_at.date()))}.</p>\n"
                "</footer>\n")


def render_html(report: Report) -> str:
    return _Page(report).render()
