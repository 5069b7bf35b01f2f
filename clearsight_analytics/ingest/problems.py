"""What every reader returns, and how it reports problems."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong, precise enough for a data officer to find and fix it."""

    file: str  # the file's name as uploaded
    part: str  # sheet ("List 3") or table ("episodes"), or "" for the whole file
    row: int | None  # row number as the officer sees it (header row counted); None: whole file
    column: str | None  # the header as written in the file; None: whole row or file
    value: str  # what was found (clipped), "" when nothing
    expected: str  # in plain English, what should be there

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.part, self.row, self.column)
                         if part not in (None, ""))
        found = f' (found "{self.value}")' if self.value else ""
        return f"{where}: {self.expected}{found}"


class Refused(Exception):
    """The file's structure is wrong, so no row could be read. Nothing may be written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class FileInfo:
    name: str
    sha256: str
    size_bytes: int

    @classmethod
    def of(cls, name: str, data: bytes) -> "FileInfo":
        return cls(name=name, sha256=hashlib.sha256(data).hexdigest(), size_bytes=len(data))


@dataclass
class Loaded:
    """The tables read from one return (one or several files), and the problems found."""

    source: str  # "annex_a", "ssda903" or "cin_census"
    files: list[FileInfo] = field(default_factory=list)
    tables: dict[str, Any] = field(default_factory=dict)  # name -> pyarrow.Table
    problems: list[Problem] = field(default_factory=list)
    period_start: date | None = None  # the period the data covers, when the return says
    period_end: date | None = None

    @property
    def acceptable(self) -> bool:
        """All or nothing: a return with any row-level problem is not loaded."""
        return not self.problems
