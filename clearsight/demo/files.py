"""Write a generated Demoshire to a folder, in the formats Clearsight and the DfE use.

    out/staff.csv                staff and teams (docs/imports.md)
    out/cases.csv                the case-system extract (docs/imports.md)
    out/annex_a.xlsx             Ofsted Annex A as at as_of, Lists 1-11 (2024 template)
    out/ssda903/<year>/*.csv     the SSDA903 return of each collection year
    out/cin_census/<year>.xml    the CIN census of each collection year
    out/population.csv           children aged 0-17, as DfE's ONS mid-year estimates file

`<year>` is the year in which the collection year ends on 31 March (2025 for 2024-25). The
returns cover `authority.collection_years`: the year containing as_of (with data up to as_of)
and the years before it, each written to that year's rules (SSDA903 SEX 1/2 up to 2023-24 and
M/F/U from 2024-25, sw_episodes from 2023-24, CIN census GenderCurrent before 2024-25 and Sex
from it) and as it would have been sent at the time: an episode open on 31 March is open in that
year's files and ends in the next year's.

Every file is derived from the same children, so a child has the same ID, date of birth, sex and
ethnicity everywhere, and the same case, team and worker. The writers only format: all choices
were made by the generator, so the same authority always gives byte-identical files.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import xlsxwriter

from clearsight.demo import codes
from clearsight.demo.generator import (
    DIRECTORATE,
    LA_NAME,
    LA_NUMBER,
    Authority,
    CarePeriod,
    Child,
    CinEpisode,
    add_months,
)

STAFF_COLUMNS = ("staff_id", "email", "first_name", "last_name", "job_title", "directorate",
                 "service_area_code", "service_area", "team_code", "team", "locality", "roles",
                 "active")
CASES_COLUMNS = ("case_ref", "child_id", "date_of_birth", "expected_date_of_birth", "sex",
                 "ethnicity", "disability", "case_type", "legal_status", "team_code",
                 "allocated_worker_staff_id", "opened_on", "closed_on")
SSDA903_FOLDER = "ssda903"
CIN_CENSUS_FOLDER = "cin_census"


@dataclass(frozen=True)
class DemoFiles:
    """Where `write_all` put each file. The returns are keyed by collection year (the year
    in which it ends on 31 March), oldest first: `ssda903[2025]` is the folder of the 2024-25
    SSDA903 CSVs (one per table, named as in `codes.SSDA903_COLUMNS`), `cin_census[2025]` the
    2024-25 CIN census XML."""

    staff: Path
    cases: Path
    annex_a: Path
    ssda903: dict[int, Path]
    cin_census: dict[int, Path]
    population: Path

    def ssda903_files(self, year: int) -> list[Path]:
        """One collection year's SSDA903 CSVs, in table order."""
        return [self.ssda903[year] / name for name in codes.ssda903_tables(year)]

    def paths(self) -> list[Path]:
        """Every file written."""
        return [self.staff, self.cases, self.annex_a,
                *(path for year in self.ssda903 for path in self.ssda903_files(year)),
                *self.cin_census.values(), self.population]


def write_all(authority: Authority, out: Path) -> DemoFiles:
    """Write every file into `out` (created if need be), and say where each went.

    Returns of years no longer covered, and the single-year layout of earlier versions
    (`ssda903/*.csv`, `cin_census.xml`), are removed from `out` so they are not mistaken for
    current ones; nothing else there is touched."""
    out.mkdir(parents=True, exist_ok=True)
    years = authority.collection_years
    files = DemoFiles(
        staff=write_staff_csv(authority, out / "staff.csv"),
        cases=write_cases_csv(authority, out / "cases.csv"),
        annex_a=write_annex_a(authority, out / "annex_a.xlsx"),
        ssda903={year: out / SSDA903_FOLDER / str(year) for year in years},
        cin_census={year: out / CIN_CENSUS_FOLDER / f"{year}.xml" for year in years},
        population=write_population_csv(authority, out / "population.csv"),
    )
    for year in years:
        write_ssda903(authority, files.ssda903[year], year)
        write_cin_census(authority, files.cin_census[year], year)
    _remove_stale_returns(out, set(files.paths()))
    return files


