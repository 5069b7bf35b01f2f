"""DfE's Local Authority Interactive Tool (LAIT): the long Parquet file and its data dictionary.

`read_lait_long(data, filename)` reads `bds_long_0.parquet` (columns Short Desc, Data item,
Years, LA and Regions, Values, LA Number, Region) into `PublishedFigures`:

- measure = `Short Desc`; period_label = `Years` as written; year = `values.year_from_label`.
- `LA Number` 970 is England, 980-990 the regions (mapped to ONS codes and EES names, see
  `values.REGIONS`), any other three-digit number a local authority (its old DfE code).
  `LA and Regions` gives an authority's name, `Region` its region.
- `Values` are text: numbers (some with float noise, "557.70000000000005" -> 557.7) or DfE
  codes, carried as status with a null value (`values.parse_published`). Blank cells are
  dropped: nothing was published.
- `Data item` is not used: LAIT fills it only on a measure's first row; names come from the
  data dictionary.

Work is done on whole columns: plain numbers in Values are cast by Arrow; each distinct other
text (about 65 year labels, 170 area numbers, 11 regions, the status codes) is read once in
Python and spread back with `take`. The 640,000-row file reads in under a second once Python
and Arrow are loaded. `pq.ParquetFile` is used rather than `pq.read_table`, which loads Arrow's
dataset machinery: seconds of start-up for one small file.

Row numbers in problems count data rows from 1 (Parquet has no header row). A file that is not
Parquet, cannot be read, or lacks a required column raises `Refused`; rows with no measure, no
year label or an unknown area number are skipped and reported, as are repeated
(measure, period, area) rows.

`read_lait_dictionary(data, filename)` reads `lait_data_dictionary.csv` into `Measure`s keyed by
`Measure_short`, with DfE's polarity (`measures.Polarity.from_lait`). DfE repeats a few codes;
the first row wins (the repeats agree on polarity).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from clearsight_analytics.benchmarks.figures import (
    SCHEMA,
    PublishedFigures,
    parse_published_column,
)
from clearsight_analytics.benchmarks.measures import Measure, Polarity
from clearsight_analytics.benchmarks.problems import Problems, check_size, refuse
from clearsight_analytics.benchmarks.values import (
    ENGLAND_CODE,
    ENGLAND_NAME,
    LAIT_ENGLAND_NUMBER,
    REGIONS_BY_LAIT_NUMBER,
    la_code,
    region_by_name,
    year_from_label,
)
from clearsight_analytics.ingest.problems import Problem, Refused

ArrowTable: TypeAlias = Any  # pyarrow is untyped; Any stays inside these aliases
ArrowArray: TypeAlias = Any

REQUIRED_COLUMNS = ("Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _key(text: str) -> str:
    return _NOT_WORD.sub(" ", text.lower()).strip()


def _spread(array: ArrowArray, parse: Callable[[Any], object], arrow_type: Any) -> ArrowArray:
    """Apply `parse` to each distinct value of `array` once, and spread the results back."""
    distinct = pc.unique(array)
    results = [parse(value) for value in distinct.to_pylist()]
    positions = pc.index_in(array, value_set=distinct)
    return pa.array(results, type=arrow_type).take(positions)


def _as_text(table: ArrowTable, name: str, filename: str) -> ArrowArray:
    column = table[name].combine_chunks()
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.dictionary_decode()
        kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return pc.cast(column, pa.string())
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_null(kind):
        return pc.cast(column, pa.string())
    raise refuse(filename, "a column of text or numbers", str(kind), column=name)


def read_lait_long(data: bytes, filename: str) -> PublishedFigures:
    """Every figure in LAIT's long file; `Refused` if it is not that file."""
    check_size(data, filename, "LAIT's long file (bds_long_0.parquet)")
    if len(data) < 12 or data[:4] != b"PAR1" or data[-4:] != b"PAR1":
        raise refuse(filename, "an Apache Parquet file (LAIT's bds_long_0.parquet); this file "
                               "is not one")
    try:
        table = pq.ParquetFile(pa.BufferReader(data)).read()
    except (pa.ArrowException, OSError, ValueError) as error:
        raise refuse(filename, "a Parquet file that can be read (it is damaged or cut short)",
                     type(error).__name__) from None
    present = {_key(name): name for name in table.column_names}
    missing = [name for name in REQUIRED_COLUMNS if _key(name) not in present]
    if missing:
        raise Refused([Problem(filename, "", None, name, "", f'a column named "{name}"')
                       for name in missing])
    columns = {name: _as_text(table, present[_key(name)], filename)
               for name in REQUIRED_COLUMNS}
    problems = Problems(filename)

    measure = pc.utf8_trim_whitespace(columns["Short Desc"])
    label = pc.utf8_trim_whitespace(columns["Years"])

    # Areas: one decision per distinct LA Number.
    def area_of(number: str | None) -> tuple[str, str, str | None] | None:
        code = la_code(number) if number is not None else None
        if code is None:
            return None
        value = int(code)
        if value == LAIT_ENGLAND_NUMBER:
            return ("national", ENGLAND_CODE, ENGLAND_NAME)
        region = REGIONS_BY_LAIT_NUMBER.get(value)
        if region is not None:
            return ("regional", region.code, region.name)
        if value >= LAIT_ENGLAND_NUMBER:
            return None
        return ("local_authority", code, None)

    number = columns["LA Number"]
    distinct_numbers = pc.unique(number)
    areas = [area_of(value) for value in distinct_numbers.to_pylist()]
    number_at = pc.index_in(number, value_set=distinct_numbers)
    level = pa.array([a[0] if a else None for a in areas], type=pa.string()).take(number_at)
    area_code = pa.array([a[1] if a else None for a in areas], type=pa.string()).take(number_at)
    fixed_name = pa.array([a[2] if a else None for a in areas], type=pa.string()).take(number_at)
    area_name = pc.coalesce(fixed_name, pc.utf8_trim_whitespace(columns["LA and Regions"]))

    # Regions of local authorities, one decision per distinct Region text.
    region_text = columns["Region"]
    distinct_regions = pc.unique(region_text)
    regions = [region_by_name(text) if text else None for text in distinct_regions.to_pylist()]
    region_at = pc.index_in(region_text, value_set=distinct_regions)
    la_region_code = pa.array([r.code if r else None for r in regions],
                              type=pa.string()).take(region_at)
    la_region_name = pa.array([r.name if r else None for r in regions],
                              type=pa.string()).take(region_at)
    is_la = pc.fill_null(pc.equal(level, "local_authority"), False)
    is_region = pc.fill_null(pc.equal(level, "regional"), False)
    null_text = pa.nulls(len(level), type=pa.string())
    region_code = pc.if_else(is_la, la_region_code, pc.if_else(is_region, area_code, null_text))
    region_name = pc.if_else(is_la, la_region_name, pc.if_else(is_region, area_name, null_text))

    year = _spread(label, lambda text: year_from_label(text) if text else None, pa.int16())
    value, status = parse_published_column(columns["Values"])

    no_measure = pc.fill_null(pc.equal(measure, ""), True)
    no_label = pc.fill_null(pc.equal(label, ""), True)
    no_area = pc.is_null(level)
    blank = pc.and_(pc.is_null(value), pc.is_null(status))
    _report(problems, no_measure, "Short Desc", measure, "a measure code")
    _report(problems, no_label, "Years", label, "a year or period label")
    _report(problems, no_area, "LA Number", number,
            "970 (England), 980-990 (a region) or a local authority's three-digit code")
    unknown_region = pc.and_(is_la, pc.is_null(la_region_code))
    _report(problems, unknown_region, "Region", region_text, "an English region's name",
            once_per_value=True)
    keep = pc.invert(pc.or_(pc.or_(no_measure, no_label), pc.or_(no_area, blank)))

    out = pa.Table.from_arrays(
        [measure, year, label, level, area_code, area_name, region_code, region_name, value,
         status], schema=SCHEMA).filter(keep)
    _report_repeats(problems, out, pc.indices_nonzero(keep))
    return PublishedFigures(out, problems.result())


