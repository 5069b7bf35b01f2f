"""Tiny national returns for indicator tests, written in the real formats and read back
through the real readers, so each test is a hand-computable case from file to value.

    cin = cin_census(2026, [child("C1", dob="2015-01-01", episodes=[
        episode("2025-05-01", assessments=[("2025-05-02", "2025-06-20")])])])
    ssda = ssda903(2026, episodes=[{"CHILD": "C1", "DECOM": "01/05/2025", ...}])
    aa = annex_a(8, [{"Child Unique ID": "C1", ...}], as_at="2026-03-31")
    values = run("F09", [cin], population={2026: 10_000})
    values[("year:2026-03-31", "all", "All")]  # -> (numerator, denominator, value)

Dates may be given as ISO strings; the builders write them as each format wants.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from clearsight_analytics.indicators import BY_CODE, Results, Return, assemble, compute
from clearsight_analytics.ingest import Loaded
from clearsight_analytics.ingest.annex_a import COLUMNS, read_annex_a_csv
from clearsight_analytics.ingest.cin_census import read_cin_census
from clearsight_analytics.ingest.ssda903 import TABLES, read_ssda903

Key = tuple[str, str, str]  # period_id, breakdown, group
Value = tuple[float | None, float | None, float | None]  # numerator, denominator, value


def d(text: str | date | None) -> date | None:
    if text is None or isinstance(text, date):
        return text
    return date.fromisoformat(text)


# ------------------------------------------------------------------ CIN census


def episode(referral: str, *, source: str = "1A", need: str | None = "N1",
            closure: str | None = None, reason: str | None = None, nfa: bool = False,
            icpc: str | None = None,
            assessments: Sequence[tuple[str, str | None] | tuple[str, str | None,
                                                                 Sequence[str]]] = (),
            s47: Sequence[tuple[str, str | None] | tuple[str, str | None, bool]] = (),
            plans: Sequence[tuple[str, str | None]] = (),
            cpps: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """One CINdetails block. `cpps` items: start, end, initial, latest, previous, reviews."""
    return {"referral": referral, "source": source, "need": need, "closure": closure,
            "reason": reason, "nfa": nfa, "icpc": icpc, "assessments": assessments,
            "s47": s47, "plans": plans, "cpps": cpps}


def cpp(start: str, end: str | None = None, *, initial: str = "NEG", latest: str = "NEG",
        previous: int = 0, reviews: Sequence[str] = ()) -> dict[str, Any]:
    return {"start": start, "end": end, "initial": initial, "latest": latest,
            "previous": previous, "reviews": reviews}


def child(child_id: str, *, dob: str | None = "2015-01-01", sex: str = "M",
          ethnicity: str = "WBRI", disabilities: Sequence[str] = ("NONE",),
          episodes: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    return {"id": child_id, "dob": dob, "sex": sex, "ethnicity": ethnicity,
            "disabilities": disabilities, "episodes": episodes}


def _el(tag: str, value: object) -> str:
    if value is None:
        return ""
    return f"<{tag}>{escape(str(value))}</{tag}>"


def cin_census_xml(year: int, children: Iterable[Mapping[str, Any]]) -> bytes:
    parts = ["<Message><Header><CollectionDetails><Collection>CIN</Collection>",
             f"<Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate>",
             "</CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>999</LEA>",
             "</Source></Header><Children>"]
    for item in children:
        sex = _el("Sex", item["sex"]) if year >= 2025 else _el(
            "GenderCurrent", {"M": "1", "F": "2"}.get(item["sex"], "0"))
        parts.append(f"<Child><ChildIdentifiers>{_el('LAchildID', item['id'])}"
                     f"{_el('PersonBirthDate', item['dob'])}{sex}</ChildIdentifiers>"
                     f"<ChildCharacteristics>{_el('Ethnicity', item['ethnicity'])}"
                     "<Disabilities>" + "".join(_el("Disability", code)
                                                for code in item["disabilities"])
                     + "</Disabilities></ChildCharacteristics>")
        for ep in item["episodes"]:
            parts.append("<CINdetails>" + _el("CINreferralDate", ep["referral"])
                         + _el("ReferralSource", ep["source"])
                         + _el("PrimaryNeedCode", ep["need"])
                         + _el("CINclosureDate", ep["closure"])
                         + _el("ReasonForClosure", ep["reason"])
                         + _el("DateOfInitialCPC", ep["icpc"]))
            for assessment in ep["assessments"]:
                factors = assessment[2] if len(assessment) > 2 else ()
                parts.append("<Assessments>" + _el("AssessmentActualStartDate", assessment[0])
                             + _el("AssessmentAuthorisationDate", assessment[1])
                             + ("<FactorsIdentifiedAtAssessment>" + "".join(
                                 _el("AssessmentFactors", f) for f in factors)
                                + "</FactorsIdentifiedAtAssessment>" if factors else "")
                             + "</Assessments>")
            for plan_start, plan_end in ep["plans"]:
                parts.append("<CINPlanDates>" + _el("CINPlanStartDate", plan_start)
                             + _el("CINPlanEndDate", plan_end) + "</CINPlanDates>")
            for enquiry in ep["s47"]:
                not_required = enquiry[2] if len(enquiry) > 2 else False
                parts.append("<Section47>" + _el("S47ActualStartDate", enquiry[0])
                             + _el("DateOfInitialCPC", enquiry[1])
                             + _el("ICPCnotRequired", "1" if not_required else "0")
                             + "</Section47>")
            parts.append(_el("ReferralNFA", "1" if ep["nfa"] else "0"))
            for plan in ep["cpps"]:
                parts.append("<ChildProtectionPlans>" + _el("CPPstartDate", plan["start"])
                             + _el("CPPendDate", plan["end"])
                             + _el("InitialCategoryOfAbuse", plan["initial"])
                             + _el("LatestCategoryOfAbuse", plan["latest"])
                             + _el("NumberOfPreviousCPP", plan["previous"])
                             + ("<Reviews>" + "".join(_el("CPPreviewDate", r)
                                                      for r in plan["reviews"])
                                + "</Reviews>" if plan["reviews"] else "")
                             + "</ChildProtectionPlans>")
            parts.append("</CINdetails>")
        parts.append("</Child>")
    parts.append("</Children></Message>")
    return "".join(parts).encode()


def cin_census(year: int, children: Iterable[Mapping[str, Any]]) -> Loaded:
    loaded = read_cin_census(cin_census_xml(year, children), f"cin_{year}.xml")
    assert loaded.acceptable, loaded.problems
    return loaded


# ------------------------------------------------------------------ SSDA903


def _dmy(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if len(text) == 10 and text[4] == "-":
        return date.fromisoformat(text).strftime("%d/%m/%Y")
    return text


def ssda903(year: int, **tables: Sequence[Mapping[str, Any]]) -> Loaded:
    """One collection year; each table a list of rows keyed by DfE column name (missing
    columns are blank). ISO dates are written dd/mm/yyyy."""
    files: dict[str, bytes] = {}
    for table, rows in tables.items():
        columns = [column.name for column in TABLES[table]]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_dmy(row.get(column)) for column in columns])
        files[f"{table}.csv"] = out.getvalue().encode()
    loaded = read_ssda903(files, year)
    assert loaded.acceptable, loaded.problems
    return loaded


def cla_episode(child_id: str, decom: str, *, rne: str = "S", ls: str = "C2", cin: str = "N1",
                place: str = "U4", provider: str = "PR1", dec: str | None = None,
                rec: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"CHILD": child_id, "DECOM": decom, "RNE": rne, "LS": ls, "CIN": cin,
            "PLACE": place, "PLACE_PROVIDER": provider, "DEC": dec, "REC": rec, **extra}


# ------------------------------------------------------------------ Annex A


def annex_a(list_number: int, rows: Sequence[Mapping[str, Any]]) -> Loaded:
    """One Annex A list as CSV, keyed by the template's header text (first spelling)."""
    headers = [column.headers[0] for column in COLUMNS[list_number]]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_dmy(row.get(header)) for header in headers])
    loaded = read_annex_a_csv(out.getvalue().encode(), f"list_{list_number}.csv", list_number)
    assert loaded.acceptable, loaded.problems
    return loaded


def merge_annex_a(*lists: Loaded) -> Loaded:
    """Several one-list loads as one Annex A return."""
    merged = Loaded(source="annex_a")
    for part in lists:
        merged.tables.update(part.tables)
        merged.files.extend(part.files)
    return merged


# ------------------------------------------------------------------ running


def run_results(codes: Sequence[str], returns: Sequence[Loaded | Return], *,
                population: Mapping[int, int] | None = None,
                allocations: Any = None) -> Results:
    wrapped = [item if isinstance(item, Return) else Return(item) for item in returns]
    inputs = assemble(wrapped, population=population, allocations=allocations)
    return compute(inputs, [BY_CODE[code] for code in codes])


def run(code: str, returns: Sequence[Loaded | Return], *,
        population: Mapping[int, int] | None = None, allocations: Any = None) -> dict[Key, Value]:
    """The values of one indicator, keyed by (period_id, breakdown, group)."""
    results = run_results([code], returns, population=population, allocations=allocations)
    if code in results.not_computed:
        return {}
    return {(row["period_id"], row["breakdown"], row["group"]):
            (row["numerator"], row["denominator"], row["value"])
            for row in results.values.to_pylist()}


def year(end_year: int) -> str:
    return f"year:{end_year}-03-31"
