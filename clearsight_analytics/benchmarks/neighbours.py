"""DfE's children's services statistical-neighbour models.

Two models are in use: "2021" (the April 2021 LGR version, `sn_april_2021.xlsx`) and "2025"
(updated May 2025, `sn_may_2025.xlsx`, used by LAIT and DfE's dashboards from 2025). Ofsted may
still use the older one, so the product lets the user choose.

Both workbooks have one sheet: a few rows of column letters and numbers, then a header row with
"LA num", "LA Name", ..., "SN1", "SNP", "SN2", "SNP", ... "SN10", "SNP", then one row per
authority (old three-digit code) with its ten neighbours' codes in rank order, each followed by
DfE's closeness word ("Very close", "Extremely Close"...). The header row is found by its
"SN1".."SN10" cells, wherever it is in the first 20 rows; the closeness is the cell right after
each neighbour when that column is headed "SNP". Closeness words are kept as written apart from
their capitals ("Very Close" -> "Very close").

The workbooks also list authorities that no longer exist (Cumbria 909, Northamptonshire 928,
Bournemouth 837, Poole 836), and the 2021 model names some as neighbours: Herefordshire's tenth
2021 neighbour is Cumbria, which has no figures after 2023. They are kept: the comparison
counts how many neighbours have a number. The 2021 workbook gives Cumberland (942) and
Westmorland and Furness (943) no neighbours ("-" in every cell): they are kept with none. Rows
with no code (the "Old SNs:" title) are skipped; a row whose neighbour cells are not codes is
reported and skipped; a missing header refuses the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from clearsight_analytics.benchmarks.areas import find_header, workbook_rows
from clearsight_analytics.benchmarks.problems import Problems, refuse
from clearsight_analytics.benchmarks.values import la_code
from clearsight_analytics.ingest.problems import Problem

ModelName = Literal["2021", "2025"]
MODELS: Final[tuple[ModelName, ...]] = ("2021", "2025")
NEIGHBOURS: Final = 10


@dataclass(frozen=True)
class Neighbour:
    code: str  # old three-digit code
    rank: int  # 1 = closest
    closeness: str | None  # DfE's word, e.g. "Very close"


@dataclass(frozen=True)
class NeighbourModel:
    name: ModelName
    groups: Mapping[str, tuple[Neighbour, ...]]  # authority code -> its neighbours by rank
    names: Mapping[str, str] = field(default_factory=dict)  # code -> name in the workbook
    problems: tuple[Problem, ...] = ()

    def __contains__(self, code: object) -> bool:
        return code in self.groups

    def neighbours_of(self, code: str) -> tuple[Neighbour, ...]:
        """An authority's neighbours, closest first; KeyError if the model does not have it."""
        try:
            return self.groups[code]
        except KeyError:
            raise KeyError(f"authority {code} is not in the {self.name} statistical-neighbour "
                           "model") from None

    def codes_of(self, code: str) -> list[str]:
        return [neighbour.code for neighbour in self.neighbours_of(code)]


def read_neighbour_model(data: bytes, filename: str, model: ModelName) -> NeighbourModel:
    """One statistical-neighbour workbook; `Refused` if it is not one."""
    if model not in MODELS:
        raise ValueError(f"the model is one of {', '.join(MODELS)}, not {model!r}")
    rows = workbook_rows(data, filename, "a statistical-neighbour workbook (.xlsx)")
    wanted = [f"SN{rank}" for rank in range(1, NEIGHBOURS + 1)]
    header = find_header(rows, ["LA num", *wanted])
    if header is None:
        raise refuse(filename, 'a header row with "LA num" and "SN1" to "SN10" in the first '
                               "20 rows")
    start, columns = header
    header_row = rows[start]
    code_column = columns["la num"]
    name_column = columns.get("la name")
    problems = Problems(filename)
    groups: dict[str, tuple[Neighbour, ...]] = {}
    names: dict[str, str] = {}
    for index, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(cell not in ("", None) for cell in row):
            continue
        given = row[code_column] if code_column < len(row) else None
        if given in ("", None):
            continue  # a section title such as "Old SNs:"
        code = la_code(given)
        if code is None:
            problems.add(index, "LA num", given, "a three-digit local-authority code")
            continue
        cells = [row[columns[title.lower()]] if columns[title.lower()] < len(row) else None
                 for title in wanted]
        if all(str(cell or "").strip() in ("", "-") for cell in cells):
            groups.setdefault(code, ())  # DfE gives this authority no neighbours in the model
            _name(names, code, row, name_column)
            continue
        members: list[Neighbour] = []
        for rank, (title, cell) in enumerate(zip(wanted, cells, strict=True), start=1):
            column = columns[title.lower()]
            neighbour = la_code(cell)
            if neighbour is None:
                problems.add(index, title, cell, "a three-digit local-authority code")
                break
            members.append(Neighbour(neighbour, rank, _closeness(row, header_row, column)))
        if len(members) != NEIGHBOURS:
            continue
        if code in groups:
            problems.add(index, "LA num", code, "one row per authority; the first is used")
            continue
        groups[code] = tuple(members)
        _name(names, code, row, name_column)
    if not groups:
        raise refuse(filename, "at least one authority row with ten neighbours")
    return NeighbourModel(model, groups, names, tuple(problems.result()))


def _name(names: dict[str, str], code: str, row: list[object], column: int | None) -> None:
    if column is not None and column < len(row) and row[column]:
        names.setdefault(code, str(row[column]).strip())


def _closeness(row: list[object], header: list[object], column: int) -> str | None:
    after = column + 1
    if after >= len(row) or after >= len(header):
        return None
    if str(header[after]).strip().upper() != "SNP":
        return None
    word = str(row[after] or "").strip()
    return word[:1].upper() + word[1:].lower() if word else None
