"""Performance data: loading the national returns, setting populations and indicator
settings, and computing the snapshot every page reads.

Loading a return is all or nothing. The file goes through the analytics readers
(`clearsight_analytics.ingest`); a file with any problem, structural or in a row, is refused
whole and recorded as a refused `ImportRecord` naming the file, sheet or table, row, column and
value of each problem. A file that reads cleanly is kept: the originals and the tables read
from them (Parquet) in a folder of its own under RETURNS_DIR, with a `ReturnLoad` saying what
period it covers and which earlier load of the same period it replaces.
"""

import hashlib
import shutil
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from clearsight.casework.models import Case
from clearsight.core.csv_import import MAX_STORED_ERRORS
from clearsight.core.models import ImportRecord
from clearsight.performance.models import (
    AuthorityProfile,
    Computation,
    DueItem,
    IndicatorSetting,
    PopulationFigure,
    ReturnLoad,
    ReturnSource,
    SpcAlert,
)
from clearsight.performance.selectors import indicator_spc, spc_series_type
from clearsight_analytics.benchmarks import read_population
from clearsight_analytics.indicators import CATALOGUE, PeriodType, Return, assemble, compute
from clearsight_analytics.indicators.due import due_items
from clearsight_analytics.indicators.inputs import ALLOCATION_SCHEMA
from clearsight_analytics.indicators.periods import add_months, month_end, period_of
from clearsight_analytics.ingest import Loaded, Problem, Refused
from clearsight_analytics.ingest.annex_a import read_annex_a_workbook
from clearsight_analytics.ingest.cin_census import read_cin_census
from clearsight_analytics.ingest.ssda903 import read_ssda903
from clearsight_analytics.spc import PointKind

KIND_OF_SOURCE = {ReturnSource.ANNEX_A: ImportRecord.Kind.ANNEX_A,
                  ReturnSource.SSDA903: ImportRecord.Kind.SSDA903,
                  ReturnSource.CIN_CENSUS: ImportRecord.Kind.CIN_CENSUS}
EARLIEST_YEAR, LATEST_YEAR = 2013, 2040
# Part of every snapshot's data version: change it when the catalogue's results change.
ENGINE_VERSION = "indicators-1"


class ConflictError(Exception):
    """Someone else saved the record after this form was opened; nothing was saved."""


@dataclass(frozen=True)
class UploadedFile:
    name: str
    data: bytes


# ------------------------------------------------------------------ recording an attempt


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {"row": problem.row or 0, "column": problem.column or "", "value": problem.value,
            "message": f"Expected {problem.expected}", "file": problem.file,
            "part": problem.part}


def files_checksum(files: Mapping[str, bytes]) -> str:
    """The checksum a load of these files is recorded with (see `_checksum`)."""
    return _checksum([UploadedFile(name, data) for name, data in files.items()])[0]


def _checksum(files: Sequence[UploadedFile]) -> tuple[str, list[dict[str, Any]]]:
    listed = [{"name": f.name, "size": len(f.data), "sha256": hashlib.sha256(f.data).hexdigest()}
              for f in files]
    if len(files) == 1:
        return str(listed[0]["sha256"]), listed
    joined = "\n".join(f"{item['name']}\t{item['sha256']}" for item in listed)
    return hashlib.sha256(joined.encode()).hexdigest(), listed


def _record(*, kind: str, files: Sequence[UploadedFile], label: str, by: Any,
            problems: Sequence[Problem] = (), rows: int = 0) -> ImportRecord:
    checksum, listed = _checksum(files)
    return ImportRecord.objects.create(
        kind=kind,
        status=ImportRecord.Status.REFUSED if problems else ImportRecord.Status.LOADED,
        filename=label[:255], sha256=checksum, size_bytes=sum(len(f.data) for f in files),
        files=listed if len(files) > 1 else [], rows=rows,
        created=0 if problems else rows, error_count=len(problems),
        errors=[_problem_dict(p) for p in list(problems)[:MAX_STORED_ERRORS]],
        imported_by=by if by is not None and by.is_authenticated else None,
    )


def _refused_whole(files: Sequence[UploadedFile], expected: str) -> list[Problem]:
    return [Problem(files[0].name if files else "", "", None, None, "", expected)]


