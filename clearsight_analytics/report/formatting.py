"""How the report writes figures for people, and which small numbers `--suppress` hides.

Suppression (for sharing with boards), decided once here and applied when the report is
built, so no writer can show what was hidden:

- A count from 1 to 4 is shown as "fewer than 5"; zero is shown (it identifies no one).
- Percentages: when the denominator is 1 to 4, the numerator, denominator and value are all
  hidden; when only the numerator is, the numerator and the value are.
- Rates and counts: a numerator of 1 to 4 hides the numerator and the value (a rate and the
  population give the count back). The population is never hidden.
- Averages and medians: when fewer than 5 units were measured, the total, the number measured
  and the value are all hidden (the total of one child's days is that child's days).
- There is no secondary suppression: a hidden group can sometimes be worked out from the total
  and the other groups. `--suppress` is a safeguard for routine sharing, not a statistical
  disclosure control review.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Final

from clearsight_analytics.charts import Unit, ValueFormat
from clearsight_analytics.indicators import Indicator, Kind

FEWER_THAN_5: Final = "fewer than 5"
VALUE_HIDDEN: Final = "Not shown (fewer than 5)"
NO_VALUE: Final = "No value"
SMALL_LIMIT: Final = 5

HIDE_VALUE: Final = "value"
HIDE_NUMERATOR: Final = "numerator"
HIDE_DENOMINATOR: Final = "denominator"


def is_small(number: float | None) -> bool:
    return number is not None and 0 < number < SMALL_LIMIT


def hidden_fields(kind: Kind, numerator: float | None, denominator: float | None
                  ) -> frozenset[str]:
    """Which of a value row's figures `--suppress` hides (see the module docstring)."""
    everything = frozenset({HIDE_VALUE, HIDE_NUMERATOR, HIDE_DENOMINATOR})
    if kind == Kind.PERCENT:
        if is_small(denominator):
            return everything
        if is_small(numerator):
            return frozenset({HIDE_VALUE, HIDE_NUMERATOR})
    elif kind in (Kind.MEAN, Kind.MEDIAN):
        if is_small(denominator):
            return everything
    elif is_small(numerator):  # rates and counts
        return frozenset({HIDE_VALUE, HIDE_NUMERATOR})
    return frozenset()


def value_format(indicator: Indicator) -> ValueFormat:
    """The charts' format for an indicator's values."""
    unit = {Kind.PERCENT: Unit.PERCENT, Kind.RATE: Unit.RATE}.get(indicator.kind, Unit.NUMBER)
    return ValueFormat(unit=unit, decimals=indicator.decimals)


def value_text(indicator: Indicator, value: float | None) -> str:
    """"62.3%", "412.3", "1,204"; "No value" when there is none."""
    if value is None or not math.isfinite(value):
        return NO_VALUE
    if indicator.kind == Kind.COUNT:
        return f"{value:,.0f}"
    text = f"{value:,.{indicator.decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]
    return text + "%" if indicator.kind == Kind.PERCENT else text


def count_text(number: float | None) -> str:
    """A numerator or denominator: whole numbers without decimals, others to one place."""
    if number is None or not math.isfinite(number):
        return ""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.1f}"


def unit_words(indicator: Indicator) -> str:
    """What the value is, for table headings."""
    return {Kind.PERCENT: "Percentage", Kind.RATE: "Rate per 10,000 children",
            Kind.MEAN: "Average", Kind.MEDIAN: "Median", Kind.COUNT: "Number"}[indicator.kind]


# Characters that could hide or rearrange text in a terminal or a page: C0 and C1 controls,
# format characters (bidirectional overrides, zero-width joiners) and line separators.
_UNSAFE_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp"})


def escape_controls(text: str) -> str:
    """Control and invisible formatting characters written as \\xNN or \\uNNNN, so a problem
    line shows exactly what is in the file and cannot rewrite the terminal."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if unicodedata.category(char) not in _UNSAFE_CATEGORIES:
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return "".join(out)


_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text with the characters a web page or a workbook cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)
