"""Reading a CSV upload into checked rows, and recording the attempt (docs/imports.md).

`csv_read` turns the uploaded bytes into rows keyed by column name, or into plain-English
problems: not UTF-8, NUL bytes, too large, too many rows, unknown, missing or repeated columns,
rows with the wrong number of values. `RowReader` then reads one row's cells as text, dates or
codes, adding a `RowError` for each cell it cannot accept, so a whole file is checked in one
pass and every problem is reported at once.

Row numbers count the header as row 1, as a spreadsheet shows them. Row 0 means the problem is
with the whole file rather than with one row.
"""

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError
from django.db.models import QuerySet

from clearsight.core.models import ImportRecord

MB = 1024 * 1024
CONFLICT_MESSAGE = ("The file could not be saved because it conflicts with records already "
                    "held, perhaps changed by someone else while it loaded. Nothing was saved. "
                    "Try again.")
MAX_STORED_ERRORS = 1000  # problems kept on the ImportRecord; error_count holds the total
MAX_VALUE_CHARS = 100  # a cell value quoted in a problem is cut to this length
MIN_YEAR, MAX_YEAR = 1900, 2100
# Headings beyond the spec's columns before a header is refused as a whole rather than one
# problem per heading (a header of millions of columns would otherwise use gigabytes).
MAX_EXTRA_COLUMNS = 50
T = TypeVar("T")


@dataclass(frozen=True)
class RowError:
    """One problem: the row (header = 1; 0 for the whole file), the column, the value, why."""

    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value,
                "message": self.message}


@dataclass(frozen=True)
class CsvSpec:
    """The columns a file may have, which must be present, and the limits on its size."""

    columns: tuple[str, ...]
    required: frozenset[str]
    # Groups of which at least one column must be present (for example two date columns).
    one_of: tuple[tuple[str, ...], ...] = ()
    max_rows: int = 100_000
    max_bytes: int = 20 * MB

    def __post_init__(self) -> None:
        names = set(self.columns)
        if not self.required <= names or not all(set(g) <= names for g in self.one_of):
            raise ValueError("CsvSpec names a required column that is not in its columns")


class ProblemList(list[RowError]):
    """Problems found in a file: the first `keep` are held, the rest only counted.

    A 20 MB file in which every row is wrong would otherwise hold millions of problems in
    memory, although a person reads the first few hundred and the record stores 1,000.
    Truthiness and `total` count every problem, kept or not.
    """

    def __init__(self, items: Iterable[RowError] = (), *, keep: int = 5 * MAX_STORED_ERRORS):
        super().__init__()
        self.keep = keep
        self.total = 0
        self.extend(items)

    def append(self, error: RowError) -> None:
        self.total += 1
        if len(self) < self.keep:
            super().append(error)

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.append(error)

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass
class CsvRow:
    """One data row: its number in the file and a value (trimmed; "" if blank) per column."""

    number: int
    values: dict[str, str]


@dataclass
class CsvTable:
    rows: list[CsvRow] = field(default_factory=list)
    errors: ProblemList = field(default_factory=ProblemList)
    present: tuple[str, ...] = ()  # the spec's columns that the header contains
    count: int = 0  # data rows read, blank rows aside (including rows refused for their shape)

    @property
    def readable(self) -> bool:
        """False when the file or its header is wrong, so no row could be read."""
        return not any(error.row <= 1 for error in self.errors)


def _clip(value: str) -> str:
    return value if len(value) <= MAX_VALUE_CHARS else value[: MAX_VALUE_CHARS - 1] + "…"


def _file_error(message: str) -> CsvTable:
    return CsvTable(errors=ProblemList([RowError(0, "", "", message)]))


def _size(n_bytes: int) -> str:
    if n_bytes >= MB:
        return f"{n_bytes / MB:.1f} MB"
    return f"{n_bytes:,} bytes"


SAVE_AS_UTF8 = 'Save it from your spreadsheet as "CSV UTF-8 (comma delimited)" and try again.'


