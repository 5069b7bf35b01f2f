"""Reading the report's input files from disk: the returns, the population and the benchmarks.

This is the only module of the report that reads files. Each function takes what the person
typed (a path, a year) and returns what was read plus every problem found, never raising for
bad data: the command prints all the problems at once and writes nothing.

Decisions a reviewer should know about:

- **Sizes are checked before reading.** A file over `MAX_FILE_BYTES` (the readers' own limit)
  is not read into memory at all, and at most that many bytes are ever read (so a device or a
  growing file cannot exhaust memory). Only regular files are read.
- **Names in problems** are the paths as the person typed them, so that they can find the
  file; a file inside a folder is the folder's path joined to its name, and a CSV inside a zip
  is `archive.zip/episodes.csv`.
- **SSDA903** is given per collection year: a folder of the year's CSV files, or a zip of
  them. `2025=PATH` names the year; without it the year is the folder's or zip's name (`2025`,
  `2025.zip`), and a folder whose sub-folders or zips are years is read as those years. Only
  `.csv` files are read (any letter case); other files are left alone.
- **The zip guard** (SSDA903 zips; Annex A workbooks have the reader's own) checks what the
  archive declares (members, sizes, ratio, names, encryption) and then reads each member with
  a hard cap, so a member that lies about its size is still stopped.
- **Annex A** is a workbook, or a folder of the eleven lists as CSV files named after their
  list ("list_1.csv", "List 10.csv", "annex_a_list_3.csv"). A folder must hold all eleven, as a
  workbook must hold all eleven sheets: a list left out would otherwise read as "nothing
  happened" rather than "no data".
- **CIN census**: one XML file per year, with a ReferenceDate of 31 March; two files for one
  year are a problem (the engine would refuse them anyway, with less to go on).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from clearsight_analytics.benchmarks import (
    Benchmarks,
    Population,
    load_reference,
    read_lait_long,
    read_population,
)
from clearsight_analytics.indicators import Return
from clearsight_analytics.indicators.periods import add_months
from clearsight_analytics.ingest import Loaded, Problem, Refused
from clearsight_analytics.ingest import annex_a as annex_a_reader
from clearsight_analytics.ingest import cin_census as cin_reader
from clearsight_analytics.ingest import ssda903 as ssda903_reader
from clearsight_analytics.periods import CollectionYear

MAX_FILE_BYTES = 200 * 1024 * 1024  # the readers' limit for one file
MAX_ZIP_MEMBERS = 100
MAX_ZIP_UNPACKED = 400 * 1024 * 1024  # all the CSV files of one year, unpacked
MAX_ZIP_RATIO = 100  # for members over RATIO_APPLIES_ABOVE
RATIO_APPLIES_ABOVE = 1024 * 1024
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100  # collection years a return may be for

_YEAR = re.compile(r"^(\d{4})$")
_LIST_NAME = re.compile(r"list[\s_.-]*0*(\d{1,2})(?!\d)", re.IGNORECASE)


@dataclass(frozen=True)
class InputFile:
    """One file read, as the report's metadata lists it."""

    source: str  # "annex_a", "ssda903", "cin_census", "population" or "benchmarks"
    path: str  # as typed (joined to the member's name for folders and zips)
    sha256: str
    size_bytes: int
    period_start: date | None = None  # the period the file's data covers, when known
    period_end: date | None = None
    as_at: date | None = None  # Annex A: the date the lists were extracted
    collection_year: int | None = None  # SSDA903 and CIN census: the year ending 31 March


