"""The report as an Excel workbook (xlsxwriter), for analysts used to Ofsted's ChAT.

Sheets, in order: Contents (what the report is, the files read, the population, notes, what
was not computed, links to every sheet); Summary (each indicator's latest value, benchmarks
and variation in words); Benchmarks (the published figures beside each value); one sheet per
domain (each indicator's chart series with its mean and process limits, and a native line
chart of them); All values (every value, as an Excel table with filters; split over several
sheets past Excel's row limit); Definitions.

**No formulas, ever.** Every text cell is written with `write_string`, so a team name or a
file name beginning with "=", "+", "-" or "@" is stored as text and never run as a formula;
the workbook is also opened with `strings_to_formulas` (and URLs, numbers) off, in case a
later change calls `write`. Chart titles and series names are fixed words or catalogue text,
never data. Text longer than a cell can hold (32,767 characters) is cut, and characters a
workbook cannot hold become U+FFFD.

Numbers are stored in full and shown to the indicator's decimals (percentages as "71.2%" of
a value 71.2: the engine's percentages are percentage points).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Final

import xlsxwriter

from clearsight_analytics.benchmarks import Figure
from clearsight_analytics.indicators import Breakdown, Domain, Indicator, Kind
from clearsight_analytics.report.content import (
    PERIOD_TYPE_WORDS,
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
)
from clearsight_analytics.spc import PointKind

MAX_CELL_CHARS: Final = 32_767
MAX_DATA_ROWS: Final = 1_048_575  # Excel's rows less the header
DOMAIN_SHEETS: Final = {
    Domain.FRONT_DOOR: "Front door", Domain.NEED_AND_PROTECTION: "Need and protection",
    Domain.LOOKED_AFTER: "Looked after", Domain.PERMANENCE: "Permanence",
    Domain.CARE_LEAVERS: "Care leavers",
}
_KIND_WORDS: Final = {
    PointKind.COMMON_CAUSE: "Common cause", PointKind.IMPROVEMENT: "Special cause: improvement",
    PointKind.CONCERN: "Special cause: concern",
    PointKind.NEUTRAL: "Special cause: neither better nor worse", PointKind.MISSING: "No value",
}
CHART_ROWS: Final = 16  # rows a block on a domain sheet takes at least (the chart's height)


_EXCEL_EPOCH: Final = date(1899, 12, 30).toordinal()


def _excel_day(day: date) -> int:
    """Excel's serial number of a day (1900 date system, after February 1900)."""
    return day.toordinal() - _EXCEL_EPOCH