def _remove_stale_returns(out: Path, keep: set[Path]) -> None:
    """Delete return files this module wrote earlier that are not in `keep`."""
    tables = set(codes.SSDA903_COLUMNS)
    candidates = [out / "cin_census.xml", *(out / SSDA903_FOLDER / name for name in tables)]
    candidates += (out / CIN_CENSUS_FOLDER).glob("[0-9][0-9][0-9][0-9].xml")
    for folder in (out / SSDA903_FOLDER).glob("[0-9][0-9][0-9][0-9]"):
        candidates += (folder / name for name in tables)
    for path in candidates:
        if path not in keep and path.is_file():
            path.unlink()
    for folder in (out / SSDA903_FOLDER).glob("[0-9][0-9][0-9][0-9]"):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


# ------------------------------------------------------------------ helpers


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _dmy(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _flag(value: int | bool | None) -> str:
    return "" if value is None else str(int(value))


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _overlaps(start: date, end: date | None, first: date, last: date) -> bool:
    return start <= last and (end is None or end >= first)


# ------------------------------------------------------------------ Clearsight's own imports


def write_staff_csv(authority: Authority, path: Path) -> Path:
    areas = {area.code: area.name for area in authority.service_areas}
    rows = []
    for person in sorted(authority.staff, key=lambda p: p.staff_id):
        team = authority.team(person.team)
        rows.append((person.staff_id, person.email, person.first_name, person.last_name,
                     person.job_title, DIRECTORATE, team.service_area, areas[team.service_area],
                     team.code, team.name, team.locality, ";".join(person.roles), "yes"))
    return _write_csv(path, STAFF_COLUMNS, rows)


def write_cases_csv(authority: Authority, path: Path) -> Path:
    rows = []
    for case in authority.cases:
        child = case.child
        rows.append((case.case_ref, child.child_id, _iso(child.date_of_birth),
                     _iso(child.expected_date_of_birth), child.sex, child.ethnicity,
                     {True: "Y", False: "N", None: ""}[child.disability], case.case_type,
                     case.legal_status, case.team, case.worker or "", _iso(case.opened_on),
                     _iso(case.closed_on)))
    return _write_csv(path, CASES_COLUMNS, rows)


# ------------------------------------------------------------------ Ofsted Annex A


class _AnnexA:
    """The rows of each Annex A list, for an inspection on the authority's as_of date."""

    def __init__(self, authority: Authority) -> None:
        self.a = authority
        self.today = authority.as_of
        self.since = add_months(self.today, -6)  # lists 1-9 look back six months
        self.year_ago = add_months(self.today, -12)  # lists 10 and 11, and the counts
        self.children = sorted(authority.children, key=lambda c: c.child_id)

    def common(self, child: Child) -> list[Any]:
        return [child.child_id, codes.AA_GENDER[child.sex], codes.AA_ETHNICITY[child.ethnicity],
                child.date_of_birth, child.age_on(self.today)]

    def yes_no(self, value: bool | None) -> str:
        return "" if value is None else (codes.AA_YES if value else codes.AA_NO)

    def team(self, code: str | None) -> str:
        return self.a.team(code).name if code else ""

    def worker(self, staff_id: str | None) -> str:
        person = self.a.person(staff_id)
        return person.name if person else ""

    def allocation(self, team: str, worker: str | None) -> list[str]:
        return [self.team(team), self.worker(worker)]

    def list1(self) -> Iterator[list[Any]]:
        rows = [(contact.day, child, contact) for child in self.children
                for contact in child.contacts if self.since <= contact.day <= self.today]
        for day, child, contact in sorted(rows, key=lambda r: (r[0], r[1].child_id)):
            yield [*self.common(child), day, codes.AA_SOURCE[contact.source]]

    def list2(self) -> Iterator[list[Any]]:
        for child in self.children:
            for eh in child.early_help:
                current = eh.case.closed_on is None
                if current or eh.start >= self.since or (
                        eh.completed and eh.completed >= self.since):
                    yield [*self.common(child), eh.start, eh.completed, eh.organisation]

    def referrals_in_year(self, child: Child) -> int:
        return sum(1 for e in child.cin_episodes if self.year_ago < e.referral <= self.today)

    def list3(self) -> Iterator[list[Any]]:
        for child in self.children:
            for episode in child.cin_episodes:
                if not self.since <= episode.referral <= self.today:
                    continue
                first = episode.cases[0] if episode.cases else None
                team, worker = (first.team, first.worker) if first else (episode.team,
                                                                         episode.worker)
                yield [*self.common(child), episode.referral, codes.AA_SOURCE[episode.source],
                       self.yes_no(episode.nfa), self.referrals_in_year(child),
                       *self.allocation(team, worker)]

    def list4(self) -> Iterator[list[Any]]:
        for child in self.children:
            for episode in child.cin_episodes:
                for a in episode.assessments:
                    if a.authorised is not None and a.authorised < self.since:
                        continue
                    yield [*self.common(child), self.yes_no(child.disability), a.start,
                           self.yes_no(a.seen), a.authorised, self.yes_no(a.needs_support),
                           *self.allocation(a.case.team, a.case.worker)]

    def list5(self) -> Iterator[list[Any]]:
        for child in self.children:
            enquiries = [s for e in child.cin_episodes for s in e.s47s]
            in_year = sum(1 for s in enquiries if self.year_ago < s.start <= self.today)
            icpcs = sum(1 for s in enquiries if s.icpc and self.year_ago < s.icpc <= self.today)
            for s in enquiries:
                if not self.since <= s.start <= self.today:
                    continue
                decided = s.icpc is not None or s.icpc_not_required
                yield [*self.common(child), self.yes_no(child.disability), s.start,
                       self.yes_no(s.icpc_not_required) if decided else "", s.icpc,
                       self.yes_no(s.led_to_plan), in_year, icpcs,
                       *self.allocation(s.case.team, s.case.worker)]

    def case_status(self, child: Child, episode: CinEpisode) -> str:
        if episode.closed is not None:
            return codes.AA_CASE_STATUS["closed"]
        if any(p.end is None for p in child.care_periods):
            return codes.AA_CASE_STATUS["cla"]
        if any(p.end is None for p in episode.protection_plans):
            return codes.AA_CASE_STATUS["cp"]
        if any(end is None for _, end in episode.plans):
            return codes.AA_CASE_STATUS["cin"]
        return codes.AA_CASE_STATUS["assessment"]

    def list6(self) -> Iterator[list[Any]]:
        for child in self.children:
            for episode in child.cin_episodes:
                if episode.nfa or not episode.assessments or not _overlaps(
                        episode.referral, episode.closed, self.since, self.today):
                    continue
                last = episode.cases[-1] if episode.cases else None
                team, worker = (last.team, last.worker) if last else (episode.team,
                                                                      episode.worker)
                yield [*self.common(child), self.yes_no(child.disability), episode.referral,
                       codes.AA_PRIMARY_NEED.get(episode.need or "", ""), episode.last_seen,
                       episode.closed, codes.AA_CLOSURE_REASON.get(episode.closure_reason, ""),
                       self.case_status(child, episode), *self.allocation(team, worker)]

    def list7(self) -> Iterator[list[Any]]:
        for child in self.children:
            for episode in child.cin_episodes:
                for plan in episode.protection_plans:
                    if plan.end is not None and plan.end < self.since:
                        continue
                    reviews = [day for day in plan.reviews if day <= self.today]
                    yield [*self.common(child), self.yes_no(child.disability), plan.start,
                           codes.AA_ABUSE[plan.initial_category],
                           codes.AA_ABUSE[plan.latest_category], plan.last_visit,
                           self.yes_no(plan.seen_alone), reviews[-1] if reviews else None,
                           plan.end, self.yes_no(plan.protection_order), plan.previous_plans,
                           *self.allocation(plan.case.team, plan.case.worker)]

    def placements_in_year(self, period: CarePeriod) -> int:
        seen = {id(e.placement) for e in period.episodes
                if _overlaps(e.start, e.end, self.year_ago, self.today)}
        return len(seen)

    def list8(self) -> Iterator[list[Any]]:
        for child in self.children:
            for period in child.care_periods:
                if period.end is not None and period.end < self.since:
                    continue
                yield self.list8_row(child, period)

    def list8_row(self, child: Child, period: CarePeriod) -> list[Any]:
        limit = period.end or self.today
        uasc = child.uasc and (child.uasc_ceased is None or child.uasc_ceased >= self.year_ago)
        reviews = [day for day, _ in period.reviews if day <= limit]
        recent = [m for m in period.missing if self.year_ago < m[1] <= self.today]
        placement = period.placement
        interview = period.return_interview if recent else None
        case = period.case
        return [
            *self.common(child), self.yes_no(uasc), self.yes_no(child.disability),
            period.start, codes.AA_PRIMARY_NEED[period.need], self.yes_no(period.second_period),
            period.legal_status_since(), codes.AA_LEGAL_STATUS[period.legal_status],
            reviews[-1] if reviews else None, period.last_visit,
            codes.AA_PERMANENCE[period.permanence], period.last_iro_contact,
            period.last_health_assessment, period.last_dental_check,
            self.placements_in_year(period), period.end,
            codes.AA_REASON_CEASED.get(period.reason, ""), placement.day,
            codes.AA_PLACEMENT_TYPE[placement.place], codes.AA_PROVIDER[placement.provider],
            placement.postcode, "" if placement.urn == "XXXXXXX" else placement.urn,
            codes.AA_LOCATION[placement.in_area], placement.la,
            sum(1 for m in recent if m[0] == "M"), sum(1 for m in recent if m[0] == "A"),
            self.yes_no(interview[0]) if interview else "",
            self.yes_no(interview[1]) if interview else "",
            *self.allocation(case.team if case else "", case.worker if case else None),
        ]

    def list9(self) -> Iterator[list[Any]]:
        for child in self.children:
            leaver = child.care_leaver
            if leaver is not None and leaver.case.closed_on is None:
                suitable = "" if leaver.suitable is None else codes.AA_SUITABILITY[
                    leaver.suitable]
                yield [*self.common(child), self.yes_no(child.uasc),
                       self.yes_no(child.disability),
                       *self.allocation(leaver.case.team, leaver.case.worker),
                       self.worker(leaver.case.worker), codes.AA_ELIGIBILITY[leaver.eligibility],
                       leaver.pathway_review, codes.AA_IN_TOUCH[leaver.in_touch],
                       leaver.latest_contact,
                       codes.AA_ACCOMMODATION.get(leaver.accommodation, ""), suitable,
                       codes.AA_ACTIVITY.get(leaver.activity, "")]
                continue
            period = next((p for p in child.care_periods if p.end is None), None)
            if period is None or period.case is None or (child.age_on(self.today) or 0) < 16:
                continue
            reviews = [day for day, _ in period.reviews if day <= self.today]
            yield [*self.common(child), self.yes_no(child.uasc), self.yes_no(child.disability),
                   *self.allocation(period.case.team, period.case.worker),
                   self.worker(child.personal_adviser), codes.AA_ELIGIBILITY["eligible"],
                   reviews[-1] if reviews else None, codes.AA_IN_TOUCH["YES"],
                   period.last_visit, "", "", ""]

    def list10(self) -> Iterator[list[Any]]:
        for child in self.children:
            record = child.adoption
            if record is None or record.decision > self.today:
                continue
            adopted = record.adoption_order is not None
            reversed_ = record.reversed_on is not None
            if adopted and record.adoption_order < self.year_ago:  # type: ignore[operator]
                continue
            if reversed_ and record.reversed_on < self.year_ago:  # type: ignore[operator]
                continue
            yield [child.child_id, record.family_id, codes.AA_GENDER[child.sex],
                   codes.AA_ETHNICITY[child.ethnicity], child.date_of_birth,
                   child.age_on(self.today), self.yes_no(child.disability), record.entered_care,
                   record.decision, record.placement_order, record.matched, record.placed,
                   record.adoption_order, record.reversed_on,
                   codes.AA_NO_LONGER_PLACED.get(record.reversed_reason, ""), record.ffa_placed]

    def list11(self) -> Iterator[list[Any]]:
        for family in sorted(self.a.families, key=lambda f: f.family_id):
            for adopter in family.adopters:
                dates = [adopter.enquiry, adopter.stage1_start, adopter.stage1_end,
                         adopter.stage2_start, adopter.stage2_end, adopter.application,
                         adopter.approved, adopter.matched, adopter.placed,
                         adopter.adoption_order, adopter.left_on]
                if not any(d and self.year_ago < d <= self.today for d in dates):
                    continue
                yield [adopter.adopter_id, family.family_id, codes.AA_GENDER[adopter.sex],
                       codes.AA_ETHNICITY[adopter.ethnicity], self.yes_no(adopter.disabled),
                       self.yes_no(adopter.ffa), *dates[:9], adopter.children_placed,
                       adopter.adoption_order, adopter.left_on,
                       codes.AA_LEFT_ADOPTION.get(adopter.left_reason or 0, "")]

    def sheets(self) -> Iterator[tuple[str, Iterator[list[Any]]]]:
        lists = (self.list1, self.list2, self.list3, self.list4, self.list5, self.list6,
                 self.list7, self.list8, self.list9, self.list10, self.list11)
        for number, rows in enumerate(lists, start=1):
            yield f"List {number}", rows()


def annex_a_rows(authority: Authority) -> dict[str, list[list[Any]]]:
    """Every Annex A list as rows of values (dates as dates), keyed by sheet name."""
    return {name: list(rows) for name, rows in _AnnexA(authority).sheets()}


def write_annex_a(authority: Authority, path: Path) -> Path:
    """The Annex A workbook: sheets "List 1" to "List 11", headers in row 1, data below,
    dates as Excel dates shown dd/mm/yyyy. The same authority always gives the same bytes."""
    workbook = xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "default_date_format": "dd/mm/yyyy", "strings_to_numbers": False,
        "strings_to_formulas": False, "strings_to_urls": False,
    })
    workbook.set_properties({
        "title": f"Demoshire Annex A as at {authority.as_of:%d/%m/%Y}",
        "author": "Clearsight demo generator",
        "created": datetime.combine(authority.as_of, time(0, 0)),
    })
    bold = workbook.add_format({"bold": True})
    for name, rows in _AnnexA(authority).sheets():
        header = codes.ANNEX_A_HEADERS[name]
        sheet = workbook.add_worksheet(name)
        sheet.set_column(0, 4, 14)
        sheet.set_column(5, max(len(header) - 1, 5), 20)
        sheet.write_row(0, 0, header, bold)
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, row)
    workbook.close()
    return path


