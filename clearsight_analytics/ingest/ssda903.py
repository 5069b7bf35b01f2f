"""Reading the SSDA903 (children looked after) CSV tables into typed Arrow tables.

Entry points:

- `read_ssda903(files, collection_year=None)` reads one collection year: `files` maps each
  file's name to its bytes (header.csv, episodes.csv, ... ; a table is recognised from its file
  name, or failing that from its columns, as the DfE validator does).
- `read_ssda903_years({2025: files, 2026: files})` reads several collection years at once and
  stacks each table across years. Problems and `FileInfo` names are then "2025/episodes.csv".

`collection_year` is the year in which the collection ends on 31 March (2025 = 2024-25), the
"schema year" of data-standards.md section 2.3. It decides which columns must be present and
which codes are allowed (SEX 1/2 up to 2023-24, M/F/U from 2024-25; placement types K3, Z11-Z14
and so on). Unknown (None) accepts any code and column that any year allows.

Every output table has a `collection_year` column (int16, null when unknown) followed by every
column the table has in any year, in snake_case (`CHILD` -> `child`, `PLACE` -> `place`), so the
same table from different years stacks without reshaping; a column absent in a year is null.
Dates are date32, codes strings (upper-cased, trimmed), counts int32, 0/1 flags int8.

A wrong structure (a file that is not UTF-8 CSV, an unrecognised table, a missing column, the
same table twice) raises `Refused`. Row problems (a bad date or number, an unknown code, a
missing value, an end before its start, overlapping episodes for one child, DEC without REC)
are returned with the row as a spreadsheet shows it (header = row 1).

Helpers kept local to this module (candidates for a shared one later): `parse_date`, which
takes dd/mm/yyyy or yyyy-mm-dd.
"""

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import pyarrow as pa

from clearsight_analytics.ingest.problems import FileInfo, Loaded, Problem, Refused
from clearsight_analytics.ingest.values import parse_date

__all__ = ["CODE_YEARS", "TABLES", "Column", "codes", "parse_date", "read_ssda903",
           "read_ssda903_years", "table_schema"]

Kind = Literal["string", "date", "int", "flag", "code"]
YearRange = tuple[int | None, int | None]  # first and last collection year, None = open


def _years(first: int | None = None, last: int | None = None) -> YearRange:
    return (first, last)


def _in_years(span: YearRange, year: int | None) -> bool:
    if year is None:
        return True
    first, last = span
    return (first is None or year >= first) and (last is None or year <= last)


ACCOM_LETTERS = "BCDEGHKRSTUVWXYZ"

