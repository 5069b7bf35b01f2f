"""Changes to children and cases: loading the case-system extract (docs/imports.md)."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from clearsight.casework.models import Case, CaseType, Child
from clearsight.core.bulk import objects_update_many
from clearsight.core.csv_import import (
    CONFLICT_MESSAGE,
    MB,
    CsvRow,
    CsvSpec,
    ProblemList,
    RowError,
    RowReader,
    csv_read,
    import_record_create,
    in_chunks,
)
from clearsight.core.models import ImportRecord
from clearsight.organisation.models import Team, User

CASES_SPEC = CsvSpec(
    columns=("case_ref", "child_id", "date_of_birth", "expected_date_of_birth", "sex",
             "ethnicity", "disability", "case_type", "legal_status", "team_code",
             "allocated_worker_staff_id", "opened_on", "closed_on"),
    required=frozenset({"case_ref", "child_id", "sex", "case_type", "team_code", "opened_on"}),
    one_of=(("date_of_birth", "expected_date_of_birth"),),
    max_rows=200_000,
    max_bytes=20 * MB,  # under the 25 MB request limit, so this clearer message is reached
)
SEX = {"m": "M", "f": "F", "u": "U", "1": "M", "2": "F"}
DISABILITY = {"y": "Y", "n": "N"}
CASE_TYPES = {case_type.value: case_type.value for case_type in CaseType}
# SSDA903 legal statuses of a child looked after.
LEGAL_STATUSES = ("C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4")
LEGAL = {code.lower(): code for code in LEGAL_STATUSES}
ETHNICITY = re.compile(r"[A-Za-z]{4}")
# The child's details, which must agree on every row for the same child.
CHILD_FIELDS = ("date_of_birth", "expected_date_of_birth", "sex", "ethnicity", "disability")
# Case fields, each with the optional column it comes from (None: from a required column).
CASE_COLUMNS = {"child_id": None, "case_type": None, "legal_status": "legal_status",
                "service_area_id": None, "team_id": None,
                "allocated_worker_id": "allocated_worker_staff_id", "opened_on": None,
                "closed_on": "closed_on"}


@dataclass(slots=True)
class CaseRow:
    number: int
    case_ref: str
    child_id: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    sex: str
    ethnicity: str
    disability: bool | None
    case_type: str
    legal_status: str
    team_code: str
    worker_staff_id: str
    opened_on: date
    closed_on: date | None

    def child_values(self, fields: tuple[str, ...]) -> dict[str, Any]:
        return {name: getattr(self, name) for name in fields}


def cases_import_csv(*, data: bytes, filename: str, by: User | None) -> ImportRecord:
    """Check every row of a case-system extract, then load it all or nothing; record it.

    Upserts children (keyed on child_id) and cases (keyed on case_ref). Teams and allocated
    workers must already be loaded from the staff file. Returns the ImportRecord, loaded or
    refused; when refused, nothing else is written.
    """
    table = csv_read(data=data, spec=CASES_SPEC)
    errors = ProblemList(table.errors)
    today = timezone.localdate()
    rows = [row for row in (_case_row_read(r, errors, today) for r in table.rows)
            if row is not None]
    _case_rows_check(rows=rows, errors=errors)
    kind = ImportRecord.Kind.CASES
    if not errors:
        try:
            with transaction.atomic():
                ids = _case_references_resolve(rows=rows, errors=errors)
                if not errors:
                    created, updated = _case_rows_save(rows=rows, ids=ids,
                                                       present=table.present)
                    return import_record_create(kind=kind, data=data, filename=filename,
                                                by=by, rows=table.count, created=created,
                                                updated=updated)
        except IntegrityError:
            # The database's own message can quote key values (a child ID): never store it.
            errors.append(RowError(0, "", "", CONFLICT_MESSAGE))
    return import_record_create(kind=kind, data=data, filename=filename, by=by,
                                errors=errors, rows=table.count)


def _case_row_read(row: CsvRow, errors: list[RowError], today: date) -> CaseRow | None:
    cells = RowReader(row, errors)
    case_ref = cells.text("case_ref", required=True, max_length=40)
    child_id = cells.text("child_id", required=True, max_length=40)
    date_of_birth = cells.date("date_of_birth")
    expected = cells.date("expected_date_of_birth")
    values = row.values
    if not values["date_of_birth"] and not values["expected_date_of_birth"]:
        cells.error("date_of_birth", "Enter a date of birth, or an expected_date_of_birth for "
                                     "an unborn child.")
    if date_of_birth and date_of_birth > today:
        cells.error("date_of_birth", f"The date of birth {date_of_birth:%d/%m/%Y} is in the "
                                     "future. For an unborn child use expected_date_of_birth.")
    sex = cells.code("sex", SEX, required=True, expected="M, F or U (or 1 for male, 2 for "
                                                           "female)")
    ethnicity = cells.text("ethnicity", pattern=ETHNICITY,
                           expected="a four-letter DfE ethnicity code, such as WBRI or NOBT")
    disability = cells.code("disability", DISABILITY, expected="Y, N or leave it blank")
    case_type = cells.code("case_type", CASE_TYPES, required=True)
    legal_status = cells.code("legal_status", LEGAL,
                              expected="an SSDA903 legal status (" + ", ".join(LEGAL_STATUSES)
                              + ") or leave it blank")
    team_code = cells.text("team_code", required=True, max_length=40)
    worker = cells.text("allocated_worker_staff_id", max_length=40)
    opened_on = cells.date("opened_on", required=True)
    closed_on = cells.date("closed_on")
    if opened_on and closed_on and closed_on < opened_on:
        cells.error("closed_on", f"The case closed on {closed_on:%d/%m/%Y}, before it opened on "
                                 f"{opened_on:%d/%m/%Y}. closed_on must be on or after "
                                 "opened_on.")
    if not cells.ok or opened_on is None:
        return None
    return CaseRow(
        number=row.number, case_ref=case_ref, child_id=child_id, date_of_birth=date_of_birth,
        expected_date_of_birth=expected, sex=sex or "", ethnicity=ethnicity.upper(),
        disability={"Y": True, "N": False}.get(disability or ""), case_type=case_type or "",
        legal_status=legal_status or "", team_code=team_code.lower(), worker_staff_id=worker,
        opened_on=opened_on, closed_on=closed_on,
    )


def _shown(value: object) -> str:
    if value is None or value == "":
        return "blank"
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _case_rows_check(*, rows: list[CaseRow], errors: list[RowError]) -> None:
    """One row per case; the same child's details on every row of that child."""
    by_ref: dict[str, CaseRow] = {}
    by_child: dict[str, CaseRow] = {}
    for row in rows:
        if (first := by_ref.setdefault(row.case_ref, row)) is not row:
            errors.append(RowError(row.number, "case_ref", row.case_ref, (
                f"Case {row.case_ref} is also on row {first.number}. Each case must appear on "
                "one row only.")))
        if (first := by_child.setdefault(row.child_id, row)) is not row:
            for name in CHILD_FIELDS:
                was, now = getattr(first, name), getattr(row, name)
                if was != now:
                    errors.append(RowError(row.number, name, _shown(now), (
                        f"Child {row.child_id} has {name} {_shown(was)} on row {first.number} "
                        f"but {_shown(now)} here. A child's details must be the same on every "
                        "row.")))