# ------------------------------------------------------------------ SSDA903


class _Return903:
    """The SSDA903 tables of one collection year (by default the one containing as_of), as
    they would have been sent at its end: nothing after its last day is known."""

    def __init__(self, authority: Authority, year: int | None = None) -> None:
        self.a = authority
        self.year = year or authority.year_end.year
        self.first = date(self.year - 1, 4, 1)
        self.last = authority.last_day(self.year)
        self.children = sorted(authority.children, key=lambda c: c.child_id)
        self.periods = [(child, period) for child in self.children
                        for period in child.care_periods
                        if _overlaps(period.start, period.end, self.first, self.last)]
        self.leavers = [child for child in self.children if child.care_leaver is not None
                        and self.year in child.care_leaver.years]

    def known(self, day: date | None) -> date | None:
        """A date, if it had happened by the end of the year."""
        return day if day is not None and day <= self.last else None

    def in_return(self) -> list[Child]:
        ids = {child.child_id: child for child, _ in self.periods}
        ids.update((child.child_id, child) for child in self.leavers)
        return [ids[key] for key in sorted(ids)]

    def header(self) -> Iterator[tuple[str, ...]]:
        for child in self.in_return():
            mother_child = self.known(child.mother_child_dob)
            mother = "" if child.sex != "F" else _flag(mother_child is not None)
            yield (child.child_id, codes.sex_903(child.sex, self.year),
                   _dmy(child.date_of_birth), child.ethnicity, child.upn, mother,
                   _dmy(mother_child))

    def episodes(self) -> Iterator[tuple[str, ...]]:
        for child, period in self.periods:
            for e in period.episodes:
                if not _overlaps(e.start, e.end, self.first, self.last):
                    continue
                place = e.placement
                provider = "" if place.place.startswith("T") else place.provider
                ended = self.known(e.end) is not None  # open on 31 March: ends next year
                yield (child.child_id, _dmy(e.start), e.rne, e.legal_status, e.need,
                       place.place, provider, _dmy(e.end) if ended else "",
                       e.reason if ended else "", e.place_change_reason if ended else "",
                       child.home_postcode, place.postcode, place.urn)

    def uasc(self) -> Iterator[tuple[str, ...]]:
        for child in self.in_return():
            if child.uasc:
                yield (child.child_id, codes.sex_903(child.sex, self.year),
                       _dmy(child.date_of_birth), _dmy(self.known(child.uasc_ceased)))

    def reviews(self) -> Iterator[tuple[str, ...]]:
        for child, period in self.periods:
            for day, code in period.reviews:
                if self.first <= day <= self.last:
                    yield (child.child_id, _dmy(child.date_of_birth), _dmy(day), code)

    def oc2(self) -> Iterator[tuple[str, ...]]:
        """Children looked after for twelve months at the end of the year."""
        for child, period in self.periods:
            o = period.outcomes.get(self.year)
            if o is None:
                continue
            yield (child.child_id, _dmy(child.date_of_birth),
                   "" if o.sdq_score is None else str(o.sdq_score), o.sdq_reason,
                   _flag(o.convicted), _flag(o.health_check), _flag(o.immunisations),
                   _flag(o.teeth_check), _flag(o.health_assessment), _flag(o.substance_misuse),
                   _flag(o.intervention_received), _flag(o.intervention_offered))

    def oc3(self) -> Iterator[tuple[str, ...]]:
        """Care leavers with a 17th to 21st birthday in the year, as they were around it."""
        for child in self.leavers:
            if child.care_leaver is None:
                continue
            then = child.care_leaver.years[self.year]
            if then.in_touch == "YES":
                suitable = "1" if then.suitable else "2"
                activity, accommodation = then.activity, then.accommodation + suitable
            elif then.in_touch in ("DIED", "RHOM"):
                activity = accommodation = ""
            else:  # not in touch or no longer wanting services: not known
                activity = accommodation = "0"
            yield (child.child_id, _dmy(child.date_of_birth), then.in_touch, activity,
                   accommodation)

    def ad1(self) -> Iterator[tuple[str, ...]]:
        families = {family.family_id: family for family in self.a.families}
        for child, period in self.periods:
            record = child.adoption
            if period.reason not in ("E11", "E12") or record is None or not (
                    self.first <= (period.end or date.max) <= self.last):
                continue
            family = families[record.family_id]
            yield (child.child_id, _dmy(child.date_of_birth), _dmy(record.decision),
                   _dmy(record.matched), _flag(record.by_foster_carer),
                   str(len(family.adopters)), family.sex_code, family.status_code)

    def placed_for_adoption(self) -> Iterator[tuple[str, ...]]:
        done: set[str] = set()
        for child, _period in self.periods:
            record = child.adoption
            if record is None or record.decision > self.last or child.child_id in done:
                continue
            done.add(child.child_id)
            reversed_on = self.known(record.reversed_on)
            yield (child.child_id, _dmy(child.date_of_birth), _dmy(record.decision),
                   _dmy(reversed_on), record.reversed_reason if reversed_on else "")

    def missing(self) -> Iterator[tuple[str, ...]]:
        for child, period in self.periods:
            for kind, start, end in period.missing:
                if self.first <= start <= self.last:
                    yield (child.child_id, _dmy(child.date_of_birth), kind, _dmy(start),
                           _dmy(self.known(end)))

    def prev_perm(self) -> Iterator[tuple[str, ...]]:
        for child, period in self.periods:
            if period.previous_permanence and self.first <= period.start <= self.last:
                code, when = period.previous_permanence
                yield (child.child_id, _dmy(child.date_of_birth), code, "", _dmy(when))

    def sw_episodes(self) -> Iterator[tuple[str, ...]]:
        for child, period in self.periods:
            for worker, start, end, reason in period.social_workers:
                if _overlaps(start, end, self.first, self.last):
                    ended = self.known(end)
                    yield (child.child_id, _dmy(child.date_of_birth), worker, _dmy(start),
                           _dmy(ended), reason if ended else "")

    def tables(self) -> Iterator[tuple[str, Iterator[tuple[str, ...]]]]:
        for name in codes.ssda903_tables(self.year):
            yield name, getattr(self, name.removesuffix(".csv"))()