# ------------------------------------------------------------------ loading a return


def _store(loaded: Loaded, files: Sequence[UploadedFile]) -> str:
    """Write the originals and the tables into a new folder; return its name."""
    folder = uuid.uuid4().hex
    path = Path(settings.RETURNS_DIR) / folder
    (path / "original").mkdir(parents=True)
    try:
        for index, uploaded in enumerate(files):
            safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in uploaded.name)
            (path / "original" / f"{index:02d}_{safe[-100:]}").write_bytes(uploaded.data)
        for name, table in loaded.tables.items():
            pq.write_table(table, path / f"{name}.parquet")
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return folder


def _keep(*, source: str, loaded: Loaded, files: Sequence[UploadedFile], label: str,
          period_key: str, period: tuple[date, date], as_at: date, by: Any) -> ImportRecord:
    rows = {name: table.num_rows for name, table in loaded.tables.items()}
    folder = _store(loaded, files)
    try:
        with transaction.atomic():
            record = _record(kind=KIND_OF_SOURCE[ReturnSource(source)], files=files,
                             label=label, by=by, rows=sum(rows.values()))
            load = ReturnLoad.objects.create(
                source=source, import_record=record, period_key=period_key,
                period_start=period[0], period_end=period[1], as_at=as_at, table_rows=rows,
                folder=folder, loaded_by=record.imported_by)
            ReturnLoad.objects.filter(source=source, period_key=period_key,
                                      superseded_by__isnull=True).exclude(pk=load.pk).update(
                superseded_by=load)
    except Exception:
        shutil.rmtree(Path(settings.RETURNS_DIR) / folder, ignore_errors=True)
        raise
    return record


def _read(files: Sequence[UploadedFile], reader: Any) -> tuple[Loaded | None, list[Problem]]:
    try:
        loaded: Loaded = reader()
    except Refused as refused:
        return None, refused.problems
    return loaded, loaded.problems


def return_load_annex_a(*, data: bytes, filename: str, as_at: date, by: Any) -> ImportRecord:
    """Load an Ofsted Annex A workbook taken on `as_at` (Lists 1-11, six months before it)."""
    files = [UploadedFile(filename, data)]
    label = f"Annex A as at {as_at:%d/%m/%Y}: {filename}"
    loaded, problems = _read(files, lambda: read_annex_a_workbook(data, filename))
    if as_at > timezone.localdate():
        problems = [*problems, *_refused_whole(files, "an extract date that is not in the "
                                                      "future")]
    if loaded is None or problems:
        return _record(kind=ImportRecord.Kind.ANNEX_A, files=files, label=label, by=by,
                       problems=problems)
    start = add_months(as_at, -12) + timedelta(days=1)  # lists 10 and 11 reach back a year
    return _keep(source=ReturnSource.ANNEX_A, loaded=loaded, files=files, label=label,
                 period_key=as_at.isoformat(), period=(start, as_at), as_at=as_at, by=by)


def _year_as_at(year: int, as_at: date | None) -> date:
    end = date(year, 3, 31)
    if as_at is not None:
        return min(as_at, end)
    return min(end, timezone.localdate())


def return_load_ssda903(*, files: Mapping[str, bytes], collection_year: int,
                        as_at: date | None = None, by: Any) -> ImportRecord:
    """Load one collection year's SSDA903 CSV tables (header.csv, episodes.csv, ...)."""
    uploaded = [UploadedFile(name, data) for name, data in files.items()]
    label = (f"SSDA903 {collection_year - 1}-{collection_year % 100:02d} "
             f"({len(uploaded)} file{'s' if len(uploaded) != 1 else ''})")
    problems: list[Problem]
    if not EARLIEST_YEAR <= collection_year <= LATEST_YEAR:
        loaded, problems = None, _refused_whole(
            uploaded, f"a collection year from {EARLIEST_YEAR} to {LATEST_YEAR}")
    elif not uploaded:
        loaded, problems = None, [Problem("", "", None, None, "", "at least one CSV file")]
    else:
        loaded, problems = _read(uploaded, lambda: read_ssda903(files, collection_year))
    if loaded is None or problems:
        return _record(kind=ImportRecord.Kind.SSDA903, files=uploaded, label=label, by=by,
                       problems=problems)
    return _keep(source=ReturnSource.SSDA903, loaded=loaded, files=uploaded, label=label,
                 period_key=str(collection_year),
                 period=(date(collection_year - 1, 4, 1), date(collection_year, 3, 31)),
                 as_at=_year_as_at(collection_year, as_at), by=by)


