"""Demoshire: a synthetic children's services authority, generated from a seed.

`generate(seed=..., open_cases=..., as_of=...)` returns an in-memory `Authority`: the
organisation (directorate, service areas, teams in the North and South localities, about 150
staff holding every role), the children and their cases (open ones, and those closed since the
start of the first collection year the returns cover), and the history the national returns need
(contacts, referrals, assessments, section 47 enquiries, child in need and child protection plans,
periods of care with their placements and legal statuses, care leavers, adoptions and adopters),
at a steady rate over `years` collection years, so that each year looks like the others.

Nothing here touches the database, and nothing uses the global `random` module: the same seed
and `as_of` date always give the same authority. Two private `random.Random` streams are derived
from the seed: one for the organisation, one for the children, so the staff do not change with
the number of cases asked for. `clearsight.demo.files` writes the authority to disk.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import random
import re
from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import NormalDist
from typing import Generic, TypeVar

from clearsight.demo import codes
from clearsight.demo.names import FIRST_NAMES, LAST_NAMES
from clearsight_analytics import WorkingDayCalendar

DOMAIN = "demoshire.example"
DIRECTORATE = "Children and Families"
LA_NAME = "Demoshire"
LA_NUMBER = "999"  # a made-up three-digit LA number, for UPNs and the CIN census header
DEFAULT_SEED = 2026
DEFAULT_OPEN_CASES = 1500
DEFAULT_PASSWORD = "demoshire-demo-2026"  # noqa: S105 - the documented demo password
DEFAULT_YEARS = 3  # collection years of national returns: the one containing as_of and two before
HISTORY_YEARS = 3  # cases.csv lists closed cases that closed within this many years of as_of
CHILDREN_PER_OPEN_CASE = 20.5  # the authority's children aged 0-17 for each open case
T = TypeVar("T")

# ------------------------------------------------------------------ the organisation

SERVICE_AREAS: tuple[tuple[str, str], ...] = (
    ("early-help", "Early Help"),
    ("mash", "MASH"),
    ("assessment", "Assessment"),
    ("safeguarding", "Safeguarding"),
    ("get-safe", "Get Safe"),
    ("children-in-care", "Children in Care"),
    ("care-leavers", "Care Leavers"),
    ("children-with-disabilities", "Children with Disabilities"),
    ("fostering", "Fostering"),
    ("adoption", "Adoption"),
    ("family-support", "Family Support"),
    ("safeguarding-and-review", "Safeguarding and Review"),
    ("quality-assurance", "Quality Assurance"),
    # Not a service of the framework: a home for the director, the board and business support,
    # because the staff file gives everyone a team.
    ("directorate", "Directorate Management"),
)


@dataclass(frozen=True)
class TeamSpec:
    code: str
    name: str
    service_area: str
    locality: str  # "" for a team that covers the whole authority
    practitioners: int
    kind: str  # which job titles its practitioners have (see PRACTITIONER_TITLES)
    case_holding: bool


TEAM_SPECS: tuple[TeamSpec, ...] = (
    TeamSpec("eh-north", "Early Help North", "early-help", "North", 9, "eh", True),
    TeamSpec("eh-south", "Early Help South", "early-help", "South", 8, "eh", True),
    TeamSpec("mash", "Multi-Agency Safeguarding Hub", "mash", "", 6, "sw", True),
    TeamSpec("assessment-north", "Assessment North", "assessment", "North", 7, "sw", True),
    TeamSpec("assessment-south", "Assessment South", "assessment", "South", 6, "sw", True),
    TeamSpec("safeguarding-north", "Safeguarding North", "safeguarding", "North", 8, "sw", True),
    TeamSpec("safeguarding-south", "Safeguarding South", "safeguarding", "South", 7, "sw", True),
    TeamSpec("get-safe", "Get Safe", "get-safe", "", 5, "sw", True),
    TeamSpec("family-support", "Family Support", "family-support", "", 6, "fsw", True),
    TeamSpec("cic-north", "Children in Care North", "children-in-care", "North", 8, "sw", True),
    TeamSpec("cic-south", "Children in Care South", "children-in-care", "South", 7, "sw", True),
    TeamSpec("care-leavers", "Care Leavers", "care-leavers", "", 9, "pa", True),
    TeamSpec("cwd", "Children with Disabilities", "children-with-disabilities", "", 6, "sw",
             True),
    TeamSpec("fostering", "Fostering", "fostering", "", 5, "ssw", True),
    TeamSpec("adoption", "Adoption", "adoption", "", 4, "sw", True),
    TeamSpec("independent-reviewing", "Independent Reviewing", "safeguarding-and-review", "", 7,
             "iro", False),
    TeamSpec("lado", "LADO", "safeguarding-and-review", "", 0, "", False),
    TeamSpec("quality-assurance", "Quality Assurance", "quality-assurance", "", 0, "", False),
    TeamSpec("performance", "Performance and Intelligence", "quality-assurance", "", 0, "",
             False),
    TeamSpec("leadership", "Directorate Leadership", "directorate", "", 0, "", False),
    TeamSpec("business-support", "Business Support", "directorate", "", 0, "", False),
    TeamSpec("improvement-board", "Improvement Board", "directorate", "", 0, "", False),
)
# A service area's team for a locality ("" when the area has one team for everywhere).
_TEAM_FOR = {(spec.service_area, spec.locality): spec.code for spec in TEAM_SPECS}
PRACTITIONER_TITLES = {
    "sw": (("Social Worker", 55), ("Senior Social Worker", 30), ("Advanced Practitioner", 15)),
    "eh": (("Early Help Practitioner", 70), ("Senior Early Help Practitioner", 30)),
    "fsw": (("Family Support Worker", 80), ("Senior Family Support Worker", 20)),
    "pa": (("Personal Adviser", 75), ("Senior Personal Adviser", 10), ("Social Worker", 15)),
    "ssw": (("Supervising Social Worker", 80), ("Senior Supervising Social Worker", 20)),
    "iro": (("Independent Reviewing Officer", 60), ("Child Protection Chair", 40)),
}
# One service manager per service area (where there is one), and the team they sit in.
SERVICE_MANAGERS: tuple[tuple[str, str], ...] = (
    ("early-help", "eh-north"), ("mash", "mash"), ("assessment", "assessment-north"),
    ("safeguarding", "safeguarding-north"), ("get-safe", "get-safe"),
    ("children-in-care", "cic-north"), ("care-leavers", "care-leavers"),
    ("children-with-disabilities", "cwd"), ("fostering", "fostering"), ("adoption", "adoption"),
    ("safeguarding-and-review", "independent-reviewing"),
    ("quality-assurance", "quality-assurance"),  # also a QA officer
)
# Heads of service, each over a group of services; the fourth is the principal social worker.
HEADS_OF_SERVICE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Early Help and Front Door", "eh-north", ("early-help", "mash", "family-support")),
    ("Assessment and Safeguarding", "safeguarding-north",
     ("assessment", "safeguarding", "get-safe", "children-with-disabilities")),
    ("Children in Care and Permanence", "cic-north",
     ("children-in-care", "care-leavers", "fostering", "adoption")),
)
PSW_GROUP = ("Quality and Practice", "quality-assurance",
             ("quality-assurance", "safeguarding-and-review"))
ROLES = ("practitioner", "team_manager", "qa_officer", "service_manager", "head_of_service",
         "service_director", "principal_social_worker", "performance_analyst", "lado_officer",
         "board_member", "administrator")


def sign_in_email(role: str) -> str:
    """The fixed demo sign-in for a role, such as team-manager@demoshire.example."""
    return f"{role.replace('_', '-')}@{DOMAIN}"


# ------------------------------------------------------------------ records


@dataclass(frozen=True)
class ServiceArea:
    code: str
    name: str


@dataclass(frozen=True)
class Team:
    code: str
    name: str
    service_area: str
    locality: str
    case_holding: bool


@dataclass
class StaffMember:
    staff_id: str
    email: str
    first_name: str
    last_name: str
    job_title: str
    team: str
    roles: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(eq=False, slots=True)
class Case:
    child: Child
    case_type: str
    team: str
    worker: str | None  # staff ID
    opened_on: date
    closed_on: date | None = None
    legal_status: str = ""
    case_ref: str = ""


@dataclass(slots=True)
class Contact:
    day: date
    source: str
    team: str
    worker: str | None


@dataclass(slots=True)
class EarlyHelpAssessment:
    start: date
    completed: date | None
    organisation: str
    case: Case


@dataclass(slots=True)
class Assessment:
    start: date
    authorised: date | None
    seen: bool
    needs_support: bool | None
    factors: tuple[str, ...]
    case: Case


@dataclass(slots=True)
class Section47:
    start: date
    icpc_target: date
    icpc: date | None
    icpc_not_required: bool
    led_to_plan: bool | None
    case: Case


@dataclass(slots=True)
class ProtectionPlan:
    start: date
    end: date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[date]
    last_visit: date
    seen_alone: bool
    protection_order: bool
    case: Case


@dataclass(eq=False, slots=True)
class CinEpisode:
    referral: date
    source: str
    need: str | None
    team: str  # the team that took the referral
    worker: str | None
    closed: date | None = None
    closure_reason: str = ""
    nfa: bool = False
    last_seen: date | None = None
    assessments: list[Assessment] = field(default_factory=list)
    plans: list[list[date | None]] = field(default_factory=list)  # [start, end]
    s47s: list[Section47] = field(default_factory=list)
    protection_plans: list[ProtectionPlan] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    @property
    def icpc(self) -> date | None:
        dates = [s.icpc for s in self.s47s if s.icpc]
        return min(dates) if dates else None


@dataclass(slots=True)
class Placement:
    day: date
    place: str
    provider: str
    postcode: str
    urn: str
    in_area: bool
    la: str
    same_carer: bool = False


@dataclass(slots=True)
class Episode:
    """One SSDA903 episode: a stretch with one legal status and one placement."""

    start: date
    rne: str
    legal_status: str
    need: str
    placement: Placement
    end: date | None = None
    reason: str = ""
    place_change_reason: str = ""


@dataclass
class Outcomes:
    """SSDA903 OC2 items for a child looked after for 12 months."""

    sdq_score: int | None
    sdq_reason: str
    convicted: int | None
    health_check: int | None
    immunisations: int
    teeth_check: int
    health_assessment: int
    substance_misuse: int
    intervention_received: int | None
    intervention_offered: int | None


@dataclass(eq=False)
class CarePeriod:
    start: date
    end: date | None
    reason: str  # reason ceased (SSDA903 REC), "" while looked after
    need: str
    episodes: list[Episode]
    reviews: list[tuple[date, str]]
    missing: list[tuple[str, date, date | None]]
    return_interview: tuple[bool, bool] | None
    permanence: str
    last_health_assessment: date | None
    last_dental_check: date | None
    last_visit: date
    last_iro_contact: date
    # OC2, by collection year: for each year at whose end the child had been looked after for
    # twelve months (at as_of for the current year).
    outcomes: dict[int, Outcomes] = field(default_factory=dict)
    previous_permanence: tuple[str, date | None] | None = None
    second_period: bool = False
    social_workers: list[tuple[str, date, date | None, str]] = field(default_factory=list)
    case: Case | None = None

    @property
    def legal_status(self) -> str:
        return self.episodes[-1].legal_status

    def legal_status_since(self) -> date:
        current = self.legal_status
        since = self.episodes[-1].start
        for episode in reversed(self.episodes):
            if episode.legal_status != current:
                break
            since = episode.start
        return since

    @property
    def placement(self) -> Placement:
        return self.episodes[-1].placement


@dataclass(frozen=True)
class LeaverYear:
    """A care leaver's circumstances around the 17th to 21st birthday that puts them in one
    collection year's SSDA903 OC3 table."""

    birthday: date
    in_touch: str
    accommodation: str  # a letter, or "" when not known
    suitable: bool | None
    activity: str  # ACTIV code, or "" when not known


@dataclass
class CareLeaver:
    eligibility: str  # relevant, former, qualifying
    in_touch: str
    latest_contact: date | None
    pathway_review: date | None
    accommodation: str  # a letter, or "" when not known
    suitable: bool | None
    activity: str  # ACTIV code, or "" when not known
    case: Case
    years: dict[int, LeaverYear] = field(default_factory=dict)  # OC3, by collection year


@dataclass
class AdoptionRecord:
    entered_care: date
    decision: date
    placement_order: date | None
    matched: date | None = None
    placed: date | None = None
    adoption_order: date | None = None
    reversed_on: date | None = None
    reversed_reason: str = ""
    ffa_placed: date | None = None
    family_id: str = ""
    by_foster_carer: bool = False


@dataclass
class Adopter:
    adopter_id: str
    family_id: str
    sex: str
    ethnicity: str
    disabled: bool
    ffa: bool
    enquiry: date
    stage1_start: date | None = None
    stage1_end: date | None = None
    stage2_start: date | None = None
    stage2_end: date | None = None
    application: date | None = None
    approved: date | None = None
    matched: date | None = None
    placed: date | None = None
    children_placed: int | None = None
    adoption_order: date | None = None
    left_on: date | None = None
    left_reason: int | None = None


@dataclass
class AdoptiveFamily:
    family_id: str
    adopters: list[Adopter]
    sex_code: str  # SSDA903 SEX_ADOPTR
    status_code: str  # SSDA903 LS_ADOPTR


@dataclass(eq=False, slots=True)
class Child:
    child_id: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    sex: str
    ethnicity: str
    disability: bool | None
    disabilities: tuple[str, ...]
    locality: str
    home_postcode: str
    upn: str  # a UPN, or UN1 for a child not yet at school
    uasc: bool = False
    uasc_ceased: date | None = None
    personal_adviser: str | None = None  # staff ID, for a child looked after aged 16 or 17
    mother_child_dob: date | None = None  # the date of birth of her child, if she is a mother
    cases: list[Case] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    early_help: list[EarlyHelpAssessment] = field(default_factory=list)
    cin_episodes: list[CinEpisode] = field(default_factory=list)
    care_periods: list[CarePeriod] = field(default_factory=list)
    care_leaver: CareLeaver | None = None
    adoption: AdoptionRecord | None = None

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, day)

    @property
    def born(self) -> bool:
        return self.date_of_birth is not None


