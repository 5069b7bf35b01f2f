"""Bigshire: a large invented authority's national returns, for the import benchmark.

    uv run python bench/large_authority.py OUT [--seed 998] [--scale 1.0] [--no-check]

Bigshire (LA number 998, invented) has about 250,000 children aged 0-17. Into OUT it writes,
in the formats Clearsight's readers take (clearsight_analytics.ingest):

    population.csv               children aged 0-17, mid-2022 to mid-2025, in the columns of
                                 DfE's ONS mid-year estimates file
    ssda903/<year>/*.csv         SSDA903 for the years ending 31 March 2024, 2025 and 2026
    cin_census/<year>.xml        the CIN census for the same three years
    annex_a.xlsx                 Ofsted Annex A, Lists 1-11, as at 31 March 2026 (List 1: the
                                 contacts of the last six months)
    annex_a_contacts_200k.xlsx   the same workbook with every contact of the three years in
                                 List 1, for measuring the Annex A reader's throughput
    bigshire.json                seed, scale, rows per table and year, seconds taken

At scale 1 that is about 200,000 contacts and 60,000 referrals in the three years, and about
10,000 looked-after episodes. `--scale 0.1` makes a tenth of everything, for a quick look.

How it is made:

- One story per child, told once, from which every return is cut: a child has the same ID,
  date of birth, sex and ethnicity everywhere, a referral in the CIN census is a contact in
  Annex A, a child looked after has an open episode of need, and so on. Stories start in
  April 2021 (two years before the first return) so that the first year opens with the work
  already in hand, and children in care since before then are added as a stock.
- The register of children and their contacts are drawn with numpy, all at once; the stories
  (episodes of need, assessments, section 47s, plans, periods of care) in plain Python, one
  child at a time. The same seed gives the same files, byte for byte.
- Dates are day numbers (`date.toordinal()`) until they are written. A story is told to its
  end even when that is after 31 March 2026; each return shows only what had happened by its
  census date (an end after it is left blank, an event after it is left out).
- The Annex A workbooks are written by a small writer of our own (shared strings as Excel
  writes them, dates as Excel dates shown dd/mm/yyyy) because xlsxwriter takes about 20 s for
  the 200,000-row List 1 alone. The check at the end writes a sample of every list with
  xlsxwriter too and asserts that the reader gets identical tables from both.
- The check reads every file through the real readers and stops with the problems if there
  is any at all. `--no-check` skips it (the benchmark reads the files itself).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import json
import random
import sys
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project's packages

from clearsight.demo import codes
from clearsight_analytics.calendar import england_and_wales_bank_holidays

SEED = 998
LA_NUMBER = "998"
LA_NAME = "Bigshire"
LA_CODE = "E06000998"  # invented, like the authority
REGION = ("E12000004", "East Midlands")
YEARS = (2024, 2025, 2026)  # collection years, named by the year they end in


def day(year: int, month: int, dom: int) -> int:
    return date(year, month, dom).toordinal()


FIRST_DAY, LAST_DAY = day(2000, 1, 1), day(2032, 12, 31)  # range of the date tables
EXCEL_ZERO = day(1899, 12, 30)  # Excel's serial number 0
ORD_1970 = day(1970, 1, 1)
RUN_IN = day(2021, 4, 1)  # stories start here
WINDOW_START = day(2023, 4, 1)  # the first return's first day
AS_OF = day(2026, 3, 31)  # the last census date, and the Annex A date
SIX_MONTHS_AGO = day(2025, 9, 30)  # Annex A Lists 1-9 look back six months
YEAR_AGO = day(2025, 3, 31)  # Lists 10 and 11, and the "last 12 months" counts
STOCK_FROM = day(2008, 4, 1)  # earliest start of a period of care still open in April 2021


@dataclass(frozen=True)
class Scale:
    """The sizes asked for, times `factor`."""

    factor: float = 1.0

    def of(self, number: float) -> int:
        return max(1, round(number * self.factor))

    @property
    def population(self) -> int:  # children aged 0-17
        return self.of(250_000)

    @property
    def contacts(self) -> int:  # in the three collection years
        return self.of(200_000)


# Tuned so that scale 1 gives about 60,000 referrals and 10,000 episodes in the three years.
P_REFERRAL = 0.36  # a contact for a child with no open episode of need becomes a referral
P_NFA = 0.09  # a referral closed with no further action
P_S47 = 0.22  # an assessment with a section 47 enquiry
P_ICPC = 0.42  # a section 47 leading to an initial child protection conference
P_PLAN = 0.86  # an ICPC leading to a plan
P_CARE_FROM_PLAN = 0.18
P_CARE_FROM_ASSESSMENT = 0.027
P_CARE_AT_REFERRAL = 0.0075
LAC_STOCK_PER_10K = 52  # children in care since before April 2021, per 10,000 children
UASC_PER_10K_A_YEAR = 3.3
LEAVERS_PER_10K_A_COHORT = 9  # care leavers who left before April 2021, per birth year
EARLY_HELP_PER_10K = 160

# ------------------------------------------------------------------ dates and working days

_DMY = tuple(f"{date.fromordinal(o):%d/%m/%Y}" for o in range(FIRST_DAY, LAST_DAY + 1))
_ISO = tuple(date.fromordinal(o).isoformat() for o in range(FIRST_DAY, LAST_DAY + 1))


def dmy(when: int | None) -> str:
    return "" if when is None else _DMY[when - FIRST_DAY]


def iso(when: int | None) -> str:
    return "" if when is None else _ISO[when - FIRST_DAY]


def shown(when: int | None, last: int) -> int | None:
    """A date as a return made on `last` shows it: not yet there if it is after `last`."""
    return when if when is not None and when <= last else None


def overlaps(start: int, end: int | None, first: int, last: int) -> bool:
    return start <= last and (end is None or end >= first)


class WorkingDays:
    """Monday to Friday less England and Wales bank holidays, by table look-up."""

    def __init__(self) -> None:
        holidays = {d.toordinal() for d in england_and_wales_bank_holidays(range(2000, 2033))}
        self.days: list[int] = []
        self.count: list[int] = []  # count[o - FIRST_DAY]: working days on or before o
        for o in range(FIRST_DAY, LAST_DAY + 1):
            if o % 7 not in (6, 0) and o not in holidays:  # ordinal % 7: 6 Saturday, 0 Sunday
                self.days.append(o)
            self.count.append(len(self.days))

    def add(self, start: int, days: int) -> int:
        """The day `days` working days after `start` (day 0; the next working day is day 1)."""
        if days <= 0:
            return start
        return self.days[self.count[start - FIRST_DAY] - 1 + days]

    def between(self, start: int, end: int) -> int:
        return self.count[end - FIRST_DAY] - self.count[start - FIRST_DAY]


def between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from low to high inclusive (random.randint's result, faster)."""
    return low + int(rng.random() * (high - low + 1))


def one_of(rng: random.Random, items: Sequence[Any]) -> Any:
    return items[int(rng.random() * len(items))]