def csv_decode(data: bytes) -> tuple[str | None, str]:
    """The text of the file, or None and the reason it cannot be read as UTF-8 text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, f"The file is saved as UTF-16 text, not UTF-8. {SAVE_AS_UTF8}"
    if data.startswith(b"PK\x03\x04"):
        return None, f"The file is a spreadsheet (such as .xlsx), not a CSV file. {SAVE_AS_UTF8}"
    if b"\x00" in data:
        return None, ("The file contains NUL characters, so it is not a plain-text CSV file. "
                      + SAVE_AS_UTF8)
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:
        return None, (f"The file is not UTF-8 text (the first character that is not UTF-8 is "
                      f"at byte {error.start + 1:,}). {SAVE_AS_UTF8}")


def csv_read(*, data: bytes, spec: CsvSpec) -> CsvTable:
    """Check the file and its header, then split it into rows. Problems go in `errors`.

    When the file or header is wrong (`readable` is False) no rows are returned. Rows whose
    every cell is blank are skipped but still counted, so row numbers match the spreadsheet.
    """
    if len(data) > spec.max_bytes:
        return _file_error(f"The file is {_size(len(data))}. The largest file that can be "
                           f"imported is {_size(spec.max_bytes)}.")
    text, problem = csv_decode(data)
    if text is None:
        return _file_error(problem)
    if not text.strip():
        return _file_error("The file is empty. The first row must be the column headings.")

    records = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        header = next(records)
    except csv.Error as error:
        return _file_error(f"The header row cannot be read as CSV: {error}.")
    while header and not header[-1].strip():
        header.pop()  # spreadsheets sometimes add empty trailing columns
    if len(header) > len(spec.columns) + MAX_EXTRA_COLUMNS:
        return _file_error(f"The header row has {len(header):,} columns. The columns are: "
                           f"{', '.join(spec.columns)}. Check that this is the right file.")
    table = _header_check(header, spec)
    if not table.readable:
        return table

    positions = [(name.strip().lower(), index) for index, name in enumerate(header)]
    width = len(header)
    number = 1
    try:
        for record in records:
            number += 1
            if not any(cell.strip() for cell in record):
                continue
            table.count += 1
            if table.count > spec.max_rows:
                return _file_error(f"The file has more than {spec.max_rows:,} data rows, the "
                                   "most that can be imported at once.")
            if len(record) < width or any(cell.strip() for cell in record[width:]):
                table.errors.append(RowError(
                    number, "", "",
                    f"This row has {len(record)} values but the header row has {width} "
                    "columns. Check for a missing or extra comma, or a value with a comma "
                    "that is not in double quotes."))
                continue
            values = dict.fromkeys(spec.columns, "")
            for name, index in positions:
                values[name] = record[index].strip()
            table.rows.append(CsvRow(number, values))
    except csv.Error as error:
        return _file_error(f"Row {number} cannot be read as CSV: {error}. {SAVE_AS_UTF8}")
    if not table.rows and not table.errors:
        return _file_error("The file has a header row but no data rows.")
    return table


def _header_check(header: list[str], spec: CsvSpec) -> CsvTable:
    table = CsvTable()
    seen: set[str] = set()
    expected = ", ".join(spec.columns)
    for position, raw in enumerate(header, start=1):
        name = raw.strip().lower()
        if not name:
            table.errors.append(RowError(1, "", "", f"Column {position} has no heading. "
                                         "Give it one of the expected headings or delete it."))
        elif name not in spec.columns:
            table.errors.append(RowError(1, raw.strip(), _clip(raw), (
                f'"{_clip(raw.strip())}" is not a recognised column. The columns are: '
                f"{expected}. Correct the heading or delete the column.")))
        elif name in seen:
            table.errors.append(RowError(1, name, _clip(raw),
                                         f'The column "{name}" appears more than once.'))
        seen.add(name)
    for name in spec.columns:
        if name in spec.required and name not in seen:
            table.errors.append(RowError(1, name, "", f'The column "{name}" is missing.'))
    for group in spec.one_of:
        if not seen & set(group):
            listed = " or ".join(f'"{name}"' for name in group)
            table.errors.append(RowError(1, group[0], "",
                                         f"The file needs a {listed} column."))
    table.present = tuple(name for name in spec.columns if name in seen)
    return table


DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
DATE_UK = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def date_parse(value: str) -> date:
    """A date written YYYY-MM-DD or DD/MM/YYYY. Raises ValueError with a plain message."""
    if match := DATE_ISO.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := DATE_UK.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(f'"{_clip(value)}" is not a date. Write dates as YYYY-MM-DD or '
                         "DD/MM/YYYY, for example 2025-03-31 or 31/03/2025.")
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise ValueError(f'"{value}" is not a real date. Check the day and month.') from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValueError(f'"{value}" is not a likely date: the year must be between '
                         f"{MIN_YEAR} and {MAX_YEAR}.")
    return parsed


class RowReader:
    """Reads the cells of one row, adding a RowError for each it cannot accept.

    Each method returns a usable value ("" or None when the cell is wrong), so a caller can
    read every cell of a row and then test `ok` once.
    """

    def __init__(self, row: CsvRow, errors: list[RowError]) -> None:
        self.row = row
        self.errors = errors
        self.ok = True

    def error(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.row.number, column,
                                    _clip(self.row.values.get(column, "")), message))

    def text(self, column: str, *, required: bool = False, max_length: int | None = None,
             pattern: re.Pattern[str] | None = None, expected: str = "") -> str:
        value = self.row.values[column]
        if not value:
            if required:
                self.error(column, f"Enter a value for {column}; it cannot be blank.")
            return ""
        if max_length is not None and len(value) > max_length:
            self.error(column, f"{column} must be {max_length} characters or fewer; this "
                               f"value has {len(value)}.")
            return ""
        if pattern is not None and not pattern.fullmatch(value):
            self.error(column, f'"{_clip(value)}" is not valid for {column}: expected '
                               f"{expected}.")
            return ""
        return value

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.row.values[column]
        if not value:
            if required:
                self.error(column, f"Enter a date for {column}, as YYYY-MM-DD or DD/MM/YYYY.")
            return None
        try:
            return date_parse(value)
        except ValueError as error:
            self.error(column, str(error))
            return None

    def code(self, column: str, codes: Mapping[str, str], *, required: bool = False,
             expected: str = "") -> str | None:
        """Look the cell up in `codes` (keys lower-case; matched without regard to case).

        Returns the mapped value, "" for a blank optional cell, None when wrong.
        """
        value = self.row.values[column]
        if not value:
            if required:
                self.error(column, f"Enter {column}: {expected or _listing(codes)}.")
                return None
            return ""
        mapped = codes.get(value.lower())
        if mapped is None:
            self.error(column, f'"{_clip(value)}" is not a valid {column}. Use '
                               f"{expected or _listing(codes)}.")
        return mapped


def _listing(codes: Iterable[str]) -> str:
    items = list(codes)
    return ", ".join(items[:-1]) + f" or {items[-1]}" if len(items) > 1 else "".join(items)


def errors_sorted(errors: Iterable[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda error: error.row)


def import_record_create(
    *, kind: str, data: bytes, filename: str, by: Any, errors: Sequence[RowError] = (),
    rows: int = 0, created: int = 0, updated: int = 0,
) -> ImportRecord:
    """Record one import attempt: loaded when there are no errors, refused otherwise."""
    ordered = errors_sorted(errors)
    total = errors.total if isinstance(errors, ProblemList) else len(ordered)
    return ImportRecord.objects.create(
        kind=kind,
        status=ImportRecord.Status.REFUSED if total else ImportRecord.Status.LOADED,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        rows=rows,
        created=0 if total else created,
        updated=0 if total else updated,
        error_count=total,
        errors=[error.as_dict() for error in ordered[:MAX_STORED_ERRORS]],
        imported_by=by if by is not None and by.is_authenticated else None,
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _printable(text: object) -> str:
    """Text from a file, safe for a terminal: control characters (escape sequences) shown as
    \\xNN instead of acting on the operator's screen."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", str(text))