def return_load_cin_census(*, data: bytes, filename: str, as_at: date | None = None,
                           by: Any) -> ImportRecord:
    """Load one CIN census XML file; its year is the one its ReferenceDate ends."""
    files = [UploadedFile(filename, data)]
    loaded, problems = _read(files, lambda: read_cin_census(data, filename))
    if loaded is not None and not problems and (
            loaded.period_end is None or loaded.period_start is None
            or (loaded.period_end.month, loaded.period_end.day) != (3, 31)):
        problems = _refused_whole(files, "a Header with a ReferenceDate of 31 March")
    label = f"CIN census: {filename}"
    if loaded is None or problems or loaded.period_end is None or loaded.period_start is None:
        return _record(kind=ImportRecord.Kind.CIN_CENSUS, files=files, label=label, by=by,
                       problems=problems)
    year = loaded.period_end.year
    label = f"CIN census {year - 1}-{year % 100:02d}: {filename}"
    return _keep(source=ReturnSource.CIN_CENSUS, loaded=loaded, files=files, label=label,
                 period_key=str(year), period=(loaded.period_start, loaded.period_end),
                 as_at=_year_as_at(year, as_at), by=by)


def return_tables(load: ReturnLoad) -> dict[str, Any]:
    """The tables a load kept, read back from its Parquet files."""
    folder = Path(settings.RETURNS_DIR) / load.folder
    return {name: pq.read_table(folder / f"{name}.parquet") for name in load.table_rows}


# ------------------------------------------------------------------ settings


def population_figure_set(*, collection_year: int, children: int, source: str,
                          by: Any = None, import_record: ImportRecord | None = None
                          ) -> PopulationFigure:
    if not EARLIEST_YEAR <= collection_year <= LATEST_YEAR:
        raise ValueError(f"the collection year must be from {EARLIEST_YEAR} to {LATEST_YEAR}")
    if children <= 0:
        raise ValueError("the number of children must be more than 0")
    figure, _ = PopulationFigure.objects.update_or_create(
        collection_year=collection_year,
        defaults={"children": children, "source": source[:200],
                  "import_record": import_record})
    return figure


def population_load_file(*, data: bytes, filename: str, la_code: str,
                         by: Any = None) -> ImportRecord:
    """Set each collection year's child population from DfE's copy of the ONS mid-year
    estimates (the EES CSV), for the authority `la_code`: the year ending March YYYY takes the
    mid-(YYYY-1) estimate, as DfE's rates do. All or nothing, and recorded."""
    files = [UploadedFile(filename, data)]
    label = f"Population 0-17 for {la_code}: {filename}"
    try:
        population = read_population(data, filename)
    except Refused as refused:
        return _record(kind=ImportRecord.Kind.POPULATION, files=files, label=label, by=by,
                       problems=refused.problems)
    years = sorted({year for code, year, value, _ in population.items()
                    if code == la_code and value is not None})
    problems = list(population.problems)
    if not years:
        problems.append(Problem(filename, "", None, "old_la_code", la_code,
                                "rows for this local authority number with a population"))
    if problems:
        return _record(kind=ImportRecord.Kind.POPULATION, files=files, label=label, by=by,
                       problems=problems)
    with transaction.atomic():
        record = _record(kind=ImportRecord.Kind.POPULATION, files=files, label=label, by=by,
                         rows=len(years))
        for mid_year in years:
            children = population.mid_year(la_code, mid_year)
            if children:
                population_figure_set(collection_year=mid_year + 1, children=children,
                                      source=f"ONS mid-{mid_year} estimate ({filename})",
                                      import_record=record)
    return record


def authority_profile_get() -> AuthorityProfile:
    profile, _ = AuthorityProfile.objects.get_or_create(pk=1)
    return profile