def _report(problems: Problems, mask: ArrowArray, column: str, values: ArrowArray,
            expected: str, *, once_per_value: bool = False) -> None:
    rows = pc.indices_nonzero(pc.fill_null(mask, False))
    if not len(rows):
        return
    seen: set[object] = set()
    for index in rows.to_pylist()[:2_000]:
        found = values[index].as_py()
        if once_per_value:
            if found in seen:
                continue
            seen.add(found)
        problems.add(index + 1, column, found, expected)


def _dense_codes(array: ArrowArray) -> tuple[ArrowArray, int]:
    distinct = pc.unique(array)
    return pc.cast(pc.index_in(array, value_set=distinct), pa.int64()), len(distinct)


def _report_repeats(problems: Problems, table: ArrowTable, source_rows: ArrowArray) -> None:
    """Report rows that repeat an earlier (measure, period, area). The three keys are turned
    into one integer so that Arrow counts them without a slow group-by on text."""
    if not table.num_rows:
        return
    measure, _ = _dense_codes(table["measure"])
    label, labels = _dense_codes(table["period_label"])
    area, areas = _dense_codes(table["area_code"])
    key = pc.add(pc.multiply(pc.add(pc.multiply(measure, labels), label), areas), area)
    counts = pc.value_counts(key)
    repeated = counts.filter(pc.greater(counts.field("counts"), 1)).field("values")
    if not len(repeated):
        return
    rows = pc.indices_nonzero(pc.is_in(key, value_set=repeated)).to_pylist()
    seen: set[tuple[str, str, str]] = set()
    for index in rows[:2_000]:
        item = (table["measure"][index].as_py(), table["period_label"][index].as_py(),
                table["area_code"][index].as_py())
        if item in seen:
            problems.add(source_rows[index].as_py() + 1, "Short Desc", item[0],
                         f"one row per measure, period and area (an earlier row has {item[0]} "
                         f"for {item[1]}, area {item[2]}); the first is used")
        seen.add(item)


