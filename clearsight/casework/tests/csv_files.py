"""Building case-system extracts for tests."""

from clearsight.casework.services import CASES_SPEC

CASE_COLUMNS = list(CASES_SPEC.columns)


def case_row(n: int, *, team_code: str = "cic-north", worker: str = "",
             **overrides: str) -> dict[str, str]:
    row = {
        "case_ref": f"CASE-{n:06d}", "child_id": f"C{n:07d}", "date_of_birth": "2014-05-01",
        "expected_date_of_birth": "", "sex": "F", "ethnicity": "WBRI", "disability": "N",
        "case_type": "cla", "legal_status": "C2", "team_code": team_code,
        "allocated_worker_staff_id": worker, "opened_on": "05/01/2026", "closed_on": "",
    }
    row.update(overrides)
    return row


def case_rows(count: int, *, team_codes: tuple[str, ...] = ("cic-north",),
              workers: tuple[str, ...] = ("",)) -> list[dict[str, str]]:
    """`count` cases; every fifth child has a second (closed) case on the next row."""
    rows: list[dict[str, str]] = []
    for n in range(1, count + 1):
        row = case_row(n, team_code=team_codes[n % len(team_codes)],
                       worker=workers[n % len(workers)])
        if n % 5 == 0 and rows:
            previous = rows[-1]
            row.update({key: previous[key] for key in (
                "child_id", "date_of_birth", "expected_date_of_birth", "sex", "ethnicity",
                "disability")})
            row.update({"case_type": "cin", "legal_status": "", "closed_on": "2026-03-31"})
        rows.append(row)
    return rows
