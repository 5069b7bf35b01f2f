"""Ofsted Annex A (ILACS) lists 1-11: a workbook (.xlsx) or one list as CSV, into Arrow tables.

Decisions a reviewer should know about:

- The canonical columns are declared once, below, as data (`COLUMNS`): list number -> columns,
  each with its snake_case name, its kind and the header spellings accepted. Headers are matched
  on a normalised key (case, curly quotes, brackets, punctuation and spacing ignored), so "Age",
  "Age of Child (Years)", "(Y/N))" and "Date of Adoption Order " all match.
- A missing sheet, header row or required column refuses the whole file (`Refused`). The four
  List 9 columns the pre-2024 template lacked are optional: absent, they are all-null columns.
- Unknown extra columns are ignored and not reported: every `Problem` blocks the import (all or
  nothing), and an extra column does no harm.
- Codes lose their template letter ("a) ") and, when the text is "CODE: meaning" or
  "CODE - meaning", the meaning: "q) 6: Police" -> "6", "f) U6: Foster placement" -> "U6",
  "N1 - Abuse or Neglect" -> "N1", "a) Male" -> "Male". Free text (teams, workers, postcodes)
  is only trimmed.
- Dates: Excel dates, dd/mm/yyyy or yyyy-mm-dd text, or an Excel serial number shown as a number.
  Outside 1900-2100 is a row problem, as are counts outside 0-1,000, ages outside 0-120 and any
  cell longer than Excel's 32,767 characters. At most 5,000 problems are kept per file.
- The zip guard checks sizes as the archive declares them (members, total, ratio, paths,
  encryption, macros) before calamine opens the workbook. The compression-ratio rule applies to
  members over 1 MiB: a tiny highly compressible member cannot be a bomb.

Dates in text are read by `values.parse_date`, shared with the other readers.
"""

from __future__ import annotations

import csv
import gc
import io
import math
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, TypeAlias

import pyarrow as pa
import pyarrow.compute as pc
from python_calamine import CalamineWorkbook

from clearsight_analytics.ingest.problems import FileInfo, Loaded, Problem, Refused
from clearsight_analytics.ingest.values import parse_date

ArrowArray: TypeAlias = Any  # pyarrow is untyped; Any stays inside these aliases
ArrowTable: TypeAlias = Any

SOURCE = "annex_a"
MAX_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 200
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_APPLIES_ABOVE = 1024 * 1024
MAX_CELL_CHARS = 32_767
MAX_PROBLEMS = 5_000
HEADER_SEARCH_ROWS = 30
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)
MAX_COUNT = 1_000
MAX_AGE = 120.0
CLIP = 80


class Column(NamedTuple):
    name: str  # canonical snake_case name
    kind: str  # "id", "text", "code", "date", "int" or "number"
    headers: tuple[str, ...]  # accepted spellings (compared after `header_key`)
    required: bool = True


def _c(name: str, kind: str, *headers: str, required: bool = True) -> Column:
    return Column(name, kind, headers, required)


_COMMON = (
    _c("child_id", "id", "Child Unique ID"),
    _c("gender", "code", "Gender"),
    _c("ethnicity", "code", "Ethnicity"),
    _c("date_of_birth", "date", "Date of Birth"),
    _c("age", "number", "Age of Child (Years)", "Age", "Age of Child", "Age (Years)"),
)
_DISABILITY = _c("disability", "code", "Does the Child have a Disability", "Disability")
_TEAM = _c("allocated_team", "text", "Allocated Team")
_WORKER = _c("allocated_worker", "text", "Allocated Worker")

