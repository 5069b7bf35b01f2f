"""A governance pack as documents: Word, tagged PDF and Excel, all from the pack's stored
content (selectors.pack_content), so every format gives the same figures.

- Word: python-docx with `core.documents.docx_table`.
- PDF: the print template `governance/print/pack.html` (extending core/print/base.html) through
  `core.documents.html_to_pdf` (PDF/UA-1, tagged); the KPI charts are inline SVG.
- Excel: xlsxwriter, one sheet per section with real charts over the numbers. Numbers are
  written as numbers, "fewer than 5" and "withheld" as text, and every text a person typed
  (plan names, recommendation and action text, owners) through `safe_cell` and `write_string`,
  so no cell is ever a formula that came from a user.
"""

import io
from typing import Any

from django.template.loader import render_to_string

from clearsight.core.documents import docx_bytes, docx_table, html_to_pdf, safe_cell


def figure_text(value: Any) -> str:
    """A figure as text: a percentage for a rate (a float), thousands separators for a count."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:.1f}%"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def sections(content: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The pack's tables: (title, header, rows), in the order every format shows them."""
    found: list[tuple[str, list[str], list[list[Any]]]] = []
    if content["kpis"]:
        found.append(("Key performance indicators",
                      ["Indicator", "Period", "Value", "Previous", "England",
                       "Statistical neighbours", "Signal"],
                      [[f"{row['code']} {row['title']}", row["period"], row["value"],
                        row["previous"], row["england"], row["neighbours"], row["signal"]]
                       for row in content["kpis"]]))
    audits = content["audits"]
    found.append(("Audit activity", ["Measure", "Count", "Per cent of completed"], [
        ["Audits completed", audits["completed"], None],
        ["Completed by the deadline", audits["on_time"], audits["on_time_rate"]],
        ["Moderated", audits["moderated"], audits["moderation_rate"]],
        ["Escalated as inadequate", audits["escalated"], None],
    ]))
    found.append(("Audit grades", ["Final grade", "Audits", "Per cent of completed"],
                  [[row["label"], row["count"], row["percent"]] for row in audits["grades"]]))
    feedback = content["feedback"]
    found.append(("Feedback response rates",
                  ["Survey point", "Invited", "Answered by link", "Response rate",
                   "By phone"],
                  [[row["label"], row["invited"], row["answered"], row["rate"], row["phone"]]
                   for row in feedback["rates"]]))
    found.append(("Feedback headline questions",
                  ["Question", "Answered", "Positive", "Per cent positive"],
                  [[row["label"], row["answered"], row["positive"], row["percent"]]
                   for row in feedback["headlines"]]))
    complaints = content["complaints"]
    found.append(("Complaints", ["Measure", "Count", "Per cent of responses"], [
        ["Complaints received", complaints["received"], None],
        ["Stage 1 responses sent", complaints["responded"], None],
        ["Responded to in time", complaints["in_time"], complaints["in_time_rate"]],
        ["Upheld or partly upheld", complaints["upheld"], complaints["upheld_rate"]],
        ["Stage 2 investigations requested", complaints["stage2"], None],
        ["Stage 3 review panels requested", complaints["stage3"], None],
    ]))
    for plan in content["plans"]:
        status_labels = list(plan["recommendations"][0]["status"]) if plan["recommendations"] \
            else []
        rag_labels = list(plan["recommendations"][0]["rag"]) if plan["recommendations"] else []
        found.append((f"Plan progress: {plan['name']}",
                      ["Recommendation", "Actions", *status_labels, *rag_labels, "Not rated",
                       "Overdue", "Overall"],
                      [[f"{r['number']}. {r['title']}", r["actions"],
                        *[r["status"][label] for label in status_labels],
                        *[r["rag"][label] for label in rag_labels],
                        r["unrated"], r["overdue"], r["overall"]]
                       for r in plan["recommendations"]]))
        found.append((f"Measures of success: {plan['name']}",
                      ["Recommendation", "Kind", "Measure", "Latest", "Period",
                       "Change or signal", "Source"],
                      [[str(r["number"]), m["kind"], m["measure"], m["figure"], m["period"],
                        m["change"], m["source"]]
                       for r in plan["recommendations"] for m in r.get("measures", [])]))
        found.append((f"Actions: {plan['name']}",
                      ["Action", "What", "Owner", "Due", "Status", "RAG", "Overdue"],
                      [[action["reference"], action["text"], action["owner"], action["due"],
                        action["status"], action["rag"], "Overdue" if action["overdue"] else ""]
                       for r in plan["recommendations"] for action in r["action_rows"]]))
    return found


def _intro(content: dict[str, Any]) -> list[str]:
    lines = [f"{content['authority']}. Period: {content['period']}.",
             f"Made on {content['made_on']}. Data version: {content.get('data_version', '')}."]
    if content.get("kpi_data_to"):
        lines.append(f"Performance data up to {content['kpi_data_to']}.")
    lines.append(content["rule"])
    return lines


# ------------------------------------------------------------------ Word


