"""Agreement between two raters on an ordered scale: weighted Cohen's kappa.

Audit grades are ordered (Outstanding, Good, Requires improvement, Inadequate), so a
disagreement of one step matters less than one of three. Weighted kappa counts each pair of
grades with a disagreement weight: linear (|i - j| / (k - 1)) or quadratic (its square).

    kappa = 1 - (sum of weight x observed share) / (sum of weight x share expected by chance)

1 is perfect agreement, 0 is no better than chance, below 0 worse than chance. It is undefined
(None here) when there are no pairs, or when chance alone would give no disagreement at all
(both raters always give the same single grade).
"""

from collections.abc import Iterable, Sequence
from typing import Final, Literal

GRADES: Final = ("outstanding", "good", "requires_improvement", "inadequate")

Weighting = Literal["linear", "quadratic"]


def weighted_kappa(pairs: Iterable[tuple[str, str]], *, categories: Sequence[str] = GRADES,
                   weighting: Weighting = "linear") -> float | None:
    """Weighted kappa of (first rater, second rater) pairs; pairs with a grade outside
    `categories` (for example a blank) are left out."""
    counts: dict[tuple[str, str], int] = {}
    for first, second in pairs:
        counts[(first, second)] = counts.get((first, second), 0) + 1
    return weighted_kappa_from_counts(counts, categories=categories, weighting=weighting)


def weighted_kappa_from_counts(counts: dict[tuple[str, str], int], *,
                               categories: Sequence[str] = GRADES,
                               weighting: Weighting = "linear") -> float | None:
    """The same, from a table of counts: (first grade, second grade) -> number of pairs."""
    if weighting not in ("linear", "quadratic"):
        raise ValueError(f"unknown weighting {weighting!r}")
    k = len(categories)
    if k < 2:
        raise ValueError("kappa needs at least two categories")
    index = {category: i for i, category in enumerate(categories)}
    table = [[0] * k for _ in range(k)]
    total = 0
    for (first, second), n in counts.items():
        if n < 0:
            raise ValueError("a count cannot be negative")
        if first in index and second in index:
            table[index[first]][index[second]] += n
            total += n
    if total == 0:
        return None
    rows = [sum(row) for row in table]
    columns = [sum(table[i][j] for i in range(k)) for j in range(k)]

    def weight(i: int, j: int) -> float:
        distance = abs(i - j) / (k - 1)
        return distance if weighting == "linear" else distance * distance

    observed = sum(weight(i, j) * table[i][j] for i in range(k) for j in range(k)) / total
    expected = sum(weight(i, j) * rows[i] * columns[j]
                   for i in range(k) for j in range(k)) / (total * total)
    if expected == 0:
        return None
    return 1 - observed / expected