COLUMNS: dict[int, tuple[Column, ...]] = {
    1: (*_COMMON,
        _c("contact_date", "date", "Date of Contact"),
        _c("contact_source", "code", "Contact Source")),
    2: (*_COMMON,
        _c("assessment_start_date", "date", "Assessment start date"),
        _c("assessment_completion_date", "date", "Assessment completion date"),
        _c("assessment_organisation", "text", "Organisation completing assessment")),
    3: (*_COMMON,
        _c("referral_date", "date", "Date of Referral"),
        _c("referral_source", "code", "Referral Source"),
        _c("referral_nfa", "code", "Referral NFA?", "Referral NFA"),
        _c("referrals_last_12_months", "int", "Number of Referrals in Last 12 Months"),
        _TEAM, _WORKER),
    4: (*_COMMON, _DISABILITY,
        _c("assessment_start_date", "date", "Continuous Assessment Start Date"),
        _c("child_seen", "code", "Child Seen During Continuous Assessment"),
        _c("assessment_authorised_date", "date", "Continuous Assessment Date of Authorisation"),
        _c("assessment_outcome_support", "code",
           "Was the child assessed as requiring LA children's social care support?"),
        _TEAM, _WORKER),
    5: (*_COMMON, _DISABILITY,
        _c("s47_start_date", "date",
           "Strategy discussion initiating Section 47 Enquiry Start Date"),
        _c("icpc_unnecessary", "code",
           "Was an Initial Child Protection Conference deemed unnecessary?"),
        _c("icpc_date", "date", "Date of Initial Child Protection Conference"),
        _c("icpc_resulted_in_plan", "code",
           "Did the Initial Child Protection Conference Result in a Child Protection Plan"),
        _c("s47_last_12_months", "int", "Number of Section 47 Enquiries in the last 12 months"),
        _c("icpcs_last_12_months", "int", "Number of ICPCs in the last 12 months"),
        _TEAM, _WORKER),
    6: (*_COMMON, _DISABILITY,
        _c("cin_start_date", "date", "CIN Start Date"),
        _c("primary_need_code", "code", "Primary Need Code"),
        _c("last_seen_date", "date", "Date Child Was Last Seen"),
        _c("cin_closure_date", "date", "CIN Closure Date"),
        _c("closure_reason", "code", "Reason for Closure"),
        _c("case_status", "code", "Case Status"),
        _TEAM, _WORKER),
    7: (*_COMMON, _DISABILITY,
        _c("cpp_start_date", "date", "Child Protection Plan Start Date"),
        _c("initial_abuse_category", "code", "Initial Category of Abuse"),
        _c("latest_abuse_category", "code", "Latest Category of Abuse"),
        _c("last_statutory_visit_date", "date", "Date of the Last Statutory Visit"),
        _c("seen_alone", "code", "Was the Child Seen Alone?"),
        _c("latest_review_conference_date", "date", "Date of latest review conference"),
        _c("cpp_end_date", "date", "Child Protection Plan End Date"),
        _c("epo_or_police_protection", "code",
           "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
           "Six Months (Y/N)"),
        _c("previous_cpps", "int", "Number of Previous Child Protection Plans"),
        _TEAM, _WORKER),
    8: (*_COMMON,
        _c("uasc", "code",
           "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"),
        _DISABILITY,
        _c("looked_after_start_date", "date", "Date Started to be Looked After"),
        _c("category_of_need", "code", "Child's Category of Need"),
        _c("second_period_12_months", "code",
           "Is this a second or subsequent period of being a Looked After Child within the "
           "last 12 months (Y/N)"),
        _c("legal_status_start_date", "date", "Start date of current legal status"),
        _c("legal_status", "code", "Child's Legal Status"),
        _c("latest_statutory_review_date", "date", "Date of Latest Statutory Review"),
        _c("last_social_work_visit_date", "date", "Date of Last Social Work Visit"),
        _c("permanence_plan", "code", "What is the permanence plan for this child?"),
        _c("last_iro_visit_date", "date", "Date of Last IRO Visit / Contact to the Child"),
        _c("last_health_assessment_date", "date", "Date of Last Health Assessment"),
        _c("last_dental_check_date", "date", "Date of Last Dental Check"),
        _c("placements_last_12_months", "int", "Number of Placements in the Last 12 months"),
        _c("looked_after_end_date", "date", "Date Ceased to be Looked After"),
        _c("reason_ceased", "code", "Reason Ceased to be Looked After"),
        _c("placement_start_date", "date", "Start Date of Most Recent Placement"),
        _c("placement_type", "code", "Placement Type"),
        _c("placement_provider", "code", "Placement Provider"),
        _c("placement_postcode", "text", "Placement postcode"),
        _c("placement_urn", "id", "URN of Placement"),
        _c("placement_location", "code", "Placement Location"),
        _c("placement_la", "text", "LA of Placement"),
        _c("missing_episodes_12_months", "int",
           "Number of Episodes the Child has been 'Missing' from their Placement in the last "
           "12 months"),
        _c("absent_episodes_12_months", "int",
           "Number of Episodes the Child has been 'Absent' from their Placement in the last "
           "12 months"),
        _c("return_interview_offered", "code",
           "Was the child offered a Return Interview after their last missing episode (Y/N)?"),
        _c("return_interview_accepted", "code",
           "Did the child accept a Return Interview after their last missing episode (Y/N)?"),
        _TEAM, _WORKER),
    9: (*_COMMON,
        _c("uasc", "code",
           "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
           required=False),
        _DISABILITY, _TEAM, _WORKER,
        _c("allocated_personal_advisor", "text", "Allocated Personal Advisor", required=False),
        _c("eligibility_category", "code", "Eligibility Category"),
        _c("pathway_plan_review_date", "date", "Latest Pathway Plan Review Date",
           required=False),
        _c("la_in_touch", "code", "LA in Touch"),
        _c("latest_contact_date", "date", "Latest Date of Contact", required=False),
        _c("accommodation_type", "code", "Type of Accommodation"),
        _c("accommodation_suitability", "code", "Suitability of Accommodation"),
        _c("activity_status", "code", "Activity Status")),
    10: (_COMMON[0],
         _c("family_id", "id", "Family identifier"),
         *_COMMON[1:], _DISABILITY,
         _c("entered_care_date", "date", "Date the Child Entered Care"),
         _c("adoption_decision_date", "date",
            "Date of Decision that Child Should be Placed for Adoption"),
         _c("placement_order_date", "date", "Date of Placement Order"),
         _c("matched_date", "date", "Date of Matching Child and Prospective Adopters"),
         _c("placed_for_adoption_date", "date", "Date Placed for Adoption"),
         _c("adoption_order_date", "date", "Date of Adoption Order"),
         _c("decision_reversed_date", "date",
            "Date of Decision that Child Should No Longer be Placed for Adoption"),
         _c("reason_no_longer_placed", "code",
            "Reason Why Child No Longer Placed for Adoption"),
         _c("ffa_placement_date", "date",
            "Date the child was placed for fostering in FFA or concurrent planning placement")),
    11: (_c("adopter_id", "id", "Individual adopter identifier"),
         _c("family_id", "id", "Family identifier"),
         _c("gender", "code", "Gender"),
         _c("ethnicity", "code", "Ethnicity"),
         _c("disability", "code", "Disability", "Does the adopter have a Disability"),
         _c("fostering_for_adoption", "code",
            "Is the (prospective) adopter fostering for adoption?"),
         _c("enquiry_date", "date", "Date enquiry received"),
         _c("stage_1_start_date", "date", "Date Stage 1 started"),
         _c("stage_1_end_date", "date", "Date Stage 1 ended"),
         _c("stage_2_start_date", "date", "Date Stage 2 started"),
         _c("stage_2_end_date", "date", "Date Stage 2 ended"),
         _c("application_submitted_date", "date", "Date application submitted"),
         _c("application_approved_date", "date", "Date application approved"),
         _c("matched_date", "date", "Date adopter matched with child(ren)"),
         _c("placed_date", "date", "Date child/children placed with adopter(s)"),
         _c("children_placed", "int", "No. of children placed", "Number of children placed"),
         _c("adoption_order_date", "date", "Date of Adoption Order"),
         _c("left_process_date", "date", "Date of leaving adoption process"),
         _c("reason_left_process", "code", "Reason for leaving adoption process")),
}

