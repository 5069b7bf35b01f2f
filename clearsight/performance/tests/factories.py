"""A small but real performance snapshot: returns written in the national formats, loaded
through the services and computed by the engine, around the children a test names."""

import io
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import xlsxwriter

from clearsight.performance import services
from clearsight.performance.models import Computation
from clearsight_analytics.ingest.annex_a import COLUMNS
from clearsight_analytics.tests.builders import child, cin_census_xml, cpp, episode

AS_AT = date(2026, 3, 31)


def annex_a_workbook(lists: Mapping[int, Sequence[Mapping[str, Any]]]) -> bytes:
    """An Annex A workbook with every list's template headers and the rows given (keyed by
    the header text); dates are written as Excel dates."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for number, columns in COLUMNS.items():
        sheet = book.add_worksheet(f"List {number}")
        headers = [column.headers[0] for column in columns]
        sheet.write_row(0, 0, headers)
        for row_number, row in enumerate(lists.get(number, ()), start=1):
            for column_number, header in enumerate(headers):
                value = row.get(header)
                if isinstance(value, date):
                    sheet.write_datetime(row_number, column_number,
                                         _midnight(value), dates)
                elif value is not None:
                    sheet.write(row_number, column_number, value)
    book.close()
    return out.getvalue()


def _midnight(day: date) -> Any:
    from datetime import datetime

    return datetime(day.year, day.month, day.day)  # noqa: DTZ001 - an Excel date


def _common(child_id: str, dob: date = date(2012, 6, 1)) -> dict[str, Any]:
    return {"Child Unique ID": child_id, "Gender": "a) Male", "Ethnicity": "a) WBRI",
            "Date of Birth": dob, "Age of Child (Years)": 13}


def ssda903_files(year: int, child_ids: Sequence[str]) -> dict[str, bytes]:
    header = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
    episodes = ["CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                "HOME_POST,PL_POST,URN"]
    for index, child_id in enumerate(child_ids):
        start = date(year - 1, 4, 1) + timedelta(days=20 * index)
        header.append(f"{child_id},M,01/06/2012,WBRI,,,")
        episodes.append(f"{child_id},{start:%d/%m/%Y},S,C2,N1,U4,PR1,,,,,,")
    return {"header.csv": ("\n".join(header) + "\n").encode(),
            "episodes.csv": ("\n".join(episodes) + "\n").encode()}


def snapshot_make(*, child_ids: Sequence[str] = (), team: str | None = None) -> Computation:
    """Load two CIN census years, an SSDA903 year, an Annex A extract and populations for
    `child_ids` (and a few other children), and compute the snapshot, synchronously."""
    ids = list(child_ids) + [f"X{n:04d}" for n in range(6)]
    earlier, later = [], []
    for index, child_id in enumerate(ids):
        month = 4 + index % 9
        earlier.append(child(child_id, episodes=[episode(
            f"2024-{month:02d}-03", closure=f"2024-{month:02d}-28", reason="RC8",
            assessments=[(f"2024-{month:02d}-04", f"2024-{month:02d}-20")])]))
        late = index % 3 == 0
        start = date(2025, month, 2)
        authorised = start + timedelta(days=80 if late else 20)
        later.append(child(child_id, episodes=[episode(
            start.isoformat(), assessments=[(start.isoformat(), authorised.isoformat())],
            cpps=[cpp((start + timedelta(days=30)).isoformat(),
                      reviews=[(start + timedelta(days=80)).isoformat()])] if late else ())]))
    for year, children in ((2025, earlier), (2026, later)):
        record = services.return_load_cin_census(data=cin_census_xml(year, children),
                                                 filename=f"cin_{year}.xml", by=None)
        assert record.status == "loaded", record.errors
    record = services.return_load_ssda903(files=ssda903_files(2026, ids[:4]),
                                          collection_year=2026, by=None)
    assert record.status == "loaded", record.errors
    allocation = {"Allocated Team": team or "Team A", "Allocated Worker": "A Worker"}
    cla = [{**_common(child_id), **allocation,
            "Date Started to be Looked After": date(2025, 1, 10),
            "Date of Latest Statutory Review": date(2025, 7, 1),
            "Date of Last Social Work Visit": date(2026, 1, 5),
            "Date of Last Health Assessment": date(2025, 2, 1)} for child_id in ids[:3]]
    assessments = [{**_common(child_id), **allocation,
                    "Continuous Assessment Start Date": date(2026, 2, 2),
                    "Child Seen During Continuous Assessment": "a) Yes"} for child_id in ids]
    record = services.return_load_annex_a(
        data=annex_a_workbook({4: assessments, 8: cla}), filename="annex_a.xlsx",
        as_at=AS_AT, by=None)
    assert record.status == "loaded", record.errors
    for year in (2025, 2026):
        services.population_figure_set(collection_year=year, children=10_000,
                                       source="test figure")
    computation = Computation.objects.create()
    return services.computation_run(computation_id=computation.pk)


def snapshot_fake(*, code: str = "F09", child_ids: Sequence[str] = ("C1",),
                  team: str = "team-1") -> Computation:
    """A finished computation with one value and its units, written straight to Parquet:
    for access tests that need a snapshot to exist but not what is in it."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from django.conf import settings
    from django.utils import timezone

    from clearsight.performance.models import DueItem
    from clearsight_analytics.indicators.engine import UNITS_SCHEMA, VALUES_SCHEMA

    computation = Computation.objects.create(status=Computation.Status.DONE,
                                             finished_at=timezone.now(), folder="fake",
                                             latest_data=AS_AT, value_count=1)
    computation.folder = f"fake-{computation.pk}"
    computation.save(update_fields=["folder"])
    folder = settings.SNAPSHOTS_DIR / computation.folder
    folder.mkdir(parents=True, exist_ok=True)
    period = ("year:2026-03-31", "year", "2025-26", date(2025, 4, 1), AS_AT)
    values = pa.table({"code": [code], "period_id": [period[0]], "period_type": [period[1]],
                       "period_label": [period[2]], "period_start": [period[3]],
                       "period_end": [period[4]], "breakdown": ["all"], "group": ["All"],
                       "numerator": [1.0], "denominator": [1.0], "value": [100.0]},
                      schema=VALUES_SCHEMA)
    units = pa.table({"code": [code] * len(child_ids), "period_id": [period[0]] * len(child_ids),
                      "child_id": list(child_ids), "ref_date": [AS_AT] * len(child_ids),
                      "numerator": [True] * len(child_ids),
                      "denominator": [True] * len(child_ids),
                      "measure": [None] * len(child_ids), "detail": ["10 working days"] *
                      len(child_ids), "team": [team] * len(child_ids),
                      "worker": [None] * len(child_ids)}, schema=UNITS_SCHEMA)
    pq.write_table(values, folder / "values.parquet")
    pq.write_table(units, folder / "units.parquet")
    for child_id in child_ids:
        DueItem.objects.create(computation=computation, child_id=child_id, kind="cla_visit",
                               label="Social work visit", team=team, due_on=date(2026, 1, 1),
                               rule="every 6 weeks")
    return computation


FAKE_PERIOD = "year:2026-03-31"