def ssda903_rows(authority: Authority,
                 year: int | None = None) -> dict[str, list[tuple[str, ...]]]:
    """One collection year's SSDA903 tables as rows (by default the year containing as_of)."""
    return {name: list(rows) for name, rows in _Return903(authority, year).tables()}


def write_ssda903(authority: Authority, folder: Path, year: int | None = None) -> list[Path]:
    """One CSV per SSDA903 table of a collection year, headed with the DfE column names."""
    return [_write_csv(folder / name, codes.SSDA903_COLUMNS[name], rows)
            for name, rows in _Return903(authority, year).tables()]


# ------------------------------------------------------------------ CIN census


class _CinCensus:
    """One collection year's CIN census XML, written as text line by line (ElementTree took
    most of the writing time for a large authority): the `Message` of data-standards.md
    section 3.1, elements in the order of the specification, indented by two spaces."""

    def __init__(self, authority: Authority, year: int) -> None:
        self.a = authority
        self.year = year
        self.first, self.last = date(year - 1, 4, 1), authority.last_day(year)
        self.lines: list[str] = []

    def open(self, depth: int, tag: str) -> None:
        self.lines.append(f"{'  ' * depth}<{tag}>")

    def close(self, depth: int, tag: str) -> None:
        self.lines.append(f"{'  ' * depth}</{tag}>")

    def item(self, depth: int, tag: str, value: object) -> None:
        text = value.isoformat() if isinstance(value, date) else str(value)
        self.lines.append(f"{'  ' * depth}<{tag}>{xml_escape(text)}</{tag}>")

    def xml(self) -> str:
        self.lines = ["<?xml version='1.0' encoding='utf-8'?>", "<Message>"]
        self.header()
        self.open(1, "Children")
        for child in sorted(self.a.children, key=lambda c: c.child_id):
            episodes = [e for e in child.cin_episodes
                        if _overlaps(e.referral, e.closed, self.first, self.last)]
            if not episodes:
                continue
            self.open(2, "Child")
            self.identifiers(child)
            for episode in sorted(episodes, key=lambda e: e.referral):
                self.details(episode)
            self.close(2, "Child")
        self.close(1, "Children")
        self.lines.append("</Message>")
        return "\n".join(self.lines)

    def header(self) -> None:
        self.open(1, "Header")
        self.open(2, "CollectionDetails")
        self.item(3, "Collection", "CIN")
        self.item(3, "Year", self.year)
        self.item(3, "ReferenceDate", date(self.year, 3, 31))
        self.close(2, "CollectionDetails")
        self.open(2, "Source")
        self.item(3, "SourceLevel", "L")
        self.item(3, "LEA", LA_NUMBER)
        self.item(3, "SoftwareCode", "Clearsight demo generator")
        self.item(3, "Release", "1")
        self.item(3, "SerialNo", "001")
        # A past year's return was made after its 31 March; the current one as at as_of.
        self.item(3, "DateTime", datetime.combine(self.last, time(0, 0)).isoformat())
        self.close(2, "Source")
        self.close(1, "Header")

    def identifiers(self, child: Child) -> None:
        self.open(3, "ChildIdentifiers")
        self.item(4, "LAchildID", child.child_id)
        self.item(4, "UPNunknown" if child.upn.startswith("UN") else "UPN", child.upn)
        # A child born after the year's end was still expected in that year's return.
        born = child.date_of_birth is not None and child.date_of_birth <= self.last
        if born:
            self.item(4, "PersonBirthDate", child.date_of_birth)
        else:
            self.item(4, "ExpectedPersonBirthDate",
                      child.date_of_birth or child.expected_date_of_birth)
        sex = child.sex if born else "U"
        if self.year >= codes.CIN_SEX_FROM:
            self.item(4, "Sex", sex)
        else:
            self.item(4, "GenderCurrent", {"M": "1", "F": "2"}.get(sex, "0"))
        self.close(3, "ChildIdentifiers")
        self.open(3, "ChildCharacteristics")
        self.item(4, "Ethnicity", child.ethnicity)
        if child.disabilities:
            self.open(4, "Disabilities")
            for code in child.disabilities:
                self.item(5, "Disability", code)
            self.close(4, "Disabilities")
        self.close(3, "ChildCharacteristics")

    def details(self, episode: CinEpisode) -> None:
        first, last = self.first, self.last
        self.open(3, "CINdetails")
        self.item(4, "CINreferralDate", episode.referral)
        self.item(4, "ReferralSource", episode.source)
        if episode.need:
            self.item(4, "PrimaryNeedCode", episode.need)
        if episode.closed is not None and episode.closed <= last:
            self.item(4, "CINclosureDate", episode.closed)
            self.item(4, "ReasonForClosure", episode.closure_reason)
        if episode.icpc is not None and episode.icpc <= last:
            self.item(4, "DateOfInitialCPC", episode.icpc)
        for a in episode.assessments:
            if not _overlaps(a.start, a.authorised, first, last):
                continue
            self.open(4, "Assessments")
            self.item(5, "AssessmentActualStartDate", a.start)
            if a.authorised is not None and a.authorised <= last:
                self.item(5, "AssessmentAuthorisationDate", a.authorised)
                self.open(5, "FactorsIdentifiedAtAssessment")
                for code in a.factors:
                    self.item(6, "AssessmentFactors", code)
                self.close(5, "FactorsIdentifiedAtAssessment")
            self.close(4, "Assessments")
        for start, end in episode.plans:
            if start is not None and _overlaps(start, end, first, last):
                self.open(4, "CINPlanDates")
                self.item(5, "CINPlanStartDate", start)
                if end is not None and end <= last:
                    self.item(5, "CINPlanEndDate", end)
                self.close(4, "CINPlanDates")
        for s in episode.s47s:
            # An enquiry is done at its conference, or (no conference needed) when it started.
            if not _overlaps(s.start, s.icpc or (s.start if s.icpc_not_required else None),
                             first, last):
                continue
            self.open(4, "Section47")
            self.item(5, "S47ActualStartDate", s.start)
            self.item(5, "InitialCPCtarget", s.icpc_target)
            if s.icpc is not None and s.icpc <= last:
                self.item(5, "DateOfInitialCPC", s.icpc)
            self.item(5, "ICPCnotRequired", int(s.icpc_not_required))
            self.close(4, "Section47")
        self.item(4, "ReferralNFA", int(episode.nfa))
        for p in episode.protection_plans:
            if not _overlaps(p.start, p.end, first, last):
                continue
            self.open(4, "ChildProtectionPlans")
            self.item(5, "CPPstartDate", p.start)
            if p.end is not None and p.end <= last:
                self.item(5, "CPPendDate", p.end)
            self.item(5, "InitialCategoryOfAbuse", p.initial_category)
            self.item(5, "LatestCategoryOfAbuse", p.latest_category)
            self.item(5, "NumberOfPreviousCPP", p.previous_plans)
            reviews = [day for day in p.reviews if first <= day <= last]
            if reviews:
                self.open(5, "Reviews")
                for day in reviews:
                    self.item(6, "CPPreviewDate", day)
                self.close(5, "Reviews")
            self.close(4, "ChildProtectionPlans")
        self.close(3, "CINdetails")