@dataclass
class Collected:
    """The returns read, the files they came from, and every problem found."""

    returns: list[Return] = field(default_factory=list)
    files: list[InputFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def take(self, other: Collected) -> None:
        self.returns.extend(other.returns)
        self.files.extend(other.files)
        self.problems.extend(other.problems)


def _whole(name: str, expected: str, value: str = "") -> Problem:
    """A problem with a whole file (no part, row or column)."""
    return Problem(name, "", None, None, value, expected)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path, name: str, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None,
                                                                            list[Problem]]:
    """A regular file's bytes, or the problem that stopped it being read. What the path is
    (a folder, a pipe, a device) is checked before it is opened: opening a pipe would wait
    for a writer."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            return None, [_whole(name, "a file (this is a folder)")]
        if not stat.S_ISREG(info.st_mode):
            return None, [_whole(name, "a file (this is a device or a pipe)")]
        if info.st_size > limit:
            return None, [_whole(name, f"a file of at most {limit // 2**20} MB",
                                 f"{info.st_size / 2**20:,.0f} MB")]
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        return None, [_whole(name, "a file that exists (there is no such file)")]
    except PermissionError:
        return None, [_whole(name, "a file you may read (permission denied)")]
    except OSError as error:
        return None, [_whole(name, "a file that can be read", error.strerror or "")]
    if len(data) > limit:
        return None, [_whole(name, f"a file of at most {limit // 2**20} MB")]
    return data, []


def _joined(folder: str, name: str) -> str:
    return folder.rstrip("/\\") + "/" + name


# ------------------------------------------------------------------ Annex A


def read_annex_a(path_text: str, as_at: date) -> Collected:
    """An Annex A workbook, or a folder of its eleven lists as CSV files, taken on `as_at`."""
    out = Collected()
    path = Path(path_text)
    if path.is_dir():
        loaded = _annex_a_folder(path, path_text, as_at, out)
    else:
        data, problems = read_bytes(path, path_text)
        out.problems.extend(problems)
        if data is None:
            return out
        try:
            loaded = annex_a_reader.read_annex_a_workbook(data, path_text)
        except Refused as refused:
            out.problems.extend(refused.problems)
            return out
        out.files.append(_annex_a_file(path_text, data, as_at))
    if loaded is None:
        return out
    out.problems.extend(loaded.problems)
    out.returns.append(Return(loaded, as_at=as_at))
    return out


def _annex_a_file(name: str, data: bytes, as_at: date) -> InputFile:
    # Lists 10 and 11 reach back twelve months before the extract, the others six.
    start = add_months(as_at, -12) + timedelta(days=1)
    return InputFile("annex_a", name, _sha256(data), len(data), period_start=start,
                     period_end=as_at, as_at=as_at)


def _annex_a_folder(path: Path, name: str, as_at: date, out: Collected) -> Loaded | None:
    found: dict[int, Path] = {}
    for entry in sorted(path.iterdir()):
        if not entry.is_file() or entry.suffix.lower() != ".csv":
            continue
        match = _LIST_NAME.search(entry.stem)
        if match is None or int(match.group(1)) not in annex_a_reader.COLUMNS:
            out.problems.append(_whole(_joined(name, entry.name),
                                       "a CSV file named after its Annex A list, such as "
                                       "list_3.csv"))
            continue
        number = int(match.group(1))
        if number in found:
            out.problems.append(_whole(_joined(name, entry.name),
                                       f"one file for List {number} ({found[number].name} is "
                                       "also for it)"))
            continue
        found[number] = entry
    for number in annex_a_reader.COLUMNS:
        if number not in found:
            out.problems.append(Problem(name, f"List {number}", None, None, "",
                                        f"a CSV file for List {number} (such as "
                                        f"list_{number}.csv): Annex A needs all eleven lists"))
    merged = Loaded(source=annex_a_reader.SOURCE)
    for number, entry in sorted(found.items()):
        member = _joined(name, entry.name)
        data, problems = read_bytes(entry, member)
        out.problems.extend(problems)
        if data is None:
            continue
        try:
            loaded = annex_a_reader.read_annex_a_csv(data, member, number)
        except Refused as refused:
            out.problems.extend(refused.problems)
            continue
        merged.tables.update(loaded.tables)
        merged.files.extend(loaded.files)
        merged.problems.extend(loaded.problems)
        out.files.append(_annex_a_file(member, data, as_at))
    return merged if len(merged.tables) == len(annex_a_reader.COLUMNS) else None


# ------------------------------------------------------------------ SSDA903


def ssda903_years(year: int | None, path_text: str) -> tuple[list[tuple[int, str]],
                                                               list[Problem]]:
    """(collection year, path) for each year a `--ssda903` argument names."""
    path = Path(path_text)
    stem = path.name[:-4] if path.name.lower().endswith(".zip") else path.name
    own_year = int(stem) if _YEAR.match(stem) else None
    if year is not None:
        return [(year, path_text)], []
    if not path.exists():
        return [], [_whole(path_text, "a folder or .zip of SSDA903 CSV files that exists "
                                      "(there is no such file or folder)")]
    if path.is_dir() and own_year is None:
        years: list[tuple[int, str]] = []
        for entry in sorted(path.iterdir()):
            entry_stem = entry.name[:-4] if entry.name.lower().endswith(".zip") else entry.name
            if _YEAR.match(entry_stem) and (entry.is_dir() or entry.name.lower().endswith(
                    ".zip")):
                years.append((int(entry_stem), _joined(path_text, entry.name)))
        if years:
            return years, []
    if own_year is not None:
        return [(own_year, path_text)], []
    return [], [_whole(path_text, "the collection year, as in --ssda903 2025=PATH (or a "
                                  "folder or zip named after the year, such as 2025/)")]


def read_ssda903_year(year: int, path_text: str) -> Collected:
    """One collection year's SSDA903 CSV files, from a folder or a zip."""
    out = Collected()
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        out.problems.append(_whole(path_text, f"a collection year from {EARLIEST_YEAR} to "
                                              f"{LATEST_YEAR}", str(year)))
        return out
    path = Path(path_text)
    if path.is_dir():
        files = _csv_files_in_folder(path, path_text, out.problems)
    else:
        files = _csv_files_in_zip(path, path_text, out.problems)
    if files is None:
        return out
    if not files:
        out.problems.append(_whole(path_text, "at least one SSDA903 CSV file (header.csv, "
                                              "episodes.csv, ...)"))
        return out
    start, end = CollectionYear(year).start, CollectionYear(year).end
    try:
        loaded = ssda903_reader.read_ssda903(files, year)
    except Refused as refused:
        out.problems.extend(refused.problems)
        return out
    out.problems.extend(loaded.problems)
    out.returns.append(Return(loaded))
    for name, data in files.items():
        out.files.append(InputFile("ssda903", name, _sha256(data), len(data), start, end,
                                   collection_year=year))
    return out


