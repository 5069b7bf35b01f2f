"""Local authorities (codes, names, regions) and the ONS population of children aged 0-17.

Decisions a reviewer should know about:

- An authority is keyed by DfE's old three-digit code. `read_la_code_list` reads LAIT's
  `la_code_list.xlsx` (LA Number, LA Name, Region; numbers 970 and over are England, the
  regions and "England (discontinued)" and are left out, as are rows without a code). That
  list has no new (E06...) codes; `Population` supplies them, from the `new_la_code` the ONS
  file gives for each year (the latest wins).
- Population convention, as DfE applies it: for the collection year ending 31 March YYYY, rates
  per 10,000 use the ONS mid-(YYYY-1) estimate of children aged 0-17 (`time_period` YYYY-1 in
  the ONS file). Herefordshire 2025: 1,574 children in need / 34,439 (mid-2024) x 10,000 =
  457.0, the published rate. `for_collection_year` applies it; `mid_year` does not.
- A population cell that is a DfE code (`x` for authorities that did not exist that year) is
  kept as that status; lookups then give None.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from python_calamine import CalamineWorkbook

from clearsight_analytics.benchmarks.ees import read_ees_rows
from clearsight_analytics.benchmarks.problems import check_size, refuse
from clearsight_analytics.benchmarks.values import (
    LAIT_ENGLAND_NUMBER,
    la_code,
    parse_published,
    rate_per_10k,
    region_by_name,
)
from clearsight_analytics.ingest.annex_a import check_xlsx_container
from clearsight_analytics.ingest.problems import Problem, Refused


@dataclass(frozen=True)
class Authority:
    code: str  # DfE's old three-digit code
    name: str
    region_code: str | None  # ONS code of its region (Inner or Outer London for boroughs)
    region_name: str | None
    new_code: str | None = None  # ONS code (E06..., E08..., E09..., E10...)


def workbook_rows(data: bytes, filename: str, kind: str) -> list[list[object]]:
    """The first sheet's cells; `Refused` for anything that is not a readable .xlsx."""
    check_size(data, filename, kind)
    check_xlsx_container(data, filename)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if not names:
            raise refuse(filename, f"{kind} with at least one sheet")
        rows: list[list[object]] = [list(row) for row in book.get_sheet_by_name(
            names[0]).to_python(skip_empty_area=False)]
    except Refused:
        raise
    except Exception as error:  # calamine raises its own types for damaged workbooks
        raise refuse(filename, f"{kind} that can be opened", type(error).__name__) from None
    return rows


def find_header(rows: list[list[object]], wanted: Iterable[str], search: int = 20
                ) -> tuple[int, dict[str, int]] | None:
    """(row index, {header key: column}) of the first row holding every wanted header."""
    keys = [_key(name) for name in wanted]
    for index, row in enumerate(rows[:search]):
        found: dict[str, int] = {}
        for column, cell in enumerate(row):
            if isinstance(cell, str):
                found.setdefault(_key(cell), column)
        if all(key in found for key in keys):
            return index, found
    return None


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _key(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower()).strip()


def read_la_code_list(data: bytes, filename: str) -> dict[str, Authority]:
    """Authorities from LAIT's la_code_list.xlsx, keyed by old code."""
    rows = workbook_rows(data, filename, "LAIT's local-authority code list (.xlsx)")
    header = find_header(rows, ("LA Number", "LA Name", "Region"))
    if header is None:
        raise Refused([Problem(filename, "", None, name, "", f'a column headed "{name}"')
                       for name in ("LA Number", "LA Name", "Region")])
    start, columns = header
    out: dict[str, Authority] = {}
    for row in rows[start + 1:]:
        cells = [row[columns[_key(name)]] if columns[_key(name)] < len(row) else ""
                 for name in ("LA Number", "LA Name", "Region")]
        if all(cell in ("", None) for cell in cells):
            continue
        code = la_code(cells[0])
        if code is None or int(code) >= LAIT_ENGLAND_NUMBER:
            continue  # England, the regions, "England (discontinued)" (1000), notes
        region = region_by_name(str(cells[2] or ""))
        out.setdefault(code, Authority(code=code, name=str(cells[1]).strip(),
                                       region_code=region.code if region else None,
                                       region_name=region.name if region else None))
    if not out:
        raise refuse(filename, "at least one local authority under the header")
    return out


class Population:
    """ONS mid-year estimates of children aged 0-17, by area and mid-year."""

    def __init__(self, estimates: Mapping[tuple[str, int], tuple[int | None, str | None]],
                 new_codes: Mapping[str, str] | None = None,
                 names: Mapping[str, str] | None = None,
                 problems: Iterable[Problem] = ()) -> None:
        self._estimates = dict(estimates)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.new_codes: dict[str, str] = dict(new_codes or {})
        self.names: dict[str, str] = dict(names or {})

    def __len__(self) -> int:
        return len(self._estimates)

    def items(self) -> list[tuple[str, int, int | None, str | None]]:
        """(area code, mid-year, children, status) for every estimate, sorted."""
        return sorted((code, year, value, status)
                      for (code, year), (value, status) in self._estimates.items())

    def mid_year(self, area_code: str, year: int) -> int | None:
        """Children aged 0-17 at 30 June `year`; None when not published."""
        return self._estimates.get((area_code, year), (None, None))[0]

    def status(self, area_code: str, year: int) -> str | None:
        return self._estimates.get((area_code, year), (None, None))[1]

    def for_collection_year(self, area_code: str, year: int) -> int | None:
        """The denominator DfE uses for the collection year ending 31 March `year`."""
        return self.mid_year(area_code, year - 1)

    def rate_per_10k(self, count: float, area_code: str, year: int, places: int = 1
                     ) -> float | None:
        """count per 10,000 children for the collection year ending 31 March `year`."""
        people = self.for_collection_year(area_code, year)
        return rate_per_10k(count, people, places) if people else None


def read_population(data: bytes, filename: str) -> Population:
    """DfE's copy of the ONS mid-year estimates (an EES-format CSV, one row per area and
    year, column `population_estimate`)."""
    rows, problems = read_ees_rows(data, filename, ["population_estimate", "new_la_code"])
    estimates: dict[tuple[str, int], tuple[int | None, str | None]] = {}
    new_codes: dict[tuple[str, int], str] = {}
    names: dict[tuple[str, int], str] = {}
    for row in rows:
        value, status = parse_published(row.cells["population_estimate"])
        if value is None and status is None:
            continue
        if value is not None and (not value.is_integer() or value < 0):
            problems.add(row.number, "population_estimate", row.cells["population_estimate"],
                         "a whole number of children")
            continue
        key = (row.area_code, row.year)
        if key in estimates:
            problems.add(row.number, "population_estimate", row.area_code,
                         "one row per area and year; the first is used")
            continue
        estimates[key] = (int(value) if value is not None else None, status)
        if row.level == "local_authority":
            if row.cells["new_la_code"]:
                new_codes[key] = row.cells["new_la_code"]
            names[key] = row.area_name
    if not estimates:
        raise Refused(problems.result() or [Problem(filename, "", None, None, "",
                                                    "at least one population estimate")])
    return Population(estimates, _latest(new_codes), _latest(names), problems.result())


def _latest(by_year: Mapping[tuple[str, int], str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for (code, _), value in sorted(by_year.items()):
        out[code] = value
    return out