class Pick:
    """A weighted choice from a fixed list."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.items = list(weights)
        total = sum(weights.values())
        running = 0.0
        self.cumulative: list[float] = []
        for weight in weights.values():
            running += weight / total
            self.cumulative.append(running)
        self.cumulative[-1] = 1.0

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cumulative, rng.random())]

    def probabilities(self) -> list[float]:
        previous = [0.0, *self.cumulative[:-1]]
        return [b - a for a, b in zip(previous, self.cumulative, strict=True)]


ETHNICITY = Pick({
    "WBRI": 70.0, "WIRI": 0.3, "WIRT": 0.2, "WOTH": 4.0, "WROM": 0.4, "MWBC": 1.5, "MWBA": 0.7,
    "MWAS": 1.2, "MOTH": 1.5, "AIND": 2.5, "APKN": 3.5, "ABAN": 1.2, "AOTH": 1.2, "BCRB": 0.8,
    "BAFR": 3.5, "BOTH": 0.6, "CHNE": 0.4, "OOTH": 2.0, "REFU": 0.5, "NOBT": 1.0})
UASC_ETHNICITY = Pick({"OOTH": 30, "AOTH": 25, "BAFR": 25, "BOTH": 10, "WOTH": 10})
SOURCE = Pick({
    "1A": 6, "1B": 1, "1C": 1, "1D": 1, "2A": 18, "2B": 2, "3A": 3, "3B": 3, "3C": 1, "3D": 2,
    "3E": 4, "3F": 3, "4": 2, "5A": 3, "5B": 3, "5C": 3, "6": 28, "7": 3, "8": 5, "9": 2,
    "10": 2})
NEED = Pick({"N1": 55, "N2": 8, "N3": 6, "N4": 7, "N5": 12, "N6": 2, "N7": 0.5, "N8": 3,
             "N9": 5, "N0": 1.5})
NEED_903 = Pick({"N1": 62, "N2": 3, "N3": 4, "N4": 7, "N5": 13, "N6": 2, "N7": 0.5, "N8": 8.5})
FACTOR = Pick({
    "3C": 20, "4B": 18, "16A": 12, "17A": 12, "2B": 6, "1B": 5, "18C": 5, "4A": 6, "14A": 3,
    "10A": 2, "11A": 2, "24A": 2, "19C": 2, "6B": 2, "5B": 2, "7A": 1, "3A": 2, "3B": 2,
    "2A": 1, "1A": 1, "13A": 1, "15A": 2, "20": 2, "18B": 1, "19B": 1, "22A": 0.3, "23A": 0.3,
    "12A": 0.3})
ABUSE = Pick({"NEG": 50, "EMO": 36, "PHY": 7, "SAB": 4, "MUL": 3})
REVIEW_CODE = Pick({"PN1": 45, "PN2": 15, "PN3": 10, "PN4": 8, "PN5": 5, "PN6": 10, "PN7": 7})
PLACE_CHANGE = Pick({"CARPL": 20, "CLOSE": 5, "ALLEG": 3, "STAND": 8, "APPRR": 18, "CREQB": 12,
                     "CREQO": 6, "CHILD": 10, "LAREQ": 8, "PLACE": 6, "OTHER": 4})
SW_REASON = Pick({"MANAGE": 25, "FCONTA": 5, "LEFTRL": 30, "ORGRST": 8, "TSPROC": 20,
                  "ABSENC": 6, "CHCHAN": 2, "PCCHAN": 2, "OTHERS": 2})
PREV_PERM = Pick({"Z1": 78, "P4": 5, "P2": 8, "P3": 6, "P1": 3})
LEAVE_AT_18 = Pick({"E5": 40, "E6": 12, "E17": 22, "E8": 14, "E7": 2, "E13": 10})
LEAVE_SHORT = Pick({"E4A": 55, "E4B": 10, "E13": 9, "E3": 4, "E41": 4, "E47": 6, "E8": 10,
                    "E16": 1, "E2": 0.2})
LEAVE_LONG = Pick({"E4A": 26, "E4B": 4, "E45": 9, "E46": 4, "E47": 14, "E48": 5, "E41": 6,
                   "E13": 6, "E8": 6, "E3": 3, "E9": 1})
IN_TOUCH = Pick({"YES": 90, "NO": 4, "REFU": 2, "NREQ": 2.5, "RHOM": 1.4, "DIED": 0.1})
ACTIVITY = Pick({"F1": 6, "P1": 1, "F2": 30, "P2": 4, "F4": 5, "P4": 1, "F5": 14, "P5": 5,
                 "G4": 6, "G5": 24, "G6": 4})
ACCOMMODATION = Pick({"B": 10, "C": 3, "D": 28, "E": 6, "K": 4, "T": 4, "U": 30, "Z": 12,
                      "X": 1, "S": 1, "V": 1})
PERMANENCE = Pick({"return": 15, "adoption": 6, "sgo": 12, "supported": 10, "residential": 6,
                   "fostering": 45, "other": 6})
CLOSURE_AFTER_CARE = {"E11": "RC1", "E12": "RC1", "E45": "RC4", "E46": "RC4", "E47": "RC4",
                      "E48": "RC4", "E41": "RC3", "E3": "RC5", "E2": "RC2", "E7": "RC6"}

OUT_OF_AREA = (("LE", "Leicester"), ("NG", "Nottingham"), ("DE", "Derby"),
               ("B", "Birmingham"), ("CV", "Coventry"), ("ST", "Stoke-on-Trent"),
               ("S", "Sheffield"), ("LN", "Lincolnshire"))
FIRST_NAMES = ("Alex", "Sam", "Jo", "Priya", "Tom", "Aisha", "Ben", "Chloe", "Dan", "Ella",
               "Femi", "Grace", "Hassan", "Isla", "Jack", "Kiran", "Leah", "Mo", "Nina", "Owen")
LAST_NAMES = ("Smith", "Khan", "Jones", "Patel", "Brown", "Taylor", "Wilson", "Davies", "Evans",
              "Ahmed", "Clarke", "Hughes", "Walker", "Wright", "Green", "Hall", "Wood", "Lewis",
              "Begum", "Turner")
TEAMS = {"front": ("Assessment", 10), "safeguarding": ("Safeguarding", 14),
         "care": ("Children in Care", 7), "leaving": ("Leaving Care", 4)}

# ------------------------------------------------------------------ the stories


@dataclass(slots=True)
class Staff:
    sw_id: str  # Social Work England registration number, as sw_episodes gives it
    name: str
    team: str


@dataclass(slots=True)
class Assessment:
    start: int
    authorised: int
    factors: tuple[str, ...]
    seen: bool
    support: bool  # found to need children's social care support
    staff: Staff


@dataclass(slots=True)
class Enquiry:
    """A section 47 enquiry."""

    start: int
    target: int  # InitialCPCtarget: 15 working days on
    decided: int  # the ICPC, or the day it was decided none was needed
    icpc: int | None
    plan: bool  # the ICPC led to a plan
    staff: Staff


@dataclass(slots=True)
class ProtectionPlan:
    start: int
    end: int
    initial: str
    latest: str
    previous: int
    reviews: list[int]
    staff: Staff


@dataclass(slots=True)
class Placement:
    place: str
    provider: str
    postcode: str
    urn: str
    la: str
    in_area: bool


@dataclass(slots=True)
class Episode:
    """One SSDA903 episode: the legal status and placement stayed the same throughout."""

    start: int
    end: int
    rne: str
    ls: str
    placement: Placement
    rec: str = "X1"
    change_reason: str = ""  # REASON_PLACE_CHANGE, when the next episode moves placement


@dataclass(slots=True)
class Adopter:
    adopter_id: str
    sex: str
    ethnicity: str
    disabled: bool
    ffa: bool
    dates: list[int | None]  # enquiry, stage 1 start/end, stage 2 start/end, application,
    #                          approved, matched, placed (the List 11 order)
    order: int | None = None
    left: int | None = None
    left_reason: int = 0
    children_placed: int | None = None


@dataclass(slots=True)
class Family:
    family_id: str
    adopters: list[Adopter]
    sex_code: str  # SEX_ADOPTR
    status_code: str  # LS_ADOPTR


@dataclass(slots=True)
class Adoption:
    decision: int
    placement_order: int | None = None
    matched: int | None = None
    placed: int | None = None
    order: int | None = None
    reversed_on: int | None = None
    reversed_reason: str = ""
    ffa: int | None = None
    family: Family | None = None
    foster_carer: bool = False


@dataclass(slots=True)
class CarePeriod:
    child: int
    start: int
    end: int  # the story's end, which may be after AS_OF (then still open in the returns)
    reason: str  # REC of the last episode
    need: str
    uasc: bool
    episodes: list[Episode] = field(default_factory=list)
    reviews: list[tuple[int, str]] = field(default_factory=list)
    missing: list[tuple[str, int, int]] = field(default_factory=list)
    workers: list[tuple[Staff, int, int, str]] = field(default_factory=list)
    adoption: Adoption | None = None
    previous_permanence: tuple[str, int | None] = ("Z1", None)
    permanence: str = "fostering"
    second_period: bool = False


@dataclass(slots=True)
class NeedEpisode:
    """A CINdetails block: from referral to closure (closure may be after AS_OF)."""

    child: int
    referral: int
    source: str
    need: str | None
    staff: Staff
    nfa: bool = False
    closed: int = 0
    closure_reason: str = ""
    assessments: list[Assessment] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)
    cin_plans: list[tuple[int, int]] = field(default_factory=list)
    protection_plans: list[ProtectionPlan] = field(default_factory=list)
    care: CarePeriod | None = None


@dataclass(slots=True)
class Leaver:
    child: int
    left: int  # the day care ended, at 16 or over
    staff: Staff
    adviser: Staff


@dataclass(slots=True)
class EarlyHelp:
    child: int
    start: int
    completed: int | None
    organisation: str


class Register:
    """Every child living in Bigshire at some time in the years covered (born April 2001 to
    March 2026), with what every return says about them, drawn at once with numpy."""

    def __init__(self, rng: np.random.Generator, population: int) -> None:
        size = round(population * 25 / 18)  # 25 birth years, of which 18 are aged 0-17
        first, last = day(2001, 4, 1), day(2026, 3, 31)
        dob = rng.integers(first, last + 1, size)
        d64 = (dob - ORD_1970).astype("datetime64[D]")
        years = d64.astype("datetime64[Y]").astype(np.int64) + 1970
        months = d64.astype("datetime64[M]").astype(np.int64) % 12 + 1
        doms = (d64 - d64.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
        to18 = years + 18
        leap = (to18 % 4 == 0) & ((to18 % 100 != 0) | (to18 % 400 == 0))
        dom18 = np.where((months == 2) & (doms == 29) & ~leap, 28, doms)  # 29 Feb: 28th
        eighteen = (((to18 - 1970) * 12 + months - 1).astype("datetime64[M]")
                    .astype("datetime64[D]").astype(np.int64) + dom18 - 1 + ORD_1970)
        draw = rng.random(size)
        sex = np.where(draw < 0.512, 0, np.where(draw < 0.999, 1, 2))
        ethnicity = rng.choice(len(ETHNICITY.items), size, p=ETHNICITY.probabilities())
        disabled = rng.random(size) < 0.08
        first_code = rng.integers(1, len(codes.DISABILITIES), size)  # 0 is NONE
        second_code = np.where(rng.random(size) < 0.3,
                               rng.integers(1, len(codes.DISABILITIES), size), 0)
        self.size = size
        self.dob: list[int] = dob.tolist()
        self.year: list[int] = years.tolist()
        self.month: list[int] = months.tolist()
        self.dom: list[int] = doms.tolist()
        self.eighteen: list[int] = eighteen.tolist()
        self.sex: list[str] = [("M", "F", "U")[s] for s in sex.tolist()]
        self.ethnicity: list[str] = [ETHNICITY.items[e] for e in ethnicity.tolist()]
        self.disabled: list[bool] = disabled.tolist()
        self.disabilities: list[tuple[str, ...]] = [
            tuple(sorted({codes.DISABILITIES[a], codes.DISABILITIES[b]} - {"NONE"},
                         key=codes.DISABILITIES.index)) if flag else ("NONE",)
            for flag, a, b in zip(disabled.tolist(), first_code.tolist(), second_code.tolist(),
                                  strict=True)]
        self.district: list[int] = rng.integers(1, 25, size).tolist()
        self.sector: list[int] = rng.integers(1, 10, size).tolist()
        self.contact_weight = rng.gamma(0.35, 1.0, size)  # a few children have many contacts
        self.uasc = [False] * size
        self.dob_array, self.eighteen_array = dob, eighteen

    @staticmethod
    def child_id(child: int) -> str:
        return str(1_000_000 + child)

    def age(self, child: int, when: int) -> int:
        on = date.fromordinal(when)
        years = on.year - self.year[child]
        if (on.month, on.day) < (self.month[child], self.dom[child]):
            years -= 1
        return years

    def birthday(self, child: int, years: int) -> int:
        year, month, dom = self.year[child] + years, self.month[child], self.dom[child]
        if month == 2 and dom == 29 and not (year % 4 == 0 and (year % 100 or year % 400 == 0)):
            dom = 28
        return day(year, month, dom)

    def upn(self, child: int, on: int) -> str:
        """A unique pupil number, or UN1 for a child under 4 (not yet at school)."""
        if self.age(child, on) < 4:
            return "UN1"
        digits = (f"{LA_NUMBER}{1000 + child * 7919 % 7000}{(self.year[child] + 5) % 100:02d}"
                  f"{child * 131 % 1000:03d}")
        total = sum(int(d) * weight for d, weight in zip(digits, range(2, 14), strict=True))
        return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23] + digits

    def postcode(self, child: int) -> str:
        return f"BG{self.district[child]} {self.sector[child]}"

    def count_aged_0_to_17(self, on: int) -> int:
        return int(((self.dob_array <= on) & (self.eighteen_array > on)).sum())


class Bigshire:
    """Tells every child's story: contacts, episodes of need, care, leaving care, adoption."""

    def __init__(self, seed: int, scale: Scale) -> None:
        self.seed, self.scale = seed, scale
        self.rng = random.Random(seed)
        self.np_rng = np.random.default_rng(seed)
        self.wd = WorkingDays()
        self.register = Register(self.np_rng, scale.population)
        self.staff = self._staff()
        self.contact_day: list[int] = []
        self.contact_child: list[int] = []
        self.contact_source: list[str] = []
        self.episodes: list[NeedEpisode] = []
        self.periods: list[CarePeriod] = []
        self.leavers: list[Leaver] = []
        self.families: list[Family] = []
        self.adopters_in_process: list[Adopter] = []
        self.early_help: list[EarlyHelp] = []
        self.plans_so_far: dict[int, int] = {}  # child -> protection plans already had
        self.last_care_end: dict[int, int] = {}
        self.busy_until: dict[int, int] = {}  # child -> closure of their open episode of need
        self._numbers = {"family": 0, "adopter": 0}
        self.chosen: set[int] = set()

    # -------------------------------------------------------------- staff

    def _staff(self) -> dict[str, list[Staff]]:
        staff: dict[str, list[Staff]] = {}
        number = 0
        for kind, (label, teams) in TEAMS.items():
            people = staff.setdefault(kind, [])
            for team in range(1, teams + 1):
                for _ in range(8):
                    name = f"{FIRST_NAMES[number % 20]} {LAST_NAMES[number // 20 % 20]}"
                    people.append(Staff(f"SW{100_000 + number * 37}", name,
                                        f"{label} Team {team}"))
                    number += 1
        return staff

    def worker(self, kind: str) -> Staff:
        return one_of(self.rng, self.staff[kind])

    # -------------------------------------------------------------- everything

    def build(self) -> None:
        self.reserve_uasc()
        self.reserve_past_leavers()
        self.draw_contacts()
        self.care_stock()
        self.uasc_arrivals()
        self.referrals()
        self.draw_early_help()
        self.adopters_without_children()
        latest = {leaver.child: leaver for leaver in sorted(self.leavers, key=lambda lv: lv.left)}
        self.leavers = sorted(latest.values(), key=lambda lv: lv.child)

    # -------------------------------------------------------------- children who arrive

    def _child_aged(self, when: int, youngest: int, oldest: int,
                    born_before: int | None = None) -> int:
        """A random child aged youngest to oldest on `when` not yet chosen for a story of
        their own (arrival, care stock, past leaver)."""
        register, rng = self.register, self.rng
        born_before = when if born_before is None else born_before
        while True:
            child = rng.randrange(register.size)
            if child not in self.chosen and register.dob[child] < born_before and (
                    youngest <= register.age(child, when) <= oldest):
                self.chosen.add(child)
                return child

    def reserve_uasc(self) -> None:
        """Unaccompanied asylum-seeking children arriving aged 14-17 (no contacts before)."""
        register, rng = self.register, self.rng
        count = self.scale.of(250_000 * UASC_PER_10K_A_YEAR / 10_000 * 5)
        self.uasc_arrivals_due: list[tuple[int, int]] = []
        for _ in range(count):
            arrival = between(rng, RUN_IN, AS_OF)
            child = self._child_aged(arrival, 14, 17)
            register.contact_weight[child] = 0.0  # new to Bigshire: no contacts before
            register.uasc[child] = True
            register.sex[child] = "M" if rng.random() < 0.92 else "F"
            register.ethnicity[child] = UASC_ETHNICITY(rng)
            self.uasc_arrivals_due.append((child, arrival))

    def reserve_past_leavers(self) -> None:
        """Care leavers who left care at 16-18 before April 2021, aged 18-21 in the returns."""
        register, rng = self.register, self.rng
        per_cohort = self.scale.of(250_000 * LEAVERS_PER_10K_A_COHORT / 10_000)
        for _ in range(per_cohort * 4):  # born April 2001 to March 2005
            child = self._child_aged(RUN_IN, 16, 19, born_before=day(2005, 3, 1))
            register.contact_weight[child] = 0.0  # their social care was before the stories
            left = min(register.eighteen[child],
                       register.birthday(child, 16) + between(rng, 0, 730), RUN_IN - 1)
            if register.sex[child] == "U":
                register.sex[child] = "M"
            staff = self.worker("leaving")
            self.leavers.append(Leaver(child, left, staff, self.worker("leaving")))

    # -------------------------------------------------------------- contacts

    def draw_contacts(self) -> None:
        """The window's contacts, and two years' more before it (they lead to the referrals
        that are open when the first return starts)."""
        rng, register = self.np_rng, self.register
        in_window = self.scale.contacts
        before = round(in_window * 2 / 3)
        days = np.concatenate([rng.integers(WINDOW_START, AS_OF + 1, in_window),
                               rng.integers(RUN_IN, WINDOW_START, before)])
        # Fewer contacts at weekends: most weekend days are moved to a random weekday.
        for _ in range(10):
            weekend = np.isin(days % 7, (6, 0)) & (rng.random(days.size) < 0.8)
            if not weekend.any():
                break
            days[weekend] += rng.integers(1, 5, int(weekend.sum()))
        days[:in_window] = np.clip(days[:in_window], WINDOW_START, AS_OF)  # keep the count
        days[in_window:] = np.clip(days[in_window:], RUN_IN, WINDOW_START - 1)
        weights = register.contact_weight / register.contact_weight.sum()
        child = rng.choice(register.size, days.size, p=weights)
        dob, eighteen = register.dob_array, register.eighteen_array
        for _ in range(200):  # redraw children not aged 0-17 on the day
            wrong = (dob[child] > days) | (eighteen[child] <= days)
            if not wrong.any():
                break
            child[wrong] = rng.choice(register.size, int(wrong.sum()), p=weights)
        source = rng.choice(len(SOURCE.items), days.size, p=SOURCE.probabilities())
        order = np.lexsort((child, days))  # by day, then child
        self.contact_order_by_child = np.lexsort((days[order], child[order])).tolist()
        self.contact_day = days[order].tolist()
        self.contact_child = child[order].tolist()
        self.contact_source = [SOURCE.items[s] for s in source[order].tolist()]

    # -------------------------------------------------------------- referrals

    def referrals(self) -> None:
        """Each child's contacts in turn: one with no open episode may become a referral."""
        rng, wd = self.rng, self.wd
        current, busy = -1, 0
        for k in self.contact_order_by_child:
            child, when = self.contact_child[k], self.contact_day[k]
            if child != current:
                current, busy = child, self.busy_until.get(child, 0)
            if when <= busy or rng.random() >= P_REFERRAL:
                continue
            referral = when if rng.random() < 0.7 else wd.add(when, between(rng, 1, 2))
            if referral > AS_OF:
                continue
            episode = self.episode_of_need(child, referral, self.contact_source[k])
            busy = episode.closed
            self.busy_until[child] = busy

    def episode_of_need(self, child: int, referral: int, source: str) -> NeedEpisode:
        rng, wd, register = self.rng, self.wd, self.register
        eighteen = register.eighteen[child]
        episode = NeedEpisode(child, referral, source, NEED(rng), self.worker("front"))
        self.episodes.append(episode)
        if rng.random() < P_NFA or referral + 60 >= eighteen:
            episode.nfa, episode.need = True, None
            episode.closed, episode.closure_reason = referral, "RC8"
            return episode
        if rng.random() < P_CARE_AT_REFERRAL:
            episode.assessments.append(Assessment(
                referral, wd.add(referral, between(rng, 15, 45)), self.factors(), True, True,
                episode.staff))
            return self.into_care(episode, wd.add(referral, between(rng, 0, 2)), "emergency")
        start = wd.add(referral, one_of(rng, (0, 0, 0, 1, 1, 2, 3, 5)))
        working_days = (between(rng, 46, 85) if rng.random() < 0.16
                        else round(rng.triangular(6, 45, 33)))
        authorised = wd.add(start, working_days)
        factors = self.factors()
        if rng.random() < P_S47:
            enquiry_start = start + between(rng, 0, 2)
            staff = self.worker("safeguarding")
            target = wd.add(enquiry_start, 15)
            if rng.random() < P_ICPC:
                icpc = wd.add(enquiry_start, between(rng, 8, 15) if rng.random() < 0.78
                              else between(rng, 16, 35))
                led = rng.random() < P_PLAN
                episode.enquiries.append(Enquiry(enquiry_start, target, icpc, icpc, led, staff))
                episode.assessments.append(Assessment(start, authorised, factors,
                                                      rng.random() < 0.96, True, episode.staff))
                if led:
                    return self.protection(episode, icpc)
                return self.after_assessment(episode, icpc, plan_likely=0.75)
            decided = wd.add(enquiry_start, between(rng, 3, 20))
            episode.enquiries.append(Enquiry(enquiry_start, target, decided, None, False, staff))
            authorised = max(authorised, decided)
            episode.assessments.append(Assessment(start, authorised, factors,
                                                  rng.random() < 0.96, True, episode.staff))
            return self.after_assessment(episode, authorised, plan_likely=0.45)
        support = rng.random() < 0.5
        if not support:
            factors = ("21",) if rng.random() < 0.3 else factors
        episode.assessments.append(Assessment(start, authorised, factors, rng.random() < 0.95,
                                              support, episode.staff))
        if support and rng.random() < P_CARE_FROM_ASSESSMENT / 0.5:
            remand = register.age(child, authorised) >= 12 and rng.random() < 0.1
            return self.into_care(episode, authorised + between(rng, 0, 10),
                                  "remand" if remand else "court")
        return self.after_assessment(episode, authorised, plan_likely=0.9 if support else 0.0)

    def factors(self) -> tuple[str, ...]:
        rng = self.rng
        found = {FACTOR(rng) for _ in range(one_of(rng, (1, 1, 2, 2, 2, 3, 3, 4)))}
        return tuple(sorted(found, key=lambda code: codes.ASSESSMENT_FACTORS.index(code)))

    def after_assessment(self, episode: NeedEpisode, when: int,
                         plan_likely: float) -> NeedEpisode:
        rng = self.rng
        if rng.random() < plan_likely:
            start = when + between(rng, 0, 10)
            end = start + max(30, round(rng.lognormvariate(5.3, 0.6)))
            episode.cin_plans.append((start, end))
            return self.close(episode, end + between(rng, 0, 21),
                              "RC7" if rng.random() < 0.9 else one_of(rng, ("RC5", "RC9")))
        return self.close(episode, when + between(rng, 0, 7),
                          "RC8" if rng.random() < 0.8 else "RC9")

    def protection(self, episode: NeedEpisode, start: int) -> NeedEpisode:
        rng = self.rng
        child = episode.child
        length = min(1100, max(30, round(rng.lognormvariate(5.55, 0.55))))
        end = start + length
        into_care = rng.random() < P_CARE_FROM_PLAN
        if into_care:
            end = start + between(rng, 14, max(15, length - 1))
        initial = ABUSE(rng)
        latest = initial if rng.random() < 0.85 else ABUSE(rng)
        reviews, review = [], start + between(rng, 70, 90)
        while review < end:
            reviews.append(review)
            review += between(rng, 150, 182)
        previous = self.plans_so_far.get(child, 0)
        if previous == 0 and episode.referral < WINDOW_START and rng.random() < 0.15:
            previous = 1  # a plan from before the stories start
        self.plans_so_far[child] = previous + 1
        episode.protection_plans.append(ProtectionPlan(
            start, end, initial, latest, previous, reviews, self.worker("safeguarding")))
        if into_care:
            return self.into_care(episode, end, "court")
        if rng.random() < 0.6:  # stepped down to a child in need plan
            cin_end = end + max(30, round(rng.lognormvariate(5.0, 0.5)))
            episode.cin_plans.append((end, cin_end))
            return self.close(episode, cin_end + between(rng, 0, 14), "RC7")
        return self.close(episode, end + between(rng, 0, 14), "RC7")

    def close(self, episode: NeedEpisode, closed: int, reason: str) -> NeedEpisode:
        """Close the episode, no later than the child's 18th birthday (plans end with it)."""
        eighteen = self.register.eighteen[episode.child]
        if closed > eighteen:
            closed, reason = eighteen, "RC7"
        episode.closed, episode.closure_reason = closed, reason
        episode.cin_plans = [(start, min(end, closed)) for start, end in episode.cin_plans
                             if start <= closed]
        for plan in episode.protection_plans:
            if plan.end > closed:
                plan.end = closed
                plan.reviews = [review for review in plan.reviews if review <= closed]
        return episode

    # -------------------------------------------------------------- care

    def into_care(self, episode: NeedEpisode, start: int, route: str,
                  end: int | None = None) -> NeedEpisode:
        if start >= self.register.eighteen[episode.child] - 14:  # too late to come into care
            return self.close(episode, start, "RC7")
        period = self.care_period(episode.child, start, route, end)
        episode.care = period
        reason = CLOSURE_AFTER_CARE.get(period.reason, "RC7")
        closed = period.end if period.reason in LEAVE_AT_18.items else (
            period.end + between(self.rng, 0, 20))
        return self.close(episode, closed, reason)

    def care_stock(self) -> None:
        """Children in care since before April 2021, still in care on 1 April 2021."""
        rng, register = self.rng, self.register
        count = self.scale.of(250_000 * LAC_STOCK_PER_10K / 10_000)
        for _ in range(count):
            child = self._child_aged(RUN_IN + 60, 0, 17, born_before=RUN_IN - 30)
            start = between(rng, max(STOCK_FROM, register.dob[child] + 1), RUN_IN - 1)
            end = min(register.eighteen[child], RUN_IN + round(rng.expovariate(1 / 1100)))
            referral = max(register.dob[child], start - between(rng, 5, 120))
            episode = NeedEpisode(child, referral, SOURCE(rng), NEED(rng), self.worker("front"))
            self.episodes.append(episode)
            assessed = min(start, self.wd.add(referral, between(rng, 5, 40)))
            episode.assessments.append(Assessment(referral, max(referral, assessed),
                                                  self.factors(), True, True, episode.staff))
            self.into_care(episode, start, "court" if rng.random() < 0.75 else "s20", end)
            self.busy_until[child] = episode.closed

    def uasc_arrivals(self) -> None:
        rng = self.rng
        for child, arrival in self.uasc_arrivals_due:
            referral = arrival - between(rng, 0, 2)
            episode = NeedEpisode(child, referral, one_of(rng, ("5C", "6", "8")), "N8",
                                  self.worker("front"))
            self.episodes.append(episode)
            episode.assessments.append(Assessment(
                referral, self.wd.add(referral, between(rng, 10, 40)), ("9A",), True, True,
                episode.staff))
            self.into_care(episode, arrival, "uasc")
            self.busy_until[child] = episode.closed

    def care_period(self, child: int, start: int, route: str,
                    end: int | None = None) -> CarePeriod:
        rng, register = self.rng, self.register
        eighteen = register.eighteen[child]
        age = register.age(child, start)
        uasc = route == "uasc"
        need = "N8" if uasc else NEED_903(rng)
        if register.sex[child] == "U":  # SSDA903 had no code for it before 2024-25
            register.sex[child] = one_of(rng, "MF")
        adoption_route = (end is None and route in ("court", "emergency") and age < 4
                          and rng.random() < 0.4)
        if end is None:
            if uasc:
                end = eighteen if rng.random() < 0.9 else start + between(rng, 60, 400)
            elif route == "remand":
                end = start + between(rng, 7, 120)
            elif route == "s20" or (route == "court" and not adoption_route
                                    and rng.random() < 0.35):
                route = "s20"
                end = start + max(2, round(rng.lognormvariate(5.0, 1.0)))
            else:
                end = start + max(30, round(rng.lognormvariate(6.5, 0.7)))
        end = min(end, eighteen)
        if end == eighteen:
            reason = LEAVE_AT_18(rng)
        elif uasc:
            reason = one_of(rng, ("E15", "E8", "E16"))
        elif route == "remand":
            reason = "E14"
        elif route == "s20":
            reason = LEAVE_SHORT(rng)
        else:
            reason = LEAVE_LONG(rng)
        period = CarePeriod(child, start, end, reason, need, uasc)
        previous_end = self.last_care_end.get(child)
        period.second_period = previous_end is not None and start - previous_end <= 365
        period.previous_permanence = self.previous_permanence(child, start)
        # Legal status changes: (day, new status)
        first_status = {"emergency": one_of(rng, ("L1", "L2")), "remand": "J1", "uasc": "V2",
                        "s20": "V2"}.get(route, "C1")
        changes: list[tuple[int, str | None, str]] = []  # (day, new legal status, move kind)
        if first_status in ("L1", "L2"):
            changes.append((start + between(rng, 1, 8), "C1", ""))
        if first_status in ("C1", "L1", "L2") and not adoption_route:
            changes.append((start + between(rng, 120, 330), "C2", ""))
        if adoption_route:
            self.adoption_story(period, changes)
        else:
            when = start
            while True:
                when += 1 + round(rng.expovariate(1 / 420))
                if when >= min(end, AS_OF + 1):
                    break
                changes.append((when, None, "T" if rng.random() < 0.15 else "P"))
        self.episodes_of_care(period, first_status, changes)
        self.care_details(period)
        end, reason = period.end, period.reason
        self.last_care_end[child] = end
        self.periods.append(period)
        if end <= AS_OF and register.age(child, end) >= 16 and end - start >= 91 and (
                reason not in ("E11", "E12", "E2", "E15", "E16")):
            self.leavers.append(Leaver(child, end, self.worker("leaving"),
                                       self.worker("leaving")))
        return period

    def previous_permanence(self, child: int, start: int) -> tuple[str, int | None]:
        code = PREV_PERM(self.rng)
        if code in ("P1", "P2", "P3") and self.rng.random() < 0.8:
            dob = self.register.dob[child]
            return code, dob + between(self.rng, 0, max(0, start - dob - 1))
        return code, None

    def adoption_story(self, period: CarePeriod, changes: list[tuple[int, str | None, str]]
                       ) -> None:
        rng = self.rng
        start = period.start
        decision = start + between(rng, 120, 300)
        adoption = Adoption(decision)
        period.adoption, period.permanence = adoption, "adoption"
        if rng.random() < 0.06:
            adoption.ffa = start + between(rng, 3, 60)
            changes.append((adoption.ffa, None, "F"))  # to a fostering for adoption carer
        adoption.placement_order = decision + between(rng, 30, 150)
        changes.append((adoption.placement_order, "E1", ""))
        if rng.random() < 0.12:  # the plan changes: the child will not be adopted
            adoption.reversed_on = adoption.placement_order + between(rng, 60, 300)
            adoption.reversed_reason = one_of(rng, codes.REASONS_PLACED_CEASED)
            period.permanence = one_of(rng, ("fostering", "sgo"))
            period.end = min(period.end, adoption.reversed_on + between(rng, 200, 1500))
            if period.end < self.register.eighteen[period.child]:
                period.reason = one_of(rng, ("E45", "E46", "E47", "E48"))
            changes.append((adoption.reversed_on + between(rng, 1, 60), "C2", "P"))
            return
        adoption.matched = adoption.placement_order + between(rng, 30, 240)
        adoption.placed = adoption.matched + between(rng, 7, 56)
        adoption.order = adoption.placed + between(rng, 70, 300)
        adoption.foster_carer = adoption.ffa is not None or rng.random() < 0.15
        changes.append((adoption.placed, None, "A5" if adoption.foster_carer else "A6"))
        period.end = adoption.order
        period.reason = "E11" if rng.random() < 0.35 else "E12"
        adoption.family = self.family(adoption)

    def family(self, adoption: Adoption) -> Family:
        rng = self.rng
        self._numbers["family"] += 1
        family_id = f"F{50_000 + self._numbers['family']}"
        couple = rng.random() < 0.8
        if couple:
            sex_code = one_of(rng, ("MF", "MF", "MF", "MF", "MM", "FF"))
            status = one_of(rng, ("L11", "L3")) if sex_code == "MF" else one_of(rng,
                ("L12", "L2", "L4"))
        else:
            sex_code, status = one_of(rng, ("F1", "F1", "F1", "M1")), "L0"
        sexes = {"MF": "MF", "MM": "MM", "FF": "FF", "F1": "F", "M1": "M"}[sex_code]
        matched = adoption.matched or adoption.decision
        approved = matched - between(rng, 30, 240)
        application = approved - between(rng, 60, 150)
        stage2_end = application
        stage2_start = stage2_end - between(rng, 90, 130)
        stage1_end = stage2_start - between(rng, 0, 30)
        stage1_start = stage1_end - between(rng, 45, 70)
        enquiry = stage1_start - between(rng, 10, 90)
        ethnicity = ETHNICITY(rng)
        adopters = []
        for sex in sexes:
            self._numbers["adopter"] += 1
            adopters.append(Adopter(
                f"A{70_000 + self._numbers['adopter']}", sex, ethnicity, rng.random() < 0.03,
                adoption.foster_carer and adoption.ffa is not None,
                [enquiry, stage1_start, stage1_end, stage2_start, stage2_end, application,
                 approved, adoption.matched, adoption.placed],
                order=adoption.order, children_placed=1))
        family = Family(family_id, adopters, sex_code, status)
        adoption.family = family
        self.families.append(family)
        return family

    def adopters_without_children(self) -> None:
        """People in the adoption process who have not been matched (or who left it)."""
        rng = self.rng
        for _ in range(self.scale.of(160)):
            self._numbers["adopter"] += 1
            enquiry = between(rng, AS_OF - 900, AS_OF - 10)
            dates: list[int | None] = [enquiry]
            left = None
            when = enquiry
            for gap in ((10, 90), (45, 70), (0, 30), (90, 130), (0, 1), (60, 150)):
                when += between(rng, *gap)
                if when > AS_OF or (left is None and rng.random() < 0.06):
                    break
                dates.append(when)
            if len(dates) < 7 and rng.random() < 0.5:
                left = min(AS_OF, (dates[-1] or enquiry) + between(rng, 5, 120))
            dates += [None] * (9 - len(dates))
            self.adopters_in_process.append(Adopter(
                f"A{70_000 + self._numbers['adopter']}", one_of(rng, "MFF"), ETHNICITY(rng),
                rng.random() < 0.03, rng.random() < 0.1, dates, left=left,
                left_reason=between(rng, 1, 3) if left else 0))

    def placement(self, child: int, when: int, legal_status: str, kind: str,
                  previous: Placement | None) -> Placement:
        rng, register = self.rng, self.register
        age = register.age(child, when)
        if kind in ("A5", "A6"):
            place = kind
        elif kind == "F":
            place = "U5"
        elif kind == "T" and previous is not None:  # same carer, new placement
            place = {"U6": "U4", "U3": "U1", "U5": "U4"}.get(previous.place, previous.place)
        elif legal_status == "J1":
            place = one_of(rng, ("U6", "K2", "K1", "R5"))
        elif age < 1 and rng.random() < 0.08:
            place = "R3"
        else:
            draw = rng.random()
            if age < 11:
                place = ("U6" if draw < 0.52 else "U4" if draw < 0.66 else "U3" if draw < 0.79
                         else "U1" if draw < 0.85 else "P1" if draw < 0.91 else
                         "K2" if draw < 0.96 and age >= 8 else "U6")
            else:
                place = ("U6" if draw < 0.36 else "U4" if draw < 0.48 else "U3" if draw < 0.55
                         else "K2" if draw < 0.82 else "P1" if draw < 0.87 else
                         "S1" if draw < 0.89 else "R1" if draw < 0.91 else
                         "K1" if draw < 0.92 else "P3" if draw < 0.93 and age >= 16 else "U6")
        if place == "P1" and legal_status not in ("C1", "C2"):
            place = "U6"
        provider = {
            "P1": "PR0", "U1": "PR1", "U2": "PR1", "U3": "PR1", "R1": "PR3", "R2": "PR3",
            "R5": "PR3", "P3": "PR4", "K1": one_of(rng, ("PR1", "PR2")),
            "R3": one_of(rng, ("PR3", "PR4")), "S1": one_of(rng, ("PR4", "PR5")),
            "K2": "PR4" if rng.random() < 0.7 else one_of(rng, ("PR1", "PR5")),
        }.get(place) or (one_of(rng, ("PR1", "PR1", "PR2", "PR5")) if place.startswith("A")
                         else "PR1" if rng.random() < 0.6 else "PR4")
        registered = place in ("K1", "K2", "S1", "R3") or (place.startswith("U")
                                                           and provider == "PR4")
        urn = f"SC{between(rng, 100_000, 999_999)}" if registered else "XXXXXXX"
        if kind in ("T", "A5") and previous is not None:  # same carer, same address
            postcode, la = previous.postcode, previous.la
        elif place == "P1" or (rng.random() < 0.7 and place != "K1"):
            postcode, la = f"BG{between(rng, 1, 24)} {between(rng, 1, 9)}", LA_NAME
        else:
            area, la = one_of(rng, OUT_OF_AREA)
            postcode = f"{area}{between(rng, 1, 20)} {between(rng, 1, 9)}"
        return Placement(place, provider, postcode, urn, la, la == LA_NAME)

    def episodes_of_care(self, period: CarePeriod, status: str,
                         changes: list[tuple[int, str | None, str]]) -> None:
        """Cut the period into episodes at each change of legal status or placement."""
        rng = self.rng
        merged: dict[int, tuple[str | None, str]] = {}
        for when, new_status, move in sorted(changes, key=lambda change: change[0]):
            if not period.start < when < period.end:
                continue
            old_status, old_move = merged.get(when, (None, ""))
            merged[when] = (new_status or old_status, move or old_move)
        placement = self.placement(period.child, period.start, status, "", None)
        episode = Episode(period.start, period.end, "S", status, placement)
        period.episodes.append(episode)
        for when in sorted(merged):
            new_status, move = merged[when]
            changes_status = new_status is not None and new_status != status
            if not changes_status and not move:
                continue
            if move:
                placement = self.placement(period.child, when, new_status or status, move,
                                           placement)
            if not move:
                rne = "L"
            elif move in ("T", "A5"):  # a new placement with the same carer
                rne = "U" if changes_status else "T"
            else:
                rne = "B" if changes_status else "P"
            episode.end, episode.rec = when, "X1"
            if rne in ("P", "B", "T", "U"):
                episode.change_reason = "CUSTOD" if new_status == "J1" else PLACE_CHANGE(rng)
            status = new_status or status
            episode = Episode(when, period.end, rne, status, placement)
            period.episodes.append(episode)
        episode.rec = period.reason

    def care_details(self, period: CarePeriod) -> None:
        """Reviews, missing episodes, social workers and the permanence plan."""
        rng, register = self.rng, self.register
        child, start = period.child, period.start
        until = min(period.end, AS_OF + 1)
        review = start + between(rng, 18, 28)
        step = (80, 92)
        while review < until:
            code = "PN0" if register.age(child, review) < 4 else REVIEW_CODE(rng)
            period.reviews.append((review, code))
            review += between(rng, *step)
            step = (150, 182)
        # Missing or away: in each year of care from age 11, one child in five goes, 1-6 times.
        block = max(start, register.birthday(child, 11))
        free = 0
        while block < until - 1:
            block_end = min(block + 365, until - 1)
            if rng.random() < 0.2:
                for began in sorted(between(rng, block, block_end)
                                    for _ in range(between(rng, 1, 6))):
                    if began < free:
                        continue
                    ended = min(began + one_of(rng, (0, 0, 1, 1, 2, 3, 5)), period.end)
                    period.missing.append(("M" if rng.random() < 0.62 else "A", began, ended))
                    free = ended + 1
            block = block_end + 1
        worker_start = start
        while worker_start < until:
            staff = self.worker("care")
            change = worker_start + between(rng, 90, 600)
            if change >= period.end:
                period.workers.append((staff, worker_start, period.end, ""))
                break
            period.workers.append((staff, worker_start, change, SW_REASON(rng)))
            worker_start = change
        if period.adoption is None:
            plan = PERMANENCE(rng)
            period.permanence = "fostering" if plan == "adoption" else plan

    # -------------------------------------------------------------- early help

    def draw_early_help(self) -> None:
        rng, register = self.rng, self.register
        for _ in range(self.scale.of(250_000 * EARLY_HELP_PER_10K / 10_000)):
            start = between(rng, AS_OF - 540, AS_OF)
            while True:
                child = rng.randrange(register.size)
                if register.dob[child] < start and register.eighteen[child] > start:
                    break
            completed = start + between(rng, 10, 90)
            organisation = one_of(rng, ("Bigshire Family Help North", "Bigshire Family Help South",
                                       "Bigshire Family Help East", "School", "Health visiting"))
            self.early_help.append(EarlyHelp(child, start, completed, organisation))

    def volumes(self) -> dict[str, int]:
        in_window = [e for e in self.episodes if WINDOW_START <= e.referral <= AS_OF]
        episodes_903 = [e for p in self.periods for e in p.episodes
                        if overlaps(e.start, e.end, WINDOW_START, AS_OF)]
        return {
            "children_in_register": self.register.size,
            "contacts_in_3_years": sum(1 for d in self.contact_day if d >= WINDOW_START),
            "referrals_in_3_years": len(in_window),
            "care_periods_in_3_years": sum(1 for p in self.periods
                                           if overlaps(p.start, p.end, WINDOW_START, AS_OF)),
            "looked_after_episodes_in_3_years": len(episodes_903),
        }


