"""The engine's inputs: the loaded returns stacked by source, and what each covers.

`assemble` takes the returns a caller has loaded (each a `Loaded` from the ingest readers,
with the date its data runs to) and stacks them into raw tables, one per source table:

- CIN census: `raw_cin_<table>` (children, cin_details, assessments, cin_plans, section47,
  child_protection_plans, reviews) with a `census_year` column (the year of ReferenceDate);
- SSDA903: `raw_903_<table>` with the readers' `collection_year` column;
- Annex A: `raw_aa_list_<n>` with an `extract_date` column (the date the lists were taken).

A source not loaded gets empty tables of the same shape, so every indicator's SQL runs; the
engine reports those indicators as having no data rather than as zero.

Coverage, per source, is what the periods are checked against (periods.py): a CIN census or
SSDA903 year covers 1 April to 31 March, cut at the date its data runs to (`as_at`) for a year
still running; an Annex A extract covers the six months before its date (twelve for the
adoption lists 10 and 11), as Ofsted's guidance asks.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeAlias

import pyarrow as pa

from clearsight_analytics.indicators.periods import DateRange, add_months, merge
from clearsight_analytics.ingest import Loaded, annex_a, cin_census, ssda903

ArrowTable: TypeAlias = Any

CIN_TABLES = ("children", "cin_details", "assessments", "cin_plans", "section47",
              "child_protection_plans", "reviews")
SSDA903_TABLES = tuple(ssda903.TABLES)
ANNEX_A_LISTS = tuple(annex_a.COLUMNS)
# Source families, as the indicators' `sources` name them through the model tables.
CIN, SSDA903, ANNEX_A = "cin_census", "ssda903", "annex_a"
ALLOCATION_SCHEMA = pa.schema([("child_id", pa.string()), ("team", pa.string()),
                               ("service", pa.string()), ("worker", pa.string())])


@dataclass(frozen=True)
class Return:
    """One loaded return and the last day its data is complete for.

    `as_at` is required for Annex A (the extract date). For the CIN census and SSDA903 it
    defaults to the end of the collection year; give it for a year still running.
    """

    loaded: Loaded
    as_at: date | None = None


@dataclass
class Inputs:
    raw: dict[str, ArrowTable]
    coverage: dict[str, list[DateRange]]  # "cin_census", "ssda903", "annex_a_list_<n>"
    extracts: list[date] = field(default_factory=list)  # Annex A extract dates, oldest first
    population: dict[int, int] = field(default_factory=dict)  # collection year end -> 0-17
    allocations: ArrowTable | None = None  # child_id, team, service, worker (ALLOCATION_SCHEMA)

    @property
    def latest_data(self) -> date | None:
        ends = [end for ranges in self.coverage.values() for _, end in ranges]
        return max(ends) if ends else None


def _with_column(table: ArrowTable, name: str, value: object, kind: Any) -> ArrowTable:
    return table.append_column(name, pa.array([value] * table.num_rows, type=kind))


def _stack(parts: Sequence[ArrowTable], schema: Any) -> ArrowTable:
    if not parts:
        return schema.empty_table()
    return pa.concat_tables([part.select(schema.names).cast(schema) for part in parts])


def _collection_year_range(end_year: int, as_at: date | None) -> DateRange:
    start, end = date(end_year - 1, 4, 1), date(end_year, 3, 31)
    if as_at is not None and as_at < end:
        end = as_at
    return start, end


def assemble(returns: Sequence[Return], *, population: Mapping[int, int] | None = None,
             allocations: ArrowTable | None = None) -> Inputs:
    """Stack the returns into raw tables and work out what they cover.

    Raises ValueError for returns that cannot be combined: a CIN census without a reference
    date, SSDA903 tables without a collection year, Annex A without its extract date, or two
    returns of the same kind for the same year or date.
    """
    cin_parts: dict[str, list[ArrowTable]] = {table: [] for table in CIN_TABLES}
    ssda_parts: dict[str, list[ArrowTable]] = {table: [] for table in SSDA903_TABLES}
    aa_parts: dict[int, list[ArrowTable]] = {number: [] for number in ANNEX_A_LISTS}
    coverage: dict[str, list[DateRange]] = {}
    cin_years: set[int] = set()
    ssda_years: set[int] = set()
    extracts: set[date] = set()
    for item in returns:
        loaded = item.loaded
        if loaded.source == CIN:
            if loaded.period_end is None:
                raise ValueError(f"{_names(loaded)}: a CIN census needs its ReferenceDate")
            year = loaded.period_end.year
            if year in cin_years:
                raise ValueError(f"two CIN census returns for the year ending March {year}")
            cin_years.add(year)
            for table in CIN_TABLES:
                if table in loaded.tables:
                    cin_parts[table].append(
                        _with_column(loaded.tables[table], "census_year", year, pa.int16()))
            coverage.setdefault(CIN, []).append(_collection_year_range(year, item.as_at))
        elif loaded.source == SSDA903:
            years = _ssda903_years(loaded)
            if years & ssda_years:
                raise ValueError(f"two SSDA903 returns for the year ending March "
                                 f"{min(years & ssda_years)}")
            ssda_years |= years
            for table in SSDA903_TABLES:
                if table in loaded.tables:
                    ssda_parts[table].append(loaded.tables[table])
            for year in years:
                as_at = item.as_at if year == max(years) else None
                coverage.setdefault(SSDA903, []).append(_collection_year_range(year, as_at))
        elif loaded.source == ANNEX_A:
            if item.as_at is None:
                raise ValueError(f"{_names(loaded)}: Annex A needs the date it was extracted")
            if item.as_at in extracts:
                raise ValueError(f"two Annex A extracts dated {item.as_at:%d/%m/%Y}")
            extracts.add(item.as_at)
            for number in ANNEX_A_LISTS:
                sheet = loaded.tables.get(f"list_{number}")
                if sheet is None:
                    continue  # a list not supplied covers nothing: no figure, rather than 0
                aa_parts[number].append(
                    _with_column(sheet, "extract_date", item.as_at, pa.date32()))
                months = 12 if number >= 10 else 6
                first = add_months(item.as_at, -months) + timedelta(days=1)
                coverage.setdefault(f"{ANNEX_A}_list_{number}", []).append((first, item.as_at))
        else:
            raise ValueError(f"unknown source {loaded.source!r}")

    raw: dict[str, ArrowTable] = {}
    for table in CIN_TABLES:
        schema = cin_census.table_schema(table).append(pa.field("census_year", pa.int16()))
        raw[f"raw_cin_{table}"] = _stack(cin_parts[table], schema)
    for table in SSDA903_TABLES:
        raw[f"raw_903_{table}"] = _stack(ssda_parts[table], ssda903.table_schema(table))
    for number in ANNEX_A_LISTS:
        schema = annex_a.list_schema(number).append(pa.field("extract_date", pa.date32()))
        raw[f"raw_aa_list_{number}"] = _stack(aa_parts[number], schema)
    if allocations is not None:
        allocations = allocations.select(ALLOCATION_SCHEMA.names).cast(ALLOCATION_SCHEMA)
    return Inputs(raw=raw, coverage={key: merge(ranges) for key, ranges in coverage.items()},
                  extracts=sorted(extracts), population=dict(population or {}),
                  allocations=allocations)


def _names(loaded: Loaded) -> str:
    return ", ".join(info.name for info in loaded.files) or loaded.source


def _ssda903_years(loaded: Loaded) -> set[int]:
    years: set[int] = set()
    for table in loaded.tables.values():
        column = table.column("collection_year")
        if column.null_count:
            raise ValueError(f"{_names(loaded)}: SSDA903 tables must be read with their "
                             "collection year")
        years.update(value for value in column.unique().to_pylist())
    if not years and loaded.period_end is not None:
        years.add(loaded.period_end.year)
    return years
