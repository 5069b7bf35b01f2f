"""Building blocks for downloadable documents, shared by every app that offers one.

- Word: `docx_table` adds a plain grid table with a header row; `docx_bytes` saves a document.
- PDF: `html_to_pdf` turns a self-contained HTML page (usually one extending
  `core/print/base.html`) into a tagged PDF (PDF/UA-1: structure tree, language, title), which
  screen readers can follow. WeasyPrint needs Pango from the operating system.
- Excel: `safe_cell` keeps text typed by users from being read as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def docx_table(document: Any, header: list[str], rows: Iterable[Iterable[object]]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = "" if value is None else str(value)
    return table


def docx_bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1) of `html`. The page should set `lang` and a `<title>`."""
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def safe_cell(value: object) -> object:
    """Text from users goes into spreadsheets as text, never as a formula: a leading character
    that Excel would read as the start of one is escaped with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