# ------------------------------------------------------------------ small file helpers


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def flag(value: bool | None) -> str:
    return "" if value is None else str(int(value))


# ------------------------------------------------------------------ population


POPULATION_COLUMNS = ("time_period", "time_identifier", "geographic_level", "country_code",
                      "country_name", "region_code", "region_name", "old_la_code",
                      "new_la_code", "la_name", "age_group", "population_estimate")


def write_population(town: Bigshire, path: Path) -> int:
    """Children aged 0-17 at each mid-year, counted from the register itself."""
    rows = [(year, "Reporting year", "Local authority", "E92000001", "England", *REGION,
             LA_NUMBER, LA_CODE, LA_NAME, "Children aged 0 to 17 years",
             town.register.count_aged_0_to_17(day(year, 6, 30)))
            for year in (2025, 2024, 2023, 2022)]
    return write_csv(path, POPULATION_COLUMNS, rows)


# ------------------------------------------------------------------ SSDA903


class Return903:
    """One collection year's SSDA903 tables, cut from the stories."""

    def __init__(self, town: Bigshire, year: int) -> None:
        self.town, self.register, self.year = town, town.register, year
        self.first, self.last = day(year - 1, 4, 1), day(year, 3, 31)
        self.rng = random.Random(town.seed * 7 + year)
        self.periods = sorted((p for p in town.periods
                               if overlaps(p.start, p.end, self.first, self.last)),
                              key=lambda p: (p.child, p.start))
        self.leavers = sorted(((leaver, birthday) for leaver in town.leavers
                               if (birthday := self.oc3_birthday(leaver)) is not None),
                              key=lambda pair: pair[0].child)

    def oc3_birthday(self, leaver: Leaver) -> int | None:
        """The 17th to 21st birthday in this year that puts a care leaver in OC3, if any."""
        for years in range(17, 22):
            birthday = self.register.birthday(leaver.child, years)
            if self.first <= birthday <= self.last and leaver.left <= birthday:
                return birthday
        return None

    def sex(self, child: int) -> str:
        sex = self.register.sex[child]
        return sex if self.year >= 2025 else {"M": "1", "F": "2"}[sex]

    def dob(self, child: int) -> str:
        return dmy(self.register.dob[child])

    def children(self) -> list[int]:
        return sorted({p.child for p in self.periods} | {lv.child for lv, _ in self.leavers})

    def header(self) -> Iterator[Sequence[str]]:
        register = self.register
        for child in self.children():
            mother, baby = "", ""
            if register.sex[child] == "F":
                mother = "0"
                fourteenth = register.birthday(child, 14)
                if child * 2_654_435_761 % 1000 < 40 and fourteenth <= self.last:
                    birth = fourteenth + child % 1200
                    if birth <= self.last:
                        mother, baby = "1", dmy(birth)
            yield (register.child_id(child), self.sex(child), self.dob(child),
                   register.ethnicity[child], register.upn(child, self.last), mother, baby)

    def episodes(self) -> Iterator[Sequence[str]]:
        register = self.register
        for period in self.periods:
            child_id, home = register.child_id(period.child), register.postcode(period.child)
            for e in period.episodes:
                if not overlaps(e.start, e.end, self.first, self.last):
                    continue
                ended = e.end <= self.last
                place = e.placement
                yield (child_id, dmy(e.start), e.rne, e.ls, period.need, place.place,
                       place.provider, dmy(e.end) if ended else "", e.rec if ended else "",
                       e.change_reason if ended else "", home, place.postcode, place.urn)

    def uasc(self) -> Iterator[Sequence[str]]:
        register = self.register
        for child in self.children():
            if register.uasc[child]:
                ceased = register.eighteen[child]
                yield (register.child_id(child), self.sex(child), self.dob(child),
                       dmy(shown(ceased, self.last)))

    def reviews(self) -> Iterator[Sequence[str]]:
        for period in self.periods:
            for when, code in period.reviews:
                if self.first <= when <= self.last and when <= period.end:
                    yield (self.register.child_id(period.child), self.dob(period.child),
                           dmy(when), code)

    def oc2(self) -> Iterator[Sequence[str]]:
        rng, register = self.rng, self.register
        done: set[int] = set()
        for period in self.periods:
            child = period.child
            if period.end <= self.last or period.start > self.last - 365 or child in done:
                continue
            done.add(child)
            age = register.age(child, self.last)
            score, reason = "", ""
            if 4 <= age <= 16 and rng.random() < 0.85:
                score = str(min(40, max(0, round(rng.gauss(14, 7)))))
            else:
                reason = "SDQ1" if not 4 <= age <= 16 else one_of(rng, ("SDQ2", "SDQ4", "SDQ5"))
            misuse = age >= 10 and rng.random() < 0.04
            yield (register.child_id(child), self.dob(child), score, reason,
                   flag(age >= 10 and rng.random() < 0.03),
                   flag(rng.random() < 0.9) if age < 5 else "",
                   flag(rng.random() < 0.88), flag(rng.random() < 0.8),
                   flag(rng.random() < 0.9), flag(misuse),
                   flag(rng.random() < 0.6) if misuse else "",
                   flag(rng.random() < 0.8) if misuse else "")

    def oc3(self) -> Iterator[Sequence[str]]:
        rng, register = self.rng, self.register
        for leaver, _birthday in self.leavers:
            in_touch = IN_TOUCH(rng)
            if in_touch == "YES":
                activity = ACTIVITY(rng)
                accommodation = ACCOMMODATION(rng) + ("1" if rng.random() < 0.88 else "2")
            elif in_touch in ("DIED", "RHOM"):
                activity = accommodation = ""
            else:
                activity = accommodation = "0"
            yield (register.child_id(leaver.child), self.dob(leaver.child), in_touch, activity,
                   accommodation)

    def ad1(self) -> Iterator[Sequence[str]]:
        for period in self.periods:
            adoption = period.adoption
            if period.reason not in ("E11", "E12") or adoption is None or adoption.family is None \
                    or not self.first <= period.end <= self.last:
                continue
            family = adoption.family
            yield (self.register.child_id(period.child), self.dob(period.child),
                   dmy(adoption.decision), dmy(adoption.matched), flag(adoption.foster_carer),
                   str(len(family.adopters)), family.sex_code, family.status_code)

    def placed_for_adoption(self) -> Iterator[Sequence[str]]:
        for period in self.periods:
            adoption = period.adoption
            if adoption is None or adoption.decision > self.last:
                continue
            reversed_on = shown(adoption.reversed_on, self.last)
            yield (self.register.child_id(period.child), self.dob(period.child),
                   dmy(adoption.decision), dmy(reversed_on),
                   adoption.reversed_reason if reversed_on else "")

    def missing(self) -> Iterator[Sequence[str]]:
        for period in self.periods:
            for kind, began, ended in period.missing:
                if self.first <= began <= self.last:
                    yield (self.register.child_id(period.child), self.dob(period.child), kind,
                           dmy(began), dmy(shown(ended, self.last)))

    def prev_perm(self) -> Iterator[Sequence[str]]:
        for period in self.periods:
            if self.first <= period.start <= self.last:
                code, when = period.previous_permanence
                yield (self.register.child_id(period.child), self.dob(period.child), code, "",
                       dmy(when))

    def sw_episodes(self) -> Iterator[Sequence[str]]:
        for period in self.periods:
            for staff, began, ended, reason in period.workers:
                if overlaps(began, ended, self.first, self.last):
                    done = ended <= self.last
                    yield (self.register.child_id(period.child), self.dob(period.child),
                           staff.sw_id, dmy(began), dmy(ended) if done else "",
                           reason if done else "")

    def write(self, folder: Path) -> dict[str, int]:
        counts = {}
        for name, header in codes.SSDA903_COLUMNS.items():
            table = name.removesuffix(".csv")
            counts[table] = write_csv(folder / name, header, getattr(self, table)())
        return counts


