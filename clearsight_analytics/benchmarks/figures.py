"""The normalised table of published figures, and lookups on it.

One row per (measure, year, area), whichever file it came from:

| column | type | meaning |
| --- | --- | --- |
| measure | string | LAIT `Short Desc` code ("ReReferral"), or a declared `ees:` code |
| year | int16 | the year the period ends (`values.year_from_label`); null if the label has none |
| period_label | string | the period as the source wrote it ("2025", "2014-16", "2024-25 (OT)") |
| area_level | string | "national", "regional" or "local_authority" |
| area_code | string | "E92000001"; the ONS region code; the old three-digit LA code |
| area_name | string | the name the source gives |
| region_code | string | the LA's region (ONS code); a region's own code; null for England |
| region_name | string | the LA's region name; a region's own name; null for England |
| value | float64 | the published number; null when the source gives a status instead |
| status | string | null when a number is published, else DfE's code (`c`, `x`, `-`, `z`, `u`...) |

Lookups index one measure at a time, on first use, so a table of the whole LAIT file (640,000
rows) costs nothing until a measure is asked for. If a file repeats a (measure, year, area),
the reader reports it and lookups use the first row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias, cast

import pyarrow as pa
import pyarrow.compute as pc

from clearsight_analytics.benchmarks.values import (
    ENGLAND_CODE,
    STATUS_MEANINGS,
    AreaLevel,
    parse_published,
)
from clearsight_analytics.ingest.problems import Problem

ArrowTable: TypeAlias = Any  # pyarrow is untyped; Any stays inside these aliases
ArrowArray: TypeAlias = Any

SCHEMA = pa.schema([
    ("measure", pa.string()),
    ("year", pa.int16()),
    ("period_label", pa.string()),
    ("area_level", pa.string()),
    ("area_code", pa.string()),
    ("area_name", pa.string()),
    ("region_code", pa.string()),
    ("region_name", pa.string()),
    ("value", pa.float64()),
    ("status", pa.string()),
])


# Plain decimals of at most 15 integer digits: Arrow casts these exactly as float() would.
# Anything else (exponents, "1,574", codes) goes through `parse_published`.
_PLAIN_NUMBER = r"^[-+]?(?:[0-9]{1,15}(?:\.[0-9]*)?|\.[0-9]+)$"


def parse_published_column(cells: ArrowArray) -> tuple[ArrowArray, ArrowArray]:
    """`values.parse_published` over a column of text: plain numbers are cast in Arrow, and
    only the distinct other cells (codes, "1,574") go through Python."""
    cells = pc.utf8_trim_whitespace(cells)
    plain = pc.fill_null(pc.match_substring_regex(cells, _PLAIN_NUMBER), False)
    numbers = pc.cast(pc.if_else(plain, cells, pa.nulls(len(cells), type=pa.string())),
                      pa.float64())
    others = pc.unique(cells.filter(pc.invert(plain)))
    parsed = [parse_published(cell) for cell in others.to_pylist()]
    at = pc.index_in(cells, value_set=others)
    other_values = pa.array([item[0] for item in parsed], type=pa.float64()).take(at)
    other_status = pa.array([item[1] for item in parsed], type=pa.string()).take(at)
    value = pc.if_else(plain, numbers, other_values)
    status = pc.if_else(plain, pa.nulls(len(cells), type=pa.string()), other_status)
    return value, status


@dataclass(frozen=True)
class Figure:
    """One published figure: a number, or a status code in its place."""

    measure: str
    year: int | None
    period_label: str
    area_level: AreaLevel
    area_code: str
    area_name: str
    region_code: str | None
    region_name: str | None
    value: float | None
    status: str | None

    @property
    def has_number(self) -> bool:
        return self.value is not None

    @property
    def status_meaning(self) -> str | None:
        """DfE's meaning of the status code, or None for a plain number or an unknown code."""
        return STATUS_MEANINGS.get(self.status or "")

    def shown(self) -> str:
        """The figure as a table cell: the number, or the status code."""
        if self.value is None:
            return self.status or ""
        text = f"{self.value:,.10g}"
        return f"{text} ({self.status})" if self.status else text


