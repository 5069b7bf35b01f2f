"""The quarterly feedback report as a Word document, built in code with python-docx from the
same `QuarterReport` the page shows (selectors.quarterly_report), so the two always agree."""

from docx import Document

from clearsight.core.documents import docx_bytes, docx_table
from clearsight.feedback.selectors import QuarterReport

SUPPRESSION_NOTE = ('Counts from 1 to 4 are shown as "c" so that nobody can be recognised, and '
                    "so are percentages and averages built on them.")


def report_docx(report: QuarterReport, authority: str) -> bytes:
    document = Document()
    document.core_properties.title = f"Feedback from children and families: {report.label}"
    document.add_heading(f"{authority}: feedback from children and families", level=1)
    document.add_paragraph(f"Quarterly report for {report.label} "
                           f"({report.start:%-d %B %Y} to {report.end:%-d %B %Y}).")
    document.add_paragraph(SUPPRESSION_NOTE)

    document.add_heading("Responses", level=2)
    document.add_paragraph(f"Responses received in the quarter: {report.responses_total} "
                           f"({report.responses_link} by link or code, "
                           f"{report.responses_phone} by phone).")
    docx_table(document, ["Survey point", "Invited by link", "Answered by link", "Link rate",
                      "Families at this point", "Answered by phone", "Phone reach"],
           [(row.label, row.invited, row.by_link, row.link_rate,
             "Not known" if row.eligible is None else row.eligible, row.by_phone,
             "Not known" if row.phone_rate is None else row.phone_rate)
            for row in report.rates])

    document.add_heading("What families told us", level=2)
    document.add_paragraph(f"The share of people answering each question who gave a positive "
                           f"answer, and the change from {report.previous_label} in percentage "
                           f"points.")
    docx_table(document, ["Question", "Answered", "Positive", "Positive (%)",
                      "Previous quarter (%)", "Change"],
           [(h.label, h.answered, h.positive, h.percent, h.previous_percent, h.change)
            for h in report.headlines])

    document.add_heading("Early help: how things changed", level=2)
    document.add_paragraph(
        f"Families who scored how things were going at the start and at the end of early help, "
        f"with the end score given in the quarter: {report.early_help_pairs}. Average change on "
        f"the 1 to 10 scale: {report.early_help_average}.")

    document.add_heading("Themes", level=2)
    if report.themes:
        docx_table(document, ["Theme", "Responses"],
               [(row.label, row.count) for row in report.themes])
    else:
        document.add_paragraph("No responses were given a theme in the quarter.")

    document.add_heading("Safety alerts", level=2)
    document.add_paragraph(f"Safety alerts raised in the quarter: {report.alerts_raised}. "
                           f"Of these, dealt with: {report.alerts_dealt_with}.")

    document.add_heading("You said, we did", level=2)
    if report.actions:
        docx_table(document, ["You said", "We did", "Theme", "Done on"],
               [(a.you_said, a.we_did, a.theme.name if a.theme else "",
                 f"{a.done_on:%-d %B %Y}") for a in report.actions])
    else:
        document.add_paragraph("Nothing was added to the log in the quarter.")
    return docx_bytes(document)