# ------------------------------------------------------------------ CIN census


class CinCensus:
    """One collection year's CIN census XML, written as text (far faster than a tree)."""

    def __init__(self, town: Bigshire, year: int) -> None:
        self.town, self.register, self.year = town, town.register, year
        self.first, self.last = day(year - 1, 4, 1), day(year, 3, 31)

    def write(self, path: Path) -> dict[str, int]:
        first, last, register = self.first, self.last, self.register
        by_child: dict[int, list[NeedEpisode]] = {}
        for episode in self.town.episodes:
            if overlaps(episode.referral, episode.closed, first, last):
                by_child.setdefault(episode.child, []).append(episode)
        counts = dict.fromkeys(("children", "cin_details", "assessments", "cin_plans",
                                "section47", "child_protection_plans", "reviews"), 0)
        out: list[str] = [
            '<?xml version="1.0" encoding="utf-8"?>\n<Message>\n  <Header>\n'
            "    <CollectionDetails>\n      <Collection>CIN</Collection>\n"
            f"      <Year>{self.year}</Year>\n      <ReferenceDate>{iso(last)}</ReferenceDate>\n"
            "    </CollectionDetails>\n    <Source>\n      <SourceLevel>L</SourceLevel>\n"
            f"      <LEA>{LA_NUMBER}</LEA>\n"
            "      <SoftwareCode>Clearsight large-authority benchmark</SoftwareCode>\n"
            "      <Release>1</Release>\n      <SerialNo>001</SerialNo>\n"
            f"      <DateTime>{iso(last)}T00:00:00</DateTime>\n    </Source>\n  </Header>\n"
            "  <Children>\n"]
        add = out.append
        for child in sorted(by_child):
            counts["children"] += 1
            add("    <Child>\n      <ChildIdentifiers>\n"
                f"        <LAchildID>{register.child_id(child)}</LAchildID>\n")
            upn = register.upn(child, last)
            if upn.startswith("UN"):
                add(f"        <UPNunknown>{upn}</UPNunknown>\n")
            else:
                add(f"        <UPN>{upn}</UPN>\n")
            add(f"        <PersonBirthDate>{iso(register.dob[child])}</PersonBirthDate>\n")
            sex = register.sex[child]
            if self.year >= 2025:
                add(f"        <Sex>{sex}</Sex>\n")
            else:
                gender = {"M": "1", "F": "2"}.get(sex, "0")
                add(f"        <GenderCurrent>{gender}</GenderCurrent>\n")
            add("      </ChildIdentifiers>\n      <ChildCharacteristics>\n"
                f"        <Ethnicity>{register.ethnicity[child]}</Ethnicity>\n"
                "        <Disabilities>\n")
            for code in register.disabilities[child]:
                add(f"          <Disability>{code}</Disability>\n")
            add("        </Disabilities>\n      </ChildCharacteristics>\n")
            for episode in sorted(by_child[child], key=lambda e: e.referral):
                self.details(episode, add, counts)
            add("    </Child>\n")
        add("  </Children>\n</Message>\n")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(out), encoding="utf-8")
        return counts

    def details(self, episode: NeedEpisode, add: Callable[[str], None],
                counts: dict[str, int]) -> None:
        first, last = self.first, self.last
        counts["cin_details"] += 1
        add("      <CINdetails>\n"
            f"        <CINreferralDate>{iso(episode.referral)}</CINreferralDate>\n"
            f"        <ReferralSource>{episode.source}</ReferralSource>\n")
        if episode.need:
            add(f"        <PrimaryNeedCode>{episode.need}</PrimaryNeedCode>\n")
        if episode.closed <= last:
            add(f"        <CINclosureDate>{iso(episode.closed)}</CINclosureDate>\n"
                f"        <ReasonForClosure>{episode.closure_reason}</ReasonForClosure>\n")
        icpc = next((s.icpc for s in episode.enquiries if s.icpc is not None), None)
        if icpc is not None and icpc <= last:
            add(f"        <DateOfInitialCPC>{iso(icpc)}</DateOfInitialCPC>\n")
        for a in episode.assessments:
            if not overlaps(a.start, a.authorised, first, last):
                continue
            counts["assessments"] += 1
            add("        <Assessments>\n"
                f"          <AssessmentActualStartDate>{iso(a.start)}"
                "</AssessmentActualStartDate>\n")
            if a.authorised <= last:
                add(f"          <AssessmentAuthorisationDate>{iso(a.authorised)}"
                    "</AssessmentAuthorisationDate>\n"
                    "          <FactorsIdentifiedAtAssessment>\n")
                for code in a.factors:
                    add(f"            <AssessmentFactors>{code}</AssessmentFactors>\n")
                add("          </FactorsIdentifiedAtAssessment>\n")
            add("        </Assessments>\n")
        for start, end in episode.cin_plans:
            if overlaps(start, end, first, last):
                counts["cin_plans"] += 1
                add("        <CINPlanDates>\n"
                    f"          <CINPlanStartDate>{iso(start)}</CINPlanStartDate>\n")
                if end <= last:
                    add(f"          <CINPlanEndDate>{iso(end)}</CINPlanEndDate>\n")
                add("        </CINPlanDates>\n")
        for s in episode.enquiries:
            if not overlaps(s.start, s.decided, first, last):
                continue
            counts["section47"] += 1
            decided = s.decided <= last
            add("        <Section47>\n"
                f"          <S47ActualStartDate>{iso(s.start)}</S47ActualStartDate>\n"
                f"          <InitialCPCtarget>{iso(s.target)}</InitialCPCtarget>\n")
            if s.icpc is not None and decided:
                add(f"          <DateOfInitialCPC>{iso(s.icpc)}</DateOfInitialCPC>\n")
            add(f"          <ICPCnotRequired>{int(decided and s.icpc is None)}</ICPCnotRequired>\n"
                "        </Section47>\n")
        add(f"        <ReferralNFA>{int(episode.nfa)}</ReferralNFA>\n")
        for p in episode.protection_plans:
            if not overlaps(p.start, p.end, first, last):
                continue
            counts["child_protection_plans"] += 1
            add("        <ChildProtectionPlans>\n"
                f"          <CPPstartDate>{iso(p.start)}</CPPstartDate>\n")
            if p.end <= last:
                add(f"          <CPPendDate>{iso(p.end)}</CPPendDate>\n")
            add(f"          <InitialCategoryOfAbuse>{p.initial}</InitialCategoryOfAbuse>\n"
                f"          <LatestCategoryOfAbuse>{p.latest}</LatestCategoryOfAbuse>\n"
                f"          <NumberOfPreviousCPP>{p.previous}</NumberOfPreviousCPP>\n")
            reviews = [r for r in p.reviews if first <= r <= last]
            if reviews:
                counts["reviews"] += len(reviews)
                add("          <Reviews>\n")
                for review in reviews:
                    add(f"            <CPPreviewDate>{iso(review)}</CPPreviewDate>\n")
                add("          </Reviews>\n")
            add("        </ChildProtectionPlans>\n")
        add("      </CINdetails>\n")