class _Writer:
    def __init__(self, report: Report, target: Any, *, rows_per_sheet: int = MAX_DATA_ROWS
                 ) -> None:
        self.report = report
        self.rows_per_sheet = rows_per_sheet
        self.book = xlsxwriter.Workbook(target, {
            "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "remove_timezone": True})
        book = self.book
        self.title = book.add_format({"bold": True, "font_size": 16})
        self.bold = book.add_format({"bold": True})
        self.heading = book.add_format({"bold": True, "bottom": 1, "text_wrap": True,
                                        "valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        self.whole = book.add_format({"num_format": "#,##0", "valign": "top"})
        self.plain = book.add_format({"valign": "top"})
        self.link = book.add_format({"font_color": "#1d70b8", "underline": 1})
        self._value_formats: dict[tuple[Kind, int], Any] = {}
        self.name = report.authority_name or "your authority"

    # -------------------------------------------------------------- cells

    def text(self, sheet: Any, row: int, column: int, value: object, fmt: Any = None) -> None:
        """Always a string cell, whatever the text begins with."""
        sheet.write_string(row, column, clean_text(str(value))[:MAX_CELL_CHARS], fmt)

    def number(self, sheet: Any, row: int, column: int, value: float | None,
               fmt: Any = None) -> None:
        if value is None:
            sheet.write_blank(row, column, None, fmt)
        else:
            sheet.write_number(row, column, value, fmt)

    def day(self, sheet: Any, row: int, column: int, value: date | None) -> None:
        if value is None:
            sheet.write_blank(row, column, None, self.date)
        else:
            sheet.write_datetime(row, column, value, self.date)

    def value_format(self, indicator: Indicator) -> Any:
        key = (indicator.kind, indicator.decimals)
        if key not in self._value_formats:
            decimals = "." + "0" * indicator.decimals if indicator.decimals else ""
            pattern = {Kind.PERCENT: f'0{decimals}"%"', Kind.COUNT: "#,##0"}.get(
                indicator.kind, f"#,##0{decimals}")
            self._value_formats[key] = self.book.add_format({"num_format": pattern,
                                                             "valign": "top"})
        return self._value_formats[key]

    def value_cell(self, sheet: Any, row: int, column: int, indicator: Indicator,
                   item: ValueRow | None) -> None:
        if item is not None and HIDE_VALUE in item.hidden:
            self.text(sheet, row, column, VALUE_HIDDEN, self.plain)
        else:
            self.number(sheet, row, column, item.value if item else None,
                        self.value_format(indicator))

    def count_cell(self, sheet: Any, row: int, column: int, item: ValueRow, which: str
                   ) -> None:
        if which in item.hidden:
            self.text(sheet, row, column, FEWER_THAN_5, self.plain)
            return
        number = item.numerator if which == HIDE_NUMERATOR else item.denominator
        fmt = self.whole if number is None or float(number).is_integer() else self.plain
        self.number(sheet, row, column, number, fmt)

    def figure_cell(self, sheet: Any, row: int, column: int, indicator: Indicator,
                    figure: Figure | None) -> None:
        if figure is None:
            sheet.write_blank(row, column, None)
        elif figure.value is not None:
            self.number(sheet, row, column, figure.value, self.value_format(indicator))
        else:
            self.text(sheet, row, column, figure.status or "", self.plain)

    def headings(self, sheet: Any, row: int, names: Sequence[str],
                 widths: Sequence[float]) -> None:
        for column, (name, width) in enumerate(zip(names, widths, strict=True)):
            self.text(sheet, row, column, name, self.heading)
            sheet.set_column(column, column, width)

    # -------------------------------------------------------------- sheets

    def write(self) -> None:
        contents = self.book.add_worksheet("Contents")
        sheets: list[tuple[str, str]] = [
            ("Summary", "The latest value of each indicator, beside England, the region "
                        "and statistical neighbours, with its variation in words."),
            ("Benchmarks", "DfE's published figures for each indicator DfE also publishes."),
        ]
        self.summary()
        self.benchmarks()
        for domain, sections in self.report.domains():
            name = DOMAIN_SHEETS[domain]
            self.domain(name, domain, sections)
            sheets.append((name, f"{domain.label}: each indicator's chart series for the "
                                 "whole authority, with a line chart."))
        for name in self.all_values():
            sheets.append((name, "Every value: each indicator for every period and group, "
                                 "as a table with filters."))
        self.definitions()
        sheets.append(("Definitions", "What each indicator counts, and the conventions "
                                      "used."))
        self.contents(contents, sheets)
        contents.activate()
        self.book.set_properties({
            "title": clean_text(f"Children's services indicators: {self.name}")[:250],
            "subject": "Aggregate indicators from the national children's social care returns",
            "comments": "Made by Clearsight. Aggregate figures only.",
        })
        self.book.close()

    def contents(self, sheet: Any, sheets: Sequence[tuple[str, str]]) -> None:
        report = self.report
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 90)
        sheet.set_column(2, 5, 18)
        self.text(sheet, 0, 0, f"Children's services indicators: {self.name}", self.title)
        facts = [
            ("Made", f"{report.generated_at:%d/%m/%Y %H:%M} UTC"),
            ("Data runs to", f"{report.latest_data:%d/%m/%Y}" if report.latest_data else
             "No data"),
            ("Authority", f"{self.name}" + (f" ({report.options.la_code})"
                                            if report.options.la_code else "")),
            ("Published figures", report.benchmarks_source if report.benchmarks_source !=
             "none" else "None used"),
            ("Compared as", f"{report.compare_name} ({report.compare_with}), statistical "
                            f"neighbours in DfE's {report.options.neighbour_model} model"
             if report.compare_name else "England only"),
            ("Small numbers", "Hidden: counts from 1 to 4 show as \"fewer than 5\"" if
             report.options.suppress else "Not hidden: run with --suppress before sharing "
                                          "outside the service"),
            ("Children's data", "Aggregate figures only: no child's identifier or record is "
                                "in this workbook."),
        ]
        row = 2
        for label, value in facts:
            self.text(sheet, row, 0, label, self.bold)
            self.text(sheet, row, 1, value, self.wrap)
            row += 1
        row += 1
        self.text(sheet, row, 0, "Sheets", self.heading)
        self.text(sheet, row, 1, "What it holds", self.heading)
        row += 1
        for name, words in sheets:
            sheet.write_url(row, 0, f"internal:'{name}'!A1", self.link, string=name)
            self.text(sheet, row, 1, words, self.wrap)
            row += 1
        row += 1
        self.text(sheet, row, 0, "Files read", self.heading)
        for column, heading in enumerate(("Return", "Year or extract date", "Bytes",
                                          "SHA-256"), start=1):
            self.text(sheet, row, column, heading, self.heading)
        row += 1
        for item in report.inputs:
            self.text(sheet, row, 0, item.path, self.wrap)
            self.text(sheet, row, 1, item.source.replace("_", " "))
            if item.as_at is not None:
                self.day(sheet, row, 2, item.as_at)
            elif item.collection_year is not None:
                self.text(sheet, row, 2, f"{item.collection_year - 1}-"
                                         f"{item.collection_year % 100:02d}")
            self.number(sheet, row, 3, item.size_bytes, self.whole)
            self.text(sheet, row, 4, item.sha256)
            row += 1
        if report.benchmark_file is not None:
            item = report.benchmark_file
            self.text(sheet, row, 0, item.path, self.wrap)
            self.text(sheet, row, 1, "benchmarks")
            self.number(sheet, row, 3, item.size_bytes, self.whole)
            self.text(sheet, row, 4, item.sha256)
            row += 1
        row += 1
        self.text(sheet, row, 0, "Children aged 0 to 17", self.heading)
        self.text(sheet, row, 1, "Used for rates per 10,000 children", self.heading)
        row += 1
        if not report.population.years:
            self.text(sheet, row, 0, "None given: rates have no value")
            row += 1
        for year in report.population.years:
            self.text(sheet, row, 0, f"{year.collection_year - 1}-{year.collection_year % 100:02d}")
            source = (f"ONS mid-{year.mid_year} estimate" if year.mid_year is not None
                      else "given")
            if year.from_year != year.collection_year:
                source += f" (the figure for the year ending March {year.from_year})"
            self.text(sheet, row, 1, f"{year.children:,}: {source}")
            row += 1
        if report.notes:
            row += 1
            self.text(sheet, row, 0, "Notes", self.heading)
            row += 1
            for note in report.notes:
                self.text(sheet, row, 1, note, self.wrap)
                row += 1
        if report.not_computed:
            row += 1
            self.text(sheet, row, 0, "Not computed", self.heading)
            self.text(sheet, row, 1, "Why", self.heading)
            row += 1
            for section in report.not_computed:
                self.text(sheet, row, 0, f"{section.indicator.code} {section.indicator.title}",
                          self.wrap)
                self.text(sheet, row, 1, section.not_computed or "", self.wrap)
                row += 1

    def summary(self) -> None:
        sheet = self.book.add_worksheet("Summary")
        names = ("Code", "Indicator", "Domain", "Better when", "Headline period", "Value",
                 "Numerator", "Denominator", "Variation (XmR chart)", "Chart of",
                 "Benchmark year", "England", "Region", "Region value", "Neighbours' mean",
                 "Neighbours with a figure", "Published figure", "Rank among authorities",
                 "Out of", "DfE band")
        widths = (7, 50, 22, 14, 24, 11, 12, 12, 48, 16, 10, 10, 16, 10, 11, 11, 11, 11, 8, 8)
        self.headings(sheet, 0, names, widths)
        sheet.freeze_panes(1, 2)
        row = 0
        for section in self.report.sections:
            if section.not_computed is not None:
                continue
            row += 1
            indicator = section.indicator
            self.text(sheet, row, 0, indicator.code, self.plain)
            self.text(sheet, row, 1, indicator.title, self.wrap)
            self.text(sheet, row, 2, indicator.domain.label, self.wrap)
            self.text(sheet, row, 3, {"high": "Higher", "low": "Lower",
                                      "neither": "Neither"}[indicator.polarity.value])
            headline = section.headline
            if headline is not None:
                self.text(sheet, row, 4, headline.period_label, self.wrap)
                self.value_cell(sheet, row, 5, indicator, headline)
                self.count_cell(sheet, row, 6, headline, HIDE_NUMERATOR)
                self.count_cell(sheet, row, 7, headline, HIDE_DENOMINATOR)
            if section.spc is not None and section.series_type is not None:
                self.text(sheet, row, 8, section.spc.variation_text, self.wrap)
                self.text(sheet, row, 9, PERIOD_TYPE_WORDS[section.series_type])
            bench = section.benchmark
            if bench is not None:
                self.text(sheet, row, 10, bench.year_label)
                self.figure_cell(sheet, row, 11, indicator, bench.england)
                if bench.region is not None:
                    self.text(sheet, row, 12, bench.region.area_name, self.wrap)
                    self.figure_cell(sheet, row, 13, indicator, bench.region)
                if bench.neighbours is not None:
                    self.number(sheet, row, 14, bench.neighbours.mean,
                                self.value_format(indicator))
                    self.text(sheet, row, 15, f"{bench.neighbours.with_number} of "
                                              f"{bench.neighbours.size}")
                if bench.authority is not None:
                    self.figure_cell(sheet, row, 16, indicator, bench.authority)
                if bench.position is not None:
                    self.number(sheet, row, 17, bench.position.rank, self.whole)
                    self.number(sheet, row, 18, bench.position.out_of, self.whole)
                    if bench.position.band:
                        self.text(sheet, row, 19, bench.position.band)
        sheet.autofilter(0, 0, max(row, 1), len(names) - 1)

    def benchmarks(self) -> None:
        sheet = self.book.add_worksheet("Benchmarks")
        names = ("Code", "Indicator", "DfE measure", "DfE's name for it", "DfE: better when",
                 "Year", "This report", "Published figure", "England", "Region",
                 "Region value", "Neighbour model", "Neighbours' mean", "Neighbours' median",
                 "Neighbours with a figure", "Rank among authorities", "Out of", "Quartile",
                 "DfE band", "Position in words")
        widths = (7, 44, 24, 44, 12, 9, 11, 11, 10, 16, 10, 10, 11, 11, 11, 11, 8, 9, 8, 50)
        self.headings(sheet, 0, names, widths)
        sheet.freeze_panes(1, 2)
        row = 0
        for section in self.report.sections:
            bench = section.benchmark
            if bench is None:
                continue
            indicator = section.indicator
            row += 1
            self.text(sheet, row, 0, indicator.code)
            self.text(sheet, row, 1, indicator.title, self.wrap)
            self.text(sheet, row, 2, bench.measure, self.wrap)
            self.text(sheet, row, 3, bench.measure_name, self.wrap)
            self.text(sheet, row, 4, {"high is good": "Higher", "low is good": "Lower"}.get(
                bench.polarity.value, "Neither"))
            self.text(sheet, row, 5, bench.year_label)
            self.value_cell(sheet, row, 6, indicator, bench.ours)
            self.figure_cell(sheet, row, 7, indicator, bench.authority)
            self.figure_cell(sheet, row, 8, indicator, bench.england)
            if bench.region is not None:
                self.text(sheet, row, 9, bench.region.area_name, self.wrap)
                self.figure_cell(sheet, row, 10, indicator, bench.region)
            if bench.neighbours is not None:
                self.text(sheet, row, 11, bench.neighbours.model)
                self.number(sheet, row, 12, bench.neighbours.mean, self.value_format(indicator))
                self.number(sheet, row, 13, bench.neighbours.median,
                            self.value_format(indicator))
                self.text(sheet, row, 14, f"{bench.neighbours.with_number} of "
                                          f"{bench.neighbours.size}")
            if bench.position is not None:
                position = bench.position
                self.number(sheet, row, 15, position.rank, self.whole)
                self.number(sheet, row, 16, position.out_of, self.whole)
                self.number(sheet, row, 17, position.quartile, self.whole)
                if position.band:
                    self.text(sheet, row, 18, position.band)
                self.text(sheet, row, 19, position.description, self.wrap)
        if row == 0:
            self.text(sheet, 1, 0, "No benchmarks: none of the indicators computed has a "
                                   "published figure in the benchmarks used.")
        sheet.autofilter(0, 0, max(row, 1), len(names) - 1)

    def domain(self, name: str, domain: Domain, sections: Sequence[IndicatorSection]) -> None:
        sheet = self.book.add_worksheet(name)
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 3, 12)
        sheet.set_column(4, 6, 12)
        sheet.set_column(7, 7, 34)
        self.text(sheet, 0, 0, domain.label, self.title)
        self.text(sheet, 1, 0, "Each indicator's series for the whole authority, with the mean "
                               "and process limits of its XmR chart.")
        row = 3
        for section in sections:
            row = self.domain_block(sheet, name, row, section)

    def domain_block(self, sheet: Any, sheet_name: str, row: int,
                     section: IndicatorSection) -> int:
        indicator = section.indicator
        self.text(sheet, row, 0, f"{indicator.code} {indicator.title}", self.bold)
        if section.not_computed is not None:
            self.text(sheet, row + 1, 0, f"Not computed: {section.not_computed}")
            return row + 3
        spc = section.spc
        if spc is None or section.series_type is None:
            self.text(sheet, row + 1, 0, "No values for the whole authority.")
            return row + 3
        self.text(sheet, row + 1, 0, f"By {PERIOD_TYPE_WORDS[section.series_type]}; "
                                     f"{spc.variation_text}", self.plain)
        head = row + 2
        for column, heading in enumerate(("Period", "Value", "Numerator", "Denominator",
                                          "Mean", "Lower limit", "Upper limit", "Variation")):
            self.text(sheet, head, column, heading, self.heading)
        limits = spc.limits if spc.limits_reliable else None
        fmt = self.value_format(indicator)
        for offset, (item, point) in enumerate(zip(section.series, spc.points, strict=True)):
            at = head + 1 + offset
            self.text(sheet, at, 0, item.period_label, self.plain)
            # The charted columns hold numbers or blanks only: a line chart reads text as 0.
            self.number(sheet, at, 1, point.value, fmt)
            self.count_cell(sheet, at, 2, item, HIDE_NUMERATOR)
            self.count_cell(sheet, at, 3, item, HIDE_DENOMINATOR)
            self.number(sheet, at, 4, spc.mean, fmt)
            self.number(sheet, at, 5, limits.lower if limits else None, fmt)
            self.number(sheet, at, 6, limits.upper if limits else None, fmt)
            words = (VALUE_HIDDEN if HIDE_VALUE in item.hidden else "No value"
                     if point.value is None else _KIND_WORDS[point.kind])
            self.text(sheet, at, 7, words, self.plain)
        first, last = head + 1, head + len(section.series)
        chart = self.book.add_chart({"type": "line"})
        quoted = f"'{sheet_name}'"
        categories = [quoted, first, 0, last, 0]
        chart.add_series({"name": "Value", "categories": categories,
                          "values": [quoted, first, 1, last, 1],
                          "line": {"color": "#858686", "width": 2},
                          "marker": {"type": "square", "size": 5,
                                     "fill": {"color": "#484949"},
                                     "border": {"color": "#484949"}}})
        if spc.mean is not None:
            chart.add_series({"name": "Mean", "categories": categories,
                              "values": [quoted, first, 4, last, 4],
                              "line": {"color": "#0b0c0c", "width": 1.5}})
        if limits is not None:
            for column, label in ((5, "Lower process limit"), (6, "Upper process limit")):
                chart.add_series({"name": label, "categories": categories,
                                  "values": [quoted, first, column, last, column],
                                  "line": {"color": "#484949", "width": 1.25,
                                           "dash_type": "dash"}})
        chart.set_title({"name": f"{indicator.code} {indicator.title}"[:250],
                         "name_font": {"size": 11, "bold": True}})
        chart.set_legend({"position": "bottom"})
        chart.set_y_axis({"min": 0, "major_gridlines": {"visible": True,
                                                        "line": {"color": "#cecece"}},
                          "num_format": "0\"%\"" if indicator.kind == Kind.PERCENT
                          else "#,##0"})
        chart.show_blanks_as("gap")
        chart.set_size({"width": 620, "height": 300})
        sheet.insert_chart(row, 9, chart)
        return row + max(len(section.series) + 4, CHART_ROWS + 1)

    def all_values(self) -> list[str]:
        """Every value, on as many sheets as Excel's row limit needs. Returns their names.

        The hottest loop of the report: fixed words go straight to `write_string`, text from
        the data is cleaned once per distinct string, and dates are written as Excel's day
        numbers with a date format (the same cell `write_datetime` makes, faster)."""
        rows = self.report.values
        names = ("Code", "Indicator", "Period type", "Period", "Start", "End", "Breakdown",
                 "Group", "Numerator", "Denominator", "Value")
        widths = (7, 44, 11, 28, 11, 11, 12, 24, 12, 12, 11)
        indicators = {s.indicator.code: s.indicator for s in self.report.sections}
        titles = {code: clean_text(indicator.title) for code, indicator in indicators.items()}
        breakdown_labels = {b.value: b.label for b in Breakdown}
        cleaned: dict[str, str] = {}

        def safe(text: str) -> str:
            found = cleaned.get(text)
            if found is None:
                found = cleaned[text] = clean_text(text)[:MAX_CELL_CHARS]
            return found

        chunks = [rows[start:start + self.rows_per_sheet]
                  for start in range(0, len(rows), self.rows_per_sheet)] or [[]]
        sheet_names = []
        for number, chunk in enumerate(chunks, start=1):
            name = "All values" if number == 1 else f"All values {number}"
            sheet_names.append(name)
            sheet = self.book.add_worksheet(name)
            for column, width in enumerate(widths):
                sheet.set_column(column, column, width)
            write_string, write_number = sheet.write_string, sheet.write_number
            for offset, item in enumerate(chunk, start=1):
                indicator = indicators[item.code]
                write_string(offset, 0, item.code)
                write_string(offset, 1, titles[item.code])
                write_string(offset, 2, item.period_type)
                write_string(offset, 3, safe(item.period_label))
                write_number(offset, 4, _excel_day(item.period_start), self.date)
                write_number(offset, 5, _excel_day(item.period_end), self.date)
                write_string(offset, 6, breakdown_labels.get(item.breakdown, ""))
                write_string(offset, 7, safe(item.group))
                if item.hidden:
                    self.count_cell(sheet, offset, 8, item, HIDE_NUMERATOR)
                    self.count_cell(sheet, offset, 9, item, HIDE_DENOMINATOR)
                    self.value_cell(sheet, offset, 10, indicator, item)
                    continue
                if item.numerator is not None:
                    write_number(offset, 8, item.numerator)
                if item.denominator is not None:
                    write_number(offset, 9, item.denominator)
                if item.value is not None:
                    write_number(offset, 10, item.value, self.value_format(indicator))
            last = max(len(chunk), 1)
            sheet.add_table(0, 0, last, len(names) - 1, {
                "name": "AllValues" if number == 1 else f"AllValues{number}",
                "style": "Table Style Light 1",
                "columns": [{"header": heading} for heading in names]})
            sheet.freeze_panes(1, 1)
        return sheet_names

    def definitions(self) -> None:
        sheet = self.book.add_worksheet("Definitions")
        names = ("Code", "Indicator", "Domain", "Value", "Numerator", "Denominator",
                 "Counted", "Period types", "Better when", "One unit is", "Read from",
                 "History needed (months)", "Each child once per period", "Conventions",
                 "DfE measure (LAIT)", "Published by DfE as", "Local measure")
        widths = (7, 40, 22, 16, 50, 50, 30, 24, 14, 16, 26, 10, 10, 70, 22, 40, 8)
        self.headings(sheet, 0, names, widths)
        sheet.freeze_panes(1, 2)
        for row, section in enumerate(self.report.sections, start=1):
            indicator = section.indicator
            cells = (
                indicator.code, indicator.title, indicator.domain.label,
                indicator.value_label, indicator.numerator, indicator.denominator,
                indicator.period_rule.label,
                ", ".join(PERIOD_TYPE_WORDS[t.value] for t in sorted(
                    indicator.active_period_types, key=lambda t: t.value)),
                indicator.polarity.label, indicator.unit, ", ".join(indicator.sources))
            for column, value in enumerate(cells):
                self.text(sheet, row, column, value, self.wrap)
            self.number(sheet, row, 11, indicator.lookback_months, self.whole)
            self.text(sheet, row, 12, "Yes" if indicator.distinct_children else "No")
            self.text(sheet, row, 13, "\n".join(indicator.conventions), self.wrap)
            benchmark = indicator.benchmark
            self.text(sheet, row, 14, benchmark.lait or "" if benchmark else "", self.wrap)
            self.text(sheet, row, 15, benchmark.source if benchmark else "", self.wrap)
            self.text(sheet, row, 16, "Yes" if indicator.local else "No")
        sheet.autofilter(0, 0, max(len(self.report.sections), 1), len(names) - 1)


def write_excel(report: Report, target: Any, *, rows_per_sheet: int = MAX_DATA_ROWS) -> None:
    """Write the workbook to a path or a binary file object."""
    _Writer(report, target, rows_per_sheet=rows_per_sheet).write()