_ARROW_TYPES: dict[str, Any] = {
    "id": pa.string(), "text": pa.string(), "code": pa.string(),
    "date": pa.date32(), "int": pa.int32(), "number": pa.float64(),
}

# ------------------------------------------------------------------ normalising text

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " "})
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def header_key(text: str) -> str:
    """The form headers are compared in: lower case, only letters and digits, single spaces."""
    return _NOT_WORD.sub(" ", text.translate(_QUOTES).lower().replace("'", "")).strip()


_HEADER_COLUMNS: dict[int, dict[str, Column]] = {
    number: {header_key(h): col for col in cols for h in col.headers}
    for number, cols in COLUMNS.items()
}

_LETTER_PREFIX = re.compile(r"^[A-Za-z]{1,2}\)\s*")
_CODE_WITH_MEANING = re.compile(r"^([A-Z0-9]{1,6})\s*[:\-\u2013]\s+\S")


def normalise_code(text: str) -> str:
    """'a) 1A: Individual' -> '1A'; 'b) Female' -> 'Female'; 'N1 - Abuse' -> 'N1'."""
    text = _LETTER_PREFIX.sub("", text.strip().translate(_QUOTES)).strip()
    match = _CODE_WITH_MEANING.match(text)
    return match.group(1) if match else text