# ------------------------------------------------------------------ Annex A


def yes_no(value: bool | None) -> str:
    return "" if value is None else (codes.AA_YES if value else codes.AA_NO)


class AnnexA:
    """The rows of each Annex A list as at 31 March 2026 (dates as day numbers)."""

    def __init__(self, town: Bigshire) -> None:
        self.town, self.register = town, town.register
        self.rng = random.Random(town.seed * 11)
        self.referral_days: dict[int, list[int]] = {}
        for episode in town.episodes:
            self.referral_days.setdefault(episode.child, []).append(episode.referral)
        self.episodes = sorted(town.episodes, key=lambda e: (e.child, e.referral))
        self._common: dict[int, list[Any]] = {}

    def common(self, child: int) -> list[Any]:
        """Child Unique ID, Gender, Ethnicity, Date of Birth, Age (the same in every list)."""
        found = self._common.get(child)
        if found is None:
            register = self.register
            found = self._common[child] = [
                register.child_id(child), codes.AA_GENDER[register.sex[child]],
                codes.AA_ETHNICITY[register.ethnicity[child]], register.dob[child],
                register.age(child, AS_OF)]
        return found

    def disability(self, child: int) -> str:
        return yes_no(self.register.disabled[child])

    def list1(self, since: int = SIX_MONTHS_AGO) -> list[list[Any]]:
        town = self.town
        start = bisect.bisect_left(town.contact_day, since)
        end = bisect.bisect_right(town.contact_day, AS_OF)
        return [[*self.common(town.contact_child[k]), town.contact_day[k],
                 codes.AA_SOURCE[town.contact_source[k]]] for k in range(start, end)]

    def list2(self) -> list[list[Any]]:
        rows = []
        for eh in sorted(self.town.early_help, key=lambda e: (e.child, e.start)):
            completed = shown(eh.completed, AS_OF)
            if completed is None or eh.start >= SIX_MONTHS_AGO or completed >= SIX_MONTHS_AGO:
                rows.append([*self.common(eh.child), eh.start, completed, eh.organisation])
        return rows

    def list3(self) -> list[list[Any]]:
        rows = []
        for e in self.episodes:
            if SIX_MONTHS_AGO <= e.referral <= AS_OF:
                in_year = sum(1 for d in self.referral_days[e.child] if YEAR_AGO < d <= AS_OF)
                rows.append([*self.common(e.child), e.referral, codes.AA_SOURCE[e.source],
                             yes_no(e.nfa), in_year, e.staff.team, e.staff.name])
        return rows

    def list4(self) -> list[list[Any]]:
        rows = []
        for e in self.episodes:
            for a in e.assessments:
                if a.start > AS_OF or a.authorised < SIX_MONTHS_AGO:
                    continue
                done = a.authorised <= AS_OF
                rows.append([*self.common(e.child), self.disability(e.child), a.start,
                             yes_no(a.seen), a.authorised if done else None,
                             yes_no(a.support) if done else "", a.staff.team, a.staff.name])
        return rows

    def list5(self) -> list[list[Any]]:
        rows = []
        enquiries: dict[int, list[Enquiry]] = {}
        for e in self.episodes:
            if e.enquiries:
                enquiries.setdefault(e.child, []).extend(e.enquiries)
        for child, found in enquiries.items():
            in_year = sum(1 for s in found if YEAR_AGO < s.start <= AS_OF)
            icpcs = sum(1 for s in found if s.icpc is not None and YEAR_AGO < s.icpc <= AS_OF)
            for s in found:
                if not SIX_MONTHS_AGO <= s.start <= AS_OF:
                    continue
                decided = s.decided <= AS_OF
                icpc = shown(s.icpc, AS_OF)
                rows.append([*self.common(child), self.disability(child), s.start,
                             yes_no(s.icpc is None) if decided else "", icpc,
                             yes_no(s.plan) if icpc is not None else "", in_year, icpcs,
                             s.staff.team, s.staff.name])
        return rows

    def case_status(self, e: NeedEpisode) -> str:
        if e.closed <= AS_OF:
            return codes.AA_CASE_STATUS["closed"]
        if e.care is not None and e.care.start <= AS_OF:
            return codes.AA_CASE_STATUS["cla"]
        if any(p.start <= AS_OF < p.end for p in e.protection_plans):
            return codes.AA_CASE_STATUS["cp"]
        if any(start <= AS_OF < end for start, end in e.cin_plans):
            return codes.AA_CASE_STATUS["cin"]
        return codes.AA_CASE_STATUS["assessment"]

    def list6(self) -> list[list[Any]]:
        rng, rows = self.rng, []
        for e in self.episodes:
            if e.nfa or not e.assessments or not overlaps(e.referral, e.closed, SIX_MONTHS_AGO,
                                                          AS_OF):
                continue
            closed = shown(e.closed, AS_OF)
            seen = max(e.referral, (closed or AS_OF) - between(rng, 0, 30))
            rows.append([*self.common(e.child), self.disability(e.child), e.referral,
                         codes.AA_PRIMARY_NEED.get(e.need or "", ""), seen, closed,
                         codes.AA_CLOSURE_REASON.get(e.closure_reason, "") if closed else "",
                         self.case_status(e), e.staff.team, e.staff.name])
        return rows

    def list7(self) -> list[list[Any]]:
        rng, rows = self.rng, []
        for e in self.episodes:
            for p in e.protection_plans:
                if p.start > AS_OF or p.end < SIX_MONTHS_AGO:
                    continue
                end = shown(p.end, AS_OF)
                reviews = [r for r in p.reviews if r <= AS_OF]
                visit = max(p.start, (end or AS_OF) - between(rng, 0, 14))
                rows.append([*self.common(e.child), self.disability(e.child), p.start,
                             codes.AA_ABUSE[p.initial], codes.AA_ABUSE[p.latest], visit,
                             yes_no(rng.random() < 0.8), reviews[-1] if reviews else None, end,
                             yes_no(rng.random() < 0.03), p.previous, p.staff.team,
                             p.staff.name])
        return rows

    def list8(self) -> list[list[Any]]:
        rows = []
        for period in sorted(self.town.periods, key=lambda p: (p.child, p.start)):
            if period.start <= AS_OF and period.end >= SIX_MONTHS_AGO:
                rows.append(self.list8_row(period))
        return rows

    def list8_row(self, period: CarePeriod) -> list[Any]:
        rng, register, child = self.rng, self.register, period.child
        end = shown(period.end, AS_OF)
        limit = end or AS_OF
        current = [e for e in period.episodes if e.start <= limit]
        latest = current[-1]
        status_since = latest.start
        for e in reversed(current):
            if e.ls != latest.ls:
                break
            status_since = e.start
        placed_since = next(e.start for e in current if e.placement is latest.placement)
        placements = len({id(e.placement) for e in current
                          if overlaps(e.start, e.end, YEAR_AGO + 1, AS_OF)})
        reviews = [when for when, _ in period.reviews if when <= limit]
        recent = [m for m in period.missing if YEAR_AGO < m[1] <= AS_OF]
        uasc = register.uasc[child] and register.eighteen[child] >= YEAR_AGO
        interview = [yes_no(rng.random() < 0.8), ""] if recent else ["", ""]
        if recent and interview[0] == codes.AA_YES:
            interview[1] = yes_no(rng.random() < 0.6)
        place = latest.placement
        staff = period.workers[-1][0] if period.workers else self.town.staff["care"][0]
        for worker, began, _ended, _reason in period.workers:
            if began <= limit:
                staff = worker
        return [
            *self.common(child), yes_no(uasc), self.disability(child), period.start,
            codes.AA_PRIMARY_NEED[period.need], yes_no(period.second_period), status_since,
            codes.AA_LEGAL_STATUS[latest.ls], reviews[-1] if reviews else None,
            max(period.start, limit - between(rng, 0, 40)), codes.AA_PERMANENCE[period.permanence],
            max(period.start, limit - between(rng, 0, 120)),
            max(period.start, limit - between(rng, 0, 400)) if rng.random() < 0.95 else None,
            max(period.start, limit - between(rng, 0, 300)) if rng.random() < 0.9 else None,
            placements, end, codes.AA_REASON_CEASED.get(period.reason, "") if end else "",
            placed_since, codes.AA_PLACEMENT_TYPE[place.place], codes.AA_PROVIDER[place.provider],
            place.postcode, "" if place.urn == "XXXXXXX" else place.urn,
            codes.AA_LOCATION[place.in_area], place.la,
            sum(1 for m in recent if m[0] == "M"), sum(1 for m in recent if m[0] == "A"),
            *interview, staff.team, staff.name,
        ]

    def list9(self) -> list[list[Any]]:
        rng, register, rows = self.rng, self.register, []
        for leaver in sorted(self.town.leavers, key=lambda lv: lv.child):
            child = leaver.child
            age = register.age(child, AS_OF)
            if leaver.left > AS_OF or not 16 <= age <= 21:
                continue
            eligibility = codes.AA_ELIGIBILITY["relevant" if age < 18 else "former"]
            in_touch = IN_TOUCH(rng)
            yes = in_touch == "YES"
            accommodation = codes.AA_ACCOMMODATION[ACCOMMODATION(rng)] if yes else ""
            suitable = codes.AA_SUITABILITY[rng.random() < 0.88] if yes else ""
            activity = codes.AA_ACTIVITY[ACTIVITY(rng)] if yes else ""
            rows.append([*self.common(child), yes_no(register.uasc[child]),
                         self.disability(child), leaver.staff.team, leaver.staff.name,
                         leaver.adviser.name, eligibility, AS_OF - between(rng, 0, 180),
                         codes.AA_IN_TOUCH[in_touch], AS_OF - between(rng, 0, 60) if yes else None,
                         accommodation, suitable, activity])
        for period in sorted(self.town.periods, key=lambda p: p.child):  # eligible: in care
            child = period.child
            if not period.start <= AS_OF < period.end or register.age(child, AS_OF) < 16 or (
                    period.start > AS_OF - 91):
                continue
            staff = period.workers[-1][0] if period.workers else self.town.staff["care"][0]
            reviews = [when for when, _ in period.reviews if when <= AS_OF]
            rows.append([*self.common(child), yes_no(register.uasc[child]),
                         self.disability(child), staff.team, staff.name,
                         self.town.staff["leaving"][child % 8].name,
                         codes.AA_ELIGIBILITY["eligible"], reviews[-1] if reviews else None,
                         codes.AA_IN_TOUCH["YES"], AS_OF - between(rng, 0, 40), "", "", ""])
        return rows

    def list10(self) -> list[list[Any]]:
        rows = []
        for period in sorted(self.town.periods, key=lambda p: (p.child, p.start)):
            a = period.adoption
            if a is None or a.decision > AS_OF:
                continue
            order, reversed_on = shown(a.order, AS_OF), shown(a.reversed_on, AS_OF)
            if (order is not None and order <= YEAR_AGO) or (
                    reversed_on is not None and reversed_on <= YEAR_AGO):
                continue
            child = period.child
            register = self.register
            rows.append([register.child_id(child),
                         a.family.family_id if a.family and shown(a.matched, AS_OF) else "",
                         codes.AA_GENDER[register.sex[child]],
                         codes.AA_ETHNICITY[register.ethnicity[child]], register.dob[child],
                         register.age(child, AS_OF), self.disability(child), period.start,
                         a.decision, shown(a.placement_order, AS_OF), shown(a.matched, AS_OF),
                         shown(a.placed, AS_OF), order, reversed_on,
                         codes.AA_NO_LONGER_PLACED.get(a.reversed_reason, "") if reversed_on
                         else "", shown(a.ffa, AS_OF)])
        return rows

    def list11(self) -> list[list[Any]]:
        rows = []
        adopters = [(f.family_id, a) for f in self.town.families for a in f.adopters]
        adopters += [("", a) for a in self.town.adopters_in_process]
        for family_id, a in adopters:
            dates = [shown(d, AS_OF) for d in a.dates]
            order, left = shown(a.order, AS_OF), shown(a.left, AS_OF)
            if not any(d is not None and d > YEAR_AGO for d in [*dates, order, left]):
                continue
            if dates[0] is None:
                continue  # the enquiry itself is after the Annex A date
            rows.append([a.adopter_id, family_id if dates[7] is not None else "",
                         codes.AA_GENDER[a.sex], codes.AA_ETHNICITY[a.ethnicity],
                         yes_no(a.disabled), yes_no(a.ffa), *dates,
                         a.children_placed if dates[8] is not None else None, order, left,
                         codes.AA_LEFT_ADOPTION.get(a.left_reason, "") if left else ""])
        return rows

    def lists(self) -> dict[str, list[list[Any]]]:
        return {f"List {n}": getattr(self, f"list{n}")() for n in range(1, 12)}