# ------------------------------------------------------------------ the data dictionary

_DICTIONARY_REQUIRED = ("Measure_short", "Polarity")
MAX_DICTIONARY_COLUMNS = 200


def read_lait_dictionary(data: bytes, filename: str) -> dict[str, Measure]:
    """LAIT's measures with DfE's names, polarity and year type, keyed by Short Desc."""
    check_size(data, filename, "LAIT's data dictionary (a CSV file)")
    rows = read_csv_rows(data, filename)
    header = rows[0]
    position = {name.strip(): index for index, name in enumerate(header)}
    missing = [name for name in _DICTIONARY_REQUIRED if name not in position]
    if missing:
        raise Refused([Problem(filename, "", 1, name, "", f'a column headed "{name}"')
                       for name in missing])

    def cell(row: Sequence[str], name: str) -> str:
        index = position.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    measures: dict[str, Measure] = {}
    for row in rows[1:]:
        code = cell(row, "Measure_short")
        if not code or code in measures:
            continue
        name = cell(row, "Measure") or cell(row, "Chart_title") or code
        measures[code] = Measure(code=code, name=" ".join(name.split()),
                                 polarity=Polarity.from_lait(cell(row, "Polarity")),
                                 source="LAIT", period=cell(row, "Year_Type"))
    return measures


def read_csv_rows(data: bytes, filename: str) -> list[list[str]]:
    """A CSV file's rows (UTF-8, with or without a byte-order mark); `Refused` if it is not
    readable text CSV with a header row."""
    if data.startswith(b"PK\x03\x04") or data[:4] in (b"\xd0\xcf\x11\xe0", b"PAR1"):
        raise refuse(filename, "a CSV text file (this is a workbook or Parquet file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refuse(filename, "a CSV file saved as UTF-8", f"byte {error.start:,}") from None
    if "\x00" in text:
        raise refuse(filename, "a CSV text file (this one contains binary data)")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise refuse(filename, "a well-formed CSV file", error) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise refuse(filename, "a CSV file with a header row", row=1)
    if len(rows[0]) > MAX_DICTIONARY_COLUMNS:
        raise refuse(filename, f"a header of at most {MAX_DICTIONARY_COLUMNS} columns",
                     f"{len(rows[0]):,} columns", row=1)
    return rows