def authority_profile_update(*, version: int, name: str, la_code: str, comparator_la_code: str,
                             neighbour_model: str) -> AuthorityProfile:
    with transaction.atomic():
        profile = authority_profile_get()
        updated = AuthorityProfile.objects.filter(pk=profile.pk, version=version).update(
            name=name, la_code=la_code, comparator_la_code=comparator_la_code,
            neighbour_model=neighbour_model, version=version + 1, updated_at=timezone.now())
        if not updated:
            raise ConflictError
    return authority_profile_get()


def indicator_setting_get(code: str) -> IndicatorSetting:
    setting, _ = IndicatorSetting.objects.get_or_create(code=code)
    return setting


def indicator_setting_update(*, code: str, version: int, by: Any, owner: Any,
                             target: float | None, baseline_start: date | None,
                             baseline_end: date | None, run_length: int) -> IndicatorSetting:
    """Save what the authority sets for an indicator, refusing to overwrite a change made
    since the form was opened (`version`)."""
    if baseline_start and baseline_end and baseline_end < baseline_start:
        raise ValueError("the baseline must end after it starts")
    with transaction.atomic():
        indicator_setting_get(code)
        updated = IndicatorSetting.objects.filter(code=code, version=version).update(
            owner=owner, target=target, baseline_start=baseline_start,
            baseline_end=baseline_end, run_length=run_length, version=version + 1,
            updated_by=by, updated_at=timezone.now())
        if not updated:
            raise ConflictError
    return IndicatorSetting.objects.get(code=code)


# ------------------------------------------------------------------ computing the snapshot


def computation_create(*, by: Any = None) -> Computation:
    """A computation waiting to run (computation_run)."""
    return Computation.objects.create(
        requested_by=by if by is not None and by.is_authenticated else None)


def computation_request(*, by: Any) -> Computation:
    """Queue a new snapshot of every indicator over the current returns."""
    from clearsight.performance.tasks import compute_snapshot

    computation = computation_create(by=by)
    transaction.on_commit(lambda: compute_snapshot(computation.pk))
    return computation


def _allocations() -> Any:
    """Each child's team, service and worker from the case-system extract: the open case
    opened most recently, else the case that closed last."""
    rows = (Case.objects.select_related("child", "team__service_area", "allocated_worker")
            .order_by("child_id", F("closed_on").desc(nulls_first=True), "-opened_on"))
    seen: set[int] = set()
    columns: dict[str, list[str | None]] = {"child_id": [], "team": [], "service": [],
                                            "worker": []}
    for case in rows.iterator(chunk_size=2000):
        if case.child_id in seen:
            continue
        seen.add(case.child_id)
        columns["child_id"].append(case.child.child_id)
        columns["team"].append(case.team.code)
        columns["service"].append(case.team.service_area.code)
        worker = case.allocated_worker
        columns["worker"].append(worker.staff_id or worker.username if worker else None)
    return pa.table(columns, schema=ALLOCATION_SCHEMA)


def _data_version(loads: Sequence[ReturnLoad], population: Mapping[int, int]) -> str:
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    for load in sorted(loads, key=lambda item: item.pk):
        digest.update(f"{load.source}:{load.period_key}:{load.import_record.sha256}:"
                      f"{load.as_at}".encode())
    digest.update(repr(sorted(population.items())).encode())
    return digest.hexdigest()


def _progress(computation: Computation, percent: int, text: str) -> None:
    computation.progress, computation.progress_text = percent, text
    computation.save(update_fields=["progress", "progress_text"])