def pack_docx(content: dict[str, Any]) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = content["title"]
    document.core_properties.language = "en-GB"
    document.add_heading(content["title"], level=1)
    for line in _intro(content):
        document.add_paragraph(line)
    for title, header, rows in sections(content):
        document.add_heading(title, level=2)
        docx_table(document, header, [[figure_text(value) for value in row] for row in rows])
    return docx_bytes(document)


# ------------------------------------------------------------------ PDF


def pack_html(content: dict[str, Any]) -> str:
    return render_to_string("governance/print/pack.html", {
        "content": content, "intro": _intro(content), "sections": sections(content)})


def pack_pdf(content: dict[str, Any]) -> bytes:
    return html_to_pdf(pack_html(content))


# ------------------------------------------------------------------ Excel


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28].strip() or "Sheet"
    base, number = name, 2
    while name.lower() in used:
        name = f"{base[:25]} {number}"
        number += 1
    used.add(name.lower())
    return name


def pack_xlsx(content: dict[str, Any]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    percent = book.add_format({"num_format": "0.0%"})
    used: set[str] = set()

    def write(sheet: Any, row: int, column: int, value: Any) -> None:
        if isinstance(value, bool):
            sheet.write_string(row, column, "Yes" if value else "No")
        elif isinstance(value, float):
            sheet.write_number(row, column, value / 100, percent)
        elif isinstance(value, int):
            sheet.write_number(row, column, value)
        elif value is None:
            sheet.write_blank(row, column, None)
        else:
            sheet.write_string(row, column, str(safe_cell(str(value))), wrap)

    contents = book.add_worksheet(_sheet_name("About this pack", used))
    contents.set_column(0, 0, 110)
    contents.write_string(0, 0, str(safe_cell(content["title"])), bold)
    for index, line in enumerate(_intro(content), start=1):
        contents.write_string(index, 0, str(safe_cell(line)), wrap)

    for title, header, rows in sections(content):
        sheet = book.add_worksheet(_sheet_name(title, used))
        sheet.set_column(0, 0, 50)
        sheet.set_column(1, len(header), 16)
        sheet.write_string(0, 0, str(safe_cell(title)), bold)
        for column, text in enumerate(header):
            sheet.write_string(2, column, text, bold)
        for offset, values in enumerate(rows):
            for column, value in enumerate(values):
                write(sheet, 3 + offset, column, value)
        _chart(book, sheet, title, header, rows, content)
    book.close()
    return out.getvalue()


def _numeric_column(rows: list[list[Any]], column: int) -> bool:
    return any(isinstance(row[column], int | float) and not isinstance(row[column], bool)
               for row in rows)


def _chart(book: Any, sheet: Any, title: str, header: list[str], rows: list[list[Any]],
           content: dict[str, Any]) -> None:
    """A chart over the section's numbers (cells that say "fewer than 5" or "withheld" are text,
    so the chart leaves them out)."""
    name = sheet.get_name()
    first, last = 3, 3 + len(rows) - 1
    if not rows:
        return
    anchor = f"A{last + 3}"
    if title == "Key performance indicators":
        _kpi_charts(book, sheet, content["kpis"], first_row=last + 3)
        return
    if title.startswith("Actions:"):
        return
    if title.startswith("Plan progress:"):
        chart = book.add_chart({"type": "bar", "subtype": "stacked"})
        rag_start = header.index("Red") if "Red" in header else None
        if rag_start is None:
            return
        for column in range(rag_start, rag_start + 4):
            chart.add_series({"name": [name, 2, column],
                              "categories": [name, first, 0, last, 0],
                              "values": [name, first, column, last, column]})
        chart.set_title({"name": "Actions by RAG rating"})
    else:
        found = next((c for c in range(len(header) - 1, 0, -1)
                      if _numeric_column(rows, c)), None)
        if found is None:
            return
        chart = book.add_chart({"type": "column"})
        chart.add_series({"name": [name, 2, found], "categories": [name, first, 0, last, 0],
                          "values": [name, first, found, last, found]})
        chart.set_title({"name": f"{title}: {header[found].lower()}"})
        chart.set_legend({"none": True})
    chart.set_size({"width": 720, "height": 320})
    sheet.insert_chart(anchor, chart)


def _kpi_charts(book: Any, sheet: Any, kpis: list[dict[str, Any]], first_row: int) -> None:
    """Each KPI's trend (values built on 1 to 4 children left blank) and a line chart of it."""
    name = sheet.get_name()
    row = first_row
    sheet.write_string(row, 0, "Trends (latest last; blank where a value is withheld)")
    row += 1
    for kpi in kpis:
        trend = kpi["trend"]
        if sum(value is not None for value in trend) < 2:
            continue
        sheet.write_string(row, 0, f"{kpi['code']} {kpi['title']}")
        for column, value in enumerate(trend, start=1):
            if value is None:
                sheet.write_blank(row, column, None)
            else:
                sheet.write_number(row, column, value)
        chart = book.add_chart({"type": "line"})
        chart.add_series({"name": [name, row, 0],
                          "values": [name, row, 1, row, len(trend)]})
        chart.set_title({"name": f"{kpi['code']}: trend"})
        chart.set_legend({"none": True})
        chart.set_size({"width": 480, "height": 220})
        sheet.insert_chart(row, 9, chart)
        row += 12