# ------------------------------------------------------------------ a small xlsx writer

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}"
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>")
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
               'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>")
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:creator>Clearsight large-authority benchmark</dc:creator>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-31T00:00:00Z</dcterms:created>'
    "</cp:coreProperties>")
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>")
_MAIN_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def _letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


class Workbook:
    """Writes sheets of rows as Excel does: text in the shared-string table, dates as serial
    numbers with a dd/mm/yyyy format, the header row bold. `kinds` gives each column's
    kind: "s" text, "d" date (a day number), "n" number. Empty cells are left out."""

    def __init__(self, target: Path | io.BytesIO, title: str) -> None:
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.title = title
        self.strings: dict[str, int] = {}
        self.string_cells = 0
        self.sheets: list[str] = []

    @staticmethod
    def _member(name: str) -> zipfile.ZipInfo:
        """A small part; like the sheets, dated 1 January 1980 so the bytes never change."""
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def _string(self, text: str) -> int:
        index = self.strings.get(text)
        if index is None:
            index = self.strings[text] = len(self.strings)
        return index

    def add_sheet(self, name: str, header: Sequence[str], kinds: str,
                  rows: Sequence[Sequence[Any]]) -> None:
        self.sheets.append(name)
        letters = [_letters(i) for i in range(len(header))]
        string = self._string
        # Opened by name, a part gets the workbook's fast compression and a fixed 1980 date.
        with self.zip.open(f"xl/worksheets/sheet{len(self.sheets)}.xml", "w") as handle:
            handle.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f"<worksheet {_MAIN_NS}><dimension ref=\"A1:{letters[-1]}{len(rows) + 1}\"/>"
                "<sheetData>".encode())
            head = "".join(f'<c r="{letter}1" s="2" t="s"><v>{string(text)}</v></c>'
                           for letter, text in zip(letters, header, strict=True))
            parts = [f'<row r="1">{head}</row>']
            # The hot loop: a cell's opening text per column, then only what varies.
            columns = [("sdn".index(kind), f'<c r="{letter}')
                       for letter, kind in zip(letters, kinds, strict=True)]
            strings, string_cells = self.strings, len(header)
            for number, row in enumerate(rows, start=2):
                n = str(number)
                cells = [f'<row r="{n}">']
                for (kind, opening), value in zip(columns, row, strict=True):
                    if value is None or value == "":
                        continue
                    if kind == 0:
                        index = strings.get(value)
                        if index is None:
                            index = strings[value] = len(strings)
                        string_cells += 1
                        cells.append(f'{opening}{n}" t="s"><v>{index}</v></c>')
                    elif kind == 1:
                        cells.append(f'{opening}{n}" s="1"><v>{value - EXCEL_ZERO}</v></c>')
                    else:
                        cells.append(f'{opening}{n}"><v>{value}</v></c>')
                cells.append("</row>")
                parts.append("".join(cells))
                if len(parts) >= 5000:
                    handle.write("".join(parts).encode())
                    parts = []
            parts.append("</sheetData></worksheet>")
            handle.write("".join(parts).encode())
            self.string_cells += string_cells

    def close(self) -> None:
        count = len(self.sheets)
        write = self.zip.writestr
        with self.zip.open("xl/sharedStrings.xml", "w") as handle:
            handle.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{self.string_cells}" uniqueCount="{len(self.strings)}">'.encode())
            batch: list[str] = []
            for text in self.strings:
                batch.append(f"<si><t>{escape(text)}</t></si>")
                if len(batch) >= 10_000:
                    handle.write("".join(batch).encode())
                    batch = []
            handle.write(("".join(batch) + "</sst>").encode())
        sheets = "".join(f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                         for n, name in enumerate(self.sheets, start=1))
        write(self._member("xl/workbook.xml"),
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f"<workbook {_MAIN_NS}><sheets>{sheets}</sheets></workbook>")
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1))
        rels += (f'<Relationship Id="rId{count + 1}" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                 f'<Relationship Id="rId{count + 2}" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
        write(self._member("xl/_rels/workbook.xml.rels"),
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
              f'relationships">{rels}</Relationships>')
        write(self._member("xl/styles.xml"), _STYLES)
        write(self._member("docProps/core.xml"), _CORE.format(title=escape(self.title)))
        write(self._member("_rels/.rels"), _ROOT_RELS)
        write(self._member("[Content_Types].xml"), _CONTENT_TYPES.format(
            sheets="".join(_SHEET_TYPE.format(n=n) for n in range(1, count + 1))))
        self.zip.close()


def annex_a_kinds() -> dict[str, str]:
    """Each list's column kinds for the writer, from the reader's own column declarations."""
    from clearsight_analytics.ingest.annex_a import COLUMNS, header_key

    kinds = {}
    for number in range(1, 12):
        by_header = {header_key(h): col.kind for col in COLUMNS[number] for h in col.headers}
        name = f"List {number}"
        kinds[name] = "".join(
            {"date": "d", "int": "n", "number": "n"}.get(by_header[header_key(h)], "s")
            for h in codes.ANNEX_A_HEADERS[name])
    return kinds


def write_annex_a(target: Path | io.BytesIO, lists: dict[str, list[list[Any]]],
                  title: str) -> None:
    kinds = annex_a_kinds()
    book = Workbook(target, title)
    for name, rows in lists.items():
        book.add_sheet(name, codes.ANNEX_A_HEADERS[name], kinds[name], rows)
    book.close()


def write_annex_a_with_xlsxwriter(target: io.BytesIO, lists: dict[str, list[list[Any]]]) -> None:
    """The same lists through xlsxwriter (as the demo writes Annex A), for the check."""
    import xlsxwriter

    kinds = annex_a_kinds()
    book = xlsxwriter.Workbook(target, {
        "constant_memory": True, "default_date_format": "dd/mm/yyyy",
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    for name, rows in lists.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, codes.ANNEX_A_HEADERS[name])
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, [
                date.fromordinal(value) if kind == "d" and value is not None else value
                for kind, value in zip(kinds[name], row, strict=True)])
    book.close()


# ------------------------------------------------------------------ everything


def generate(out: Path, seed: int = SEED, scale: Scale | None = None) -> dict[str, Any]:
    """Tell the stories and write every file into `out`. Returns what was written."""
    scale = scale or Scale()
    clock = time.perf_counter()
    town = Bigshire(seed, scale)
    town.build()
    seconds: dict[str, float] = {"stories": time.perf_counter() - clock}
    rows: dict[str, Any] = {}
    out.mkdir(parents=True, exist_ok=True)

    clock = time.perf_counter()
    rows["population.csv"] = write_population(town, out / "population.csv")
    for year in YEARS:
        rows[f"ssda903/{year}"] = Return903(town, year).write(out / "ssda903" / str(year))
    seconds["ssda903"] = time.perf_counter() - clock

    clock = time.perf_counter()
    for year in YEARS:
        rows[f"cin_census/{year}.xml"] = CinCensus(town, year).write(
            out / "cin_census" / f"{year}.xml")
    seconds["cin_census"] = time.perf_counter() - clock

    clock = time.perf_counter()
    annex = AnnexA(town)
    lists = annex.lists()
    write_annex_a(out / "annex_a.xlsx", lists, "Bigshire Annex A as at 31/03/2026")
    rows["annex_a.xlsx"] = {name: len(found) for name, found in lists.items()}
    lists["List 1"] = annex.list1(since=WINDOW_START)
    write_annex_a(out / "annex_a_contacts_200k.xlsx", lists,
                  "Bigshire Annex A, every contact 2023-2026")
    rows["annex_a_contacts_200k.xlsx"] = {name: len(found) for name, found in lists.items()}
    seconds["annex_a"] = time.perf_counter() - clock

    manifest = {"authority": LA_NAME, "la_number": LA_NUMBER, "seed": seed,
                "scale": scale.factor, "volumes": town.volumes(), "rows": rows,
                "seconds": {k: round(v, 2) for k, v in seconds.items()}}
    (out / "bigshire.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    manifest["_sample_lists"] = {name: found[:150] for name, found in lists.items()}
    return manifest


def read_every_file(out: Path) -> dict[str, Any]:
    """Read every file through Clearsight's readers; the loaded returns, by name."""
    from clearsight_analytics.ingest.annex_a import read_annex_a_workbook
    from clearsight_analytics.ingest.cin_census import read_cin_census
    from clearsight_analytics.ingest.ssda903 import read_ssda903_years

    loaded: dict[str, Any] = {}
    for name in ("annex_a.xlsx", "annex_a_contacts_200k.xlsx"):
        loaded[name] = read_annex_a_workbook((out / name).read_bytes(), name)
    loaded["ssda903"] = read_ssda903_years({
        year: {path.name: path.read_bytes()
               for path in sorted((out / "ssda903" / str(year)).glob("*.csv"))}
        for year in YEARS})
    for year in YEARS:
        name = f"cin_census/{year}.xml"
        loaded[name] = read_cin_census((out / name).read_bytes(), f"{year}.xml")
    return loaded


def check(out: Path, manifest: dict[str, Any]) -> None:
    """Every file reads with zero problems, with the rows written, and the xlsx writer gives
    the reader exactly what xlsxwriter gives it."""
    import pyarrow.compute as pc

    from clearsight_analytics.ingest.annex_a import read_annex_a_workbook

    loaded = read_every_file(out)
    failures = []
    for name, result in loaded.items():
        for problem in result.problems[:10]:
            failures.append(f"{name}: {problem}")
        if result.problems:
            failures.append(f"{name}: {len(result.problems):,} problems in all")
    for name in ("annex_a.xlsx", "annex_a_contacts_200k.xlsx"):
        for sheet, count in manifest["rows"][name].items():
            got = loaded[name].tables[f"list_{sheet.split()[1]}"].num_rows
            if got != count:
                failures.append(f"{name} {sheet}: wrote {count:,} rows, read {got:,}")
    for year in YEARS:
        tables = loaded["ssda903"].tables
        for table, count in manifest["rows"][f"ssda903/{year}"].items():
            got = tables[table].filter(pc.equal(tables[table]["collection_year"], year)).num_rows \
                if table in tables else 0
            if got != count:
                failures.append(f"ssda903/{year} {table}: wrote {count:,}, read {got:,}")
        cin = loaded[f"cin_census/{year}.xml"]
        for table, count in manifest["rows"][f"cin_census/{year}.xml"].items():
            if cin.tables[table].num_rows != count:
                failures.append(f"cin_census/{year}.xml {table}: wrote {count:,}, read "
                                f"{cin.tables[table].num_rows:,}")
    failures += consistency(loaded)
    sample = manifest["_sample_lists"]
    ours, theirs = io.BytesIO(), io.BytesIO()
    write_annex_a(ours, sample, "sample")
    write_annex_a_with_xlsxwriter(theirs, sample)
    mine = read_annex_a_workbook(ours.getvalue(), "ours.xlsx")
    other = read_annex_a_workbook(theirs.getvalue(), "xlsxwriter.xlsx")
    for key, table in other.tables.items():
        if not table.equals(mine.tables[key]):
            failures.append(f"the sample {key} reads differently from xlsxwriter's workbook")
    if failures:
        raise SystemExit("The generated files do not read cleanly:\n  " + "\n  ".join(failures))


def consistency(loaded: dict[str, Any]) -> list[str]:
    """What the readers do not check but the returns must agree on."""
    import pyarrow.compute as pc

    failures: list[str] = []
    tables = loaded["ssda903"].tables
    for year in YEARS:
        episodes = tables["episodes"].filter(pc.equal(tables["episodes"]["collection_year"],
                                                      year))
        rows = sorted(zip(*(episodes[c].to_pylist() for c in ("child", "decom", "dec", "rec")),
                          strict=True))
        for (child, _start, end, reason), following in zip(rows, [*rows[1:], None],
                                                             strict=True):
            same_day = following is not None and following[0] == child and following[1] == end
            if same_day != (reason == "X1"):
                failures.append(f"ssda903/{year} child {child}: REC {reason} ending {end}, "
                                f"next episode {following}")
        header = tables["header"].filter(pc.equal(tables["header"]["collection_year"], year))
        known = set(header["child"].to_pylist())
        for table in ("episodes", "reviews", "oc2", "oc3", "missing", "sw_episodes"):
            part = tables[table].filter(pc.equal(tables[table]["collection_year"], year))
            if not set(part["child"].to_pylist()) <= known:
                failures.append(f"ssda903/{year} {table}: a child missing from header")
    facts: dict[str, tuple[Any, ...]] = {}
    for row in tables["header"].select(["child", "dob", "ethnic"]).to_pylist():
        if facts.setdefault(row["child"], tuple(row.values())) != tuple(row.values()):
            failures.append(f"ssda903 child {row['child']}: date of birth or ethnicity differs")
    for year in YEARS:
        cin = loaded[f"cin_census/{year}.xml"].tables
        spans: dict[str, list[tuple[Any, Any]]] = {}
        for row in cin["cin_details"].select(["la_child_id", "cin_referral_date",
                                              "cin_closure_date"]).to_pylist():
            spans.setdefault(row["la_child_id"], []).append(
                (row["cin_referral_date"], row["cin_closure_date"]))
        for child, found in spans.items():
            found.sort()
            for (_, closed), (referral, _) in pairwise(found):
                if closed is None or closed >= referral:
                    failures.append(f"cin_census/{year} child {child}: episodes of need "
                                    "overlap")
        for row in cin["children"].select(["la_child_id", "person_birth_date",
                                           "ethnicity"]).to_pylist():
            values = tuple(row.values())
            if facts.setdefault(row["la_child_id"], values) != values:
                failures.append(f"cin_census/{year} child {row['la_child_id']}: date of birth "
                                "or ethnicity differs from another return")
    contacts = loaded["annex_a.xlsx"].tables["list_1"]["contact_date"]
    first, last = pc.min(contacts).as_py(), pc.max(contacts).as_py()
    if first < date.fromordinal(SIX_MONTHS_AGO) or last > date.fromordinal(AS_OF):
        failures.append(f"annex_a.xlsx List 1: contacts from {first} to {last}")
    return failures[:20]


def describe(manifest: dict[str, Any]) -> str:
    lines = [f"Bigshire (LA {LA_NUMBER}), seed {manifest['seed']}, scale {manifest['scale']}"]
    lines += [f"  {key.replace('_', ' ')}: {value:,}"
              for key, value in manifest["volumes"].items()]
    rows = manifest["rows"]
    for kind in ("ssda903", "cin_census"):
        names = [name for name in rows if name.startswith(kind)]
        tables = list(rows[names[0]])
        lines.append(f"  {kind}: " + " | ".join(
            f"{table} " + "/".join(f"{rows[name][table]:,}" for name in names)
            for table in tables) + f"  ({', '.join(str(y) for y in YEARS)})")
    for name in ("annex_a.xlsx", "annex_a_contacts_200k.xlsx"):
        lists = rows[name]
        lines.append(f"  {name}: {sum(lists.values()):,} rows: " + ", ".join(
            f"{sheet.split()[1]}: {count:,}" for sheet, count in lists.items()))
    lines.append(f"  population.csv: {rows['population.csv']} rows")
    lines.append("  seconds: " + ", ".join(f"{k} {v}" for k, v in manifest["seconds"].items()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write into (created if need be)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply every volume (0.1 for a quick look)")
    parser.add_argument("--no-check", action="store_true",
                        help="skip reading the files back through the readers")
    args = parser.parse_args(argv)
    clock = time.perf_counter()
    manifest = generate(args.out, args.seed, Scale(args.scale))
    generated = time.perf_counter() - clock
    print(describe(manifest))
    print(f"generated in {generated:.1f} s into {args.out}")
    if not args.no_check:
        clock = time.perf_counter()
        check(args.out, manifest)
        print(f"check: every file read with zero problems, row counts as written, and the "
              f"xlsx writer matches xlsxwriter ({time.perf_counter() - clock:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