@dataclass
class Authority:
    seed: int
    as_of: date
    open_cases_target: int
    service_areas: list[ServiceArea]
    teams: list[Team]
    staff: list[StaffMember]
    children: list[Child]
    cases: list[Case]  # the cases listed in cases.csv, in case_ref order
    families: list[AdoptiveFamily]
    sign_ins: dict[str, StaffMember]  # role code: the person behind role@demoshire.example
    years: int = DEFAULT_YEARS  # collection years the history (and the returns) cover
    population: dict[int, int] = field(default_factory=dict)  # mid-year: children aged 0-17

    @property
    def directorate(self) -> str:
        return DIRECTORATE

    @property
    def year_end(self) -> date:
        """31 March ending the collection year that contains as_of (the current year)."""
        return date(collection_year(self.as_of), 3, 31)

    @property
    def year_start(self) -> date:
        return date(self.year_end.year - 1, 4, 1)

    @property
    def census_date(self) -> date:
        """The last day the returns can see: 31 March, or as_of while the year is running."""
        return min(self.year_end, self.as_of)

    @property
    def collection_years(self) -> list[int]:
        """The collection years of the returns, oldest first, each named by the year it ends
        on 31 March (2025 = 2024-25); the last is the year containing as_of."""
        current = collection_year(self.as_of)
        return list(range(current - self.years + 1, current + 1))

    def last_day(self, year: int) -> date:
        """The last day a collection year's return can see: 31 March, or as_of."""
        return min(date(year, 3, 31), self.as_of)

    def team(self, code: str) -> Team:
        return self._teams[code]

    def person(self, staff_id: str | None) -> StaffMember | None:
        return self._staff.get(staff_id) if staff_id else None

    def __post_init__(self) -> None:
        self._teams = {team.code: team for team in self.teams}
        self._staff = {person.staff_id: person for person in self.staff}

    def open_cases(self) -> list[Case]:
        return [case for case in self.cases if case.closed_on is None]

    def closed_cases(self) -> list[Case]:
        return [case for case in self.cases if case.closed_on is not None]


# ------------------------------------------------------------------ dates


def collection_year(day: date) -> int:
    """The collection year (1 April to 31 March) containing a day, named by the year in which
    it ends: 2025 for 2024-25."""
    return day.year + 1 if day.month >= 4 else day.year


def add_months(day: date, months: int) -> date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def birthday(dob: date, years: int) -> date:
    return add_months(dob, 12 * years)


def age_on(dob: date, day: date) -> int:
    years = day.year - dob.year
    if (day.month, day.day) < (dob.month, dob.day):
        years -= 1
    return years


def _born(child: Child) -> date:
    if child.date_of_birth is None:
        raise ValueError(f"child {child.child_id} has no date of birth")
    return child.date_of_birth


class WorkingDays:
    """Working-day steps for generated dates, on the shared England and Wales calendar.

    The same answers as `WorkingDayCalendar.add_working_days`, from a sorted list of the
    working days of the years seen so far (the generator asks tens of thousands of times)."""

    def __init__(self) -> None:
        self._calendar = WorkingDayCalendar()
        self._years: set[int] = set()
        self._ordinals: list[int] = []  # working days, as date ordinals, in order

    def _cover(self, year: int) -> None:
        missing = [y for y in (year - 1, year, year + 1) if y not in self._years]
        if not missing:
            return
        for y in missing:
            first = date(y, 1, 1)
            for offset in range(366 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 365):
                day = first + timedelta(days=offset)
                if self._calendar.is_working_day(day):
                    self._ordinals.append(day.toordinal())
            self._years.add(y)
        self._ordinals.sort()

    def add(self, day: date, n: int) -> date:
        """The day n working days after `day` (before it when n is negative); day 0 is `day`."""
        if n == 0:
            return day
        if abs(n) > 200:
            return self._calendar.add_working_days(day, n)
        self._cover(day.year)
        ordinal = day.toordinal()
        if n > 0:
            index = bisect.bisect_right(self._ordinals, ordinal) + n - 1
        else:
            index = bisect.bisect_left(self._ordinals, ordinal) + n
        return date.fromordinal(self._ordinals[index])

    @staticmethod
    def on_or_before(day: date) -> date:
        """The day itself, or the Friday before when it falls at a weekend."""
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        return day


_PICKS: dict[tuple[tuple[object, float], ...], Pick[object]] = {}
# Codes are listed in the order of the national lists.
_FACTOR_ORDER = {code: n for n, code in enumerate(codes.ASSESSMENT_FACTORS)}
_DISABILITY_ORDER = {code: n for n, code in enumerate(codes.DISABILITIES)}


class _Spread:
    """Points spread evenly over the unit square, for draws that should cover their range
    without chance clumps and gaps: the R2 sequence (each point moves on by the fractional
    parts of 1/p and 1/p^2, p the plastic number), from a random start."""

    __slots__ = ("n", "x", "y")
    STEP = (0.7548776662466927, 0.5698402909980532)

    def __init__(self, rng: random.Random) -> None:
        self.x, self.y, self.n = rng.random(), rng.random(), 0

    def next(self) -> tuple[float, float]:
        self.n += 1
        return (self.x + self.n * self.STEP[0]) % 1, (self.y + self.n * self.STEP[1]) % 1


_STANDARD_NORMAL = NormalDist()


def _normal(quantile: float) -> float:
    """The standard normal value at a quantile (0 < quantile < 1)."""
    return _STANDARD_NORMAL.inv_cdf(min(max(quantile, 1e-9), 1 - 1e-9))


# ------------------------------------------------------------------ weighted choices


class Pick(Generic[T]):
    """A weighted choice among values, drawn from the generator's own random stream."""

    __slots__ = ("cumulative", "total", "values")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        values, weights = zip(*pairs, strict=True)
        self.values: tuple[T, ...] = values
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self.at(rng.random())

    def at(self, quantile: float) -> T:
        """The value at a quantile (0-1) of the weights, for draws spread evenly (`_Spread`)."""
        return self.values[bisect.bisect_right(self.cumulative, quantile * self.total)]


ETHNICITY = Pick([
    ("WBRI", 690), ("WIRI", 4), ("WIRT", 4), ("WOTH", 50), ("WROM", 8), ("MWBC", 32),
    ("MWBA", 14), ("MWAS", 15), ("MOTH", 30), ("AIND", 10), ("APKN", 20), ("ABAN", 8),
    ("AOTH", 15), ("BCRB", 10), ("BAFR", 30), ("BOTH", 10), ("CHNE", 3), ("OOTH", 24),
    ("REFU", 5), ("NOBT", 18),
])
UASC_ETHNICITY = Pick([("OOTH", 35), ("BAFR", 30), ("AOTH", 20), ("BOTH", 10), ("WOTH", 5)])
SOURCE = Pick([
    ("1A", 5), ("1B", 1), ("1C", 1), ("1D", 1), ("2A", 19), ("2B", 2), ("3A", 2), ("3B", 3),
    ("3C", 1), ("3D", 4), ("3E", 3), ("3F", 2), ("4", 2), ("5A", 5), ("5B", 4), ("5C", 2),
    ("6", 28), ("7", 3), ("8", 4), ("9", 1), ("10", 1),
])
NEED = Pick([("N1", 57), ("N2", 3), ("N3", 4), ("N4", 10), ("N5", 14), ("N6", 3), ("N7", 1),
             ("N8", 5), ("N0", 3)])
FAMILY_SUPPORT_NEED = Pick([("N3", 20), ("N4", 35), ("N5", 35), ("N7", 10)])
GET_SAFE_NEED = Pick([("N1", 75), ("N6", 25)])
CLA_NEED = Pick([("N1", 66), ("N2", 3), ("N3", 3), ("N4", 6), ("N5", 12), ("N6", 2),
                 ("N7", 1), ("N8", 7)])
FACTORS = Pick([
    ("3A", 10), ("3B", 18), ("4B", 16), ("2B", 8), ("1B", 7), ("16A", 10), ("17A", 9),
    ("18C", 4), ("18B", 1), ("19C", 2), ("19B", 1), ("4A", 7), ("15A", 3), ("5B", 3), ("6B", 3),
    ("7A", 2), ("14A", 2), ("2C", 1), ("1C", 1), ("3C", 1), ("5A", 2), ("6A", 1), ("20", 3),
    ("22A", 0.3), ("23A", 0.3), ("12A", 0.3),
])
EXPLOITATION_FACTORS = Pick([("24A", 30), ("11A", 25), ("10A", 20), ("13A", 10), ("2A", 8),
                             ("15A", 5), ("12A", 2)])
ABUSE = Pick([("NEG", 48), ("EMO", 38), ("PHY", 7), ("SAB", 4), ("MUL", 3)])
DISABILITY = Pick([("LD", 25), ("AUT", 25), ("COMM", 15), ("BEH", 12), ("MOB", 6), ("HAND", 3),
                   ("PC", 4), ("INC", 2), ("HEAR", 3), ("VIS", 2), ("CON", 2), ("DDA", 6)])
REVIEW_CODE = Pick([("PN1", 45), ("PN2", 8), ("PN3", 4), ("PN4", 6), ("PN5", 10), ("PN6", 15),
                    ("PN7", 12)])
PLACE_CHANGE = Pick([("CARPL", 35), ("CREQB", 15), ("CREQO", 10), ("LAREQ", 9), ("STAND", 5),
                     ("CHILD", 8), ("CLOSE", 5), ("ALLEG", 2), ("APPRR", 1), ("CUSTOD", 1),
                     ("OTHER", 9)])
SW_REASON = Pick([("LEFTRL", 35), ("MANAGE", 20), ("TSPROC", 20), ("ORGRST", 8), ("ABSENC", 6),
                  ("CHCHAN", 3), ("PCCHAN", 2), ("OTHERS", 6)])
IN_TOUCH = Pick([("YES", 92), ("NO", 4), ("REFU", 1.5), ("NREQ", 1.5), ("RHOM", 1)])
ACCOMMODATION = Pick([("U", 30), ("D", 20), ("Z", 14), ("E", 8), ("B", 10), ("T", 4), ("K", 3),
                      ("C", 3), ("S", 1), ("V", 1), ("W", 0.5), ("X", 1), ("Y", 2)])
ACCOMMODATION_17 = Pick([("D", 40), ("E", 15), ("B", 15), ("T", 8), ("C", 10), ("U", 5),
                         ("K", 3), ("V", 1), ("X", 1)])
ACTIVITY = Pick([("F1", 6), ("P1", 1), ("F2", 20), ("P2", 3), ("F4", 3), ("P4", 1), ("F5", 15),
                 ("P5", 6), ("G4", 9), ("G5", 27), ("G6", 6)])
ACTIVITY_17 = Pick([("F1", 1), ("F2", 38), ("P2", 4), ("F4", 5), ("P4", 1), ("F5", 10),
                    ("P5", 4), ("G4", 6), ("G5", 26), ("G6", 3)])
# A child's placement type by age band (under 1, 1-7, 8-10, 11-15, 16-17): on entering care,
# and on a later move (when a return to parents, P1, becomes possible).
_PLACEMENT_BANDS = (
    (("U6", 65), ("U3", 22), ("R3", 13)),
    (("U6", 65), ("U3", 30)),
    (("U6", 62), ("U3", 28), ("K2", 6)),
    (("U6", 50), ("U3", 15), ("K2", 26), ("S1", 2), ("K1", 1), ("R2", 1), ("R5", 0.5)),
    (("U6", 44), ("K2", 37), ("U3", 15), ("R5", 1)),
)
PLACEMENT_FIRST = [Pick(band) for band in _PLACEMENT_BANDS]
PLACEMENT_MOVE = [Pick((*band, ("P1", 5))) for band in _PLACEMENT_BANDS]
# From 1 April 2024 (the first SSDA903 year with code K3) young people of 16 and 17 may also be
# placed in supported accommodation (K3, registered with Ofsted since October 2023): about a
# third of them, as in England, where 9% of all children looked after live there.
SUPPORTED_FROM = date(2024, 4, 1)
_SUPPORTED_BAND = (("U6", 34), ("K3", 28), ("K2", 22), ("U3", 15), ("R5", 1))
PLACEMENT_FIRST_16 = Pick(_SUPPORTED_BAND)
PLACEMENT_MOVE_16 = Pick((*_SUPPORTED_BAND, ("P1", 5)))
MOVE_AT_16 = 0.55  # young people in care at 16 who move to supported accommodation
# Why children not adopted and not yet 18 left care (those who went home and came back into
# care, and care leavers, add more returns home and 18th birthdays).
LEFT_CARE = Pick([("E4A", 16), ("E45", 6), ("E46", 3), ("E47", 5), ("E48", 2), ("E41", 4),
                  ("E13", 8), ("E4B", 3), ("E3", 4), ("E8", 3), ("E14", 2), ("E9", 1)])
LEFT_AT_18 = Pick([("E5", 55), ("E17", 25), ("E6", 10), ("E13", 5), ("E4A", 5)])
PREVIOUS_PERMANENCE = Pick([("Z1", 80), ("P4", 6), ("P2", 7), ("P3", 5), ("P1", 2)])

AGE_PROFILES = {
    "early_help": ((0, 4, 22), (5, 9, 30), (10, 15, 40), (16, 17, 8)),
    "social_care": ((0, 0, 5), (1, 4, 16), (5, 9, 25), (10, 15, 40), (16, 17, 14)),
    "cp": ((0, 0, 9), (1, 4, 25), (5, 9, 29), (10, 15, 31), (16, 17, 6)),
    "get_safe": ((11, 13, 25), (14, 15, 40), (16, 17, 35)),
    "uasc": ((14, 15, 30), (16, 17, 70)),
    "cla": ((0, 0, 5), (1, 4, 14), (5, 9, 18), (10, 15, 38), (16, 17, 25)),
    "cla_entry": ((0, 0, 19), (1, 4, 14), (5, 9, 15), (10, 15, 36), (16, 17, 16)),  # on entry
    "adoption": ((1, 1, 35), (2, 2, 30), (3, 4, 35)),
    "adopted": ((1, 2, 45), (3, 4, 40), (5, 6, 15)),
    "care_leaver": ((16, 16, 3), (17, 17, 7), (18, 18, 22), (19, 19, 24), (20, 20, 23),
                    (21, 21, 21)),
    "former_care_leaver": ((21, 21, 100),),
    "cwd": ((1, 4, 10), (5, 9, 30), (10, 15, 42), (16, 17, 18)),
    "private_fostering": ((8, 15, 50), (16, 17, 50)),
}
_AGE_PICKS = {name: Pick(((lo, hi), w) for lo, hi, w in bands)
              for name, bands in AGE_PROFILES.items()}


