"""The LADO annual report as a Word document (python-docx), for the same readers as the page.

Headings are real Word headings and tables have header rows, so screen readers can navigate
the document. It names adults (repeat subjects) but no child.
"""

from docx import Document
from docx.document import Document as WordDocument
from docx.shared import Pt

from clearsight.core.documents import docx_bytes
from clearsight.lado.selectors import Overview


def _table(document: WordDocument, caption: str, header: tuple[str, str],
           rows: list[tuple[str, int]]) -> None:
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=2)
    table.style = "Light List"
    cells = table.rows[0].cells
    cells[0].text, cells[1].text = header
    for label, count in rows or [("None in this year", 0)]:
        row = table.add_row().cells
        row[0].text = str(label)
        row[1].text = str(count)


def annual_report_docx(*, overview: Overview, authority: str, senior_manager: str) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(12)
    years = f"{overview.year_start.year} to {overview.year_end.year}"
    document.core_properties.title = f"LADO annual report {years}"
    document.core_properties.author = authority
    document.add_heading(f"LADO annual report {years}", level=0)
    document.add_heading("Summary", level=1)
    in_time = (f" {round(100 * overview.considered_in_time / overview.considered)}% of those "
               f"considered ({overview.considered_in_time} of {overview.considered}) had their "
               "initial consideration within one working day." if overview.considered else "")
    document.add_paragraph(
        f"From {overview.year_start:%d %B %Y} to {overview.year_end:%d %B %Y} the LADO service "
        f"of {authority} received {overview.referrals} referrals and gave advice on "
        f"{overview.consultations} consultations.{in_time}")
    document.add_paragraph(
        f"The police were involved in {overview.police}; {overview.suspended} people were "
        f"suspended, {overview.dbs} referred to the Disclosure and Barring Service and "
        f"{overview.regulator} to a professional regulator.")
    if senior_manager:
        document.add_paragraph(f"Management oversight: {senior_manager}.")
    document.add_heading("Where allegations came from", level=1)
    _table(document, "Referrals and consultations by sector", ("Sector", "Number"),
           overview.by_sector)
    document.add_heading("What was alleged and what was found", level=1)
    _table(document, "Allegations by category", ("Category", "Allegations"),
           overview.by_category)
    _table(document, "Allegations by outcome, where the threshold was met",
           ("Outcome", "Allegations"), overview.by_outcome)
    document.add_heading("Timeliness", level=1)
    _table(document, "Time from receipt to resolution, where the threshold was met",
           ("Resolved", "Referrals"), overview.timeliness)
    document.add_heading("Patterns to act on", level=1)
    _table(document, "Employers with more than one referral", ("Employer", "Referrals"),
           overview.by_employer)
    _table(document, "People referred more than once", ("Person", "Referrals"),
           overview.repeat_subjects)
    document.add_paragraph("This report names adults but no child. Share it only with those "
                           "entitled to see LADO information.")
    return docx_bytes(document)