# Code lists from data-standards.md section 2.4. Years a code is valid in are in CODE_YEARS.
codes: dict[str, frozenset[str]] = {
    "SEX": frozenset({"1", "2", "M", "F", "U"}),
    "ETHNIC": frozenset({
        "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
        "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"}),
    "RNE": frozenset({"S", "L", "P", "T", "B", "U"}),
    "LS": frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2",
                     "J3"}),
    "CIN": frozenset({f"N{n}" for n in range(1, 9)}),
    "PLACE": frozenset({
        "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
        "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1", "Z11",
        "Z12", "Z13", "Z14"}),
    "PLACE_PROVIDER": frozenset({"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}),
    "REC": frozenset({
        "X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48",
        "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8"}),
    "REASON_PLACE_CHANGE": frozenset({
        "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
        "CUSTOD", "OTHER"}),
    "REVIEW_CODE": frozenset({f"PN{n}" for n in range(8)}),
    "MISSING": frozenset({"M", "A"}),
    "SDQ_REASON": frozenset({f"SDQ{n}" for n in range(1, 6)}),
    "IN_TOUCH": frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"}),
    "ACTIV": frozenset({"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5",
                        "G6", "0"}),
    "ACCOM": frozenset({f"{letter}{digit}" for letter in ACCOM_LETTERS for digit in "12"} | {"0"}),
    "PREV_PERM": frozenset({"P1", "P2", "P3", "P4", "Z1"}),
    "SEX_ADOPTR": frozenset({"M1", "F1", "MM", "FF", "MF"}),
    "LS_ADOPTR": frozenset({"L0", "L11", "L12", "L2", "L3", "L4"}),
    "REASON_PLACED_CEASED": frozenset({"RD1", "RD2", "RD3", "RD4"}),
    "SW_REASON": frozenset({"MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN",
                            "PCCHAN", "SWDIED", "OTHERS"}),
}

# Codes valid only in some collection years (section 2.3); a code not listed is always valid.
CODE_YEARS: dict[str, dict[str, YearRange]] = {
    "SEX": {"1": _years(last=2024), "2": _years(last=2024),
            "M": _years(2025), "F": _years(2025), "U": _years(2025)},
    # H5 and P2: the validator's 2024-25 rules still accept them (section 2.3, UNCERTAIN).
    "PLACE": {"K3": _years(2025), "H5": _years(last=2025), "P2": _years(last=2025),
              "Z1": _years(last=2025), "Z11": _years(2026), "Z12": _years(2026),
              "Z13": _years(2026), "Z14": _years(2026)},
    "ACTIV": {"F3": _years(last=2021), "P3": _years(last=2021), "F4": _years(2022),
              "P4": _years(2022), "F5": _years(2022), "P5": _years(2022)},
    "REC": {code: _years(2019) for code in
            ("E41", "E45", "E46", "E47", "E48", "E4A", "E4B", "E13", "E14", "E15", "E16", "E17")},
}


@dataclass(frozen=True)
class Column:
    name: str  # the CSV header, as DfE spells it
    kind: Kind = "string"
    required: bool = False  # a value must be given in every row
    code_list: str | None = None  # key in `codes` (kind "code")
    years: YearRange = (None, None)  # the collection years the column exists in
    minimum: int | None = None
    maximum: int | None = None

    @property
    def field(self) -> str:
        return self.name.lower()


def _c(name: str, kind: Kind = "string", *, required: bool = False, years: YearRange = (None, None),
       minimum: int | None = None, maximum: int | None = None) -> Column:
    code_list = name if kind == "code" else None
    return Column(name, kind, required, code_list, years, minimum, maximum)


def _sex() -> Column:
    return _c("SEX", "code", required=True)


CHILD = _c("CHILD", required=True)
DOB = _c("DOB", "date", required=True)

# Each table's columns, declared once (data-standards.md section 2.1).
TABLES: dict[str, tuple[Column, ...]] = {
    "header": (CHILD, _sex(), DOB, _c("ETHNIC", "code", required=True), _c("UPN"),
               _c("MOTHER", "flag"), _c("MC_DOB", "date")),
    "episodes": (CHILD, _c("DECOM", "date", required=True), _c("RNE", "code", required=True),
                 _c("LS", "code", required=True), _c("CIN", "code", required=True),
                 _c("PLACE", "code", required=True), _c("PLACE_PROVIDER", "code"),
                 _c("DEC", "date"), _c("REC", "code"), _c("REASON_PLACE_CHANGE", "code"),
                 _c("HOME_POST"), _c("PL_POST"), _c("URN")),
    "uasc": (CHILD, _sex(), DOB, _c("DUC", "date")),
    "reviews": (CHILD, DOB, _c("REVIEW", "date", required=True),
                _c("REVIEW_CODE", "code", required=True)),
    "oc2": (CHILD, DOB, _c("SDQ_SCORE", "int", minimum=0, maximum=40), _c("SDQ_REASON", "code"),
            *(_c(flag, "flag") for flag in (
                "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"))),
    "oc3": (CHILD, DOB, _c("IN_TOUCH", "code", required=True), _c("ACTIV", "code"),
            _c("ACCOM", "code")),
    "ad1": (CHILD, DOB, _c("DATE_INT", "date"), _c("DATE_MATCH", "date"),
            _c("FOSTER_CARE", "flag"), _c("NB_ADOPTR", "int", minimum=1, maximum=2),
            _c("SEX_ADOPTR", "code"), _c("LS_ADOPTR", "code")),
    "placed_for_adoption": (CHILD, DOB, _c("DATE_PLACED", "date", required=True),
                            _c("DATE_PLACED_CEASED", "date"), _c("REASON_PLACED_CEASED", "code")),
    "prev_perm": (CHILD, DOB, _c("PREV_PERM", "code"), _c("LA_PERM"), _c("DATE_PERM", "date")),
    "missing": (CHILD, DOB, _c("MISSING", "code", required=True),
                _c("MIS_START", "date", required=True), _c("MIS_END", "date")),
    "sw_episodes": (CHILD, DOB, _c("SW_ID", required=True),
                    _c("SW_DECOM", "date", required=True), _c("SW_DEC", "date"),
                    _c("SW_REASON", "code")),
    "dolo": (CHILD, DOB, _c("DOLO_START", "date", required=True), _c("DOLO_END", "date")),
}

# Tables that exist only from some collection year.
TABLE_YEARS: dict[str, YearRange] = {"sw_episodes": _years(2024), "dolo": _years(2027)}

# (start, end) date pairs where the end may not be before the start.
SPANS: dict[str, tuple[tuple[str, str], ...]] = {
    "header": (("DOB", "MC_DOB"),),
    "episodes": (("DECOM", "DEC"),),
    "uasc": (("DOB", "DUC"),),
    "ad1": (("DATE_INT", "DATE_MATCH"),),
    "placed_for_adoption": (("DATE_PLACED", "DATE_PLACED_CEASED"),),
    "missing": (("MIS_START", "MIS_END"),),
    "sw_episodes": (("SW_DECOM", "SW_DEC"),),
    "dolo": (("DOLO_START", "DOLO_END"),),
}

# File-name spellings seen from suppliers, normalised (lower case, letters and digits only).
NAME_ALIASES: dict[str, str] = {
    "header": "header", "episodes": "episodes", "uasc": "uasc", "reviews": "reviews",
    "oc2": "oc2", "oc3": "oc3", "ad1": "ad1", "placedforadoption": "placed_for_adoption",
    "placedadoption": "placed_for_adoption", "adplaced": "placed_for_adoption",
    "sbpfa": "placed_for_adoption", "prevperm": "prev_perm", "previouspermanence": "prev_perm",
    "missing": "missing", "swepisodes": "sw_episodes", "socialworkerepisodes": "sw_episodes",
    "dolo": "dolo",
}

ARROW_TYPES: dict[Kind, Any] = {
    "string": pa.string(), "code": pa.string(), "date": pa.date32(), "int": pa.int32(),
    "flag": pa.int8(),
}



def _clip(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _table_from_name(filename: str) -> str | None:
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    norm = re.sub(r"[^a-z0-9]", "", stem.lower())
    if norm in NAME_ALIASES:
        return NAME_ALIASES[norm]
    # "903_Episodes_2025" and the like: the longest alias contained in the name wins, so that
    # "sw_episodes" is not taken for "episodes".
    for alias in sorted(NAME_ALIASES, key=len, reverse=True):
        if alias in norm:
            return NAME_ALIASES[alias]
    return None


def _table_from_header(header: Iterable[str]) -> str | None:
    found = set(header)
    best: tuple[int, str] | None = None
    for table, columns in TABLES.items():
        always = {column.name for column in columns if column.years == (None, None)}
        if always <= found and (best is None or len(always) > best[0]):
            best = (len(always), table)
    return best[1] if best else None


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused([Problem(
            name, "", None, None, "",
            f"a CSV file in UTF-8 (byte {error.start} is not); save it again as \"CSV UTF-8\"",
        )]) from error


def _rows(name: str, text: str) -> list[list[str]]:
    if "\x00" in text:
        raise Refused([Problem(name, "", None, None, "", "a text CSV file, not a binary file")])
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise Refused([Problem(name, "", None, None, "", f"a well-formed CSV file ({error})")]) \
            from error


class _TableReader:
    """Reads one table's rows into column lists, collecting row problems."""

    def __init__(self, name: str, table: str, year: int | None) -> None:
        self.name = name
        self.table = table
        self.year = year
        self.problems: list[Problem] = []

    def problem(self, row: int, column: str | None, value: str, expected: str) -> None:
        self.problems.append(Problem(self.name, self.table, row, column, _clip(value), expected))

    def check_header(self, header: list[str]) -> dict[str, int]:
        positions: dict[str, int] = {}
        duplicates = []
        for index, heading in enumerate(header):
            if heading in positions and heading:
                duplicates.append(heading)
            positions.setdefault(heading, index)
        refusals = [Problem(self.name, self.table, 1, heading, heading,
                            "each column once (this heading is repeated)")
                    for heading in duplicates]
        for column in TABLES[self.table]:
            needed = (_in_years(column.years, self.year) if self.year is not None
                      else column.years == (None, None))
            if column.name not in positions and needed:
                refusals.append(Problem(
                    self.name, self.table, 1, column.name, "",
                    f"a column headed {column.name} (the {self.table} table has "
                    f"{', '.join(c.name for c in TABLES[self.table])})"))
        if refusals:
            raise Refused(refusals)
        return positions

    def convert(self, column: Column, raw: str, row: int) -> Any:
        text = raw.strip()
        if not text:
            if column.required:
                self.problem(row, column.name, "", "a value (this column may not be blank)")
            return None
        if column.kind == "string":
            return text
        if column.kind == "date":
            parsed = parse_date(text)
            if parsed is None:
                self.problem(row, column.name, text, "a date as dd/mm/yyyy")
            return parsed
        if column.kind in ("int", "flag"):
            try:
                number = int(text)
            except ValueError:
                number = None
            low, high = (0, 1) if column.kind == "flag" else (column.minimum, column.maximum)
            if number is None or (low is not None and number < low) or (
                    high is not None and number > high):
                wanted = "0 (no) or 1 (yes)" if column.kind == "flag" else (
                    f"a whole number from {low} to {high}" if low is not None and high is not None
                    else "a whole number")
                self.problem(row, column.name, text, wanted)
                return None
            return number
        # a code
        assert column.code_list is not None  # noqa: S101 - every "code" column has a list
        code = text.upper()
        allowed = codes[column.code_list]
        span = CODE_YEARS.get(column.code_list, {}).get(code)
        if code not in allowed or (span is not None and not _in_years(span, self.year)):
            valid = sorted(c for c in allowed if _in_years(
                CODE_YEARS.get(column.code_list, {}).get(c, (None, None)), self.year))
            listed = ", ".join(valid) if len(valid) <= 25 else ", ".join(valid[:25]) + ", ..."
            when = f" in {self.year - 1}-{self.year % 100:02d}" if self.year else ""
            self.problem(row, column.name, text, f"one of the {column.name} codes{when}: {listed}")
            return None
        return code

    def read(self, rows: list[list[str]]) -> Any:
        header = [heading.strip().upper() for heading in rows[0]]
        positions = self.check_header(header)
        columns = TABLES[self.table]
        values: dict[str, list[Any]] = {column.name: [] for column in columns}
        row_numbers: list[int] = []
        width = len(header)
        for offset, cells in enumerate(rows[1:]):
            row = offset + 2
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                self.problem(row, None, ",".join(cells[width:]),
                             f"at most {width} values, one per column heading")
            row_numbers.append(row)
            for column in columns:
                index = positions.get(column.name)
                raw = cells[index] if index is not None and index < len(cells) else ""
                if index is None:
                    values[column.name].append(None)
                else:
                    values[column.name].append(self.convert(column, raw, row))
        self.check_spans(values, row_numbers)
        if self.table == "episodes":
            self.check_episodes(values, row_numbers)
        year_column = pa.array([self.year] * len(row_numbers), type=pa.int16())
        arrays = [year_column] + [pa.array(values[c.name], type=ARROW_TYPES[c.kind])
                                  for c in columns]
        return pa.Table.from_arrays(arrays, names=["collection_year"] + [c.field for c in columns])

    def check_spans(self, values: Mapping[str, list[Any]], rows: list[int]) -> None:
        for start, end in SPANS.get(self.table, ()):
            for row, began, ended in zip(rows, values[start], values[end], strict=True):
                if began is not None and ended is not None and ended < began:
                    self.problem(row, end, ended.strftime("%d/%m/%Y"),
                                 f"a date on or after {start} ({began:%d/%m/%Y})")

    def check_episodes(self, values: Mapping[str, list[Any]], rows: list[int]) -> None:
        for row, ceased, reason in zip(rows, values["DEC"], values["REC"], strict=True):
            if ceased is not None and reason is None:
                self.problem(row, "REC", "", "a reason the episode ceased, as DEC is given")
            elif ceased is None and reason is not None:
                self.problem(row, "DEC", "", f"the date the episode ceased, as REC is {reason}")
        order = sorted(
            (i for i in range(len(rows))
             if values["CHILD"][i] is not None and values["DECOM"][i] is not None),
            # A zero-length episode sorts before the one starting the same day (open last).
            key=lambda i: (values["CHILD"][i], values["DECOM"][i], values["DEC"][i] is None,
                           values["DEC"][i] or date.max, rows[i]))
        previous: int | None = None
        for i in order:
            if previous is not None and values["CHILD"][previous] == values["CHILD"][i]:
                ended = values["DEC"][previous]
                if ended is None or values["DECOM"][i] < ended:
                    until = "is still open" if ended is None else f"ran to {ended:%d/%m/%Y}"
                    self.problem(rows[i], "DECOM", f"{values['DECOM'][i]:%d/%m/%Y}",
                                 f"no overlap with the child's episode in row {rows[previous]}, "
                                 f"which {until}")
            previous = i


def _read_year(files: Mapping[str, bytes], year: int | None, prefix: str = "") -> Loaded:
    loaded = Loaded(source="ssda903")
    if year is not None:
        loaded.period_start, loaded.period_end = date(year - 1, 4, 1), date(year, 3, 31)
    parsed: list[tuple[str, str, list[list[str]]]] = []
    refusals: list[Problem] = []
    seen: dict[str, str] = {}
    for filename, data in files.items():
        name = prefix + filename
        loaded.files.append(FileInfo.of(name, data))
        rows = _rows(name, _decode(name, data))
        if not rows or not any(cell.strip() for cell in rows[0]):
            refusals.append(Problem(name, "", 1, None, "", "a header row of column names"))
            continue
        table = _table_from_name(filename) or _table_from_header(
            heading.strip().upper() for heading in rows[0])
        if table is None:
            refusals.append(Problem(name, "", None, None, _clip(",".join(rows[0])), (
                "an SSDA903 table, named after it (" + ", ".join(f"{t}.csv" for t in TABLES)
                + ") or with its columns")))
            continue
        if not _in_years(TABLE_YEARS.get(table, (None, None)), year):
            refusals.append(Problem(name, table, None, None, "",
                                    f"no {table} table in the {year} collection"))
            continue
        if table in seen:
            refusals.append(Problem(name, table, None, None, "",
                                    f"one file per table ({seen[table]} is also {table})"))
            continue
        seen[table] = name
        parsed.append((name, table, rows))
    if refusals:
        raise Refused(refusals)
    for name, table, rows in parsed:
        reader = _TableReader(name, table, year)
        loaded.tables[table] = reader.read(rows)
        loaded.problems.extend(reader.problems)
    return loaded


def read_ssda903(files: Mapping[str, bytes], collection_year: int | None = None) -> Loaded:
    """Read one collection year's SSDA903 CSV files, given by file name."""
    return _read_year(files, collection_year)


def read_ssda903_years(years: Mapping[int, Mapping[str, bytes]]) -> Loaded:
    """Read several collection years, stacking each table; file names become "2025/x.csv".

    Structural problems from every year are gathered into one `Refused`.
    """
    combined = Loaded(source="ssda903")
    refusals: list[Problem] = []
    parts: dict[str, list[Any]] = {}
    for year in sorted(years):
        try:
            loaded = _read_year(years[year], year, prefix=f"{year}/")
        except Refused as refused:
            refusals.extend(refused.problems)
            continue
        combined.files.extend(loaded.files)
        combined.problems.extend(loaded.problems)
        for table, arrow in loaded.tables.items():
            parts.setdefault(table, []).append(arrow)
    if refusals:
        raise Refused(refusals)
    combined.tables = {table: pa.concat_tables(arrows) for table, arrows in parts.items()}
    if years:
        combined.period_start = date(min(years) - 1, 4, 1)
        combined.period_end = date(max(years), 3, 31)
    return combined


def table_schema(table: str) -> Any:
    """The Arrow schema of one table as the readers return it (for an empty table)."""
    return pa.schema([("collection_year", pa.int16())]
                     + [(column.field, ARROW_TYPES[column.kind]) for column in TABLES[table]])
