"""The indicator catalogue: every indicator Clearsight computes, declared once.

One module per domain of data-standards.md section 4. Each defines `INDICATORS`, a tuple of
`Indicator` (definition.py). `CATALOGUE` is all of them in catalogue order; codes are unique.
"""

from clearsight_analytics.indicators.catalogue import (
    care_leavers,
    front_door,
    looked_after,
    need_and_protection,
    permanence,
)
from clearsight_analytics.indicators.definition import Indicator

CATALOGUE: tuple[Indicator, ...] = (
    *front_door.INDICATORS,
    *need_and_protection.INDICATORS,
    *looked_after.INDICATORS,
    *permanence.INDICATORS,
    *care_leavers.INDICATORS,
)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in CATALOGUE}
if len(BY_CODE) != len(CATALOGUE):  # pragma: no cover - caught by the tests at once
    raise RuntimeError("two indicators share a code")

__all__ = ["BY_CODE", "CATALOGUE"]