_Key = tuple[int, str]  # (year, area_code)


class PublishedFigures:
    """A pyarrow table in `SCHEMA`, with typed lookups."""

    def __init__(self, table: ArrowTable, problems: Sequence[Problem] = ()) -> None:
        if not table.schema.equals(SCHEMA):
            raise ValueError(f"published figures need the schema {SCHEMA}, not {table.schema}")
        self._table = table
        self.problems: tuple[Problem, ...] = tuple(problems)
        self._index: dict[str, dict[_Key, Figure]] = {}

    @classmethod
    def empty(cls) -> PublishedFigures:
        return cls(SCHEMA.empty_table())

    @classmethod
    def from_rows(cls, rows: Iterable[Figure], problems: Sequence[Problem] = ()
                  ) -> PublishedFigures:
        columns = list(zip(*((
            row.measure, row.year, row.period_label, row.area_level, row.area_code,
            row.area_name, row.region_code, row.region_name, row.value, row.status)
            for row in rows), strict=True)) or [() for _ in SCHEMA.names]
        arrays = [pa.array(column, type=kind) for column, kind in zip(
            columns, SCHEMA.types, strict=True)]
        return cls(pa.Table.from_arrays(arrays, schema=SCHEMA), problems)

    @classmethod
    def combine(cls, parts: Iterable[PublishedFigures]) -> PublishedFigures:
        """One table from several (LAIT and EES files); problems are kept from each part."""
        parts = list(parts)
        if not parts:
            return cls.empty()
        table = pa.concat_tables([part.table for part in parts])
        return cls(table, [problem for part in parts for problem in part.problems])

    @property
    def table(self) -> ArrowTable:
        return self._table

    def __len__(self) -> int:
        return int(self._table.num_rows)

    def measures(self) -> list[str]:
        return sorted(cast(list[str], pc.unique(self._table["measure"]).to_pylist()))

    def select(self, measures: Iterable[str] | None = None, from_year: int | None = None
               ) -> PublishedFigures:
        """A smaller table: only these measures, only years from `from_year` on."""
        mask = None
        if measures is not None:
            mask = pc.is_in(self._table["measure"], value_set=pa.array(list(measures),
                                                                        type=pa.string()))
        if from_year is not None:
            recent = pc.fill_null(pc.greater_equal(self._table["year"], from_year), False)
            mask = recent if mask is None else pc.and_(mask, recent)
        if mask is None:
            return self
        return PublishedFigures(self._table.filter(mask), self.problems)

    # -------------------------------------------------------------- lookups

    def _for_measure(self, measure: str) -> dict[_Key, Figure]:
        found = self._index.get(measure)
        if found is None:
            found = {}
            subset = self._table.filter(pc.equal(self._table["measure"], measure))
            for row in subset.to_pylist():
                if row["year"] is None:
                    continue
                key = (row["year"], row["area_code"])
                if key not in found:
                    found[key] = Figure(**row)
            self._index[measure] = found
        return found

    def years(self, measure: str) -> list[int]:
        return sorted({year for year, _ in self._for_measure(measure)})

    def figure(self, measure: str, year: int, area_code: str) -> Figure | None:
        return self._for_measure(measure).get((year, area_code))

    def england(self, measure: str, year: int) -> Figure | None:
        return self.figure(measure, year, ENGLAND_CODE)

    def by_level(self, measure: str, year: int, level: AreaLevel) -> list[Figure]:
        """Every figure for one measure and year at one area level, in area-code order."""
        return sorted((figure for (y, _), figure in self._for_measure(measure).items()
                       if y == year and figure.area_level == level),
                      key=lambda figure: figure.area_code)

    def local_authorities(self, measure: str, year: int) -> list[Figure]:
        return self.by_level(measure, year, "local_authority")

    def series(self, measure: str, area_code: str) -> list[Figure]:
        """One area's figures for a measure, oldest year first."""
        return sorted((figure for (_, code), figure in self._for_measure(measure).items()
                       if code == area_code), key=lambda figure: figure.year or 0)