def _csv_files_in_folder(path: Path, name: str, problems: list[Problem]
                         ) -> dict[str, bytes] | None:
    files: dict[str, bytes] = {}
    try:
        entries = sorted(path.iterdir())
    except OSError as error:
        problems.append(_whole(name, "a folder that can be read", error.strerror or ""))
        return None
    for entry in entries:
        if entry.name.startswith(".") or entry.suffix.lower() != ".csv":
            continue
        member = _joined(name, entry.name)
        data, found = read_bytes(entry, member)
        problems.extend(found)
        if data is not None:
            files[member] = data
    return files


def _csv_files_in_zip(path: Path, name: str, problems: list[Problem]
                      ) -> dict[str, bytes] | None:
    data, found = read_bytes(path, name)
    problems.extend(found)
    if data is None:
        return None
    if not data.startswith(b"PK\x03\x04"):
        problems.append(_whole(name, "a folder of CSV files, or a .zip of them (this file is "
                                     "neither)"))
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        problems.append(_whole(name, "a complete .zip file (it is damaged or cut short)",
                               type(error).__name__))
        return None
    with archive:
        refusal = _zip_refusal(infos)
        if refusal is not None:
            expected, value = refusal
            problems.append(_whole(name, expected, value))
            return None
        files: dict[str, bytes] = {}
        seen: dict[str, str] = {}
        for info in infos:
            base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            if info.is_dir() or not base.lower().endswith(".csv") or base.startswith(".") \
                    or info.filename.startswith("__MACOSX"):
                continue
            member = _joined(name, base)
            if base.lower() in seen:
                problems.append(_whole(member, f"one file of this name in the zip (also "
                                               f"{seen[base.lower()]})"))
                continue
            seen[base.lower()] = info.filename
            try:
                with archive.open(info) as handle:
                    content = handle.read(MAX_FILE_BYTES + 1)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError,
                    NotImplementedError) as error:
                problems.append(_whole(member, "a zip member that can be unpacked",
                                       type(error).__name__))
                continue
            if len(content) > MAX_FILE_BYTES or len(content) > info.file_size:
                problems.append(_whole(member, "a zip member no larger than the zip says "
                                               "(this looks like a zip bomb)"))
                return None
            files[member] = content
    return files


