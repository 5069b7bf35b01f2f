"""Reporting periods. DfE collection years run 1 April to 31 March."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, order=True)
class CollectionYear:
    """The year ending 31 March `end_year`, written as DfE does: 2025-26 ends 31 March 2026."""

    end_year: int

    @property
    def start(self) -> date:
        return date(self.end_year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.end_year, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.end_year - 1}-{self.end_year % 100:02d}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def collection_year_containing(day: date) -> CollectionYear:
    return CollectionYear(day.year + 1 if day.month >= 4 else day.year)
