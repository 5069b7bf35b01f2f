"""Cells, period labels and area codes as DfE publishes them.

Decisions a reviewer should know about:

- A published cell is either a number or a status. `parse_published` strips spaces and
  thousands separators ("1,574" -> 1574.0) and returns (value, None) for a number. Anything else
  that is not blank is returned as (None, text): DfE's codes `c` (suppressed, small numbers),
  `x` and `-` (not available), `z` (not applicable), `u` (low reliability), `k` and `low`
  (rounds to zero but is not zero), and any marker we have not seen, clipped to 20 characters.
  A code is never read as zero. A number followed by a one-to-three-letter marker ("12 u",
  "12[u]") keeps both, the only case where a figure has a value and a status; no current DfE
  file does this. A blank cell is "nothing published" (None, None) and the readers drop it.
- Years. `year_from_label` gives the calendar year in which the labelled period ends: the last
  year written in the label. "2025" -> 2025 (the year ending 31 March 2025 for CIN and CLA
  figures; the 30 September 2025 census for workforce figures, which LAIT and EES both label
  with the census year); "2024-25", "2024/25" and "2024-25 (OT)" -> 2025; the three-year spans
  "2014-16" and "2013/14-15/16" -> 2016; suffixes such as "(Rev)", "(prov)", "(Final)" are
  ignored for the year and kept in the label; EES six-digit periods "202425" -> 2025. A label
  with no year in it (LAIT has "0") gives None. The label itself is always kept.
- Areas. Local authorities are keyed by DfE's old three-digit code ("884"), regions by the ONS
  code (E12..., and E13000001/E13000002 for Inner and Outer London, which DfE treats as the
  regions of London boroughs), England by E92000001. LAIT's own numbers (970 England, 980-990
  regions) and its spellings ("London (Inner)", "Yorkshire and the Humber") are mapped onto
  these, so LAIT and EES figures share one set of codes and names.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal, NamedTuple

AreaLevel = Literal["national", "regional", "local_authority"]
AREA_LEVELS: Final[tuple[AreaLevel, ...]] = ("national", "regional", "local_authority")

STATUS_MEANINGS: Final[dict[str, str]] = {
    "c": "suppressed to protect confidentiality (small numbers)",
    "x": "not available",
    "-": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "k": "rounds to zero but is not zero",
    "low": "rounds to zero but is not zero",
}
STATUS_CLIP: Final = 20

ENGLAND_CODE: Final = "E92000001"
ENGLAND_NAME: Final = "England"
LAIT_ENGLAND_NUMBER: Final = 970


class Region(NamedTuple):
    code: str  # ONS code
    name: str  # as DfE's EES files spell it
    lait_number: int  # LAIT's "LA Number" for the region's own row


REGIONS: Final[tuple[Region, ...]] = (
    Region("E12000001", "North East", 980),
    Region("E12000002", "North West", 981),
    Region("E12000003", "Yorkshire and The Humber", 982),
    Region("E12000004", "East Midlands", 983),
    Region("E12000005", "West Midlands", 984),
    Region("E12000006", "East of England", 985),
    Region("E12000007", "London", 986),
    Region("E13000001", "Inner London", 987),
    Region("E13000002", "Outer London", 988),
    Region("E12000008", "South East", 989),
    Region("E12000009", "South West", 990),
)
REGIONS_BY_CODE: Final[dict[str, Region]] = {region.code: region for region in REGIONS}
REGIONS_BY_LAIT_NUMBER: Final[dict[int, Region]] = {r.lait_number: r for r in REGIONS}
_REGION_ALIASES: Final[dict[str, str]] = {
    "london inner": "E13000001",
    "london outer": "E13000002",
    "east": "E12000006",
    "yorkshire and humber": "E12000003",
}
_NOT_LETTER = re.compile(r"[^a-z]+")


def _region_key(name: str) -> str:
    return _NOT_LETTER.sub(" ", name.lower()).strip()


_REGIONS_BY_KEY: Final[dict[str, str]] = {
    **{_region_key(region.name): region.code for region in REGIONS},
    **_REGION_ALIASES,
}


def region_by_name(name: str) -> Region | None:
    """The region a name refers to, however LAIT or EES spell it; None if it is not one."""
    code = _REGIONS_BY_KEY.get(_region_key(name))
    return REGIONS_BY_CODE[code] if code else None


_LA_CODE = re.compile(r"^\d{3}$")


def la_code(value: object) -> str | None:
    """DfE's old three-digit local-authority code from a cell ("884", 884, 884.0), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(".0"):
            text = text[:-2]
    else:
        return None
    return text if _LA_CODE.match(text) else None