def _zip_refusal(infos: Sequence[zipfile.ZipInfo]) -> tuple[str, str] | None:
    """(expected, found) when the archive's own declarations rule it out, else None."""
    if len(infos) > MAX_ZIP_MEMBERS:
        return f"a zip of at most {MAX_ZIP_MEMBERS} files", f"{len(infos):,} files"
    total = 0
    for info in infos:
        parts = info.filename.replace("\\", "/").split("/")
        if info.filename.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", info.filename) \
                or ".." in parts:
            return "a zip whose files have plain relative names", info.filename[:80]
        if info.flag_bits & 0x1:
            return "a zip without encrypted files", info.filename[:80]
        if info.file_size > MAX_FILE_BYTES:
            return (f"zipped files of at most {MAX_FILE_BYTES // 2**20} MB each",
                    info.filename[:80])
        total += info.file_size
        if total > MAX_ZIP_UNPACKED:
            return f"a zip of at most {MAX_ZIP_UNPACKED // 2**20} MB when unpacked", ""
        if info.file_size > RATIO_APPLIES_ABOVE and \
                info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            return (f"zipped files that compress at most {MAX_ZIP_RATIO}:1 (this looks like "
                    "a zip bomb)", info.filename[:80])
    return None


# ------------------------------------------------------------------ CIN census


def read_cin_census_file(path_text: str) -> Collected:
    """One CIN census XML file, or every .xml file in a folder."""
    out = Collected()
    path = Path(path_text)
    if path.is_dir():
        names = [_joined(path_text, entry.name) for entry in sorted(path.iterdir())
                 if entry.is_file() and entry.suffix.lower() == ".xml"]
        if not names:
            out.problems.append(_whole(path_text, "CIN census XML files (.xml) in the folder"))
        for name in names:
            out.take(read_cin_census_file(name))
        return out
    data, problems = read_bytes(path, path_text)
    out.problems.extend(problems)
    if data is None:
        return out
    try:
        loaded = cin_reader.read_cin_census(data, path_text)
    except Refused as refused:
        out.problems.extend(refused.problems)
        return out
    end = loaded.period_end
    if end is None or (end.month, end.day) != (3, 31):
        out.problems.append(Problem(path_text, "Header", None, "ReferenceDate",
                                    end.isoformat() if end else "",
                                    "a ReferenceDate of 31 March (the census date)"))
        return out
    out.problems.extend(loaded.problems)
    out.returns.append(Return(loaded))
    out.files.append(InputFile("cin_census", path_text, _sha256(data), len(data),
                               loaded.period_start, end, collection_year=end.year))
    return out


def check_one_census_per_year(files: Sequence[InputFile]) -> list[Problem]:
    seen: dict[int, str] = {}
    problems = []
    for item in files:
        if item.source != "cin_census" or item.collection_year is None:
            continue
        year = item.collection_year
        if year in seen:
            problems.append(_whole(item.path, f"one CIN census for {CollectionYear(year).label} "
                                              f"({seen[year]} is also for it)"))
        else:
            seen[year] = item.path
    return problems


# ------------------------------------------------------------------ population and benchmarks


def read_population_file(path_text: str) -> tuple[Population | None, InputFile | None,
                                                  list[Problem]]:
    """DfE's ONS mid-year population file (or one in its columns)."""
    data, problems = read_bytes(Path(path_text), path_text)
    if data is None:
        return None, None, problems
    try:
        population = read_population(data, path_text)
    except Refused as refused:
        return None, None, refused.problems
    return (population, InputFile("population", path_text, _sha256(data), len(data)),
            list(population.problems))


def read_benchmarks(path_text: str | None) -> tuple[Benchmarks | None, InputFile | None,
                                                    list[Problem]]:
    """The shipped reference (None), a LAIT long Parquet file, or a folder of reference files
    in the shipped format. A LAIT file brings the figures; the measures' polarity, the
    statistical neighbours and the authorities still come from the shipped reference."""
    if path_text is None:
        return load_reference(), None, []
    path = Path(path_text)
    if path.is_dir():
        try:
            return load_reference(path), None, []
        except (OSError, ValueError, KeyError) as error:
            return None, None, [_whole(path_text, "a folder of benchmark reference files in "
                                                  "the shipped format (figures.csv, areas.csv, "
                                                  "...)", str(error)[:120])]
    data, problems = read_bytes(path, path_text)
    if data is None:
        return None, None, problems
    try:
        figures = read_lait_long(data, path_text)
    except Refused as refused:
        return None, None, refused.problems
    if figures.problems:
        return None, None, list(figures.problems)
    shipped = load_reference()
    benchmarks = Benchmarks(figures=figures, measures=shipped.measures,
                            neighbour_models=shipped.neighbour_models,
                            population=shipped.population, authorities=shipped.authorities)
    return benchmarks, InputFile("benchmarks", path_text, _sha256(data), len(data)), []