@dataclass
class _Ids:
    teams: dict[str, tuple[int, int]]  # team code: (team id, service area id)
    workers: dict[str, int]  # staff ID: user id


def _case_references_resolve(*, rows: list[CaseRow], errors: list[RowError]) -> _Ids:
    """Look up each row's team and allocated worker, which must already be loaded."""
    teams = {code.lower(): (pk, area_pk) for code, pk, area_pk
             in Team.objects.values_list("code", "pk", "service_area_id")}
    staff_ids = {row.worker_staff_id for row in rows if row.worker_staff_id}
    workers: dict[str, int] = {
        staff_id: pk for staff_id, pk in in_chunks(
            User.objects.values_list("staff_id", "pk"), "staff_id", staff_ids) if staff_id}
    for row in rows:
        if row.team_code not in teams:
            errors.append(RowError(row.number, "team_code", row.team_code, (
                f"There is no team with the code {row.team_code}. Check the code, or load the "
                "team from the staff file first.")))
        if row.worker_staff_id and row.worker_staff_id not in workers:
            errors.append(RowError(row.number, "allocated_worker_staff_id", row.worker_staff_id, (
                f"There is no member of staff with the staff ID {row.worker_staff_id}. Check "
                "the ID, or load the person from the staff file first.")))
    return _Ids(teams=teams, workers=workers)


def _case_rows_save(*, rows: list[CaseRow], ids: _Ids,
                    present: tuple[str, ...]) -> tuple[int, int]:
    """Write the checked rows in bulk. Returns (cases created, cases updated).

    An optional column left out of the file leaves that detail of existing records alone.
    """
    now = timezone.now()
    child_fields = tuple(name for name in CHILD_FIELDS if name in present)
    case_fields = [name for name, column in CASE_COLUMNS.items()
                   if column is None or column in present]
    first_rows = {row.child_id: row for row in reversed(rows)}
    children = {child.child_id: child for child in in_chunks(
        Child.objects.only("pk", "child_id", *CHILD_FIELDS), "child_id", first_rows)}
    new_children: list[Child] = []
    changed_children: list[Child] = []
    changed_child_ids: set[str] = set()
    for child_id, row in first_rows.items():
        values = row.child_values(child_fields)
        child = children.get(child_id)
        if child is None:
            new_children.append(Child(child_id=child_id, **values))
        elif any(getattr(child, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(child, name, value)
            child.updated_at = now
            changed_children.append(child)
            changed_child_ids.add(child_id)
    Child.objects.bulk_create(new_children, batch_size=500)
    objects_update_many(objects=changed_children, fields=[*child_fields, "updated_at"])
    child_pks = {child_id: child.pk for child_id, child in children.items()}
    child_pks.update(in_chunks(Child.objects.values_list("child_id", "pk"), "child_id",
                               [child.child_id for child in new_children]))

    cases = {case.case_ref: case for case in in_chunks(
        Case.objects.only("pk", "case_ref", *CASE_COLUMNS), "case_ref",
        [row.case_ref for row in rows])}
    new_cases: list[Case] = []
    changed_cases: list[Case] = []
    updated = 0
    for row in rows:
        team_pk, area_pk = ids.teams[row.team_code]
        values = {
            "child_id": child_pks[row.child_id], "case_type": row.case_type,
            "legal_status": row.legal_status, "service_area_id": area_pk, "team_id": team_pk,
            "allocated_worker_id": ids.workers.get(row.worker_staff_id),
            "opened_on": row.opened_on, "closed_on": row.closed_on,
        }
        case = cases.get(row.case_ref)
        if case is None:
            new_cases.append(Case(case_ref=row.case_ref, **values))
            continue
        values = {name: values[name] for name in case_fields}
        differs = any(getattr(case, name) != value for name, value in values.items())
        if differs:
            for name, value in values.items():
                setattr(case, name, value)
            case.updated_at = now
            changed_cases.append(case)
        if differs or row.child_id in changed_child_ids:
            updated += 1
    Case.objects.bulk_create(new_cases, batch_size=500)
    objects_update_many(objects=changed_cases, fields=[*case_fields, "updated_at"])
    return len(new_cases), updated
