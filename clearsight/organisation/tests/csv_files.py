"""Building staff files for tests."""

import csv
import io
from collections.abc import Iterable, Sequence

from clearsight.organisation.services import STAFF_SPEC

STAFF_COLUMNS = list(STAFF_SPEC.columns)

TEAMS = [
    # team_code, team, service_area_code, service_area, locality
    ("cic-north", "Children in Care North", "children-in-care", "Children in Care", "North"),
    ("cic-south", "Children in Care South", "children-in-care", "Children in Care", "South"),
    ("mash", "Multi-Agency Safeguarding Hub", "front-door", "Front Door", ""),
]


def staff_row(n: int, **overrides: str) -> dict[str, str]:
    team_code, team, area_code, area, locality = TEAMS[n % len(TEAMS)]
    row = {
        "staff_id": f"S{n:05d}", "email": f"Worker{n}@Demoshire.example",
        "first_name": "Alex", "last_name": f"Smith{n}", "job_title": "Social worker",
        "directorate": "Children and Families", "service_area_code": area_code,
        "service_area": area, "team_code": team_code, "team": team, "locality": locality,
        "roles": "practitioner", "active": "yes",
    }
    row.update(overrides)
    return row


def staff_rows(count: int) -> list[dict[str, str]]:
    rows = [staff_row(n) for n in range(1, count + 1)]
    rows[0]["roles"] = "team_manager; qa_officer"
    return rows


def csv_bytes(rows: Iterable[dict[str, str]], columns: Sequence[str] | None = None, *,
              header: Sequence[str] | None = None, bom: bool = False) -> bytes:
    rows = list(rows)
    columns = list(columns or (rows[0].keys() if rows else STAFF_COLUMNS))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header or columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


def csv_mutations():  # type: ignore[no-untyped-def]
    """A hypothesis strategy: lists of edits to a CSV file, from cell values to raw bytes."""
    from hypothesis import strategies as st

    index = st.integers(min_value=0, max_value=10_000)
    cell_text = st.one_of(
        st.text(max_size=12),
        st.sampled_from(["", " ", "2026-02-30", "31/12/2025", "01/01/1899", "M", "1", "Y",
                         "cla", "C2", "yes", "no", "practitioner;qa_officer", "nope", '"',
                         ",", "\n", "cic-north", "mash", "W1", "S00001", "CASE-000001",
                         "C0000001", "a@b.c", "x" * 200]),
    )
    return st.lists(st.one_of(
        st.tuples(st.just("cell"), index, index, cell_text),
        st.tuples(st.just("copy-row"), index, index, st.just("")),
        st.tuples(st.just("drop-row"), index, st.just(0), st.just("")),
        st.tuples(st.just("bytes"), index, st.integers(0, 3), st.binary(max_size=4)),
    ), min_size=1, max_size=4)


def csv_mutate(data: bytes, edits: list[tuple[str, int, int, object]]) -> bytes:
    """Apply edits from `csv_mutations` to a well-formed CSV file."""
    for kind, a, b, value in edits:
        if kind == "bytes":
            assert isinstance(value, bytes)
            position = a % (len(data) + 1)
            data = data[:position] + value + data[position + b:]
            continue
        try:
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        except (UnicodeDecodeError, csv.Error):
            continue
        if not rows:
            continue
        if kind == "cell":
            row = rows[a % len(rows)]
            if row:
                row[b % len(row)] = str(value)
        elif kind == "copy-row":
            rows.insert(b % (len(rows) + 1), list(rows[a % len(rows)]))
        elif kind == "drop-row":
            rows.pop(a % len(rows))
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        data = out.getvalue().encode("utf-8", "surrogatepass")
    return data