# ------------------------------------------------------------------ published cells

_PLAIN_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_THOUSANDS = re.compile(r"^([-+]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?$")
_NUMBER_WITH_FLAG = re.compile(
    r"^([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*\[?([A-Za-z]{1,3})\]?$")


def _number(text: str) -> float | None:
    match = _THOUSANDS.match(text)
    if match:
        text = match.group(1) + match.group(2).replace(",", "") + (match.group(3) or "")
    if not _PLAIN_NUMBER.match(text):
        return None
    number = float(text)
    return number if number == number and abs(number) != float("inf") else None


def parse_published(cell: object) -> tuple[float | None, str | None]:
    """(value, status) for one published cell; (None, None) when the cell is blank."""
    if cell is None:
        return None, None
    if isinstance(cell, bool):
        return None, str(cell)[:STATUS_CLIP]
    if isinstance(cell, int | float):
        given = float(cell)
        if given != given or abs(given) == float("inf"):
            return None, None  # NaN: an empty numeric cell
        return given, None
    text = str(cell).strip()
    if not text:
        return None, None
    number = _number(text)
    if number is not None:
        return number, None
    match = _NUMBER_WITH_FLAG.match(text)
    if match:
        flagged = _number(match.group(1))
        if flagged is not None:
            return flagged, match.group(2).lower()
    return None, text[:STATUS_CLIP]


def format_published(value: float | None, status: str | None) -> str:
    """The inverse of `parse_published`, as the shipped reference files write a cell."""
    if value is None:
        return status or ""
    text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return f"{text} {status}" if status else text


# ------------------------------------------------------------------ periods

_YEAR_PART = re.compile(r"(\d{4}|\d{2})")
_SIX_DIGITS = re.compile(r"^(\d{4})(\d{2})$")
_LEADING_YEAR = re.compile(r"^\s*(\d{4})")


def year_from_label(label: str) -> int | None:
    """The calendar year in which the period a label names ends (see the module docstring)."""
    text = label.strip()
    six = _SIX_DIGITS.match(text)
    if six:
        first, last = int(six.group(1)), int(six.group(2))
        return _close_year(first, last)
    lead = _LEADING_YEAR.match(text)
    if not lead:
        return None
    first = int(lead.group(1))
    period = text[lead.end():].split("(", 1)[0]
    last = first
    for part in _YEAR_PART.findall(period):
        last = int(part) if len(part) == 4 else _close_year(last, int(part))
    return last


def _close_year(first: int, two_digits: int) -> int:
    """The first year on or after `first` whose last two digits are `two_digits`."""
    year = first - first % 100 + two_digits
    return year if year >= first else year + 100


# ------------------------------------------------------------------ rates


def rate_per_10k(count: float, population: float, places: int = 1) -> float:
    """count / population x 10,000, rounded half up to `places` decimals as DfE publishes."""
    if population <= 0:
        raise ValueError("population must be positive")
    exact = Decimal(repr(float(count))) * 10_000 / Decimal(repr(float(population)))
    step = Decimal(1).scaleb(-places)
    return float(exact.quantize(step, rounding=ROUND_HALF_UP))


def round_half_up(value: float, places: int = 1) -> float:
    """Round as DfE does (0.05 -> 0.1), on the decimal text of the float."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))
