"""Problem collection shared by the benchmark readers (the ingest contract's `Problem`)."""

from __future__ import annotations

from typing import Final

from clearsight_analytics.ingest.problems import Problem, Refused

MAX_PROBLEMS: Final = 1_000
MAX_BYTES: Final = 200 * 1024 * 1024
CLIP: Final = 80


def clip(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= CLIP else text[:CLIP] + "..."


def refuse(filename: str, expected: str, value: object = "", *, part: str = "",
           row: int | None = None, column: str | None = None) -> Refused:
    return Refused([Problem(filename, part, row, column, clip(value), expected)])


def check_size(data: bytes, filename: str, kind: str) -> None:
    """Refuse an empty or oversized file before any parsing."""
    if not data:
        raise refuse(filename, f"{kind} (this file is empty)")
    if len(data) > MAX_BYTES:
        raise refuse(filename, f"a file of at most {MAX_BYTES // 2**20} MB")


class Problems:
    """Row problems for one file; at most MAX_PROBLEMS are kept, the rest counted."""

    def __init__(self, filename: str, part: str = "") -> None:
        self.filename = filename
        self.part = part
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, row: int | None, column: str | None, value: object, expected: str) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        self.items.append(Problem(self.filename, self.part, row, column, clip(value), expected))

    def result(self) -> list[Problem]:
        if not self.dropped:
            return list(self.items)
        return [*self.items, Problem(self.filename, self.part, None, None, "",
                                     f"{self.dropped:,} more problems not listed")]