def computation_run(*, computation_id: int) -> Computation:
    """Compute every indicator over the current returns and keep the result as the snapshot
    pages read. Run by the job queue (tasks.compute_snapshot)."""
    computation = Computation.objects.get(pk=computation_id)
    computation.status = Computation.Status.RUNNING
    computation.started_at = timezone.now()
    computation.save(update_fields=["status", "started_at"])
    folder = Path(settings.SNAPSHOTS_DIR) / f"{computation.pk}"
    try:
        loads = list(ReturnLoad.objects.filter(superseded_by__isnull=True)
                     .select_related("import_record"))
        population = dict(PopulationFigure.objects.values_list("collection_year", "children"))
        _progress(computation, 10, f"Reading {len(loads)} returns")
        returns = [Return(Loaded(source=load.source, tables=return_tables(load),
                                 period_start=load.period_start, period_end=load.period_end),
                          as_at=load.as_at) for load in loads]
        inputs = assemble(returns, population=population, allocations=_allocations())
        _progress(computation, 30, f"Computing {len(CATALOGUE)} indicators")
        started = time.perf_counter()
        results = compute(inputs, CATALOGUE)
        seconds = time.perf_counter() - started
        _progress(computation, 70, "Saving the snapshot")
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(results.values, folder / "values.parquet")
        pq.write_table(results.units, folder / "units.parquet")
        due = due_items(inputs)
        with transaction.atomic():
            computation.returns.set(loads)
            DueItem.objects.bulk_create(
                [DueItem(computation=computation, child_id=item.child_id, kind=item.kind,
                         label=item.label, team=item.team or "", worker=item.worker or "",
                         last_done=item.last_done, due_on=item.due_on, rule=item.rule)
                 for item in due], batch_size=1000)
            computation.population = {str(year): count for year, count in population.items()}
            computation.data_version = _data_version(loads, population)
            computation.folder = folder.name
            computation.latest_data = inputs.latest_data
            computation.value_count = results.values.num_rows
            computation.unit_count = results.units.num_rows
            computation.not_computed = results.not_computed
            computation.notes = results.notes
            computation.seconds = round(seconds, 3)
            computation.status = Computation.Status.DONE
            computation.progress, computation.progress_text = 100, "Ready"
            computation.finished_at = timezone.now()
            computation.save()
        _progress(computation, 100, "Ready")
        spc_alerts_raise(computation=computation)
    except Exception as error:
        shutil.rmtree(folder, ignore_errors=True)
        computation.status = Computation.Status.FAILED
        computation.error = f"{type(error).__name__}: {error}"[:2000]
        computation.finished_at = timezone.now()
        computation.save(update_fields=["status", "error", "finished_at"])
        raise
    return computation


def _period_id(period_type: str, label: str) -> str:
    """The engine's id of the period a chart point stands for: months are labelled
    "2025-04", other periods by their last day."""
    if period_type == PeriodType.MONTH:
        return period_of(PeriodType.MONTH, month_end(date.fromisoformat(f"{label}-01"))).id
    return f"{period_type}:{label}"


def _period_label(period_id: str) -> str:
    kind, _, end = period_id.partition(":")
    return period_of(PeriodType(kind), date.fromisoformat(end)).label


def spc_alerts_raise(*, computation: Computation) -> list[SpcAlert]:
    """Record each special-cause signal at the latest point of an indicator's monthly chart,
    once, and tell the indicator's owner by email."""
    from clearsight.core.tasks import send_email

    raised = []
    settings_by_code = {s.code: s for s in IndicatorSetting.objects.select_related("owner")}
    for indicator in CATALOGUE:
        setting = settings_by_code.get(indicator.code)
        result = indicator_spc(computation=computation, indicator=indicator, setting=setting)
        latest = result.latest if result is not None else None
        if result is None or latest is None or latest.kind in (PointKind.COMMON_CAUSE,
                                                               PointKind.MISSING):
            continue
        period_id = _period_id(spc_series_type(indicator) or "", latest.label)
        alert, created = SpcAlert.objects.get_or_create(
            code=indicator.code, period_id=period_id, variation=result.variation.value,
            defaults={"message": f"{indicator.code} {indicator.title}: "
                                 f"{result.variation_text} ({_period_label(period_id)})"[:300],
                      "computation": computation,
                      "notified": setting.owner if setting else None})
        if not created:
            continue
        raised.append(alert)
        owner = setting.owner if setting else None
        if owner is not None and owner.email and owner.is_active:
            send_email(subject=f"Clearsight: a special-cause signal on {indicator.code}",
                       body=f"{alert.message}.\n\nThe monthly chart of {indicator.title} shows "
                            f"a change that is unlikely to be chance. See the indicator page "
                            f"in Clearsight for the chart and the rule that fired.",
                       to=[owner.email])
    return raised
