"""Small-number suppression for aggregates shown to boards and the public.

Counts below the threshold, and rates built on them, are shown as DfE's "c" so that no child
can be recognised from a table. The threshold follows the common DfE practice of hiding counts
from 1 to 4 (zero is not disclosive and is shown).
"""

from typing import Final

SUPPRESSED: Final = "c"
DEFAULT_MINIMUM: Final = 5


def suppress_small(count: int, *, minimum: int = DEFAULT_MINIMUM) -> int | str:
    if count < 0:
        raise ValueError("a count cannot be negative")
    if 0 < count < minimum:
        return SUPPRESSED
    return count