def _age_at(profile: str, quantile: float) -> float:
    """The age in years (with its fraction) at a quantile of a profile's age bands."""
    target = quantile * sum(w for _, _, w in AGE_PROFILES[profile])
    for lo, hi, weight in AGE_PROFILES[profile]:
        if target < weight:
            return lo + (hi + 1 - lo) * target / weight
        target -= weight
    return AGE_PROFILES[profile][-1][1] + 0.999


# The mix of open cases: (case type, service area, share). With CHILDREN_PER_OPEN_CASE this
# puts children in need, on plans and looked after at rates per 10,000 near England's.
OPEN_MIX: tuple[tuple[str, str, float], ...] = (
    ("early_help", "early-help", 0.15),
    ("assessment", "mash", 0.025),
    ("assessment", "assessment", 0.095),
    ("cin", "safeguarding", 0.177),
    ("cin", "family-support", 0.065),
    ("cin", "get-safe", 0.02),
    ("cp", "safeguarding", 0.074),
    ("cp", "get-safe", 0.011),
    ("cla", "children-in-care", 0.17),
    ("cla", "adoption", 0.01),
    ("care_leaver", "care-leavers", 0.105),
    ("disabled_children", "children-with-disabilities", 0.09),
    ("private_fostering", "fostering", 0.008),
)
# How long finished work lasts, in days: lognormal (median, sigma) kept within (lo, hi). Work
# still open is drawn from the same lengths (`_Builder.open_days`), so that the number open on
# any day of the history is about the number open today.
EARLY_HELP_DAYS = (200, 0.7, 30, 900)
CIN_PLAN_DAYS = (270, 0.75, 40, 1400)
CP_PLAN_DAYS = (250, 0.55, 40, 1000)
CARE_DAYS = (800, 1.15, 3, 6000)  # cut short at 18 (see `_Builder.care_start_and_birth`)
CWD_PLAN_DAYS = (700, 0.9, 60, 4000)
# Work that ended between the start of the first collection year and as_of, per year for every
# 1,500 open cases (scaled with open_cases), on top of the earlier work of today's open cases.
# Set so that every year has about the same referrals, plans, entries to care and so on.
CLOSED_FLOWS: tuple[tuple[str, float], ...] = (
    ("early_help", 340), ("assessment", 520), ("cin", 330), ("cp", 105), ("cla", 48),
    ("adopted", 9), ("cwd", 50), ("care_leaver", 36),
)
# Section 47 enquiries that did not lead to a plan: the share of assessments closed with no
# further action, and of those leading to a child in need plan, that had one.
S47_NOT_IN_NEED = 0.3
S47_BEFORE_CIN = 0.4
# Child protection plans of a child aged one or more who had a plan before the history or in
# another authority (NumberOfPreviousCPP): with the repeat plans inside the history, about a
# quarter of the plans starting in a year are second or later ones, as in England (24.5%).
EARLIER_PLAN = 0.27
CP_REVIEWS_LATE = 0.05  # review conferences held after their due date
CLA_REVIEWS_LATE = 0.09  # reviews of children looked after held after their due date
# Children coming into care who had left care (home to their family) in the 12 months before.
CARE_AGAIN = 0.085
RETURN_GAP = (20, 340)  # days between going home and coming back into care
# Children who came into care under five and left it (LEFT_NOT_ADOPTED) after a decision that
# they should be adopted was reversed: a few a year, as in England.
REVERSED_DECISIONS = 0.55
# Home to parents, or to a special guardian or under a child arrangements order.
LEFT_NOT_ADOPTED = frozenset({"E4A", "E41", "E45", "E46", "E47", "E48"})
REVERSED_REASON = Pick([("RD1", 25), ("RD2", 35), ("RD3", 20), ("RD4", 20)])
# Assessments of children aged 11 or more outside the Get Safe team that find exploitation
# (criminal a little more often than sexual).
EXPLOITED = 0.1
AWAY = 0.13  # missing incidents recorded as away from placement without authorisation
SUITABLE = 0.985  # care leavers in touch whose accommodation (not a risky kind) is suitable
REPEAT_REFERRAL = 0.3  # referrals with an earlier one closed after assessment...
REPEAT_GAP = (20, 330)  # ...this many days before
NFA_REFERRALS_PER_YEAR = 100  # referrals closed with no further action, per 1,500 open cases
CONTACTS_ONLY_PER_YEAR = 1500  # contacts that went no further, per 1,500 open cases
# Assessments authorised after 45 working days: usually one in five of those timed here (one in
# seven of all); in the last days before as_of, when "three staff left" the assessment teams,
# one in two.
LATE_ASSESSMENTS = 0.22
LATE_SHORT_STAFFED = 0.5
SHORT_STAFFED_DAYS = 120
# Working days from the start of a section 47 enquiry to the initial conference: 71% within
# 15, and about 80% in the returns, where an enquiry cannot start before its referral.
ICPC_WORKING_DAYS = Pick([(5, 4), (8, 8), (10, 12), (12, 14), (13, 12), (14, 14), (15, 18),
                          (16, 8), (17, 8), (18, 6), (20, 6), (25, 5)])
# Which case types each service area holds: a check used by the tests, and the README.
AREA_CASE_TYPES: dict[str, frozenset[str]] = {
    "early-help": frozenset({"early_help"}),
    "mash": frozenset({"assessment"}),
    "assessment": frozenset({"assessment"}),
    "safeguarding": frozenset({"cin", "cp"}),
    "get-safe": frozenset({"cin", "cp"}),
    "family-support": frozenset({"cin"}),
    "children-in-care": frozenset({"cla"}),
    "adoption": frozenset({"cla"}),
    "care-leavers": frozenset({"care_leaver"}),
    "children-with-disabilities": frozenset({"disabled_children"}),
    "fostering": frozenset({"private_fostering"}),
}
NEIGHBOURS = (("Westshire", "WZ"), ("Eastborough", "EZ"), ("Northam City", "NZ"),
              ("Southmoor", "SZ"))
FOSTERING = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
ADOPTIVE = frozenset({"A3", "A4", "A5", "A6"})


def apportion(total: int, shares: Sequence[float]) -> list[int]:
    """Whole numbers in proportion to the shares that add up to exactly total."""
    whole = sum(shares)
    exact = [total * share / whole for share in shares]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def upn_check_letter(digits: str) -> str:
    """The check letter of a unique pupil number, from its 12 digits."""
    if len(digits) != 12 or not digits.isdigit():
        raise ValueError(f"a UPN has 12 digits after its check letter, not {digits!r}")
    # Each digit times its weight (2 to 13); the character codes of "0"-"9" are 48-57.
    total = sum(map(operator.mul, digits.encode(), range(2, 14))) - 48 * sum(range(2, 14))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23]


# ------------------------------------------------------------------ the organisation