def cin_census_xml(authority: Authority, year: int | None = None) -> str:
    """One collection year's CIN census (by default the year containing as_of), as it would
    have been sent at the end of that year (or as at as_of while the year is running)."""
    return _CinCensus(authority, year or authority.year_end.year).xml()


def write_cin_census(authority: Authority, path: Path, year: int | None = None) -> Path:
    """The CIN census XML of a collection year (by default the one containing as_of)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(cin_census_xml(authority, year), encoding="utf-8", newline="\n")
    return path


# ------------------------------------------------------------------ population


def write_population_csv(authority: Authority, path: Path) -> Path:
    """The authority's children aged 0-17, one row per mid-year estimate the returns need, in
    the columns of DfE's ONS mid-year population estimates file. DfE divides the collection
    year ending March YYYY by the mid-(YYYY-1) estimate."""
    rows = [(str(year), codes.POPULATION_TIME_IDENTIFIER, "Local authority",
             codes.ENGLAND_CODE, "England", codes.REGION_CODE, codes.REGION_NAME, LA_NUMBER,
             codes.NEW_LA_CODE, LA_NAME, codes.POPULATION_AGE_GROUP, str(count))
            for year, count in sorted(authority.population.items(), reverse=True)]
    return _write_csv(path, codes.POPULATION_COLUMNS, rows)