def import_record_lines(*, record: ImportRecord, path: str) -> Iterator[str]:
    """The problems of an import as `file:row:column: message` lines (file-level: `file:`).

    A problem in a file of several (a return) names its own file and its sheet or table:
    `file:part:row:column: message`."""
    for error in record.errors:
        message = _printable(error["message"])
        if error.get("value"):
            message += f' (found "{_printable(error["value"])}")' if error.get("file") else ""
        where = ":".join(_printable(part) for part in (
            error.get("file") or path, error.get("part"), error.get("row"), error.get("column"))
            if part not in (None, "", 0))
        yield f"{where}: {message}"
    hidden = record.error_count - len(record.errors)
    if hidden > 0:
        yield f"{path}: ... and {hidden:,} more problems not shown"


def import_record_summary(*, record: ImportRecord) -> str:
    if record.status == ImportRecord.Status.REFUSED:
        return (f"Refused {record.filename}: {record.error_count:,} "
                f"problem{'s' if record.error_count != 1 else ''} found. Nothing was saved.")
    unchanged = record.rows - record.created - record.updated
    return (f"Loaded {record.filename}: {record.rows:,} rows, {record.created:,} created, "
            f"{record.updated:,} updated, {unchanged:,} unchanged.")


def import_file_read(*, path: Path, spec: CsvSpec) -> bytes:
    """For management commands: the file's bytes, refusing one over the spec's size first."""
    try:
        size = path.stat().st_size
        if size > spec.max_bytes:
            raise CommandError(f"{path} is {size:,} bytes. The largest file that can be "
                               f"imported is {spec.max_bytes:,} bytes.")
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error


def import_record_report(*, command: BaseCommand, record: ImportRecord, path: str) -> None:
    """For management commands: print the outcome; on refusal print each problem to stderr
    and fail with exit status 1."""
    if record.status == ImportRecord.Status.LOADED:
        command.stdout.write(import_record_summary(record=record))
        return
    for line in import_record_lines(record=record, path=path):
        command.stderr.write(line)
    raise CommandError(import_record_summary(record=record), returncode=1)


def in_chunks(queryset: "QuerySet[Any, T]", field_name: str, values: Iterable[Any],
              size: int = 900) -> Iterator[T]:
    """`queryset.filter(<field>__in=values)` in chunks, within every database's variable limit."""
    items = list(values)
    for start in range(0, len(items), size):
        yield from queryset.filter(**{f"{field_name}__in": items[start:start + size]})