def _staff(rng: random.Random) -> tuple[list[StaffMember], dict[str, StaffMember]]:
    """About 150 people holding every role, and the person behind each demo sign-in."""
    areas = dict(SERVICE_AREAS)
    people: list[tuple[str, str, tuple[str, ...]]] = []  # (team, job title, roles)
    sign_in_index: dict[str, int] = {}

    def add(team: str, title: str, *roles: str, sign_in: str = "") -> None:
        if sign_in:
            sign_in_index[sign_in] = len(people)
        people.append((team, title, roles))

    add("leadership", "Service Director, Children and Families", "service_director",
        sign_in="service_director")
    group, team, _ = PSW_GROUP
    add(team, f"Principal Social Worker and Head of Service, {group}",
        "principal_social_worker", "head_of_service", sign_in="principal_social_worker")
    for group, team, _ in HEADS_OF_SERVICE:
        add(team, f"Head of Service, {group}", "head_of_service",
            sign_in="head_of_service" if team == "safeguarding-north" else "")
    for area, team in SERVICE_MANAGERS:
        held: tuple[str, ...] = ("service_manager", "qa_officer") if (
            area == "quality-assurance") else ("service_manager",)
        add(team, f"Service Manager, {areas[area]}", *held,
            sign_in="service_manager" if area == "safeguarding" else "")
    for spec in TEAM_SPECS:
        if not spec.practitioners:
            continue
        add(spec.code, f"Team Manager, {spec.name}", "team_manager",
            sign_in="team_manager" if spec.code == "safeguarding-north" else "")
        titles = Pick(PRACTITIONER_TITLES[spec.kind])
        for i in range(spec.practitioners):
            add(spec.code, titles(rng), "practitioner",
                sign_in="practitioner" if spec.code == "safeguarding-north" and i == 0 else "")
    for i in range(5):
        add("quality-assurance", "Senior Quality Assurance Officer" if i == 0 else
            "Quality Assurance Officer", "qa_officer", sign_in="qa_officer" if i == 0 else "")
    for i in range(2):
        add("performance", "Senior Performance Analyst" if i == 0 else "Performance Analyst",
            "performance_analyst", sign_in="performance_analyst" if i == 0 else "")
    for i in range(2):
        add("lado", "Local Authority Designated Officer", "lado_officer",
            sign_in="lado_officer" if i == 0 else "")
    for i, title in enumerate(("Independent Chair, Improvement Board",
                               "Lead Member for Children's Services",
                               "Improvement Board Member, Health Partnership")):
        add("improvement-board", title, "board_member", sign_in="board_member" if i == 0 else "")
    add("business-support", "Systems Administrator", "administrator", sign_in="administrator")

    pairs = rng.sample(range(len(FIRST_NAMES) * len(LAST_NAMES)), len(people))
    # Staff numbers do not depend on the seed, so that loading another seed's staff file
    # updates the same people (and their fixed sign-ins) rather than clashing with them.
    numbers = random.Random("demoshire/staff-numbers").sample(range(10000, 100000),
                                                              len(people))
    by_index = {index: role for role, index in sign_in_index.items()}
    staff: list[StaffMember] = []
    emails: set[str] = set()
    for index, ((team, title, roles), pair, number) in enumerate(
            zip(people, pairs, numbers, strict=True)):
        first, last = FIRST_NAMES[pair // len(LAST_NAMES)], LAST_NAMES[pair % len(LAST_NAMES)]
        email = (sign_in_email(by_index[index]) if index in by_index
                 else _email(first, last, emails))
        emails.add(email)
        staff.append(StaffMember(staff_id=f"DS{number}", email=email, first_name=first,
                                 last_name=last, job_title=title, team=team, roles=roles))
    sign_ins = {role: staff[sign_in_index[role]] for role in ROLES}
    return staff, sign_ins


def _email(first: str, last: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z]", "", first.lower()) + "." + re.sub(r"[^a-z]", "", last.lower())
    email, n = f"{base}@{DOMAIN}", 1
    while email in taken:
        n += 1
        email = f"{base}{n}@{DOMAIN}"
    return email


# ------------------------------------------------------------------ the children


class _Builder:
    """Builds the children and their cases. One instance per `generate` call."""

    def __init__(self, *, seed: int, open_cases: int, as_of: date, staff: list[StaffMember],
                 years: int = DEFAULT_YEARS) -> None:
        self.rng = random.Random(f"demoshire/{seed}/children")
        self.as_of = as_of
        self.open_target = open_cases
        self.scale = open_cases / DEFAULT_OPEN_CASES  # flows are set per 1,500 open cases
        self.history_start = add_months(as_of, -12 * HISTORY_YEARS)
        self.years = [collection_year(as_of) - years + 1 + n for n in range(years)]
        # The first day the returns cover: 1 April of the first collection year.
        self.window_start = date(self.years[0] - 1, 4, 1)
        # "Three staff left": assessments authorised in these last days run late more often.
        self.short_staffed_from = as_of - timedelta(days=SHORT_STAFFED_DAYS)
        self.wd = WorkingDays()
        self.children: list[Child] = []
        self.listed: list[Case] = []
        self.closed_listed = 0
        self.families: list[AdoptiveFamily] = []
        self.workers: dict[str, list[str]] = {}
        for person in staff:
            if "practitioner" in person.roles:
                self.workers.setdefault(person.team, []).append(person.staff_id)
        self.team_names = {spec.code: spec.name for spec in TEAM_SPECS}
        self._child_number = 1_000_000 + self.rng.randrange(500_000)
        self.front_doors = 0  # referrals since the start of the history that may be repeats
        self.returns = 0  # returns to care since the start of the history (`care_again`)
        self._spreads: dict[str, _Spread] = {}
        self._family_number = 5000 + self.rng.randrange(1000)
        self._adopter_number = 70000 + self.rng.randrange(10000)

    # -------------------------------------------------------------- small helpers

    def randint(self, lo: int, hi: int) -> int:
        """A whole number from lo to hi (random.randint's job, several times faster)."""
        return lo + int(self.rng.random() * (hi - lo + 1))

    def choice(self, values: Sequence[T]) -> T:
        return values[int(self.rng.random() * len(values))]

    def days(self, lo: int, hi: int) -> timedelta:
        return timedelta(days=lo + int(self.rng.random() * (hi - lo + 1)))

    def span(self, median: float, lo: int, hi: int) -> int:
        """A skewed number of days, most near the median, kept within lo..hi."""
        value = self.rng.lognormvariate(math.log(median), 0.7)
        return int(min(hi, max(lo, value)))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, pairs: Sequence[tuple[T, float]]) -> T:
        """A weighted choice among (value, weight) pairs (each list made into a Pick once)."""
        key = tuple(pairs)
        found = _PICKS.get(key)
        if found is None:
            found = _PICKS[key] = Pick(key)
        return found(self.rng)  # type: ignore[return-value]

    def often(self, kind: str, p: float) -> bool:
        """True for a share p of the calls for `kind`, evenly spaced rather than by chance (so
        that, say, a quarter of children have had a plan before, not 20% or 30% by luck)."""
        spread = self.spread(f"often {kind}")
        before = spread.n
        spread.next()
        return int(spread.x + spread.n * p) > int(spread.x + before * p)

    def assessment_days(self, authorised: date) -> int:
        """Calendar days from an assessment's start to its authorisation on `authorised`: most
        within 45 working days (LATE_ASSESSMENTS later), and more later (LATE_SHORT_STAFFED)
        in the last months, when the assessment teams were short of staff."""
        late = LATE_SHORT_STAFFED if authorised >= self.short_staffed_from else LATE_ASSESSMENTS
        if self.chance(1 - late):
            return self.span(28, 5, 62)
        return self.span(80, 66, 150)

    def spread(self, kind: str) -> _Spread:
        if kind not in self._spreads:
            self._spreads[kind] = _Spread(self.rng)
        return self._spreads[kind]

    def open_days(self, kind: str, median: float, sigma: float, lo: int, hi: int) -> int:
        """How long ago a piece of work that is still open began, when such work lasts
        `lognormal(median, sigma)` days once finished: a spell drawn in proportion to its
        length, and a moment within it. Open and closed work then add up to the same number
        open on any earlier day, which keeps the returns level year on year. The draws for
        each kind of work are spread evenly (`_Spread`), to keep chance out of the totals."""
        spell, moment = self.open_spell(kind, median, sigma)
        return int(min(hi, max(lo, moment * spell)))

    def open_spell(self, kind: str, median: float, sigma: float) -> tuple[float, float]:
        """A spell drawn in proportion to its length, and where in it today falls (0-1)."""
        length, moment = self.spread(kind).next()
        return math.exp(math.log(median) + sigma * sigma + sigma * _normal(length)), moment

    def lasted(self, median: float, sigma: float, lo: int, hi: int,
               quantile: float | None = None) -> int:
        """How long a finished piece of work lasted, in days (see `open_days`); `quantile`
        places it among such lengths, at random when not given."""
        days = (math.exp(math.log(median) + sigma * _normal(quantile)) if quantile is not None
                else self.rng.lognormvariate(math.log(median), sigma))
        return int(min(hi, max(lo, days)))

    def before_now(self, day: date) -> date:
        return min(day, self.as_of)

    def team_for(self, area: str, child: Child) -> str:
        """The team of a service area, in the child's locality if the area has localities."""
        return _TEAM_FOR.get((area, child.locality)) or _TEAM_FOR[(area, "")]

    def worker(self, team: str, unallocated: float = 0.0) -> str | None:
        workers = self.workers.get(team)
        if not workers or (unallocated and self.chance(unallocated)):
            return None
        return workers[int(self.rng.random() * len(workers))]

    # -------------------------------------------------------------- children

    def new_child(self, profile: str, *, male: float = 0.52, disabled: float = 0.12,
                  unborn: float = 0.0, uasc: bool = False, at: date | None = None,
                  born: date | None = None, even: bool = False) -> Child:
        """A child whose age on `at` (default as_of) follows the profile's age bands, or who
        was `born` on a given day. With `even`, the ages of the children of a profile are
        spread evenly over the bands, so that as many have a birthday in one year as in
        another."""
        rng = self.rng
        draw = rng.random  # this runs for every child: plain draws, no helper calls
        self._child_number += 1 + int(draw() * 9)
        child_id = str(self._child_number)
        expected = None
        dob: date | None
        if unborn and draw() < unborn:
            dob, expected = None, self.as_of + self.days(7, 150)
            sex = "U"
        else:
            at = at or self.as_of
            if born is not None:
                dob = born
            elif even:
                years = _age_at(profile, self.spread(f"age {profile}").next()[0])
                dob = at - timedelta(days=int(years * 365.25))
            else:
                lo, hi = _AGE_PICKS[profile](rng)
                age = lo + int(draw() * (hi - lo + 1))
                anniversary = date(at.year - age, at.month, min(at.day, 28))
                dob = anniversary - timedelta(days=int(draw() * 365))
            sex = "M" if draw() < (0.95 if uasc else male) else "F"
        ethnicity = UASC_ETHNICITY(rng) if uasc else ETHNICITY(rng)
        if dob is None and draw() < 0.3:
            ethnicity = "NOBT"
        if profile == "cwd" or draw() < disabled:
            disability: bool | None = True
            n = 1 + (draw() < 0.45) + (draw() < 0.15)
            found = {DISABILITY(rng) for _ in range(n)}
            disabilities = tuple(sorted(found, key=_DISABILITY_ORDER.__getitem__))
        elif draw() < 0.03:
            disability, disabilities = None, ()
        else:
            disability, disabilities = False, ("NONE",)
        north = draw() < 0.55
        district = (1 if north else 5) + int(draw() * 4)
        postcode = f"DS{district} {1 + int(draw() * 9)}"
        child = Child(child_id=child_id, date_of_birth=dob, expected_date_of_birth=expected,
                      sex=sex, ethnicity=ethnicity, disability=disability,
                      disabilities=disabilities, locality="North" if north else "South",
                      home_postcode=postcode, upn=self.upn(dob), uasc=uasc)
        self.children.append(child)
        return child

    def upn(self, dob: date | None) -> str:
        if dob is None or age_on(dob, self.as_of) < 4:
            return "UN1"
        school = f"{self.randint(1000, 7999)}"
        year = f"{(dob.year + 5) % 100:02d}"
        digits = f"{LA_NUMBER}{school}{year}{self.randint(0, 999):03d}"
        return upn_check_letter(digits) + digits

    def free_since(self, child: Child) -> date:
        """The day after the child's last closed episode of need (so episodes never overlap)."""
        closed = [e.closed for e in child.cin_episodes if e.closed is not None]
        return max(closed, default=self.earliest(child))

    def earliest(self, child: Child) -> date:
        """The first day work with the child can start (pre-birth work starts before birth)."""
        if child.date_of_birth is None:
            expected = child.expected_date_of_birth or self.as_of
            return max(expected - timedelta(days=200),
                       self.as_of - timedelta(days=150))
        return child.date_of_birth - timedelta(days=90)

    # -------------------------------------------------------------- cases and records

    def case(self, child: Child, case_type: str, team: str, opened: date,
             closed: date | None = None, *, legal_status: str = "", worker: str | None = "",
             unallocated: float = 0.0) -> Case:
        opened = min(opened, self.as_of)
        if closed is not None:
            closed = max(opened, min(closed, self.as_of))
        if worker == "":
            worker = self.worker(team, 0.0 if closed else unallocated)
        case = Case(child=child, case_type=case_type, team=team, worker=worker,
                    opened_on=opened, closed_on=closed, legal_status=legal_status)
        child.cases.append(case)
        if closed is None or closed >= self.history_start:
            self.listed.append(case)
            if closed is not None:
                self.closed_listed += 1
        return case

    def contact(self, child: Child, day: date, source: str) -> None:
        team = "mash"
        child.contacts.append(Contact(day, source, team, self.worker(team)))

    def referral(self, child: Child, day: date, need: str | None, *, source: str = "",
                 contact_gap: bool = True) -> CinEpisode:
        source = source or SOURCE(self.rng)
        gap = self.choice((0, 0, 0, 0, 1, 1, 2, 3)) if contact_gap else 0
        self.contact(child, max(day - timedelta(days=gap), self.earliest(child)), source)
        episode = CinEpisode(referral=day, source=source, need=need, team="mash",
                             worker=self.worker("mash"))
        child.cin_episodes.append(episode)
        return episode

    def factors(self, area: str, child: Child, day: date) -> tuple[str, ...]:
        rng = self.rng
        chosen = {FACTORS(rng) for _ in range(self.randint(1, 4))}
        if area == "get-safe":
            chosen |= {EXPLOITATION_FACTORS(rng) for _ in range(self.randint(1, 3))}
        elif (child.age_on(day) or 0) >= 11:
            # Exploitation outside the Get Safe team too: about 3% of assessments in England
            # find criminal exploitation and 2.4% sexual exploitation.
            draw = rng.random()
            if draw < EXPLOITED:
                chosen.add("24A" if draw < EXPLOITED * 0.55 else "11A")
        if child.uasc:
            chosen.add("9A")
        if child.disability and self.chance(0.5):
            chosen.add("5A" if "LD" in child.disabilities else "6A")
        return tuple(sorted(chosen, key=_FACTOR_ORDER.__getitem__))

    def assessment(self, child: Child, episode: CinEpisode, start: date,
                   authorised: date | None, case: Case, *, needs_support: bool,
                   area: str = "") -> Assessment:
        if authorised is not None and authorised > self.as_of:
            authorised = None
        if authorised is not None and authorised < start:
            start = authorised
        factors: tuple[str, ...] = ()
        if authorised is not None:
            factors = (self.factors(area, child, authorised) if needs_support or self.chance(0.6)
                       else ("21",))
        seen = child.born and (authorised is not None or (self.as_of - start).days > 7)
        found = Assessment(start=start, authorised=authorised,
                           seen=bool(seen) and self.chance(0.96),
                           needs_support=needs_support if authorised else None,
                           factors=factors, case=case)
        episode.assessments.append(found)
        return found

    def section47(self, episode: CinEpisode, start: date, case: Case, *,
                  icpc: date | None = None, not_required: bool = False,
                  led_to_plan: bool | None = None) -> Section47:
        enquiry = Section47(start=start, icpc_target=self.wd.add(start, 15), icpc=icpc,
                            icpc_not_required=not_required,
                            led_to_plan=led_to_plan if icpc else None, case=case)
        episode.s47s.append(enquiry)
        return enquiry

    def protection_plan(self, child: Child, episode: CinEpisode, start: date, end: date | None,
                        case: Case, *, earlier: bool = True) -> ProtectionPlan:
        """A child protection plan. With `earlier`, the child may have had plans before the
        history or in another authority (EARLIER_PLAN); open plans have their own earlier
        plans in the history instead (`open_cp`)."""
        rng = self.rng
        previous = sum(len(e.protection_plans) for e in child.cin_episodes)
        # NumberOfPreviousCPP counts plans before the history and elsewhere too. Not for a
        # baby, who has had no time for one.
        if earlier and not previous and (child.age_on(start) or 0) >= 1 and self.often(
                f"plan before the history {collection_year(start)}", EARLIER_PLAN):
            previous = 2 if self.often("two plans before", 0.2) else 1
        initial = ABUSE(rng)
        latest = initial if self.chance(0.85) else ABUSE(rng)
        limit = end or self.as_of
        reviews: list[date] = []
        # The first review conference within three months of the plan starting, then within
        # six months of the one before; a few are late (CP_REVIEWS_LATE).
        due = add_months(start, 3)
        while True:
            day = self.wd.on_or_before(
                due + self.days(1, 30) if self.often("late cp review", CP_REVIEWS_LATE)
                else due - self.days(0, 21))
            if day > limit:
                break
            reviews.append(day)
            due = add_months(day, 6)
        if end is not None and (not reviews or reviews[-1] < end):
            reviews.append(end)
        if end is None:
            visit = self.as_of - (self.days(0, 14) if self.chance(0.88) else self.days(15, 45))
        else:
            visit = end - self.days(0, 12)
        plan = ProtectionPlan(
            start=start, end=end, initial_category=initial, latest_category=latest,
            previous_plans=previous, reviews=reviews, last_visit=max(visit, start),
            seen_alone=bool(child.born and (child.age_on(limit) or 0) >= 4 and self.chance(0.8)),
            protection_order=self.chance(0.03), case=case,
        )
        episode.protection_plans.append(plan)
        return plan

    def close_episode(self, episode: CinEpisode, day: date, reason: str) -> None:
        episode.closed = day
        episode.closure_reason = reason
        episode.last_seen = max(episode.referral, day - self.days(0, 20))

    def open_last_seen(self, episode: CinEpisode) -> None:
        episode.last_seen = max(episode.referral, self.as_of - self.days(0, 30))

    # -------------------------------------------------------------- front door

    def front_door(self, child: Child, referral: date, until: date, area: str, *, need: str,
                   source: str = "", s47: bool = False, icpc: date | None = None,
                   team: str = "", repeat: bool = True) -> tuple[CinEpisode, Case]:
        """A referral and its assessment, in an assessment case that ends on `until`.

        Nearly one child in three was referred before, and that earlier referral was closed
        after assessment within the year before this one (a re-referral)."""
        if repeat and referral >= self.window_start:
            self.front_doors += 1
        if repeat and self.chance(REPEAT_REFERRAL):
            close = self.wd.on_or_before(referral - self.days(*REPEAT_GAP))
            if close - timedelta(days=90) > self.free_since(child):
                self.closed_after_assessment(child, close, repeat=False)
        episode = self.referral(child, referral, need, source=source)
        team = team or self.team_for("assessment", child)
        case = self.case(child, "assessment", team, referral, until)
        episode.cases.append(case)
        start = min(referral + self.days(0, 3), until)
        if icpc is not None:
            authorised = start + timedelta(days=self.assessment_days(start + timedelta(days=30)))
        else:
            authorised = until if until > start else start + self.days(5, 30)
        self.assessment(child, episode, start, authorised, case, needs_support=True, area=area)
        if icpc is not None:
            s47_start = max(referral, self.wd.add(icpc, -ICPC_WORKING_DAYS(self.rng)))
            self.section47(episode, min(s47_start, icpc), case, icpc=icpc, led_to_plan=True)
        elif s47:
            day = min(referral + self.days(0, 5), until)
            conference = self.wd.add(day, ICPC_WORKING_DAYS(self.rng))
            # a conference that made no plan (one enquiry in ten, evenly within each year)
            if conference < until and self.often(f"no plan {collection_year(conference)}", 0.1):
                self.section47(episode, day, case, icpc=conference, led_to_plan=False)
            else:
                self.section47(episode, day, case, not_required=True)
        return episode, case

    # -------------------------------------------------------------- open journeys

    def open_early_help(self, child: Child) -> None:
        days = self.open_days("early_help", *EARLY_HELP_DAYS[:2], 0, 900)
        start = self.as_of - timedelta(days=days)
        start = max(start, self.earliest(child) + timedelta(days=90))
        if self.chance(0.15) and start - self.earliest(child) > timedelta(days=200):
            self.closed_after_assessment(child, start - self.days(0, 7), reason="RC9")
        elif self.chance(0.1) and start - self.earliest(child) > timedelta(days=700):
            self.closed_early_help(child, start - self.days(180, 600))
        self.early_help_episode(child, start, None)

    def early_help_episode(self, child: Child, start: date, end: date | None) -> None:
        team = self.team_for("early-help", child)
        self.contact(child, max(start - self.days(0, 10), self.earliest(child)), SOURCE(self.rng))
        case = self.case(child, "early_help", team, start, end, unallocated=0.04)
        completed: date | None = start + self.days(10, 45)
        if completed is not None and completed > (end or self.as_of):
            completed = None if end is None else end
        child.early_help.append(EarlyHelpAssessment(start, completed, self.team_names[team],
                                                    case))

    def open_assessment(self, child: Child, area: str) -> None:
        if area == "mash":
            referral = self.as_of - self.days(0, 6)
            team = "mash"
        elif self.chance(0.03 + 0.12 * (self.as_of - self.short_staffed_from).days / 120):
            # an assessment already past 45 working days (more of them since staff left)
            referral = self.as_of - self.days(66, 110)
            team = self.team_for("assessment", child)
        else:
            referral = self.as_of - timedelta(days=self.span(18, 2, 44))
            team = self.team_for("assessment", child)
        referral = max(referral, self.earliest(child))
        if self.chance(0.2) and referral - self.earliest(child) > timedelta(days=500):
            kind = self.choice(("assessment", "assessment", "cin", "early_help"))
            self.closed_journey(child, kind, referral - self.days(60, 700))
        episode = self.referral(child, referral, NEED(self.rng))
        case = self.case(child, "assessment", team, referral, None,
                         unallocated=0.15 if area == "mash" else 0.06)
        episode.cases.append(case)
        self.assessment(child, episode, self.before_now(referral + self.days(0, 3)), None, case,
                        needs_support=True, area=area)
        if self.chance(0.2):
            start = max(referral, self.as_of - self.days(0, 12))
            self.section47(episode, start, case)
        self.open_last_seen(episode)

    def need_for(self, area: str) -> str:
        if area == "family-support":
            return FAMILY_SUPPORT_NEED(self.rng)
        if area == "get-safe":
            return GET_SAFE_NEED(self.rng)
        return NEED(self.rng)

    def open_cin(self, child: Child, area: str) -> None:
        earliest = self.earliest(child)
        start = max(self.as_of - timedelta(days=self.open_days("cin", *CIN_PLAN_DAYS[:2], 5, 1400)),
                    earliest + timedelta(days=60))
        team = self.team_for(area, child)
        need = self.need_for(area)
        cp_start = start - timedelta(days=self.span(270, 90, 700))
        if area != "family-support" and cp_start > earliest and self.often(
                f"cin after cp {collection_year(cp_start)}", 0.25):
            cp_start = self.wd.on_or_before(cp_start)
            episode, _ = self.front_door(child, cp_start - self.days(10, 45), cp_start, area,
                                         need=need, icpc=cp_start)
            cp_case = self.case(child, "cp", team, cp_start, start)
            episode.cases.append(cp_case)
            self.protection_plan(child, episode, cp_start, start, cp_case)
        else:
            if self.chance(0.12) and start - earliest > timedelta(days=800):
                self.closed_journey(child, "assessment", start - self.days(300, 700))
            days = self.assessment_days(start) + self.randint(0, 3)
            referral = max(start - timedelta(days=days), earliest)
            episode, _ = self.front_door(child, referral, start, area, need=need,
                                         s47=self.often(f"s47 cin {collection_year(referral)}",
                                                        S47_BEFORE_CIN))
        case = self.case(child, "cin", team, start, None, unallocated=0.03)
        episode.cases.append(case)
        episode.plans.append([start, None])
        self.open_last_seen(episode)

    def open_cp(self, child: Child, area: str) -> None:
        earliest = self.earliest(child)
        if child.born:
            start = self.as_of - timedelta(days=self.open_days("cp", *CP_PLAN_DAYS[:2], 1, 1000))
        else:
            start = self.as_of - self.days(0, 60)
        start = self.wd.on_or_before(max(start, earliest + timedelta(days=20)))
        if child.born and start - earliest > timedelta(days=700) and self.often(
                f"cp before {collection_year(start)}", 0.35):
            self.closed_journey(child, "cp", start - self.days(150, 650), area=area)
        referral = max(start - self.days(10, 45), earliest)
        team = self.team_for(area, child)
        episode, _ = self.front_door(child, referral, start, area, need=self.need_for(area),
                                     icpc=start)
        case = self.case(child, "cp", team, start, None)
        episode.cases.append(case)
        self.protection_plan(child, episode, start, None, case, earlier=False)
        self.open_last_seen(episode)

    def open_cwd(self, child: Child) -> None:
        earliest = self.earliest(child) + timedelta(days=150)
        plan = max(self.as_of - timedelta(days=self.open_days("cwd", *CWD_PLAN_DAYS[:2], 10, 4000)),
                   earliest)
        referral = max(plan - self.days(20, 60), earliest)
        episode = self.referral(child, referral, "N2", source=self.choice(
            ("3A", "3D", "3F", "2A", "2B", "1A", "5A")))
        case = self.case(child, "disabled_children", "cwd", referral, None, unallocated=0.03)
        episode.cases.append(case)
        self.assessment(child, episode, referral + self.days(0, 5), plan, case,
                        needs_support=True)
        episode.plans.append([plan, None])
        self.open_last_seen(episode)

    def open_private_fostering(self, child: Child) -> None:
        notified = self.as_of - self.days(5, 700)
        self.contact(child, notified, self.choice(("1A", "2A", "2A", "8")))
        self.case(child, "private_fostering", "fostering", notified, None)

    def care_start_and_birth(self) -> tuple[date, date]:
        """When a child looked after today came into care, and their date of birth (their age
        then in the shape of England's entries to care), such that they are not yet 18."""
        median, sigma, lo, hi = CARE_DAYS
        for _ in range(50):
            spell, moment = self.open_spell("cla", median, sigma)
            lo_age, hi_age = _AGE_PICKS["cla_entry"](self.rng)
            age = (self.randint(lo_age, hi_age) + self.rng.random()) * 365.25  # in days
            # Care ends at 18 at the latest: a spell cut short there is open for less time,
            # and so is met less often.
            limit = 18 * 365.25 - age - 10
            if limit > lo and (spell <= limit or self.rng.random() < limit / spell):
                start = self.as_of - timedelta(days=int(min(hi, max(lo, moment * min(spell,
                                                                                     limit)))))
                return start, start - timedelta(days=int(age))
        start = self.as_of - self.days(3, 300)
        return start, start - self.days(0, 15 * 365)

    def open_cla(self, child: Child, *, for_adoption: bool, start: date | None = None) -> None:
        """A child looked after today: seeking asylum, placed for adoption, or (from `start`)
        in care for any other reason."""
        dob = _born(child)
        adoption: AdoptionRecord | None = None
        if child.uasc:
            fourteen = birthday(dob, 14)
            start = max(fourteen, self.as_of - timedelta(days=self.span(500, 3, 1400)))
            route = "uasc"
        elif for_adoption:
            # Placed with adopters in the last months; in care for 7 months to 3 years before
            # that (England's average is 1 year 7 months), spread evenly so that the years of
            # the returns get as many of these entries to care as each other.
            start = max(dob + self.days(0, 10), self.as_of - self.days(220, 1100))
            in_care = (self.as_of - start).days
            placed = self.as_of - self.days(1, max(1, min(450, in_care - 200)))
            order = start + (placed - start) * self.rng.uniform(0.4, 0.7)
            matched = order + (placed - order) * self.rng.uniform(0.5, 0.9)
            order = max(order, start + timedelta(days=1))
            matched = min(max(matched, order + timedelta(days=1)), placed)
            adoption = AdoptionRecord(entered_care=start,
                                      decision=order - self.days(20, 100),
                                      placement_order=order, matched=matched, placed=placed)
            route = "cp" if self.chance(0.7) else "emergency"
        else:
            start = max(start or self.as_of - self.days(3, 300), dob)
            length = (self.as_of - start).days
            route = self.entry_route(age_on(dob, start))
            if age_on(dob, start) < 3 and self.chance(0.3) and length < 900:
                order = start + self.days(150, 380)
                adoption = AdoptionRecord(entered_care=start,
                                          decision=order - self.days(20, 100),
                                          placement_order=order if order <= self.as_of else None)
                if adoption.decision > self.as_of:
                    adoption = None
                elif self.chance(0.15) and adoption.decision + timedelta(days=90) < self.as_of:
                    adoption.reversed_on = min(self.as_of, adoption.decision + self.days(60, 400))
                    adoption.reversed_reason = REVERSED_REASON(self.rng)
                    adoption.placement_order = None
        start = self.wd.on_or_before(max(start, dob))
        episode, before, again = self.coming_into_care(child, start, route,
                                                       may_return=adoption is None)
        period = self.looked_after(child, start, None, "", route=route, adoption=adoption)
        period.second_period = again
        team = "adoption" if period.placement.place in ADOPTIVE else self.team_for(
            "children-in-care", child)
        case = self.case(child, "cla", team, start, None, legal_status=period.legal_status)
        episode.cases.append(case)
        period.case = case
        self.social_workers(period, case, before)
        self.open_last_seen(episode)
        if adoption is not None:
            child.adoption = adoption
            if adoption.matched:
                self.adoptive_family(adoption, foster_carer=period.placement.place == "A5")
        if age_on(dob, self.as_of) >= 16:
            child.personal_adviser = self.worker("care-leavers")

    def entry_route(self, age: int) -> str:
        if age >= 12:
            return self.pick([("s20", 35), ("cp", 30), ("cin", 22), ("emergency", 10),
                              ("remand", 3)])
        return self.pick([("cp", 50), ("cin", 25), ("emergency", 15), ("s20", 10)])

    def coming_into_care(self, child: Child, start: date, route: str, *,
                         may_return: bool = True) -> tuple[CinEpisode, Case | None, bool]:
        """`into_care`, or for a share of the children who may have been in care before
        (CARE_AGAIN, evenly within each collection year) `care_again`; and whether this is a
        second period of care within 12 months."""
        if may_return and route not in ("uasc", "remand") and self.often(
                f"care again {collection_year(start)}", CARE_AGAIN):
            again = self.care_again(child, start, route)
            if again is not None:
                return (*again, True)
        return (*self.into_care(child, start, route), False)

    def into_care(self, child: Child, start: date, route: str) -> tuple[CinEpisode, Case | None]:
        """The referral and earlier work that led to care starting on `start`."""
        earliest = self.earliest(child)
        area = "safeguarding"
        team = self.team_for(area, child)
        need = CLA_NEED(self.rng)
        if route == "uasc":
            referral = max(start - self.days(0, 2), earliest)
            episode = self.referral(child, referral, "N8", source=self.choice(("6", "7")))
            case = self.case(child, "assessment", self.team_for("assessment", child), referral,
                             start)
            episode.cases.append(case)
            self.assessment(child, episode, referral, start + self.days(15, 40), case,
                            needs_support=True)
            return episode, None
        if route == "remand":
            episode = self.referral(child, start, "N6", source="7")
            return episode, None
        if route == "cp":
            cp_start = self.wd.on_or_before(
                max(start - timedelta(days=self.span(200, 20, 600)), earliest + self.days(5, 30)))
            if cp_start < start:
                referral = max(cp_start - self.days(10, 40), earliest)
                episode, _ = self.front_door(child, referral, cp_start, area, need=need,
                                             icpc=cp_start)
                case = self.case(child, "cp", team, cp_start, start)
                episode.cases.append(case)
                self.protection_plan(child, episode, cp_start, start, case)
                return episode, case
        if route == "cin":
            plan = max(start - timedelta(days=self.span(150, 20, 500)),
                       earliest + self.days(40, 60))
            if plan < start:
                referral = max(plan - timedelta(days=self.assessment_days(plan)), earliest)
                episode, _ = self.front_door(child, referral, plan, area, need=need,
                                             s47=self.often(f"s47 cin {collection_year(referral)}",
                                                            S47_BEFORE_CIN))
                case = self.case(child, "cin", team, plan, start)
                episode.cases.append(case)
                episode.plans.append([plan, start])
                return episode, case
        # An emergency, an accommodation request or a short path: referral, then care.
        referral = max(start - (self.days(0, 2) if route == "emergency" else self.days(0, 60)),
                       earliest)
        if referral >= start:
            episode = self.referral(child, start, need)
            return episode, None
        episode, case = self.front_door(child, referral, start, area, need=need,
                                        s47=route == "emergency")
        return episode, case

    # -------------------------------------------------------------- care

    def legal_statuses(self, child: Child, start: date, limit: date, route: str,
                       adoption: AdoptionRecord | None) -> list[tuple[date, str]]:
        if child.uasc:
            return [(start, "V2")]
        if route == "remand":
            return [(start, "J1")]
        events: list[tuple[date, str]] = []
        if route == "emergency":
            events.append((start, self.choice(("L1", "L2"))))
            events.append((start + self.days(1, 8), "C1"))
        elif adoption is None and (route == "s20" or self.chance(0.1)):
            events.append((start, "V2"))
            if self.chance(0.25):
                events.append((start + self.days(30, 240), "C1"))
        else:
            events.append((start, "C1"))
        last_day, last = events[-1]
        if adoption is not None and adoption.placement_order is not None:
            day = max(adoption.placement_order, last_day + timedelta(days=1))
            adoption.placement_order = day
            events.append((day, "E1"))
        elif last == "C1":
            events.append((last_day + self.days(150, 380), "C2"))
        return [(day, status) for day, status in events if day < limit or (
            day == limit and limit == self.as_of and day > start)]

    def placement(self, child: Child, day: date, *, kind: str = "", move: bool = False,
                  same_carer: bool = False, previous: Placement | None = None) -> Placement:
        rng = self.rng
        age = child.age_on(day) or 0
        if not kind:
            band = 0 if age < 1 else 1 if age < 8 else 2 if age < 11 else 3 if age < 16 else 4
            if band == 4 and day >= SUPPORTED_FROM:
                kind = PLACEMENT_MOVE_16(rng) if move else PLACEMENT_FIRST_16(rng)
            else:
                kind = PLACEMENT_MOVE[band](rng) if move else PLACEMENT_FIRST[band](rng)
        if same_carer and previous is not None:
            return Placement(day, kind, previous.provider, previous.postcode,
                             previous.urn, previous.in_area, previous.la, same_carer=True)
        provider = self._provider(kind)
        if kind == "P1":
            in_area, la, postcode = True, LA_NAME, child.home_postcode
        else:
            in_area = self.chance(0.45 if kind in ("K1", "K2", "S1", "R5") else 0.72)
            if in_area:
                la, postcode = LA_NAME, f"DS{self.randint(1, 8)} {self.randint(1, 9)}"
            else:
                la, area = self.choice(NEIGHBOURS)
                postcode = f"{area}{self.randint(1, 19)} {self.randint(1, 9)}"
        urn = f"SC{self.randint(100000, 999999)}" if kind in ("K1", "K2") else "XXXXXXX"
        return Placement(day, kind, provider, postcode, urn, in_area, la)

    def _provider(self, kind: str) -> str:
        fixed = {"P1": "PR0", "R2": "PR3", "R5": "PR2", "K1": "PR2", "U1": "PR1", "U2": "PR1",
                 "U3": "PR1"}
        if kind in fixed:
            return fixed[kind]
        options = {
            "K2": (("PR4", 75), ("PR1", 15), ("PR5", 10)),
            "R3": (("PR4", 60), ("PR5", 40)),
            "S1": (("PR4", 70), ("PR5", 30)),
            "K3": (("PR4", 60), ("PR5", 25), ("PR1", 15)),
            "A3": (("PR1", 70), ("PR2", 15), ("PR5", 15)),
            "A4": (("PR1", 60), ("PR2", 20), ("PR5", 20)),
            "A5": (("PR1", 70), ("PR2", 15), ("PR5", 15)),
            "A6": (("PR1", 60), ("PR2", 20), ("PR5", 20)),
        }.get(kind, (("PR1", 60), ("PR4", 35), ("PR5", 5)))
        return self.pick(options)

    def placements(self, child: Child, start: date, limit: date,
                   adoption: AdoptionRecord | None, ending: str) -> list[Placement]:
        rng = self.rng
        placed = adoption.placed if adoption is not None else None
        first_kind = ""
        if adoption is not None and self.chance(0.3):
            first_kind = "U5"
        current = self.placement(child, start, kind=first_kind)
        found = [current]
        if adoption is not None and current.place == "U5":
            adoption.ffa_placed = start
        horizon = placed or limit
        months = max(0, (horizon - start).days // 30)
        # Each month, a long-term foster placement is confirmed with the same carers (3.5% a
        # month after a year there) or the child moves (9% a month in the first year, then 2%,
        # or 4% from age 13). Months with neither are skipped on one draw.
        busy = 0.035 + 0.09
        for month in range(months):
            if rng.random() >= busy:
                continue
            day = start + timedelta(days=30 * month + self.randint(1, 29))
            if day >= horizon or day <= current.day:
                continue
            held = (day - current.day).days
            if current.place in ("U6", "U3") and held > 365 and adoption is None and self.chance(
                    0.035 / busy):
                kind = "U4" if current.place == "U6" else "U1"
                current = self.placement(child, day, kind=kind, same_carer=True,
                                         previous=current)
                found.append(current)
            elif self.chance((0.09 if month < 12 else (
                    0.04 if (child.age_on(day) or 0) >= 13 else 0.02)) / busy):
                current = self.placement(child, day, move=True)
                found.append(current)
        # Some young people move to supported accommodation a few months after turning 16
        # (from April 2024, when it has its own code), unless settled with long-term foster
        # carers or staying with them at 18 (E17).
        if adoption is None and ending != "E17" and child.date_of_birth is not None:
            moved = max(birthday(child.date_of_birth, 16), SUPPORTED_FROM) + self.days(0, 240)
            if start < moved < horizon and self.chance(MOVE_AT_16):
                earlier = [p for p in found if p.day < moved]
                if earlier[-1].place not in ("U1", "U4", "K1", "K3", "R5"):
                    current = self.placement(child, moved, kind="K3", move=True)
                    found = [*earlier, current]
        if placed is not None and start < placed <= limit:
            if current.place in ("U5", "U2") or (current.place in FOSTERING and self.chance(0.1)):
                current = self.placement(child, placed, kind="A5", same_carer=True,
                                         previous=current)
                current.provider = self._provider("A5")
                adoption.by_foster_carer = True  # type: ignore[union-attr]
            else:
                current = self.placement(child, placed, kind="A6")
            found.append(current)
        if ending in ("E45", "E41") and current.place not in ("U1", "U3"):
            day = max(current.day + timedelta(days=1), limit - self.days(30, 120))
            if day < limit:
                found.append(self.placement(child, day, kind="U3", move=True))
        elif ending == "E46" and current.place not in ("U4", "U6"):
            day = max(current.day + timedelta(days=1), limit - self.days(30, 120))
            if day < limit:
                found.append(self.placement(child, day, kind="U6", move=True))
        elif ending == "E17" and current.place not in FOSTERING:
            day = max(current.day + timedelta(days=1), limit - self.days(60, 300))
            if day < limit:
                found.append(self.placement(child, day, kind="U6", move=True))
        return found

    def episodes(self, start: date, end: date | None, reason: str, need: str,
                 statuses: list[tuple[date, str]], placements: list[Placement]) -> list[Episode]:
        status_on = dict(statuses)
        placement_on = {p.day: p for p in placements}
        days = sorted(status_on.keys() | placement_on.keys())
        status, current = statuses[0][1], placements[0]
        found: list[Episode] = []
        for i, day in enumerate(days):
            new_status = day in status_on and i > 0 and status_on[day] != status
            moved = day in placement_on and i > 0
            status = status_on.get(day, status)
            current = placement_on.get(day, current)
            if i == 0:
                rne = "S"
            elif new_status and moved:
                rne = "U" if current.same_carer else "B"
            elif new_status:
                rne = "L"
            elif moved:
                rne = "T" if current.same_carer else "P"
            else:
                continue
            found.append(Episode(start=day, rne=rne, legal_status=status, need=need,
                                 placement=current))
        for this, following in itertools.pairwise(found):
            this.end, this.reason = following.start, "X1"
            if following.rne in ("P", "T", "B", "U") and not this.placement.place.startswith(
                    "T"):
                if following.placement.same_carer:
                    this.place_change_reason = ("CARPL" if following.placement.place in ADOPTIVE
                                                else "PLACE")
                else:
                    this.place_change_reason = PLACE_CHANGE(self.rng)
        found[-1].end, found[-1].reason = end, reason
        return found

    def looked_after(self, child: Child, start: date, end: date | None, reason: str, *,
                     route: str, adoption: AdoptionRecord | None = None) -> CarePeriod:
        rng = self.rng
        limit = end or self.as_of
        need = "N8" if child.uasc else ("N6" if route == "remand" else CLA_NEED(rng))
        statuses = self.legal_statuses(child, start, limit, route, adoption)
        if adoption is not None and adoption.placed and statuses[-1][1] != "E1":
            adoption.placement_order = max(start + timedelta(days=1),
                                           adoption.placed - self.days(20, 90))
            statuses.append((adoption.placement_order, "E1"))
            statuses.sort()
        placements = self.placements(child, start, limit, adoption, reason)
        episodes = self.episodes(start, end, reason, need, statuses, placements)
        # Reviews as regulation 33 times them: the first within 20 working days of coming into
        # care, the second within three months of it, then within six months of the one
        # before; a few are late (CLA_REVIEWS_LATE).
        reviews: list[tuple[date, str]] = []
        due, early = self.wd.add(start, 20), 8
        while True:
            day = self.wd.on_or_before(
                due + self.days(1, 30) if self.often("late cla review", CLA_REVIEWS_LATE)
                else due - self.days(0, early))
            if day > limit:
                break
            age = child.age_on(day) or 0
            reviews.append((day, "PN0" if age < 4 else REVIEW_CODE(rng)))
            due, early = add_months(day, 6 if len(reviews) > 1 else 3), 21
        missing: list[tuple[str, date, date | None]] = []
        interview = None
        for year in self.years:  # in a year, one child in six aged 11 or more goes missing
            first, last = max(start, date(year - 1, 4, 1)), min(limit, date(year, 3, 31))
            if first >= last or (child.age_on(last) or 0) < 11 or not self.chance(0.16):
                continue
            for _ in range(self.randint(1, 5)):
                begun = first + timedelta(days=self.randint(0, (last - first).days))
                missing.append(("A" if self.chance(AWAY) else "M", begun,
                                min(begun + self.days(0, 3), limit)))
        if missing:
            missing.sort(key=lambda item: item[1])
            offered = self.chance(0.86)
            interview = (offered, offered and self.chance(0.6))
        settled = start + timedelta(days=20)

        def recent_check(p_current: float, within: int) -> date | None:
            if settled > limit:
                return None
            back = self.randint(10, within) if self.chance(p_current) else self.randint(
                within + 1, within + 200)
            return max(settled, limit - timedelta(days=back))

        place = episodes[-1].placement.place
        age = child.age_on(limit) or 0
        if place in ADOPTIVE or (adoption is not None and adoption.decision <= limit
                                 and adoption.reversed_on is None):
            permanence = "adoption"
        elif place == "P1" or reason in ("E4A", "E4B"):
            permanence = "return"
        elif place in ("U1", "U4") or reason == "E17":
            permanence = "fostering"
        elif reason in ("E45", "E46", "E47", "E48", "E41"):
            permanence = "sgo"
        elif age >= 16:
            permanence = "supported"
        elif place in ("K2", "S1") and (limit - start).days > 365:
            permanence = "residential"
        elif (limit - start).days < 270:
            permanence = self.pick([("return", 50), ("sgo", 25), ("other", 25)])
        else:
            permanence = self.pick([("fostering", 55), ("sgo", 20), ("return", 15),
                                    ("other", 10)])
        period = CarePeriod(
            start=start, end=end, reason=reason, need=need, episodes=episodes, reviews=reviews,
            missing=missing, return_interview=interview, permanence=permanence,
            last_health_assessment=recent_check(0.9, 340),
            last_dental_check=recent_check(0.8, 350),
            last_visit=max(start, limit - (self.days(0, 40) if self.chance(0.9)
                                           else self.days(41, 90))),
            last_iro_contact=max(start, limit - self.days(0, 170)),
        )
        for year in self.years:
            census = min(date(year, 3, 31), self.as_of)
            if start <= census - timedelta(days=365) and (end is None or end > census):
                period.outcomes[year] = self.outcomes(child, census)
        if start >= self.window_start - timedelta(days=180):
            code = PREVIOUS_PERMANENCE(rng)
            when = None if code in ("Z1", "P4") else start - self.days(200, 2000)
            if when is not None and child.date_of_birth and when <= child.date_of_birth:
                code, when = "Z1", None
            period.previous_permanence = (code, when)
        age = child.age_on(limit) or 0
        if child.sex == "F" and age >= 15 and child.date_of_birth and self.chance(0.04):
            child.mother_child_dob = max(birthday(child.date_of_birth, 15),
                                         limit - self.days(30, 600))
        child.care_periods.append(period)
        return period

    def outcomes(self, child: Child, census: date) -> Outcomes:
        rng = self.rng
        age = child.age_on(census) or 0
        if 4 <= age <= 16 and self.chance(0.78):
            score, reason = int(min(40, max(0, rng.gauss(15.4, 7)))), ""
        else:
            score, reason = None, ("SDQ1" if age < 4 or age > 16 else self.pick(
                [("SDQ2", 25), ("SDQ3", 15), ("SDQ4", 45), ("SDQ5", 15)]))
        misuse = int(age >= 11 and self.chance(0.06))
        received = int(self.chance(0.6)) if misuse else None
        return Outcomes(
            sdq_score=score, sdq_reason=reason,
            convicted=int(self.chance(0.02)) if age >= 10 else None,
            health_check=int(self.chance(0.88)) if age < 5 else None,
            immunisations=int(self.chance(0.84)), teeth_check=int(self.chance(0.8)),
            health_assessment=int(self.chance(0.9)), substance_misuse=misuse,
            intervention_received=received,
            intervention_offered=(1 if received else int(self.chance(0.7))) if misuse else None,
        )

    def social_workers(self, period: CarePeriod, case: Case, before: Case | None) -> None:
        """Who held the case during the period of care, latest last (SSDA903 sw_episodes)."""
        if case.worker is None:
            return
        limit = period.end or self.as_of
        since = max(period.start, limit - timedelta(days=self.span(300, 1, 1500)))
        spells = [(case.worker, since, period.end, "")]
        colleagues = [w for w in self.workers.get(case.team, []) if w != case.worker]
        while since > period.start and len(spells) < 4:
            begun = max(period.start, since - timedelta(days=self.span(250, 20, 900)))
            if len(spells) == 3:
                begun = period.start
            worker = (before.worker if before is not None and before.worker and begun == (
                period.start) else None) or self.choice(colleagues or [case.worker])
            reason = "TSPROC" if before is not None and begun == period.start else SW_REASON(
                self.rng)
            spells.insert(0, (worker, begun, since, reason))
            since = begun
        period.social_workers = spells

    def adoptive_family(self, adoption: AdoptionRecord, *, foster_carer: bool) -> None:
        if adoption.matched is None:
            return
        family = self.family(adoption.matched, ffa=adoption.ffa_placed is not None)
        for adopter in family.adopters:
            adopter.matched = adoption.matched
            adopter.placed = adoption.placed
            adopter.children_placed = 1 if adoption.placed else None
            adopter.adoption_order = adoption.adoption_order
            if adoption.ffa_placed is not None:
                adopter.ffa = True
        adoption.family_id = family.family_id
        adoption.by_foster_carer = adoption.by_foster_carer or foster_carer

    def family(self, approved_by: date, *, ffa: bool = False,
               stage: str = "approved") -> AdoptiveFamily:
        rng = self.rng
        self._family_number += self.randint(1, 7)
        family_id = f"F{self._family_number}"
        sex_code = self.pick([("MF", 70), ("F1", 14), ("FF", 8), ("MM", 7), ("M1", 1)])
        status = {"F1": "L0", "M1": "L0"}.get(sex_code) or (
            self.pick([("L11", 75), ("L3", 25)]) if sex_code == "MF" else
            self.pick([("L12", 50), ("L2", 30), ("L4", 20)]))
        approved = approved_by - self.days(20, 300)
        stage2_end = approved - self.days(10, 40)
        stage2_start = stage2_end - self.days(90, 150)
        stage1_end = stage2_start - self.days(0, 60)
        stage1_start = stage1_end - self.days(45, 70)
        enquiry = stage1_start - self.days(14, 120)
        ethnicity = ETHNICITY(rng)
        adopters = []
        for sex in ("M" if c == "M" else "F" for c in sex_code if c in "MF"):
            self._adopter_number += self.randint(1, 9)
            adopter = Adopter(
                adopter_id=f"A{self._adopter_number}", family_id=family_id, sex=sex,
                ethnicity=ethnicity if self.chance(0.85) else ETHNICITY(rng),
                disabled=self.chance(0.05), ffa=ffa, enquiry=enquiry,
                stage1_start=stage1_start, stage1_end=stage1_end)
            if stage in ("stage2", "approved"):
                adopter.stage2_start, adopter.application = stage2_start, stage2_start
            if stage == "approved":
                adopter.stage2_end, adopter.approved = stage2_end, approved
            adopters.append(adopter)
        family = AdoptiveFamily(family_id, adopters, sex_code, status)
        self.families.append(family)
        return family

    def prospective_adopters(self) -> None:
        """Families in the adoption process in the last year, not matched with a child yet."""
        matched = sum(1 for f in self.families if f.adopters[0].matched)
        for _ in range(max(3, round(matched * 0.8))):
            stage = self.pick([("enquiry", 20), ("stage1", 25), ("stage2", 25), ("approved", 20),
                               ("left", 10)])
            ahead = {"enquiry": (-650, -560), "stage1": (-560, -420), "stage2": (-300, -200),
                     "approved": (-60, 300), "left": (-500, -300)}[stage]
            family = self.family(self.as_of + self.days(*ahead),
                                 stage="stage1" if stage == "left" else stage)
            for adopter in family.adopters:
                for name in ("stage1_start", "stage1_end", "stage2_start", "stage2_end",
                             "application", "approved"):
                    if (getattr(adopter, name) or date.min) > self.as_of:
                        setattr(adopter, name, None)
                if stage == "enquiry":
                    adopter.stage1_start = adopter.stage1_end = None
                if stage == "left":
                    adopter.left_on = min(self.as_of, (adopter.stage1_end or adopter.enquiry)
                                          + self.days(5, 60))
                    adopter.left_reason = self.choice((1, 1, 2, 3))
                if adopter.enquiry > self.as_of:
                    adopter.enquiry = self.as_of - self.days(0, 30)

    # -------------------------------------------------------------- care leavers

    def open_care_leaver(self, child: Child, closed: date | None = None) -> None:
        """A young person who has left care, with an open care leaver case; or, with `closed`,
        a former care leaver whose case closed on that day, after their 21st birthday."""
        now = closed or self.as_of
        dob = _born(child)
        age = age_on(dob, now)
        if age >= 18 and self.chance(0.25):  # left care at 16 or 17: now former relevant
            end = birthday(dob, 16) + self.days(30, 700)
            qualifying = False
            reason, eligibility = self.choice(("E5", "E5", "E6", "E13")), "former"
        elif age >= 18:
            end = birthday(dob, 18)
            qualifying = self.chance(0.05)
            reason = self.choice(("E4A", "E13")) if qualifying else LEFT_AT_18(self.rng)
            eligibility = "qualifying" if qualifying else "former"
        else:
            sixteen = birthday(dob, 16)
            end = sixteen + timedelta(days=self.randint(
                30, max(31, (now - sixteen).days - 1)))
            end = min(end, now - timedelta(days=1))
            qualifying = False
            reason, eligibility = self.choice(("E5", "E5", "E6", "E13")), "relevant"
        if child.uasc:
            start = birthday(dob, self.choice((14, 15, 15, 16, 16))) + self.days(0, 300)
            start = min(start, end - timedelta(days=120))
            child.uasc_ceased = birthday(dob, 18) if age >= 18 else None
        elif qualifying:
            start = end - self.days(20, 85)
        else:
            start = birthday(dob, self.choice((8, 10, 12, 13, 14, 14, 15, 15, 16)))
            start = min(start + self.days(0, 300), end - timedelta(days=120))
        start = self.wd.on_or_before(start)
        route = "uasc" if child.uasc else self.entry_route(age_on(dob, start))
        if route == "remand":
            route = "s20"
        episode, before, again = self.coming_into_care(child, start, route)
        period = self.looked_after(child, start, end, reason, route=route)
        period.second_period = again
        cla_case = self.case(child, "cla", self.team_for("children-in-care", child), start, end,
                             legal_status=period.legal_status)
        episode.cases.append(cla_case)
        period.case = cla_case
        self.social_workers(period, cla_case, before)
        self.close_episode(episode, end, "RC7")
        case = self.case(child, "care_leaver", "care-leavers", end, closed, unallocated=0.01)
        child.care_leaver = self.care_leaver_status(child, eligibility, case, now)
        self.leaver_years(child, child.care_leaver, end)

    def circumstances(self, age: int, year: int) -> tuple[str, str, bool | None, str]:
        """A care leaver's contact, accommodation, its suitability and activity at an age, in
        a collection year. Contact and activity are spread evenly over each year's young
        people of 19 to 21 (and of 16 to 18), so that a cohort of a hundred has about as many
        out of touch and in work or study as its share says, not twice as many by chance."""
        rng = self.rng
        touch, doing = self.spread(f"leaver {year} {age >= 19}").next()
        in_touch = IN_TOUCH.at(touch)
        accommodation, suitable, activity = "", None, ""
        if in_touch in ("YES", "RHOM"):
            if in_touch == "RHOM":
                accommodation = "B"
            else:
                accommodation = (ACCOMMODATION_17 if age < 18 else ACCOMMODATION)(rng)
            suitable = (self.chance(0.1) if accommodation in ("S", "V", "W", "X")
                        else self.chance(SUITABLE))
            if age >= 19:
                activity = ACTIVITY.at(doing)
            elif age >= 17:
                activity = ACTIVITY_17.at(doing)
            else:
                activity = self.pick([("F2", 60), ("F4", 10), ("G5", 30)])
        return in_touch, accommodation, suitable, activity

    def care_leaver_status(self, child: Child, eligibility: str, case: Case,
                           now: date) -> CareLeaver:
        in_touch, accommodation, suitable, activity = self.circumstances(
            child.age_on(now) or 0, collection_year(now))
        if in_touch in ("YES", "RHOM"):
            contact = now - (self.days(0, 56) if self.chance(0.9) else self.days(57, 120))
        else:
            contact = now - self.days(60, 300)
        contact = max(contact, case.opened_on)
        review = now - (self.days(0, 182) if self.chance(0.85) else self.days(183, 300))
        return CareLeaver(eligibility=eligibility, in_touch=in_touch, latest_contact=contact,
                          pathway_review=max(review, case.opened_on - self.days(0, 60)),
                          accommodation=accommodation, suitable=suitable, activity=activity,
                          case=case)

    def leaver_years(self, child: Child, leaver: CareLeaver, left: date) -> None:
        """The OC3 circumstances for each collection year with a 17th to 21st birthday after
        the young person left care (and before their case closed). The current year's are
        today's, as in Annex A."""
        dob = _born(child)
        for year in self.years:
            first, last = date(year - 1, 4, 1), min(date(year, 3, 31), self.as_of)
            day = next((birthday(dob, n) for n in range(17, 22)
                        if first <= birthday(dob, n) <= last), None)
            if day is None or day < left or (leaver.case.closed_on or date.max) < day:
                continue
            if year == self.years[-1] and leaver.case.closed_on is None:
                circumstances = (leaver.in_touch, leaver.accommodation, leaver.suitable,
                                 leaver.activity)
            else:
                circumstances = self.circumstances(age_on(dob, day), year)
            leaver.years[year] = LeaverYear(day, *circumstances)

    # -------------------------------------------------------------- closed journeys

    def closed_journey(self, child: Child, kind: str, close: date, *, area: str = "",
                       quantile: float | None = None) -> None:
        """Work with a child that ended on `close`; `quantile` places its length (see
        `lasted`)."""
        close = self.wd.on_or_before(close)
        if close <= self.earliest(child) + timedelta(days=30):
            return
        if kind == "early_help":
            self.closed_early_help(child, close, quantile)
        elif kind == "assessment":
            self.closed_after_assessment(child, close)
        elif kind == "cin":
            self.closed_cin(child, close, area or self.choice(
                ("safeguarding", "safeguarding", "family-support")), quantile)
        elif kind == "cp":
            self.closed_cp(child, close, area or "safeguarding", quantile)
        elif kind in ("cla", "adopted"):
            self.closed_cla(child, close, adopted=kind == "adopted", quantile=quantile)
        elif kind == "care_leaver":
            self.open_care_leaver(child, closed=close)
        else:
            self.closed_cwd(child, close, quantile)

    def closed_early_help(self, child: Child, close: date, quantile: float | None = None) -> None:
        start = max(close - timedelta(days=self.lasted(*EARLY_HELP_DAYS, quantile)),
                    self.earliest(child)
                    + timedelta(days=90))
        if start < close:
            self.early_help_episode(child, start, close)

    def closed_after_assessment(self, child: Child, close: date, *, reason: str = "",
                                repeat: bool = True) -> None:
        earliest = self.earliest(child)
        # After the child's last episode of need (a long assessment may not reach back into it).
        after = self.free_since(child) + timedelta(days=1) if child.cin_episodes else earliest
        referral = min(max(close - timedelta(days=self.assessment_days(close)), earliest, after),
                       close)
        team = "mash" if (close - referral).days < 10 and self.chance(0.5) else ""
        episode, _ = self.front_door(child, referral, close, "assessment",
                                     need=NEED(self.rng), team=team,
                                     s47=self.often(f"s47 {collection_year(referral)}",
                                                    S47_NOT_IN_NEED), repeat=repeat)
        assessment = episode.assessments[-1]
        assessment.needs_support = False
        if assessment.authorised is None or assessment.authorised > close:
            assessment.authorised = close
        self.close_episode(episode, close, reason or ("RC9" if self.chance(0.3) else "RC8"))

    def closed_cin(self, child: Child, close: date, area: str,
                   quantile: float | None = None) -> None:
        earliest = self.earliest(child)
        start = max(close - timedelta(days=self.lasted(*CIN_PLAN_DAYS, quantile)),
                    earliest + timedelta(days=60))
        if start >= close:
            self.closed_after_assessment(child, close)
            return
        team = self.team_for(area, child)
        referral = max(start - timedelta(days=self.assessment_days(start)), earliest)
        episode, _ = self.front_door(child, referral, start, area, need=self.need_for(area),
                                     s47=self.often(f"s47 cin {collection_year(referral)}",
                                                    S47_BEFORE_CIN))
        case = self.case(child, "cin", team, start, close)
        episode.cases.append(case)
        episode.plans.append([start, close])
        self.close_episode(episode, close, "RC7")

    def closed_cp(self, child: Child, close: date, area: str,
                  quantile: float | None = None) -> None:
        earliest = self.earliest(child)
        tail = self.randint(60, 270) if self.chance(0.4) else 0
        end = close - timedelta(days=tail)
        start = self.wd.on_or_before(end - timedelta(days=self.lasted(*CP_PLAN_DAYS, quantile)))
        if start <= earliest + timedelta(days=10) or end <= start:
            self.closed_after_assessment(child, close)
            return
        team = self.team_for(area, child)
        referral = max(start - self.days(10, 45), earliest)
        episode, _ = self.front_door(child, referral, start, area, need=self.need_for(area),
                                     icpc=start)
        cp_case = self.case(child, "cp", team, start, end)
        episode.cases.append(cp_case)
        self.protection_plan(child, episode, start, end, cp_case)
        if tail:
            case = self.case(child, "cin", team, end, close)
            episode.cases.append(case)
            episode.plans.append([end, close])
        self.close_episode(episode, close, "RC7")

    def closed_cwd(self, child: Child, close: date, quantile: float | None = None) -> None:
        earliest = self.earliest(child) + timedelta(days=150)
        plan = max(close - timedelta(days=self.lasted(*CWD_PLAN_DAYS, quantile)), earliest)
        referral = max(plan - self.days(20, 60), earliest)
        if plan >= close or referral >= close:
            return
        episode = self.referral(child, referral, "N2")
        case = self.case(child, "disabled_children", "cwd", referral, close)
        episode.cases.append(case)
        self.assessment(child, episode, referral + self.days(0, 5), plan, case,
                        needs_support=True)
        episode.plans.append([plan, close])
        adult = child.date_of_birth is not None and age_on(child.date_of_birth, close) >= 17
        self.close_episode(episode, close, "RC6" if adult else "RC7")

    def closed_cla(self, child: Child, close: date, *, adopted: bool = False,
                   quantile: float | None = None) -> None:
        dob = _born(child)
        age = age_on(dob, close)
        if age < 1:
            return
        adoption = None
        if age <= 6 and (adopted or self.chance(0.2)):
            reason = self.choice(("E11", "E12", "E12"))
            placed = close - self.days(70, 300)
            matched = placed - self.days(7, 40)
            order = matched - self.days(30, 200)
            start = max(dob + self.days(0, 20), order - self.days(150, 380))
            if not start < order < matched < placed < close:
                return
            adoption = AdoptionRecord(entered_care=start, decision=order - self.days(20, 100),
                                      placement_order=order, matched=matched, placed=placed,
                                      adoption_order=close)
            adoption.decision = max(adoption.decision, start + timedelta(days=1))
        else:
            # spread evenly over each year's leavers, as the counts by reason are small
            reason = LEFT_CARE.at(self.spread(f"left care {collection_year(close)}").next()[0])
            start = close - timedelta(days=self.lasted(*CARE_DAYS, quantile))
            start = max(start, dob)
        start = self.wd.on_or_before(start)
        if start >= close:
            return
        route = "cp" if adoption else self.entry_route(age_on(dob, start))
        if reason in ("E14", "E9"):
            route = "remand" if age >= 12 else route
        if route == "remand" and reason not in ("E14", "E9"):
            route = "s20"
        episode, before, again = self.coming_into_care(child, start, route,
                                                       may_return=adoption is None)
        period = self.looked_after(child, start, close, reason, route=route, adoption=adoption)
        period.second_period = again
        team = "adoption" if adoption else self.team_for("children-in-care", child)
        case = self.case(child, "cla", team, start, close, legal_status=period.legal_status)
        episode.cases.append(case)
        period.case = case
        self.social_workers(period, case, before)
        closure = {"E11": "RC1", "E12": "RC1", "E41": "RC3", "E45": "RC4", "E46": "RC4",
                   "E47": "RC4", "E48": "RC4", "E3": "RC5"}.get(reason, "RC7")
        self.close_episode(episode, close, closure)
        if adoption is not None:
            child.adoption = adoption
            self.adoptive_family(adoption, foster_carer=period.placement.place == "A5")
        elif (age_on(dob, start) < 5 and reason in LEFT_NOT_ADOPTED and (close - start).days > 300
              and self.often(f"decision reversed {collection_year(close)}",
                             REVERSED_DECISIONS)):
            child.adoption = self.reversed_decision(start, close)

    def reversed_decision(self, start: date, left: date) -> AdoptionRecord:
        """A decision that a child in care from `start` should be placed for adoption, reversed
        a few months before the child left care on `left` (home, or to a special guardian):
        the court made no placement order, or the child's plan changed."""
        reversed_on = left - self.days(20, min(200, (left - start).days - 150))
        decision = max(start + timedelta(days=60), reversed_on - self.days(60, 300))
        return AdoptionRecord(entered_care=start, decision=decision, placement_order=None,
                              reversed_on=reversed_on,
                              reversed_reason=REVERSED_REASON(self.rng))

    def care_again(self, child: Child, start: date,
                   route: str) -> tuple[CinEpisode, Case | None] | None:
        """Care that starts again on `start`, within a year of an earlier period of care that
        ended with the child going home: the earlier period, from the same referral, and the
        child in need plan at home in between. Returns the episode of need and the case before
        `start`, as `into_care` does, or None when there is no room for an earlier period."""
        ended = self.wd.on_or_before(start - timedelta(days=self.randint(*RETURN_GAP)))
        went_home = self.went_home(child, ended, route)
        if went_home is None:
            return None
        if start >= self.window_start:
            self.returns += 1
        episode, _ = went_home
        home = self.case(child, "cin", self.team_for("safeguarding", child), ended, start)
        episode.cases.append(home)
        episode.plans.append([ended, start])
        return episode, home

    def went_home(self, child: Child, ended: date,
                  route: str) -> tuple[CinEpisode, CarePeriod] | None:
        """A short period of care (from a referral, as `into_care` has it) that ended on
        `ended` with the child going home; None when the child is too young for it."""
        began = self.wd.on_or_before(ended - timedelta(days=self.span(120, 14, 500)))
        if began <= max(_born(child), self.earliest(child), self.free_since(child)) + timedelta(
                days=30):
            return None
        episode, before = self.into_care(child, began, route)
        period = self.looked_after(child, began, ended, self.pick([("E4A", 85), ("E4B", 15)]),
                                   route=route)
        case = self.case(child, "cla", self.team_for("children-in-care", child), began, ended,
                         legal_status=period.legal_status)
        episode.cases.append(case)
        period.case = case
        self.social_workers(period, case, before)
        return episode, period

    def back_in_care_later(self) -> None:
        """Children who went home from care in the months before as_of and will come back
        after it. A return to care brings its earlier period with it (`care_again`), so near
        as_of the earlier periods of returns still to come are missing; these make up for
        them, as many as expected on each day, so the last year is not short of them."""
        years = ((self.as_of - self.window_start).days + 1) / 365
        lo, hi = RETURN_GAP
        count = round(self.returns / years * (lo + hi) / 2 / 365)
        for _ in range(count):
            ended = self.wd.on_or_before(
                self.as_of - timedelta(days=int(self.rng.random() * self.randint(lo, hi))))
            child = self.new_child("cla", at=ended)
            route = self.entry_route(child.age_on(ended) or 0)
            went_home = self.went_home(child, ended, "s20" if route == "remand" else route)
            if went_home is None:
                self.drop(child)
                continue
            episode, _ = went_home
            self.close_episode(episode, ended, "RC7")

    # -------------------------------------------------------------- the front door's other work

    def steady_days(self, per_year: float, kind: str = "") -> list[tuple[date, float]]:
        """Days spread evenly over the history (from the start of the first collection year to
        as_of), `per_year` for every 1,500 open cases, so that each year gets its share without
        chance ups and downs; each with a quantile, spread evenly too, for the length of the
        work that ended that day (see `lasted`)."""
        span = (self.as_of - self.window_start).days + 1
        count = round(per_year * self.scale * span / 365)
        spread = self.spread(f"closed {kind}") if kind else _Spread(self.rng)
        found = []
        for _ in range(count):
            when, quantile = spread.next()
            found.append((self.window_start + timedelta(days=int(when * span)), quantile))
        return found

    def referred_again_later(self) -> None:
        """Referrals closed after assessment whose child will be referred again after as_of.

        A re-referral brings its earlier referral with it (`front_door`), so near as_of the
        earlier referrals of re-referrals still to come are missing; these make up for them,
        as many as expected on each day, so the last year is not short of referrals."""
        years = ((self.as_of - self.window_start).days + 1) / 365
        per_year = self.front_doors / years * REPEAT_REFERRAL
        lo, hi = REPEAT_GAP
        count = round(per_year * (lo + hi) / 2 / 365)
        for _ in range(count):
            close = self.as_of - timedelta(days=int(self.rng.random() * self.randint(lo, hi)))
            child = self.new_child("social_care", at=close)
            self.closed_after_assessment(child, close, repeat=False)
            if not child.cases:
                self.drop(child)

    def referrals_without_action(self) -> None:
        """Referrals closed with no further action (in the CIN census, not in cases.csv)."""
        for day, _ in self.steady_days(NFA_REFERRALS_PER_YEAR):
            child = self.new_child("social_care", at=day)
            day = self.wd.on_or_before(day)
            if day < self.earliest(child):
                self.drop(child)
                continue
            episode = self.referral(child, day, None)
            episode.nfa = True
            self.close_episode(episode, day, "RC8")
            episode.last_seen = None

    def contacts_only(self) -> None:
        """Contacts that went no further: half about children already known."""
        known = len(self.children)
        for day, _ in self.steady_days(CONTACTS_ONLY_PER_YEAR):
            if known and self.chance(0.5):
                child = self.children[self.rng.randrange(known)]
                if day >= self.earliest(child) and not any(
                        c.opened_on <= day <= (c.closed_on or date.max) for c in child.cases):
                    self.contact(child, day, SOURCE(self.rng))
                    continue
            child = self.new_child(self.choice(("social_care", "early_help")), at=day)
            if day >= self.earliest(child):
                self.contact(child, day, SOURCE(self.rng))
            else:
                self.drop(child)

    def drop(self, child: Child) -> None:
        """Forget a child just made who turned out to have no part in the history."""
        if self.children and self.children[-1] is child:
            self.children.pop()
        else:
            self.children.remove(child)

    # -------------------------------------------------------------- the whole caseload

    def build(self) -> None:
        rng = self.rng
        counts = apportion(self.open_target, [share for _, _, share in OPEN_MIX])
        slots = [(case_type, area) for (case_type, area, _), n in zip(OPEN_MIX, counts,
                                                                        strict=True)
                 for _ in range(n)]
        rng.shuffle(slots)
        for case_type, area in slots:
            self.open_slot(case_type, area)
        # Work that ended since the start of the first collection year, at a steady rate, on
        # top of the earlier work of today's open cases (see CLOSED_FLOWS).
        closing = [(day, kind, quantile) for kind, per_year in CLOSED_FLOWS
                   for day, quantile in self.steady_days(per_year, kind)]
        rng.shuffle(closing)
        for close, kind, quantile in closing:
            profile = {"cla": "cla", "cp": "cp", "cwd": "cwd", "early_help": "early_help",
                       "adopted": "adopted", "care_leaver": "former_care_leaver"}.get(
                           kind, "social_care")
            child = self.new_child(profile, disabled=0.12, at=close)
            self.closed_journey(child, kind, close, quantile=quantile)
            if not child.cases:
                self.drop(child)
        self.referred_again_later()
        self.back_in_care_later()
        self.referrals_without_action()
        self.contacts_only()
        for child in self.children:
            if child.cases and child.cases[-1].closed_on is None and self.chance(0.06):
                self.contact(child, self.as_of - self.days(0, 180), SOURCE(rng))
        self.prospective_adopters()

    def open_slot(self, case_type: str, area: str) -> None:
        if case_type == "early_help":
            self.open_early_help(self.new_child("early_help", disabled=0.08))
        elif case_type == "assessment":
            self.open_assessment(self.new_child("social_care", unborn=0.25 * 0.05), area)
        elif case_type == "cin":
            profile = "get_safe" if area == "get-safe" else "social_care"
            self.open_cin(self.new_child(profile, male=0.6 if area == "get-safe" else 0.52,
                                         unborn=0.02 if area == "safeguarding" else 0), area)
        elif case_type == "cp":
            profile = "get_safe" if area == "get-safe" else "cp"
            self.open_cp(self.new_child(profile, unborn=0.03 if area == "safeguarding" else 0),
                         area)
        elif case_type == "cla":
            uasc = area == "children-in-care" and self.chance(0.06)
            if uasc or area == "adoption":
                child = self.new_child("uasc" if uasc else "adoption", male=0.56, disabled=0.1,
                                       uasc=uasc)
                self.open_cla(child, for_adoption=area == "adoption")
            else:
                start, born = self.care_start_and_birth()
                child = self.new_child("cla_entry", male=0.56, disabled=0.1, born=born)
                self.open_cla(child, for_adoption=False, start=start)
        elif case_type == "care_leaver":
            uasc = self.chance(0.12)
            self.open_care_leaver(self.new_child("care_leaver", male=0.58, uasc=uasc,
                                                 even=True))
        elif case_type == "disabled_children":
            self.open_cwd(self.new_child("cwd", male=0.68))
        else:
            self.open_private_fostering(self.new_child("private_fostering"))

    def give_cases_to(self, person: StaffMember, minimum: int = 8) -> None:
        """Make sure a demo sign-in has open cases of their own to look at."""
        open_cases = [c for c in self.listed if c.closed_on is None and c.team == person.team]
        mine = sum(1 for c in open_cases if c.worker == person.staff_id)
        others = [c for c in open_cases if c.worker not in (None, person.staff_id)]
        for case in others[: max(0, minimum - mine)]:
            case.worker = person.staff_id

    def finish(self) -> list[Case]:
        """Number the cases in the order they opened, and return those for cases.csv."""
        self.listed.sort(key=lambda c: (c.opened_on, c.child.child_id, c.case_type))
        for number, case in enumerate(self.listed, start=1):
            case.case_ref = f"DS-{number:07d}"
        unlisted = (case for child in self.children for case in child.cases if not case.case_ref)
        for case in unlisted:
            case.case_ref = ""  # closed before the history window; not in cases.csv
        return self.listed


# ------------------------------------------------------------------ entry point


def population(seed: int, open_cases: int, mid_years: Iterable[int]) -> dict[int, int]:
    """The authority's children aged 0-17 in each mid-year estimate: CHILDREN_PER_OPEN_CASE
    for each open case in mid-2025, growing by about 0.3% a year. A mid-year has the same
    estimate whatever as_of is."""
    base = open_cases * CHILDREN_PER_OPEN_CASE
    estimates: dict[int, int] = {}
    for year in sorted(mid_years):
        wobble = random.Random(f"demoshire/{seed}/population/{year}").uniform(-0.002, 0.002)
        estimates[year] = round(base * (1 + 0.003 * (year - 2025) + wobble))
    return estimates


def generate(*, seed: int = DEFAULT_SEED, open_cases: int = DEFAULT_OPEN_CASES,
             as_of: date | None = None, years: int = DEFAULT_YEARS) -> Authority:
    """Generate Demoshire. The same seed, as_of and years always give the same authority.

    `years` is how many collection years the history covers, and so how many years of national
    returns `files.write_all` writes: the one containing as_of and the years before it."""
    if open_cases < 1:
        raise ValueError("open_cases must be at least 1")
    if years < 1:
        raise ValueError("years must be at least 1")
    as_of = as_of or date.today()  # noqa: DTZ011 - a calendar date for the demo, not a moment
    staff, sign_ins = _staff(random.Random(f"demoshire/{seed}/organisation"))
    builder = _Builder(seed=seed, open_cases=open_cases, as_of=as_of, staff=staff, years=years)
    builder.build()
    builder.give_cases_to(sign_ins["practitioner"])
    cases = builder.finish()
    teams = [Team(spec.code, spec.name, spec.service_area, spec.locality, spec.case_holding)
             for spec in TEAM_SPECS]
    return Authority(
        seed=seed, as_of=as_of, open_cases_target=open_cases,
        service_areas=[ServiceArea(code, name) for code, name in SERVICE_AREAS],
        teams=teams, staff=staff, children=builder.children, cases=cases,
        families=builder.families, sign_ins=sign_ins, years=years,
        # DfE divides a collection year ending March YYYY by the mid-(YYYY-1) estimate.
        population=population(seed, open_cases, (year - 1 for year in builder.years)),
    )