_EXCEL_EPOCH = date(1899, 12, 30)


def _clip(value: object) -> str:
    text = str(value)
    return text if len(text) <= CLIP else text[:CLIP] + "..."


# ------------------------------------------------------------------ problems


class _Problems:
    """Collects problems for one file, keeping at most MAX_PROBLEMS."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, part: str, row: int | None, column: str | None, value: object,
            expected: str) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        self.items.append(Problem(self.filename, part, row, column,
                                  "" if value is None else _clip(value), expected))

    def result(self) -> list[Problem]:
        if not self.dropped:
            return self.items
        return [*self.items, Problem(self.filename, "", None, None, "",
                                     f"{self.dropped:,} more problems not listed; fix the "
                                     "ones above and load the file again")]


def _refuse(filename: str, expected: str, value: str = "", part: str = "") -> Refused:
    return Refused([Problem(filename, part, None, None, value, expected)])


# ------------------------------------------------------------------ converting cells

_Converter = Callable[[Sequence[object], Sequence[int], str, str, _Problems], ArrowArray]


def _too_long(value: object) -> bool:
    return isinstance(value, str) and len(value) > MAX_CELL_CHARS


def _long_problem(problems: _Problems, part: str, row: int, header: str, value: object) -> None:
    problems.add(part, row, header, value,
                 f"at most {MAX_CELL_CHARS:,} characters (found {len(str(value)):,})")


def _convert_text(values: Sequence[object], rows: Sequence[int], part: str, header: str,
                  problems: _Problems) -> ArrowArray:
    out: list[str | None] = []
    append = out.append
    for index, value in enumerate(values):
        if type(value) is str:
            if len(value) > MAX_CELL_CHARS:
                _long_problem(problems, part, rows[index], header, value)
                append(None)
            else:
                value = value.translate(_QUOTES).strip() if value else value
                append(value or None)
        elif value is None:
            append(None)
        elif type(value) is float and value.is_integer():
            append(str(int(value)))
        else:
            append(str(value))
    return pa.array(out, type=pa.string())


def _convert_id(values: Sequence[object], rows: Sequence[int], part: str, header: str,
                problems: _Problems) -> ArrowArray:
    if values and all(type(value) is float for value in values):
        # The usual case, numeric IDs: convert the whole column in Arrow.
        numbers = pa.array(values, type=pa.float64())
        whole = pc.equal(numbers, pc.floor(numbers))
        if pc.all(whole).as_py() and pc.max(pc.abs(numbers)).as_py() < 2**53:
            return pc.cast(pc.cast(numbers, pa.int64()), pa.string())
    out: list[str | None] = []
    append = out.append
    for index, value in enumerate(values):
        if type(value) is float:
            if value.is_integer():
                append(str(int(value)))
            elif math.isfinite(value):
                append(repr(value))
            else:
                problems.add(part, rows[index], header, value, "an identifier")
                append(None)
        elif type(value) is str:
            if len(value) > MAX_CELL_CHARS:
                _long_problem(problems, part, rows[index], header, value)
                append(None)
            else:
                append(value.strip() or None)
        elif value is None:
            append(None)
        else:
            append(str(value))
    return pa.array(out, type=pa.string())


def _convert_code(values: Sequence[object], rows: Sequence[int], part: str, header: str,
                  problems: _Problems) -> ArrowArray:
    cache: dict[object, str | None] = {"": None}
    out: list[str | None] = []
    append = out.append
    for index, value in enumerate(values):
        try:
            append(cache[value])
            continue
        except KeyError:
            pass
        except TypeError:  # unhashable: never from calamine or csv
            pass
        if _too_long(value):
            _long_problem(problems, part, rows[index], header, value)
            append(None)
            continue
        if type(value) is float and value.is_integer():
            text = str(int(value))
        else:
            text = "" if value is None else str(value)
        code = normalise_code(text) or None
        cache[value] = code
        append(code)
    return pa.array(out, type=pa.string())


def _convert_date(values: Sequence[object], rows: Sequence[int], part: str, header: str,
                  problems: _Problems) -> ArrowArray:
    expected = "a date as dd/mm/yyyy (or an Excel date)"
    out: list[date | None] = []
    append = out.append
    for index, value in enumerate(values):
        kind = type(value)
        if kind is date:
            append(value)  # type: ignore[arg-type]  # kind is date
            continue
        if value == "" or value is None:
            append(None)
            continue
        parsed: date | None = None
        if isinstance(value, datetime):
            parsed = value.date()
        elif kind is str:
            if _too_long(value):
                _long_problem(problems, part, rows[index], header, value)
                append(None)
                continue
            text = str(value).strip()
            if not text:
                append(None)
                continue
            parsed = parse_date(text)
        elif kind is float or kind is int:
            number = float(value)  # type: ignore[arg-type]  # kind is float or int
            if number.is_integer() and 1 <= number <= 73_415:  # serials to 2100-12-31
                parsed = _EXCEL_EPOCH + timedelta(days=int(number))
        if parsed is None:
            problems.add(part, rows[index], header, value, expected)
        append(parsed)
    array = pa.array(out, type=pa.date32())
    # Range check on the whole column at once; look row by row only when something is off.
    bounds = pc.min_max(array).as_py()
    low, high = bounds["min"], bounds["max"]
    if low is not None and (low < MIN_DATE or high > MAX_DATE):
        keep: list[date | None] = []
        for index, day in enumerate(out):
            if day is not None and not MIN_DATE <= day <= MAX_DATE:
                problems.add(part, rows[index], header, values[index],
                             "a date between 1900 and 2100")
                keep.append(None)
            else:
                keep.append(day)
        array = pa.array(keep, type=pa.date32())
    return array


def _number(value: object) -> float | None:
    """A cell as a finite number, or None if it is not one."""
    if type(value) is float or type(value) is int:
        number = float(value)
    elif isinstance(value, str) and len(value) <= 40:
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _convert_int(values: Sequence[object], rows: Sequence[int], part: str, header: str,
                 problems: _Problems) -> ArrowArray:
    expected = f"a whole number from 0 to {MAX_COUNT:,}"
    out: list[int | None] = []
    append = out.append
    for index, value in enumerate(values):
        if type(value) is float and value.is_integer() and 0 <= value <= MAX_COUNT:
            append(int(value))
            continue
        if value == "" or value is None or (isinstance(value, str) and not value.strip()):
            append(None)
            continue
        number = _number(value)
        if number is None or not number.is_integer() or not 0 <= number <= MAX_COUNT:
            problems.add(part, rows[index], header, value, expected)
            append(None)
        else:
            append(int(number))
    return pa.array(out, type=pa.int32())


def _convert_number(values: Sequence[object], rows: Sequence[int], part: str, header: str,
                    problems: _Problems) -> ArrowArray:
    expected = f"a number from 0 to {MAX_AGE:.0f}"
    out: list[float | None] = []
    append = out.append
    for index, value in enumerate(values):
        if type(value) is float and 0 <= value <= MAX_AGE:
            append(value)
            continue
        if value == "" or value is None or (isinstance(value, str) and not value.strip()):
            append(None)
            continue
        number = _number(value)
        if number is None or not 0 <= number <= MAX_AGE:
            problems.add(part, rows[index], header, value, expected)
            append(None)
        else:
            append(number)
    return pa.array(out, type=pa.float64())


_CONVERTERS: dict[str, _Converter] = {
    "id": _convert_id, "text": _convert_text, "code": _convert_code,
    "date": _convert_date, "int": _convert_int, "number": _convert_number,
}

# ------------------------------------------------------------------ one list


def _find_header(rows: Sequence[Sequence[object]], number: int) -> tuple[int, int]:
    """(index of the header row, columns recognised in it), searching the first rows."""
    known = _HEADER_COLUMNS[number]
    best, best_count = -1, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        count = sum(1 for cell in row
                    if isinstance(cell, str) and len(cell) < 500 and header_key(cell) in known)
        if count > best_count:
            best, best_count = index, count
    return best, best_count


def _read_list(rows: Sequence[Sequence[object]], number: int, part: str,
               problems: _Problems, structural: list[Problem]) -> ArrowTable | None:
    """One list's cells (row 0 = first row of the sheet) into a table, or None if refused."""
    filename = problems.filename
    columns = COLUMNS[number]
    header_index, recognised = _find_header(rows, number)
    if recognised < 2:
        structural.append(Problem(filename, part, None, None, "",
                                  f"a header row with the List {number} column names (e.g. "
                                  f'"{columns[0].headers[0]}") in the first '
                                  f"{HEADER_SEARCH_ROWS} rows"))
        return None
    header_row = rows[header_index]
    known = _HEADER_COLUMNS[number]
    found: dict[str, tuple[int, str]] = {}  # canonical name -> (position, header as written)
    for position, cell in enumerate(header_row):
        if isinstance(cell, str) and len(cell) < 500:
            column = known.get(header_key(cell))
            if column is not None and column.name not in found:
                found[column.name] = (position, cell.strip())
    missing = [col.headers[0] for col in columns if col.required and col.name not in found]
    if missing:
        for header in missing:
            structural.append(Problem(filename, part, header_index + 1, None, "",
                                      f'a column headed "{header}"'))
        return None

    width = max((position for position, _ in found.values()), default=0) + 1
    data: list[Sequence[object]] = []
    row_numbers: list[int] = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if len(row) < width:
            row = [*row, *([""] * (width - len(row)))]
        if row.count("") + row.count(None) == len(row):
            continue  # blank row
        first = row[0]
        if (first == "" or first is None or (type(first) is str and not first.strip())) and all(
                cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
            continue  # only spaces: blank too
        data.append(row)
        row_numbers.append(index + 1)

    by_position: list[tuple[object, ...]] = list(zip(*data, strict=False)) if data else []
    arrays: list[ArrowArray] = []
    names: list[str] = []
    for col in columns:
        names.append(col.name)
        if col.name not in found:
            arrays.append(pa.nulls(len(data), type=_ARROW_TYPES[col.kind]))
            continue
        position, written = found[col.name]
        values: Sequence[object] = by_position[position] if data else ()
        arrays.append(_CONVERTERS[col.kind](values, row_numbers, part, written, problems))
    return pa.Table.from_arrays(arrays, names=names)


# ------------------------------------------------------------------ the zip guard


def check_xlsx_container(data: bytes, filename: str) -> None:
    """Refuse anything that is not a plain, reasonably sized .xlsx, before parsing it."""
    if len(data) > MAX_BYTES:
        raise _refuse(filename, f"a file of at most {MAX_BYTES // 2**20} MB")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise _refuse(filename, "an unprotected .xlsx workbook (this is a password-protected "
                                "workbook or an old .xls file; save it as .xlsx without a "
                                "password)")
    if not data.startswith(b"PK\x03\x04"):
        raise _refuse(filename, "an Excel .xlsx workbook (this file is not one)")
    if filename.lower().endswith((".xlsm", ".xltm", ".xlsb")):
        raise _refuse(filename, "an .xlsx workbook without macros (save it as .xlsx)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise _refuse(filename, "a complete .xlsx workbook (the file is damaged or cut short)",
                      type(error).__name__) from None
    with archive:
        if len(infos) > MAX_MEMBERS:
            raise _refuse(filename, f"a workbook of at most {MAX_MEMBERS} parts",
                          f"{len(infos):,} parts")
        total = 0
        for info in infos:
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
                raise _refuse(filename, "a workbook whose parts have plain relative names",
                              _clip(name))
            if info.flag_bits & 0x1:
                raise _refuse(filename, "a workbook without encrypted parts", _clip(name))
            total += info.file_size
            if total > MAX_UNCOMPRESSED:
                raise _refuse(filename, f"a workbook of at most {MAX_UNCOMPRESSED // 2**20} MB "
                                        "when unpacked")
            if (info.file_size > RATIO_APPLIES_ABOVE
                    and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise _refuse(filename, f"a workbook whose parts compress at most "
                                        f"{MAX_RATIO}:1 (this looks like a zip bomb)",
                              _clip(name))
        names = {info.filename for info in infos}
        if "xl/vbaProject.bin" in names or any(n.lower().endswith("vbaproject.bin")
                                               for n in names):
            raise _refuse(filename, "an .xlsx workbook without macros (save it as .xlsx)")
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise _refuse(filename, "an Excel .xlsx workbook (this zip is not one)")
        if "[Content_Types].xml" in names:
            types = archive.getinfo("[Content_Types].xml")
            if types.file_size <= RATIO_APPLIES_ABOVE:
                try:
                    content = archive.read(types).decode("utf-8", "replace").lower()
                except (zipfile.BadZipFile, ValueError, OSError, EOFError):
                    raise _refuse(filename, "a complete .xlsx workbook (the file is damaged "
                                            "or cut short)") from None
                if "macroenabled" in content or "vbaproject" in content:
                    raise _refuse(filename, "an .xlsx workbook without macros (save it as "
                                            ".xlsx)")


# ------------------------------------------------------------------ public readers

_SHEET_NAME = re.compile(r"^\s*list\s*0*(\d{1,2})(?!\d)")


def _sheets_by_list(names: Sequence[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for name in names:
        match = _SHEET_NAME.match(name.lower())
        if match and int(match.group(1)) in COLUMNS:
            found.setdefault(int(match.group(1)), name)
    return found


def read_annex_a_workbook(data: bytes, filename: str) -> Loaded:
    """All eleven lists from an Annex A workbook; `Refused` if its structure is wrong."""
    check_xlsx_container(data, filename)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet_names: list[str] = list(workbook.sheet_names)
    except Exception as error:  # calamine raises its own error types for damaged files
        raise _refuse(filename, "an Excel .xlsx workbook that can be opened",
                      type(error).__name__) from None
    sheets = _sheets_by_list(sheet_names)
    structural = [Problem(filename, f"List {number}", None, None, "",
                          f'a sheet named "List {number}"')
                  for number in COLUMNS if number not in sheets]
    if structural:
        raise Refused(structural)
    problems = _Problems(filename)
    loaded = Loaded(source=SOURCE, files=[FileInfo.of(filename, data)])
    # Millions of short-lived cells trigger the cycle collector over and over (about a fifth of
    # the time); none of them can form a cycle, so it is paused while the sheets are read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _read_sheets(workbook, sheets, problems, structural, loaded)
    finally:
        if collecting:
            gc.enable()
    if structural:
        raise Refused(structural)
    loaded.problems = problems.result()
    return loaded


def _read_sheets(workbook: CalamineWorkbook, sheets: dict[int, str], problems: _Problems,
                 structural: list[Problem], loaded: Loaded) -> None:
    filename = problems.filename
    for number, sheet_name in sorted(sheets.items()):
        part = f"List {number}"
        try:
            rows: Sequence[Sequence[object]] = workbook.get_sheet_by_name(
                sheet_name).to_python(skip_empty_area=False)
        except Exception as error:  # a damaged sheet inside a valid zip
            structural.append(Problem(filename, part, None, None, type(error).__name__,
                                      "a sheet that can be read"))
            continue
        table = _read_list(rows, number, part, problems, structural)
        if table is not None:
            loaded.tables[f"list_{number}"] = table


def read_annex_a_csv(data: bytes, filename: str, list_number: int) -> Loaded:
    """One Annex A list saved as CSV (UTF-8, with or without a byte-order mark)."""
    if list_number not in COLUMNS:
        raise ValueError(f"Annex A has lists 1 to 11, not {list_number}")
    part = f"List {list_number}"
    if len(data) > MAX_BYTES:
        raise _refuse(filename, f"a file of at most {MAX_BYTES // 2**20} MB")
    if data.startswith(b"PK\x03\x04") or data[:4] == b"\xd0\xcf\x11\xe0":
        raise _refuse(filename, "a CSV file (this is a workbook; upload it as a workbook)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse(filename, "a CSV file saved as UTF-8",
                      f"byte {error.start:,}") from None
    if "\x00" in text:
        raise _refuse(filename, "a CSV text file (this one contains binary data)")
    try:
        rows: list[list[str]] = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise _refuse(filename, f"a well-formed CSV file with cells of at most "
                                f"{MAX_CELL_CHARS:,} characters", _clip(error)) from None
    problems = _Problems(filename)
    structural: list[Problem] = []
    table = _read_list(rows, list_number, part, problems, structural)
    if table is None:
        raise Refused(structural)
    return Loaded(source=SOURCE, files=[FileInfo.of(filename, data)],
                  tables={f"list_{list_number}": table}, problems=problems.result())


def list_schema(list_number: int) -> Any:
    """The Arrow schema of one list as the readers return it (for an empty list)."""
    return pa.schema([(col.name, _ARROW_TYPES[col.kind]) for col in COLUMNS[list_number]])
